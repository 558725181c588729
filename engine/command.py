"""Standing orders: formations handed to the operational AI, and single units' go-to orders.

A player may put any formation (front, army, corps, group) under a subordinate commander played
by the computer, with an order the player chooses: a posture, the places it is sent to (none:
the scenario's plan, each unit along its axis) and how far beyond supply it may go. A single
unit may get a go-to order: it marches toward a hex day after day until it stands there. The
orders are part of the game state (:attr:`engine.state.GameState.standing`, keyed by formation
or unit id), so they are saved and replayed like everything else; they are given, taken back
and carried out through orders (``Command``, ``GoTo``, ``Release``, ``CarryOut`` in
:mod:`engine.orders`). How a delegated formation picks its moves is in :mod:`engine.ai.delegate`.

A unit obeys the nearest standing order up its chain of command: its own go-to order, else its
army's, else its front's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .hexes import Hex
from .units import chain

if TYPE_CHECKING:
    from .scenario import Scenario
    from .state import GameState
    from .units import Unit

POSTURES = ("attack", "advance", "hold", "screen", "fall_back")
GOTO = "goto"
POSTURE_TEXT = {"attack": "attack", "advance": "advance", "hold": "hold", "screen": "screen",
                "fall_back": "fall back", GOTO: "go to"}
MAX_BEYOND_SUPPLY = 20  # hexes; None means no limit


@dataclass(frozen=True)
class Standing:
    """One standing order: a formation's posture, places and supply leash, or a unit's go-to hex."""

    posture: str
    places: tuple[str, ...] = ()
    beyond_supply: int | None = None  # hexes beyond the last supplied hex it may end a move in
    to: Hex | None = None             # the go-to order's hex

    def to_dict(self) -> dict[str, Any]:
        if self.posture == GOTO:
            return {"posture": GOTO, "to": list(self.to or ())}
        return {"posture": self.posture, "places": list(self.places), "beyond_supply": self.beyond_supply}


def standing_from_plain(d: Any, scenario: Scenario) -> dict[str, Standing]:
    """Standing orders saved by :meth:`Standing.to_dict`, checked; raises ValueError naming the fault."""
    if not isinstance(d, dict):
        raise ValueError("standing orders must be a mapping of formation or unit id to order")
    out: dict[str, Standing] = {}
    for key, o in sorted(d.items()):
        if not isinstance(o, dict):
            raise ValueError(f"standing order for '{key}' is not a mapping")
        posture = o.get("posture")
        if posture == GOTO:
            to = o.get("to")
            if not (isinstance(to, list) and len(to) == 2 and tuple(to) in scenario.graph):
                raise ValueError(f"go-to order for '{key}' leads to {to!r}, which is not a hex on the map")
            out[key] = Standing(GOTO, to=(int(to[0]), int(to[1])))
            continue
        if key not in scenario.formations:
            raise ValueError(f"standing order for unknown formation '{key}'")
        why = order_problem(scenario, posture, o.get("places", []), o.get("beyond_supply"))
        if why:
            raise ValueError(f"standing order for '{key}': {why}")
        out[key] = Standing(str(posture), tuple(o.get("places", [])), o.get("beyond_supply"))
    return out


def order_problem(scenario: Scenario, posture: Any, places: Any, beyond_supply: Any) -> str | None:
    """Why a formation order's posture, places and supply leash are not valid, or None."""
    if posture not in POSTURES:
        return f"posture {posture!r} is not one of {', '.join(POSTURES)}"
    if not isinstance(places, (list, tuple)) or not all(isinstance(p, str) for p in places):
        return "places must be a list of place ids"
    unknown = [p for p in places if p not in scenario.map.places]
    if unknown:
        return f"unknown place(s) {', '.join(unknown)}"
    if beyond_supply is not None and (not isinstance(beyond_supply, int) or isinstance(beyond_supply, bool)
                                      or not 0 <= beyond_supply <= MAX_BEYOND_SUPPLY):
        return f"beyond_supply must be a whole number of hexes from 0 to {MAX_BEYOND_SUPPLY}, or none"
    return None


def order_side(state: GameState, key: str) -> str | None:
    """The side a standing order's formation or unit belongs to (None: neither exists)."""
    if key in state.units:
        return state.units[key].side
    f = state.scenario.formations.get(key)
    return f.side if f else None


def commander_of(state: GameState, u: Unit) -> str | None:
    """The key of the standing order ``u`` obeys: its own, else the nearest formation's up its chain."""
    if u.id in state.standing:
        return u.id
    for f in chain(state.scenario.formations, u.formation):
        if f.id in state.standing:
            return f.id
    return None


def under_order(state: GameState, key: str) -> list[Unit]:
    """The units that obey the standing order ``key`` (not those under a nearer one), by id."""
    return [state.units[k] for k in sorted(state.units) if commander_of(state, state.units[k]) == key]


def in_formation(state: GameState, u: Unit, formation: str) -> bool:
    """Whether ``u`` serves in ``formation`` or under it."""
    return any(f.id == formation for f in chain(state.scenario.formations, u.formation))


def oob_order(state: GameState, side: str) -> list[str]:
    """The side's formation ids in order of battle: each formation followed by those under it,
    in the scenario's order."""
    forms = [f for f in state.scenario.formations.values() if f.side == side]
    kids: dict[str | None, list[str]] = {}
    ids = {f.id for f in forms}
    for f in forms:
        kids.setdefault(f.parent if f.parent in ids else None, []).append(f.id)
    out: list[str] = []

    def walk(parent: str | None) -> None:
        for fid in kids.get(parent, []):
            out.append(fid)
            walk(fid)

    walk(None)
    return out


def describe(state: GameState, key: str) -> str:
    """The order in words, e.g. 'attack: Hailar, Qiqihar (2 hexes beyond supply)'."""
    o = state.standing[key]
    if o.posture == GOTO:
        return f"go to {state.scenario.map.describe(o.to)}"
    names = [state.scenario.map.places[p].name for p in o.places]
    where = ", ".join(names) if names else "the plan's axes"
    leash = ("" if o.beyond_supply is None else " (stay in supply)" if o.beyond_supply == 0
             else f" (up to {o.beyond_supply} {'hex' if o.beyond_supply == 1 else 'hexes'} beyond supply)")
    return f"{POSTURE_TEXT[o.posture]}: {where}{leash}"


def check_standing(state: GameState, order: Any) -> str | None:
    """Why a ``Command``, ``GoTo``, ``Release`` or ``CarryOut`` order is illegal now, or None."""
    side_name = state.scenario.sides[state.side]["name"]
    kind = order.kind
    key = order.unit if kind == "goto" else order.formation
    if not isinstance(key, str):
        return f"{key!r} is not a formation or unit id"
    if kind == "goto":
        u = state.units.get(order.unit)
        if u is None or u.side != state.side:
            return f"there is no unit '{order.unit}' of the {side_name} to command"
        to = tuple(order.to) if isinstance(order.to, (list, tuple)) and len(order.to) == 2 else None
        if to not in state.scenario.graph:
            return f"{order.to!r} is not a hex on the map"
        if state.scenario.rules.unit_types[u.type].static:
            return f"{u.name} cannot leave its position"
        return f"{u.name} already stands there" if to == u.hex else None
    if kind == "command":
        f = state.scenario.formations.get(key)
        if f is None or f.side != state.side:
            return f"there is no formation '{key}' of the {side_name} to command"
        if not any(in_formation(state, u, key) for u in state.units.values()):
            return f"{f.name} has no units left to command"
        return order_problem(state.scenario, order.posture, list(order.places), order.beyond_supply)
    if key not in state.standing or order_side(state, key) != state.side:
        return f"'{key}' has no standing order of the {side_name}"
    return None


def execute_standing(state: GameState, order: Any) -> dict[str, Any]:
    """Carry out a checked standing-order order; returns what the result's data should hold."""
    kind = order.kind
    if kind == "carry_out":
        from .ai.delegate import carry_out

        return carry_out(state, order.formation)
    if kind == "release":
        key = order.formation
        was = describe(state, key)
        del state.standing[key]
        state.log_event("command", f"{_name(state, key)} is back under your command (was: {was})",
                        state.side, formation=key)
        return {}
    if kind == "goto":
        key, o = order.unit, Standing(GOTO, to=(int(order.to[0]), int(order.to[1])))
    else:
        key, o = order.formation, Standing(order.posture, tuple(order.places), order.beyond_supply)
    state.standing[key] = o
    state.log_event("command", f"{_name(state, key)} under standing orders: {describe(state, key)}",
                    state.side, formation=key)
    return {}


def _name(state: GameState, key: str) -> str:
    if key in state.units:
        return state.units[key].name
    return state.scenario.formations[key].name
