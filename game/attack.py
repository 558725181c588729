"""Attack planning for the UI: which units may join an attack and which hexes a group can hit.

An attack group is the selected unit plus the units the player adds (Shift+click or G). Its
possible targets are the enemy hexes the player sees that lie next to every unit of the group;
the engine's ``check`` has the last word on legality, so refusals read as everywhere else.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from engine.hexes import Hex, neighbours
from engine.orders import Attack, check

if TYPE_CHECKING:
    from engine.state import GameState


def can_attack(state: GameState, uid: str) -> bool:
    """Whether the unit belongs to the side to move and may still attack this turn."""
    u = state.units.get(uid)
    if u is None or u.side != state.side or state.over:
        return False
    ut = state.scenario.rules.unit_types[u.type]
    return not u.attacked and not u.rail_moved and u.mp_left > 0 and ut.attack > 0


def targets(state: GameState, group: list[str], shown: Iterable[Hex] | None = None) -> list[Hex]:
    """Enemy hexes next to every unit of ``group`` (limited to ``shown`` hexes under fog)."""
    units = [state.units[uid] for uid in group if uid in state.units]
    if not units or any(u.side != state.side for u in units):
        return []
    enemy = {u.hex for u in state.units.values() if u.side != state.side}
    if shown is not None:
        enemy &= set(shown)
    common = set(neighbours(units[0].hex))
    for u in units[1:]:
        common &= set(neighbours(u.hex))
    return sorted(common & enemy)


def why_not(state: GameState, target: Hex, group: list[str]) -> str | None:
    """The engine's reason an attack by ``group`` on ``target`` is illegal, or None."""
    return check(state, Attack(target, tuple(group)))


def joinable(state: GameState, target: Hex, uids: Iterable[str]) -> list[str]:
    """Of ``uids``, the units that could add themselves to an attack on ``target``."""
    return [uid for uid in uids if can_attack(state, uid) and why_not(state, target, [uid]) is None]
