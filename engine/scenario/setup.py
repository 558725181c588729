"""Starting a game from a loaded scenario: its units made from their entries, the first turn begun."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..state import GameState, new_losses
from ..units import Unit
from .model import Scenario


def make_unit(scn: Scenario, entry: Any) -> Unit:
    """A :class:`Unit` from a checked unit entry (places resolved, fuel defaulted)."""
    ut = scn.rules.unit_types[entry["type"]]
    if entry.get("at"):
        h = scn.map.places[entry["at"]].hex
    elif entry.get("lat") is not None:
        h = scn.map.projection.to_hex(entry["lat"], entry["lon"], scn.map.hex_km)
    else:
        h = tuple(entry["hex"])
    fuel = entry["fuel"] if entry.get("fuel") is not None else ut.fuel_capacity
    return Unit(id=entry["id"], name=entry["name"], side=entry["side"], type=entry["type"],
                formation=entry["formation"], hex=h, men=entry["men"], tanks=entry["tanks"],
                guns=entry["guns"], readiness=entry["readiness"], experience=entry["experience"],
                fuel=float(fuel), divisions=list(entry["divisions"]), source=entry["source"],
                entrenchment=entry.get("entrenchment") or 0, mp_left=ut.movement)


def new_game(scn: Scenario, seed: int = 0) -> GameState:
    """A fresh game on ``scn`` with the random generator seeded by ``seed``; turn 1 begins."""
    from ..turn import begin_turn

    state = GameState(
        scenario=scn, seed=int(seed), rng=np.random.Generator(np.random.PCG64(int(seed))), turn=1,
        date=scn.start_date, active=0, units={u.id: Unit.from_dict(u.to_dict()) for u in scn.initial_units},
        control=dict(scn.initial_control), losses={s: new_losses() for s in scn.side_order},
        used={}, vp_bonus={s: 0 for s in scn.side_order},
    )
    begin_turn(state)
    return state

