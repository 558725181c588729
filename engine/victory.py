"""Victory points and the victory check.

A side scores the victory points of every place it holds that it did not hold at the start,
plus each objective it holds at the end of its date (``by``; the last day when no date is
given, or when the game ends before the date), plus
points granted by events. The attacker wins at the end if it reaches ``points_to_win``;
otherwise the defender wins. A side with no units left loses at once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .state import GameState


def captured_points(state: GameState, side: str) -> int:
    scn = state.scenario
    return sum(p.vp for p in scn.map.places.values()
               if state.control.get(p.hex) == side and scn.initial_control.get(p.hex) != side)


def record_objectives(state: GameState, final: bool = False) -> None:
    """At the end of a day, note each objective whose date it is (undated ones on the last day)."""
    for i, o in enumerate(state.scenario.victory["objectives"]):
        due = o["by"] == state.date or (final and o["by"] is None) or (final and o["by"] > state.date)
        if due and str(i) not in state.met:
            place = state.scenario.map.places[o["place"]]
            state.met[str(i)] = state.control.get(place.hex) == o["side"]


def objective_points(state: GameState, side: str) -> int:
    """Points of the objectives ``side`` has met so far."""
    return sum(o["points"] for i, o in enumerate(state.scenario.victory["objectives"])
               if o["side"] == side and state.met.get(str(i)))


def score(state: GameState, side: str) -> int:
    return captured_points(state, side) + objective_points(state, side) + state.vp_bonus.get(side, 0)


def scores(state: GameState) -> dict[str, int]:
    return {s: score(state, s) for s in state.scenario.side_order}


def check_sudden_death(state: GameState) -> None:
    """End the game if a side has no units left (unless the scenario plays on to the last turn)."""
    if state.over or not state.scenario.victory.get("sudden_death", True):
        return
    alive = {s: any(u.side == s for u in state.units.values()) for s in state.scenario.side_order}
    losers = [s for s, a in alive.items() if not a]
    if len(losers) == 1:
        state.over = True
        state.winner = [s for s in alive if s != losers[0]][0]
        state.end_reason = f"{state.scenario.sides[losers[0]]['name']} has no units left"


def final_result(state: GameState) -> None:
    """Decide the winner when the last turn is over."""
    v = state.scenario.victory
    attacker = v["attacker"]
    defender = [s for s in state.scenario.side_order if s != attacker][0]
    record_objectives(state, final=True)
    state.over = True
    pts = score(state, attacker)
    if pts >= v["points_to_win"]:
        state.winner = attacker
        state.end_reason = f"{state.scenario.sides[attacker]['name']} scored {pts} of {v['points_to_win']} points"
    else:
        state.winner = defender
        state.end_reason = (f"{state.scenario.sides[attacker]['name']} scored only {pts} of "
                            f"{v['points_to_win']} points")
