"""Computer-against-computer runs and the per-run report.

:func:`run_one` is a pure function of (scenario, seed, turns): it plays a whole game with the
policy and returns a plain dict. :func:`run_batch` maps it over seeds.
"""
from __future__ import annotations

from typing import Any

from .policy import baseline_orders, play_game
from .scenario import Scenario, new_game
from .victory import scores

POLICIES = ("ai", "baseline")


def policies_for(scn: Scenario, policy: str | dict[str, str] = "ai", difficulty: str = "normal") -> dict:
    """A policy function per side: ``policy`` is one name for both sides or a side -> name map."""
    from .ai import policy as ai_policy

    names = policy if isinstance(policy, dict) else {s: policy for s in scn.side_order}
    out = {}
    for side in scn.side_order:
        name = names.get(side, "ai")
        if name not in POLICIES:
            raise ValueError(f"unknown policy '{name}': one of {', '.join(POLICIES)}")
        out[side] = ai_policy(difficulty) if name == "ai" else baseline_orders
    return out


def run_one(scn: Scenario, seed: int, turns: int | None = None, policy: str | dict[str, str] = "ai",
            difficulty: str = "normal") -> dict[str, Any]:
    """Play one game and report seed, turns played, winner, captures, losses and the state hash."""
    state = play_game(new_game(scn, seed), policies_for(scn, policy, difficulty), max_turns=turns)
    return {
        "seed": seed,
        "turns_played": state.turn if state.over else state.turn - 1,
        "winner": state.winner,
        "end_reason": state.end_reason,
        "victory_points": scores(state),
        "captures": dict(sorted(state.captures.items())),
        "reached": dict(sorted(state.reached.items())),
        "losses": {s: dict(v) for s, v in state.losses.items()},
        "units_eliminated": {s: sum(1 for e in state.eliminated.values() if e["side"] == s)
                             for s in scn.side_order},
        "state_hash": state.state_hash(),
    }


def run_batch(scn: Scenario, seeds: list[int], turns: int | None = None, policy: str | dict[str, str] = "ai",
              difficulty: str = "normal") -> list[dict[str, Any]]:
    return [run_one(scn, s, turns, policy, difficulty) for s in seeds]


def totals(scn: Scenario) -> dict[str, Any]:
    """Men, tanks, guns and aircraft at the start, per side and per front."""
    from .units import front_of

    per_side: dict[str, dict[str, int]] = {}
    per_front: dict[str, dict[str, Any]] = {}

    def bucket(d: dict, key: str, **extra: Any) -> dict:
        return d.setdefault(key, {**extra, "units": 0, "men": 0, "tanks": 0, "guns": 0, "aircraft": 0})

    for s in scn.side_order:
        bucket(per_side, s)
    for u in scn.initial_units:
        front = front_of(scn.formations, u.formation)
        for b in (bucket(per_side, u.side),
                  bucket(per_front, front.id if front else "-", name=front.name if front else "unassigned",
                         side=u.side)):
            b["units"] += 1
            b["men"] += u.men
            b["tanks"] += u.tanks
            b["guns"] += u.guns
    for f in scn.formations.values():
        if f.aircraft:
            bucket(per_side, f.side)["aircraft"] += f.aircraft
            front = front_of(scn.formations, f.id)
            key = front.id if front else "-"
            bucket(per_front, key, name=front.name if front else "unassigned", side=f.side)["aircraft"] += f.aircraft
    return {"sides": per_side, "fronts": per_front}
