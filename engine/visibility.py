"""Fog of war: which hexes, and so which enemy units, a side can see.

The rule (kept simple and documented for players):

* a side sees every map hex within ``recon`` hexes of each of its units (``recon`` is the unit
  type's field in the rules), counted in hex steps, with no line-of-sight blocking;
* every unit sees at least its neighbours (a ``recon`` of 0 counts as 1): units in contact
  always see each other, so an attack never targets an unseen hex;
* a side always sees the hexes its own units stand on, and all of its own units.

Enemy units on hexes the side does not see are hidden. Hex control, places, the terrain and
the message log are not hidden. Pure engine code: no pygame, no randomness, no state changes.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .hexes import Hex

if TYPE_CHECKING:
    from .state import GameState
    from .units import Unit


@lru_cache(maxsize=32)
def _disc(radius: int) -> tuple[Hex, ...]:
    """Axial offsets of every hex within ``radius`` steps of (0, 0)."""
    out = []
    for dq in range(-radius, radius + 1):
        for dr in range(max(-radius, -dq - radius), min(radius, -dq + radius) + 1):
            out.append((dq, dr))
    return tuple(out)


def sight_radius(state: GameState, unit: Unit) -> int:
    """How many hexes ``unit`` sees: its type's ``recon``, at least 1."""
    return max(1, int(state.scenario.rules.unit_types[unit.type].recon))


def seen_hexes(state: GameState, side: str) -> set[Hex]:
    """Map hexes ``side`` sees now (see the module docstring for the rule)."""
    g = state.scenario.graph
    seen: set[Hex] = set()
    done: set[tuple[Hex, int]] = set()  # a stack of units with the same sight adds nothing twice
    for u in state.units.values():
        if u.side != side:
            continue
        seen.add(u.hex)
        key = (u.hex, sight_radius(state, u))
        if key in done:
            continue
        done.add(key)
        q, r = u.hex
        seen.update(h for dq, dr in _disc(key[1]) if (h := (q + dq, r + dr)) in g)
    return seen


def visible_units(state: GameState, side: str) -> list[Unit]:
    """``side``'s own units and the enemy units on hexes it sees, in the state's order."""
    seen = seen_hexes(state, side)
    return [u for u in state.units.values() if u.side == side or u.hex in seen]


def hidden_units(state: GameState, side: str) -> set[str]:
    """Ids of the enemy units ``side`` does not see."""
    seen = seen_hexes(state, side)
    return {u.id for u in state.units.values() if u.side != side and u.hex not in seen}
