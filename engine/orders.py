"""Orders: the only way players and the computer change the game state.

Every order is a small dataclass. :func:`check` returns a reason a player can read when the
order is illegal, or None; :func:`execute` checks first and changes nothing when the order is
illegal. Orders serialise to plain dicts (``to_dict`` / :func:`order_from_dict`) for replays
and saves. Each kind of order is a registry entry (:func:`register_order`): a check and a
carry-out function, one small function each, so a plugin adds a kind without touching this module.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from . import combat
from .capitulation import lay_down_arms, take_surrenders
from .command import check_standing, execute_standing
from .hexes import Hex, distance, neighbours
from .movement import Reach, can_stack, movement_budget, rail_path, reachable, spend
from .sea import sea_distance
from .turn import end_impulse
from .visibility import seen_hexes

if TYPE_CHECKING:
    from .state import GameState
    from .units import Unit


@dataclass(frozen=True)
class Move:
    """Move a unit along its cheapest path to ``to``."""

    unit: str
    to: Hex
    kind: str = field(default="move", init=False)


@dataclass(frozen=True)
class Attack:
    """Attack the enemy hex ``target`` with one or more adjacent units."""

    target: Hex
    units: tuple[str, ...]
    advance: bool = True
    kind: str = field(default="attack", init=False)


@dataclass(frozen=True)
class RailMove:
    """Move an unmoved unit by railway through friendly hexes; it does nothing else this turn."""

    unit: str
    to: Hex
    kind: str = field(default="rail_move", init=False)


@dataclass(frozen=True)
class DigIn:
    """Entrench in place (one level per turn, up to the rules' maximum); ends the unit's turn."""

    unit: str
    kind: str = field(default="dig_in", init=False)


@dataclass(frozen=True)
class Detach:
    """Send a forward detachment ahead: a share of the unit's men, tanks and guns, fuelled from
    the whole unit's tanks, becomes a unit of its own in the same hex."""

    unit: str
    kind: str = field(default="detach", init=False)


@dataclass(frozen=True)
class Rejoin:
    """Fold a forward detachment back into the unit that sent it (both in the same hex): its men,
    tanks and guns, and the fuel it still carries."""

    unit: str
    kind: str = field(default="rejoin", init=False)


@dataclass(frozen=True)
class AirSupply:
    """Fly fuel, ammunition and food to a unit near a friendly airfield (uses one of the side's
    air lifts): fuel points, and the unit's carried stocks are full again."""

    unit: str
    kind: str = field(default="air_supply", init=False)


@dataclass(frozen=True)
class AirborneLanding:
    """Drop an airborne unit from a friendly airfield onto a hex within range."""

    unit: str
    to: Hex
    kind: str = field(default="airborne", init=False)


@dataclass(frozen=True)
class AmphibiousLanding:
    """Land a unit from a friendly port on an enemy or empty coastal hex within range."""

    unit: str
    to: Hex
    kind: str = field(default="amphibious", init=False)


@dataclass(frozen=True)
class Command:
    """Hand a formation to the operational AI with a standing order (see :mod:`engine.command`):
    a posture, the places it is sent to (none: the scenario's plan) and how many hexes beyond
    supply it may go (None: no limit). It replaces any order the formation had."""

    formation: str
    posture: str
    places: tuple[str, ...] = ()
    beyond_supply: int | None = None
    kind: str = field(default="command", init=False)


@dataclass(frozen=True)
class GoTo:
    """A standing go-to order: the unit marches toward ``to`` each day until it stands there."""

    unit: str
    to: Hex
    kind: str = field(default="goto", init=False)


@dataclass(frozen=True)
class Release:
    """Take a formation (or a unit with a go-to order) back from its standing order."""

    formation: str
    kind: str = field(default="release", init=False)


@dataclass(frozen=True)
class CarryOut:
    """The standing order of ``formation`` (or a unit's go-to) is carried out for today: its
    units move and attack through the orders above, as the AI chooses (:mod:`engine.ai.delegate`)."""

    formation: str
    kind: str = field(default="carry_out", init=False)


@dataclass(frozen=True)
class EndTurn:
    """Finish the active side's part of the turn."""

    kind: str = field(default="end_turn", init=False)


Order = (Move | Attack | RailMove | DigIn | Detach | Rejoin | AirSupply | AirborneLanding | AmphibiousLanding
         | Command | GoTo | Release | CarryOut | EndTurn)


@dataclass(frozen=True)
class OrderKind:
    """How one kind of order is checked and carried out (see :func:`register_order`)."""

    cls: type
    check: Callable[[GameState, Any], str | None]
    carry_out: Callable[[GameState, Any], Result]


_ORDERS: dict[str, OrderKind] = {}  # by kind name: the engine's orders (end of this module) and plugins'
_KIND_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def register_order(cls: type, check: Callable[..., str | None], carry_out: Callable[..., Result], *,
                   unit: bool = False, replace: bool = False) -> None:
    """Make ``cls`` (a frozen dataclass with a ``kind`` field whose default names it) an order.

    ``check(state, order)`` says why the order is illegal now, or None; ``carry_out(state,
    order)`` changes the game and returns a :class:`Result` (called only after the check passed).
    With ``unit=True`` the order names one of the side's own units in its ``unit`` field: the
    engine finds it and refuses another side's, and calls ``check(state, order, unit, unit_type)``
    and ``carry_out(state, order, unit)``. A kind is registered once, unless ``replace``."""
    kind = getattr(cls, "__dataclass_fields__", {}).get("kind")
    name = getattr(kind, "default", None)
    if not isinstance(name, str) or not _KIND_NAME.match(name):
        raise TypeError(f"{cls!r}: an order is a dataclass with a field kind: str = field(default='name', "
                        "init=False), the name in lower-case letters, digits and _")
    if name in _ORDERS and not replace:
        raise ValueError(f"order kind '{name}' is already registered")
    if unit:
        check, carry_out = _unit_check(check), _unit_carry_out(carry_out)
    _ORDERS[name] = OrderKind(cls, check, carry_out)


def unregister_order(kind: str) -> None:
    """Remove an order kind (tests; a plugin undoing its registration)."""
    _ORDERS.pop(kind, None)


def _kind_of(order: Any) -> OrderKind | None:
    kind = _ORDERS.get(getattr(order, "kind", None))  # type: ignore[arg-type]
    return kind if kind is not None and type(order) is kind.cls else None


def _unit_check(rule: Callable[..., str | None]) -> Callable[[GameState, Any], str | None]:
    def check_unit_order(state: GameState, order: Any) -> str | None:
        u, why = _own_unit(state, getattr(order, "unit", None))
        if why:
            return why
        return rule(state, order, u, state.scenario.rules.unit_types[u.type])
    return check_unit_order


def _unit_carry_out(do: Callable[..., Result]) -> Callable[[GameState, Any], Result]:
    def carry_out_unit_order(state: GameState, order: Any) -> Result:
        return do(state, order, state.units[order.unit])
    return carry_out_unit_order


def to_dict(order: Order) -> dict[str, Any]:
    d = asdict(order)
    for k in ("to", "target"):
        if k in d:
            d[k] = list(d[k])
    for k in ("units", "places"):
        if k in d:
            d[k] = list(d[k])
    return d


def order_from_dict(d: dict[str, Any]) -> Order:
    """Rebuild an order; raises ValueError with a reason on bad data."""
    if not isinstance(d, dict) or d.get("kind") not in _ORDERS:
        raise ValueError(f"unknown order {d!r}")
    cls = _ORDERS[d["kind"]].cls
    args = {k: v for k, v in d.items() if k != "kind"}
    for k in ("to", "target"):
        if k in args:
            args[k] = tuple(args[k])
    for k in ("units", "places"):
        if k in args and isinstance(args[k], list):
            args[k] = tuple(args[k])
    try:
        return cls(**args)
    except TypeError as exc:
        raise ValueError(f"bad {d['kind']} order: {exc}") from None


@dataclass
class Result:
    ok: bool
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _own_unit(state: GameState, uid: Any) -> tuple[Any, str | None]:
    u = state.units.get(uid)
    if u is None:
        return None, f"there is no unit '{uid}'" + (" (it was eliminated)" if uid in state.eliminated else "")
    if u.side != state.side:
        return None, f"{u.name} is not yours to command ({state.scenario.sides[state.side]['name']} to move)"
    if u.id in state.capitulation.get(u.side, {}).get("stood_down", {}):
        return None, f"{u.name} has obeyed the order to cease fire and waits to lay down its arms"
    return u, None


def _hex(h: Any) -> Hex | None:
    try:
        q, r = h
        return (int(q), int(r))
    except (TypeError, ValueError):
        return None


def _checked_hex(h: Any) -> Hex:
    """The hex of an order :func:`check` has passed (it refuses one that names no hex)."""
    q, r = h
    return (int(q), int(r))


def _side_limit(state: GameState, key: str) -> int:
    return int(state.scenario.sides[state.side].get(key, 0))


def _used(state: GameState, key: str) -> int:
    return state.used.get(f"{state.side}:{key}", 0)


def _use(state: GameState, key: str) -> None:
    k = f"{state.side}:{key}"
    state.used[k] = state.used.get(k, 0) + 1


DETACHMENT_SUFFIX = "-fd"


def form_detachment(state: GameState, u: Unit) -> Unit:
    """Split off ``u``'s forward detachment (checked legal): its share of the men, tanks and guns,
    and as much fuel as the whole unit can pour into it, up to a full load. Forward
    detachments of 1945 ran ahead fully fuelled while the main bodies waited for fuel. A unit
    that carries no fuel (a rifle corps) mounts its detachment on the army's trucks, which fill
    up on the supply line (the unit is in supply: :func:`check`)."""
    from .units import Unit

    rules = state.scenario.rules
    parent = rules.unit_types[u.type]
    d = parent.detachment
    assert d is not None, "check() refuses a detachment from a unit type without one"
    dtype = rules.unit_types[d["type"]]
    share = d["share"]
    # numbered by the detachments sent so far (the log has them all, also those lost or rejoined)
    n = 1 + sum(1 for e in state.log if e["kind"] == "detach" and e.get("unit") == u.id)
    men, tanks, guns = (int(v * share + 0.5) for v in (u.men, u.tanks, u.guns))
    if dtype.fuel_capacity <= 0:
        fuel = 0.0
    elif parent.fuel_capacity > 0:
        fuel = min(dtype.fuel_capacity, u.fuel / share)
    else:
        fuel = float(dtype.fuel_capacity)
    det = Unit(id=f"{u.id}{DETACHMENT_SUFFIX}{n}", name=f"{u.name}, forward detachment", side=u.side,
               type=d["type"], formation=u.formation, hex=u.hex, men=men, tanks=tanks, guns=guns,
               readiness=u.readiness, experience=u.experience, fuel=fuel,
               divisions=[f"forward detachment of the {u.name}"],
               source=f"formed in play from {u.id}", supplied=u.supplied,
               turns_out_of_supply=u.turns_out_of_supply, mp_left=dtype.movement)
    u.men, u.tanks, u.guns = u.men - men, u.tanks - tanks, u.guns - guns
    if dtype.fuel_capacity > 0 and parent.fuel_capacity > 0:
        u.fuel = max(0.0, u.fuel - fuel * share)
    state.units[det.id] = det
    return det


def parent_of(state: GameState, det: Unit) -> Unit | None:
    """The unit that sent forward detachment ``det``, if it is still in the field."""
    if DETACHMENT_SUFFIX not in det.id:
        return None
    parent = state.units.get(det.id.rsplit(DETACHMENT_SUFFIX, 1)[0])
    if parent is None or parent.side != det.side or not state.scenario.rules.unit_types[parent.type].detachment:
        return None
    return parent


def rejoin_detachment(state: GameState, det: Unit, parent: Unit) -> None:
    """Fold ``det`` back into ``parent`` (checked legal): men, tanks and guns; the fuel the
    detachment carries goes back into the parent's tanks at the detachment's share; readiness
    is the men-weighted mean."""
    rules = state.scenario.rules
    pt = rules.unit_types[parent.type]
    total = parent.men + det.men
    if total > 0:
        parent.readiness = (parent.readiness * parent.men + det.readiness * det.men) / total
    parent.men, parent.tanks, parent.guns = total, parent.tanks + det.tanks, parent.guns + det.guns
    if pt.fuel_capacity > 0:
        share = pt.detachment["share"] if pt.detachment else 1.0  # a parent type always has one
        parent.fuel = min(pt.fuel_capacity, parent.fuel + det.fuel * share)
    state.eliminate(det.id, None)


def _air_supply_need(u: Unit, ut: Any) -> bool:
    """Fuel below capacity, or cut off and living on its carried stocks."""
    return (ut.fuel_capacity > 0 and u.fuel < ut.fuel_capacity) or (not u.supplied and u.turns_out_of_supply > 0)


def fleet_bases(state: GameState, side: str) -> set[Hex]:
    """The side's supply ports it holds: the only harbours its landing craft sail from."""
    g = state.scenario.graph
    return {s.hex for s in state.scenario.map.supply_sources
            if s.side == side and s.kind == "port" and g.nodes[s.hex]["port"] and state.control.get(s.hex) == side}


def can_embark(state: GameState, u: Unit) -> bool:
    """Whether ``u`` may sail for a landing from where it stands: from one of its side's fleet
    bases, or, for landing troops (unit type ``amphibious``), from any harbour its side holds.
    The Odetsin and Wonsan landings of 19-21 August 1945 sailed from Seishin, taken by the
    fleet's landing a week before; a rifle division does not hop from harbour to harbour."""
    if u.hex in fleet_bases(state, u.side):
        return True
    return (state.scenario.rules.unit_types[u.type].amphibious and state.scenario.graph.nodes[u.hex]["port"]
            and state.control.get(u.hex) == u.side)


def _friendly_airfields(state: GameState, side: str) -> list[Hex]:
    g = state.scenario.graph
    return sorted(h for h, d in g.nodes(data=True) if d["airfield"] and state.control.get(h) == side)


def check(state: GameState, order: Order) -> str | None:
    """Why ``order`` is illegal now, or None if it is legal."""
    if state.over:
        return "the game is over"
    kind = _kind_of(order)
    if kind is None:
        return f"unknown order {order!r}"
    return kind.check(state, order)


def _check_attack(state: GameState, order: Any) -> str | None:
    """Why an attack is illegal: the target, then each attacker."""
    rules = state.scenario.rules
    g = state.scenario.graph
    target = _hex(order.target)
    if target is None or target not in g:
        return f"{order.target!r} is not a hex on the map"
    if not order.units:
        return "an attack needs at least one unit"
    if len(set(order.units)) != len(order.units):
        return "a unit is listed twice in the attack"
    defenders = state.units_at(target)
    if not defenders:
        return "there is no enemy in that hex: move into it instead"
    if defenders[0].side == state.side:
        return "you cannot attack your own units"
    if all(state.stood_down(d) for d in defenders):
        return "the troops there have stood down: move next to them to take their surrender"
    for uid in order.units:
        u, why = _own_unit(state, uid)
        if why:
            return why
        if distance(u.hex, target) != 1:
            return f"{u.name} is not next to the target"
        if u.attacked:
            return f"{u.name} has already attacked or dug in this turn"
        if u.rail_moved:
            return f"{u.name} moved by rail this turn"
        if u.mp_left <= 0:
            return f"{u.name} has no movement points left to attack with"
        if rules.unit_types[u.type].attack <= 0:
            return f"{u.name} cannot attack"
        if state.stood_down(u):
            return f"{u.name} has been ordered to cease fire"
    return None


def _check_move(state: GameState, order: Any, u: Any, ut: Any) -> str | None:
    """Why a move is illegal: the unit's state, its fuel and points, then the way there."""
    rules = state.scenario.rules
    g = state.scenario.graph
    to = _hex(order.to)
    if to is None or to not in g:
        return f"{order.to!r} is not a hex on the map"
    if to == u.hex:
        return f"{u.name} is already there"
    if ut.static:
        return f"{u.name} is a static unit and cannot move"
    if u.attacked or u.rail_moved:
        return f"{u.name} has finished its turn"
    if ut.fuel_per_mp > 0 and u.fuel < ut.fuel_per_mp * 0.999:
        return f"{u.name} is out of fuel and cannot move"
    if movement_budget(state, u) <= 0:
        return f"{u.name} has no movement points left"
    if ut.depot and state.control.get(to) != u.side:
        return f"{u.name} is a field depot: it moves only through hexes its side holds"
    reach = reachable(state, u.id)
    _move_search[0] = (state, reach)
    if to not in reach.cost:
        if any(x.hex == to and x.side != u.side for x in state.units.values()):
            return "that hex is held by the enemy: attack it instead"
        return f"{u.name} cannot reach that hex this turn"
    if to not in reach.endable:
        return f"that hex is full (stacking limit {rules.stacking_limit:g})"
    return None


def _check_rail(state: GameState, order: Any, u: Any, ut: Any) -> str | None:
    """Why a rail move is illegal: capacity, the railway and the destination."""
    rules = state.scenario.rules
    g = state.scenario.graph
    to = _hex(order.to)
    if to is None or to not in g:
        return f"{order.to!r} is not a hex on the map"
    if ut.static:
        return f"{u.name} is a static unit and cannot move"
    if u.moved or u.attacked or u.rail_moved:
        return f"{u.name} has already acted this turn; only an unmoved unit can entrain"
    if _used(state, "rail") >= _side_limit(state, "rail_moves_per_turn"):
        return f"no rail capacity left this turn ({_side_limit(state, 'rail_moves_per_turn')} moves a turn)"
    if not any(e["rail"] for e in g[u.hex].values()):
        return f"{u.name} is not on a railway"
    if not rail_path(state, u, to):
        return ("no railway path through friendly, unthreatened hexes within "
                f"{rules.rail_hexes_per_turn} hexes")
    if not can_stack(state, u, to):
        return f"that hex is full (stacking limit {rules.stacking_limit:g})"
    return None


def _check_dig_in(state: GameState, order: Any, u: Any, ut: Any) -> str | None:
    """Why digging in is illegal."""
    rules = state.scenario.rules
    if u.moved or u.attacked or u.rail_moved:
        return f"{u.name} has already acted this turn"
    if u.entrenchment >= rules.combat.max_entrenchment:
        return f"{u.name} is already fully entrenched"
    return None


def _check_detach(state: GameState, order: Any, u: Any, ut: Any) -> str | None:
    """Why a forward detachment cannot be formed: the type, fuel, men and room in the hex."""
    rules = state.scenario.rules
    d = ut.detachment
    if not d:
        return f"{u.name} cannot form a forward detachment"
    if u.moved or u.attacked or u.rail_moved:
        return f"{u.name} has already acted this turn"
    if any(x.id.startswith(u.id + DETACHMENT_SUFFIX) for x in state.units.values()):
        return f"{u.name} already has a forward detachment in the field"
    dt_ = rules.unit_types[d["type"]]
    if dt_.fuel_capacity > 0 and ut.fuel_capacity <= 0 and not u.supplied:
        return f"{u.name} is out of supply: its detachment's trucks fill up only on a supply line"
    if dt_.fuel_capacity > 0 and ut.fuel_capacity > 0 and u.fuel < dt_.fuel_per_mp * d["share"]:
        return f"{u.name} has no fuel to spare for a detachment"
    if int(u.men * d["share"] + 0.5) <= 0:
        return f"{u.name} is too weak to form a detachment"
    used = sum(rules.unit_types[x.type].stack for x in state.units.values() if x.hex == u.hex)
    if used + dt_.stack > rules.stacking_limit + 1e-9:
        return f"no room in the hex for a detachment (stacking limit {rules.stacking_limit:g})"
    return None


def _check_rejoin(state: GameState, order: Any, u: Any, ut: Any) -> str | None:
    """Why a detachment cannot rejoin its unit."""
    parent = parent_of(state, u)
    if parent is None:
        return f"{u.name} is not a forward detachment whose unit is still in the field"
    if parent.hex != u.hex:
        return f"{u.name} must stand in the same hex as the {parent.name} to rejoin it"
    if u.attacked or parent.attacked:
        return "a unit that has attacked or dug in this turn cannot reorganise"
    return None


def _check_air_supply(state: GameState, order: Any, u: Any, ut: Any) -> str | None:
    """Why an air lift of fuel and ammunition is illegal."""
    rules = state.scenario.rules
    if not _air_supply_need(u, ut):
        return (f"{u.name} has full tanks and its own stocks" if ut.fuel_capacity > 0
                else f"{u.name} does not use fuel and is not cut off from supply")
    if _used(state, "air") >= _side_limit(state, "air_lifts_per_turn"):
        return "no air transport left this turn"
    reach_hexes = rules.supply.air_supply_range
    if not any(distance(a, u.hex) <= reach_hexes for a in _friendly_airfields(state, u.side)):
        return f"{u.name} is more than {reach_hexes} hexes from any friendly airfield"
    return None


def _check_landing(state: GameState, order: Any, u: Any, ut: Any) -> str | None:
    """Why an airborne or amphibious landing is illegal: lift, the landing hex, then the way there."""
    rules = state.scenario.rules
    g = state.scenario.graph
    airborne = isinstance(order, AirborneLanding)
    lifts, rng_key = ("airborne_lifts_per_turn", "airborne_range") if airborne else \
        ("amphibious_lifts_per_turn", "amphibious_range")
    if _side_limit(state, lifts) <= 0:
        return "this side has no " + ("airborne" if airborne else "amphibious") + " lift in this scenario"
    if _used(state, lifts) >= _side_limit(state, lifts):
        return "no lift left this turn"
    if airborne and not ut.airborne:
        return f"{u.name} is not an airborne unit"
    if u.moved or u.attacked or u.rail_moved:
        return f"{u.name} has already acted this turn"
    to = _hex(order.to)
    if to is None or to not in g:
        return f"{order.to!r} is not a hex on the map"
    terrain = rules.terrain[g.nodes[to]["terrain"]]
    if not terrain.passable or terrain.move.get(ut.mobility) is None:
        return f"{u.name} cannot land in {g.nodes[to]['terrain']}"
    held = [x for x in state.units.values() if x.hex == to and x.side != u.side]
    parley = bool(held) and all(state.stood_down(x) for x in held)
    if held and not parley and to in seen_hexes(state, u.side):
        # a garrison the side cannot see is met over the landing zone (execute calls it off):
        # refusing here would tell the player what fog of war hides
        return "the landing hex is held by the enemy"
    if not held and not can_stack(state, u, to):
        return "the landing hex is full"
    if airborne:
        bases = _friendly_airfields(state, u.side)
        if u.hex not in bases:
            return f"{u.name} must start on a friendly airfield"
        if ut.airlanding and not g.nodes[to]["airfield"]:
            return f"{u.name} is flown in by transport aircraft and can land only on an airfield"
    else:
        if not can_embark(state, u):
            # landing craft sail from the fleet's bases; only landing troops re-embark in a
            # harbour taken on the way
            return (f"{u.name} must start in one of its side's supply ports (the fleet's bases)"
                    + ("" if ut.amphibious else "; only landing troops sail from other harbours"))
        coastal = any(n in g and not rules.terrain[g.nodes[n]["terrain"]].passable for n in neighbours(to))
        if not coastal:
            return "an amphibious landing needs a coastal hex"
        sailed = sea_distance(state.scenario, u.hex, to)
        if sailed is None:
            return "no sea links the harbour with that coast"
        if sailed > _side_limit(state, rng_key):
            return f"the landing hex is {sailed} hexes away by sea, beyond the {_side_limit(state, rng_key)}-hex range"
        return None
    if distance(u.hex, to) > _side_limit(state, rng_key):
        return f"the landing hex is beyond the {_side_limit(state, rng_key)}-hex range"
    return None


def _call_off_landing(state: GameState, u: Unit, to: Hex) -> Result:
    """A landing flown or sailed at a hex held by enemies the side could not see: the force
    meets them over the landing zone and turns back. The lift is spent, the unit has acted for
    the day and stays where it was, and the log says who holds the hex."""
    u.moved = True
    u.attacked = True
    u.mp_left = 0.0
    state.log_event("landing", f"{u.name}'s landing {state.scenario.map.at(to)} is called off: the enemy holds "
                               "the landing zone", u.side, unit=u.id, called_off=list(to))
    return Result(True, data={"called_off": True})


def execute(state: GameState, order: Order) -> Result:
    """Carry out ``order`` if legal; an illegal order leaves the state untouched. An order given
    from outside (not one a standing order gives on its own) joins the game's order log, from
    which :mod:`engine.replay` plays the game again."""
    outer = not _giving[0]
    _giving[0] += 1
    try:
        res = _carry_out(state, order)
    finally:
        _giving[0] -= 1
    if res.ok and outer and state.orders is not None:
        state.orders.append(to_dict(order))
    return res


_giving = [0]  # depth of execute calls: the orders a CarryOut gives are replayed by the CarryOut


def _carry_out(state: GameState, order: Order) -> Result:
    why = check(state, order)
    if why:
        return Result(False, why)
    kind = _kind_of(order)
    assert kind is not None  # check() refused an order of no registered kind
    return kind.carry_out(state, order)


def _do_end_turn(state: GameState, order: Any) -> Result:
    end_impulse(state)
    return Result(True)


def _do_standing(state: GameState, order: Any) -> Result:
    return Result(True, data=execute_standing(state, order))


def _do_attack(state: GameState, order: Any) -> Result:
    from .victory import check_sudden_death

    data = combat.resolve(state, _checked_hex(order.target), list(order.units), order.advance)
    check_sudden_death(state)
    return Result(True, data=data)


# The search for reachable hexes the last move check made (state, reach): _carry_out carries a
# move out right after checking it, with nothing in between, so the move need not search again.
_move_search: list[tuple[GameState, Reach] | None] = [None]


def _checked_reach(state: GameState, u: Any) -> Reach:
    """The reachable hexes :func:`_check_move` has just found for ``u``, or a new search."""
    last, _move_search[0] = _move_search[0], None
    if last is not None and last[0] is state and last[1].unit == u.id and last[1].start == u.hex:
        return last[1]
    return reachable(state, u.id)


def _do_move(state: GameState, order: Any, u: Any) -> Result:
    """Move along the cheapest path, taking control of it and the surrender of stood-down enemies met."""
    to = _checked_hex(order.to)
    reach = _checked_reach(state, u)
    path = reach.path(to)
    spend(state, u, reach.cost[to])
    for h in path[1:]:
        state.set_control(h, u.side)
    u.hex = to
    u.moved = True
    u.entrenchment = 0
    # troops who come up to enemies that have stood down take their surrender at once
    took = take_surrenders(state, u.side, around=[to])
    return Result(True, data={"path": [list(h) for h in path], "cost": reach.cost[to], "took": took})


def _do_rail(state: GameState, order: Any, u: Any) -> Result:
    """Entrain: the unit rides the railway and ends its day."""
    path = rail_path(state, u, _checked_hex(order.to))
    _use(state, "rail")
    u.hex = path[-1]
    u.rail_moved = True
    u.moved = True
    u.mp_left = 0.0
    u.entrenchment = 0
    return Result(True, data={"path": [list(h) for h in path]})


def _do_dig_in(state: GameState, order: Any, u: Any) -> Result:
    """One level more of entrenchment, the unit's action for the day."""
    rules = state.scenario.rules
    u.entrenchment = min(rules.combat.max_entrenchment, u.entrenchment + 1)
    u.attacked = True  # digging in is the unit's action for the turn
    u.mp_left = 0.0
    return Result(True)


def _do_detach(state: GameState, order: Any, u: Any) -> Result:
    """Send a forward detachment ahead."""
    det = form_detachment(state, u)
    state.log_event("detach", f"{u.name} sends a forward detachment ahead", u.side, unit=u.id, detachment=det.id)
    return Result(True, data={"detachment": det.id})


def _do_rejoin(state: GameState, order: Any, u: Any) -> Result:
    """Fold a detachment back into its unit."""
    parent = parent_of(state, u)
    assert parent is not None, "check() refuses to rejoin a detachment whose unit is gone"
    rejoin_detachment(state, u, parent)
    state.log_event("rejoin", f"{u.name} rejoins the {parent.name}", u.side, unit=parent.id, detachment=u.id)
    return Result(True, data={"unit": parent.id})


def _do_air_supply(state: GameState, order: Any, u: Any) -> Result:
    """Fly fuel and ammunition to the unit."""
    rules = state.scenario.rules
    ut = rules.unit_types[u.type]
    _use(state, "air")
    before = u.fuel
    # a lift is a load of fuel, not a number of fills: it fills a corps of two stacking points
    # half as far as a division of one (the measure of a field depot's fuel_lift as well)
    u.fuel = max(u.fuel, min(ut.fuel_capacity, u.fuel + rules.supply.air_fuel_per_lift / max(ut.stack, 0.25)))
    # the transports brought ammunition and food as well: the unit's carried stocks are full again
    u.turns_out_of_supply = 0
    state.log_event("air_supply", f"Fuel and ammunition flown to {u.name}", u.side, unit=u.id,
                    fuel=u.fuel - before)
    return Result(True, data={"fuel": u.fuel})


def _do_landing(state: GameState, order: Any, u: Any) -> Result:
    """Land the unit, taking the surrender of a garrison that has stood down."""
    key = "airborne_lifts_per_turn" if isinstance(order, AirborneLanding) else "amphibious_lifts_per_turn"
    _use(state, key)
    to = _checked_hex(order.to)
    garrison = [x for x in state.units.values() if x.hex == to and x.side != u.side]
    if garrison and not all(state.stood_down(x) for x in garrison):
        return _call_off_landing(state, u, to)
    if garrison:
        # a garrison ordered to cease fire lays down its arms to the landing party, as the
        # airlandings of 18-24 August 1945 took the surrender of Harbin, Changchun and Mukden
        lay_down_arms(state, garrison, f"surrendered to {u.id}")
        state.log_event("capitulation", f"The garrison {state.scenario.map.at(to)} lays down its arms to {u.name}",
                        garrison[0].side, units=sorted(x.id for x in garrison))
    u.hex = to
    u.moved = True
    u.attacked = True
    u.mp_left = 0.0
    u.entrenchment = 0
    state.set_control(to, u.side)
    state.note_contact(to)
    state.log_event("landing", f"{u.name} lands {state.scenario.map.at(to)}", u.side, unit=u.id)
    return Result(True)


def _no_objection(state: GameState, order: Any) -> str | None:
    return None


# The engine's orders; plugins register theirs the same way (docs/plugins.md).
register_order(EndTurn, _no_objection, _do_end_turn)
for _standing in (Command, GoTo, Release, CarryOut):
    register_order(_standing, check_standing, _do_standing)
register_order(Attack, _check_attack, _do_attack)
for _cls, _check, _do in ((Move, _check_move, _do_move), (RailMove, _check_rail, _do_rail),
                          (DigIn, _check_dig_in, _do_dig_in), (Detach, _check_detach, _do_detach),
                          (Rejoin, _check_rejoin, _do_rejoin), (AirSupply, _check_air_supply, _do_air_supply),
                          (AirborneLanding, _check_landing, _do_landing),
                          (AmphibiousLanding, _check_landing, _do_landing)):
    register_order(_cls, _check, _do, unit=True)
