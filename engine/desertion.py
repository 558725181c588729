"""Desertion: troops of doubtful loyalty melt away once the enemy is upon them.

The Manchukuo army (170,000-220,000 men in 1945) and the Inner Mongolian army were held to be
unreliable and mostly deserted rather than fought or surrendered. A unit type's ``desertion``
is the share of a unit's men that go home each day it begins its side's part of the day next
to enemy troops. Deserters are booked apart from the killed, wounded and captured; the guns and
tanks they leave behind are lost in the same share.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .hexes import neighbours

if TYPE_CHECKING:
    from .state import GameState


def desertion_phase(state: GameState, side: str) -> None:
    """Units of ``side`` with a desertion share lose it if enemy troops stand next to them."""
    types = state.scenario.rules.unit_types
    enemy = {u.hex for u in state.units.values() if u.side != side}
    for uid in sorted(state.units):
        u = state.units[uid]
        share = types[u.type].desertion
        if u.side != side or share <= 0 or not any(n in enemy for n in neighbours(u.hex)):
            continue
        # rounded up, so the last handful of a dwindling unit goes home too
        gone = {"men": math.ceil(u.men * share - 1e-9), "tanks": int(u.tanks * share + 0.5),
                "guns": int(u.guns * share + 0.5)}
        if not any(gone.values()):
            continue
        u.men -= gone["men"]
        u.tanks -= gone["tanks"]
        u.guns -= gone["guns"]
        losses = state.losses[side]
        losses["deserted"] += gone["men"]
        losses["tanks"] += gone["tanks"]
        losses["guns"] += gone["guns"]
        if not u.alive:
            state.eliminate(uid, "deserted")
            state.log_event("desertion", f"{u.name} has melted away: its last men desert", side, unit=uid)
        else:
            state.log_event("desertion", f"{gone['men']:,} men of {u.name} desert", side, unit=uid,
                            men=gone["men"])
