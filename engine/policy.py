"""The baseline computer policy: advance on objectives, attack at good odds, hold otherwise.

A deliberately simple opponent, playing only through the orders API. It is the yardstick the
real operational AI must beat. An attacking side (scenario ``ai.<side>.posture: attack``)
sends each unit toward the nearest objective it does not hold and attacks adjacent enemies
when the predicted chance of forcing them back is good; a defending side digs in and only
attacks at high odds.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .combat import predict
from .hexes import Hex, distance
from .movement import reachable
from .orders import Attack, DigIn, EndTurn, Move, execute

if TYPE_CHECKING:
    from .state import GameState


def _objectives(state: GameState, side: str) -> list[Hex]:
    scn = state.scenario
    ids = [o.place for o in scn.ai[side].objectives]
    ids += sorted((p.id for p in scn.map.places.values() if p.vp > 0 and p.id not in ids),
                  key=lambda pid: -scn.map.places[pid].vp)
    return [scn.map.places[i].hex for i in ids if state.control.get(scn.map.places[i].hex) != side]


def _attacks(state: GameState, side: str, min_odds: float, min_p: float) -> None:
    """Attack every adjacent enemy hex where the whole adjacent force has good odds."""
    enemy_hexes = sorted({u.hex for u in state.units.values() if u.side != side})
    for target in enemy_hexes:
        if state.over or not state.units_at(target) or state.units_at(target)[0].side == side:
            continue
        attackers = sorted(u.id for u in state.units.values()
                           if u.side == side and distance(u.hex, target) == 1 and not u.attacked
                           and not u.rail_moved and u.mp_left > 0
                           and state.scenario.rules.unit_types[u.type].attack > 0)
        if not attackers:
            continue
        pred = predict(state, target, attackers)
        if pred.odds >= min_odds and pred.p_at_least("retreat") >= min_p:
            execute(state, Attack(target, tuple(attackers)))


def baseline_orders(state: GameState) -> None:
    """Play the active side's whole part of the turn, ending with EndTurn."""
    side = state.side
    hints = state.scenario.ai[side]
    min_odds = float(hints.min_attack_odds) if hints.attacking else 3.0
    _attacks(state, side, min_odds, 0.5)
    goals = _objectives(state, side)
    types = state.scenario.rules.unit_types
    for uid in sorted(state.units):
        if state.over:
            break
        u = state.units.get(uid)
        if u is None or u.side != side or u.attacked or u.moved or types[u.type].static or types[u.type].depot:
            continue  # the simple policy leaves depots where they stand
        if not hints.attacking or not goals:
            execute(state, DigIn(uid))
            continue
        reach = reachable(state, uid)
        dests = reach.destinations()
        if not dests:
            continue
        goal = min(goals, key=lambda g: (distance(u.hex, g), g))
        best = min(dests, key=lambda h: (distance(h, goal), reach.cost[h], h))
        if distance(best, goal) < distance(u.hex, goal):
            execute(state, Move(uid, best))
    _attacks(state, side, min_odds, 0.5)
    if not state.over:
        execute(state, EndTurn())


def play_part(state: GameState, policy: Callable[[GameState], object] | None = None) -> None:
    """Let ``policy`` (default: baseline) play the active side's part of the turn, and end that
    part if the policy did not, so a computer player can never hang the game."""
    before = (state.turn, state.active)
    (policy or baseline_orders)(state)
    if (state.turn, state.active) == before and not state.over:
        execute(state, EndTurn())


def play_game(state: GameState, policies: dict | None = None, max_turns: int | None = None) -> GameState:
    """Play to the end (or ``max_turns``) with a policy per side (default: baseline)."""
    policies = policies or {}
    last = state.scenario.turns if max_turns is None else min(state.scenario.turns, max_turns)
    while not state.over and state.turn <= last:
        play_part(state, policies.get(state.side))
        if state.turn > last:
            break
    return state

