"""Supply: traced over the map graph from each side's sources within a cost limit.

Sources are the scenario's railheads, depots and ports, working while the side holds them and
no enemy stands on them, and the side's field depots (units whose type has a ``depot_reach``: an
army's mobile depot with its truck columns), working wherever a supply line from those fixed
sources reaches them within ``depot_reach`` times the side's supply reach and no enemy zone of
control covers them: the convoys bring up from the front's depots what the army's depot hands
out. A supply line costs each hex's terrain supply cost, less along roads, and almost nothing
along railways the side controls at both ends, so railways taken from the enemy carry supply
forward; steps along a river with a ``supply_along`` cost (both hexes face the same hex across
it), between bank hexes the side holds, cost that much (river boats: the Amur Flotilla carried
the 15th Army's supply up the Sungari). Enemy units and their zones of control block it, unless
a friendly unit stands in the zone hex. Events may stretch or shrink the range
(``supply_range``), also only within an area.

Each side's supply is traced at the start of its part of the turn. A unit in supply regains
readiness and fuel; a field depot with a ``fuel_lift`` hands out only that much fuel a day
among the units it feeds. One out of supply gets no fuel; once the food and ammunition it carries are
spent (``carried_turns``) it also loses readiness and fights weaker (see combat).
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .hexes import Hex
from .hexindex import hex_index
from .movement import enemy_zoc
from .units import named_by

if TYPE_CHECKING:
    from .scenario import Scenario
    from .state import GameState
    from .units import Unit

INF = math.inf


def supply_limit(state: GameState, side: str) -> float:
    """How far (in supply cost) a side's supply reaches: the rules' limit times the side's
    motor-transport factor."""
    return state.scenario.rules.supply.max_cost * float(state.scenario.sides[side].get("supply_range", 1.0))


def river_reaches(scn: Scenario) -> dict[str, set[frozenset]]:
    """Per river kind with a ``supply_along`` cost: the steps that run along it (cached). A step
    between two hexes runs along a river when both face the same hex across that river, i.e.
    the hexsides they share with a common neighbour are both river hexsides of that kind."""
    key = "river_reaches"
    if key not in scn.cache:
        g = scn.graph
        kinds = {k for k, r in scn.rules.rivers.items() if r.supply_along is not None}
        out: dict[str, set[frozenset]] = {k: set() for k in kinds}
        for a, b, e in g.edges(data=True):
            if e["river"]:
                continue
            for c in set(g[a]) & set(g[b]):
                k = g.edges[a, c]["river"]
                if k in kinds and g.edges[b, c]["river"] == k:
                    out[k].add(frozenset((a, b)))
        scn.cache[key] = out
    return scn.cache[key]


def supply_costs(state: GameState, side: str, reach: float = 1.0, seen: set[Hex] | None = None,
                 origin: dict[Hex, Hex] | None = None) -> dict[Hex, float]:
    """Cost of the cheapest supply line from any working source of ``side`` to each hex, up to
    ``reach`` times the side's supply limit. With ``seen`` only the enemies on those hexes
    block lines: the picture a player under fog of war can have (the game uses the truth).
    With ``origin`` the source hex each line starts from is written into it."""
    lines = SupplyLines(state, side, seen)
    starts = lines.sources + sorted(working_depots(state, lines))
    return lines.trace(starts, lines.base * reach, origin)


def working_depots(state: GameState, lines: SupplyLines) -> dict[Hex, float]:
    """The hexes of the side's field depots that hand out supply now, with the cost of their
    convoys' haul from the fixed sources."""
    types = state.scenario.rules.unit_types
    depots = [u for u in state.units.values() if u.side == lines.side and types[u.type].depot]
    if not depots:
        return {}
    convoys = lines.convoys(max(types[u.type].depot_reach for u in depots))
    return {d.hex: convoys[d.hex] for d in depots
            if lines.depot_works_at(d.hex, types[d.type].depot_reach, convoys)}


def depot_status(state: GameState, depot: Unit) -> tuple[bool, str]:
    """Whether a field depot hands out supply now, and why, in words for the player."""
    lines = SupplyLines(state, depot.side)
    if depot.hex in lines.zoc:
        return False, "Depot idle: in an enemy zone of control"
    reach = state.scenario.rules.unit_types[depot.type].depot_reach
    if not lines.depot_works_at(depot.hex, reach, lines.convoys(reach)):
        return False, "Depot idle: beyond its convoys' reach"
    return True, "Depot working: it supplies the troops around it"


class SupplyLines:
    """The supply position of one side now: its working fixed sources (railheads, depots and
    ports it holds with no enemy on them), its supply reach, and what a line may not pass
    (enemy units and their zones of control)."""

    def __init__(self, state: GameState, side: str, seen: set[Hex] | None = None) -> None:
        self.state, self.side = state, side
        self.base = supply_limit(state, side) * state.max_modifier(side, "supply_range")
        self.enemy_hexes = {u.hex for u in state.units.values() if u.side != side and (seen is None or u.hex in seen)}
        friendly_hexes = {u.hex for u in state.units.values() if u.side == side}
        self.zoc = enemy_zoc(state, side, seen)
        self.blocked = self.enemy_hexes | (self.zoc - friendly_hexes)
        self.sources = [src.hex for src in state.scenario.map.supply_sources
                        if src.side == side and state.control.get(src.hex) == side
                        and src.hex not in self.enemy_hexes]

    def trace(self, starts: list[Hex], limit: float, origin: dict[Hex, Hex] | None = None) -> dict[Hex, float]:
        """Cost of the cheapest line from any of ``starts`` to each hex, up to ``limit`` (with
        ``origin``: the start each line comes from)."""
        return _trace(self.state, self.side, starts, limit, self.enemy_hexes, self.blocked, origin)

    def convoys(self, reach: float) -> dict[Hex, float]:
        """The trace from the fixed sources out to ``reach`` times the supply reach: where the
        convoys that fill the field depots get to."""
        return self.trace(self.sources, self.base * reach)

    def depot_works_at(self, h: Hex, reach: float, convoys: dict[Hex, float]) -> bool:
        """Whether a field depot of ``depot_reach`` ``reach`` would hand out supply at ``h``: its
        convoys (a :meth:`convoys` trace out to at least ``reach``) get there and no enemy zone of
        control covers it."""
        return h not in self.zoc and convoys.get(h, INF) <= reach * self.base + 1e-9


# (neighbour, terrain cost, railway, road, extra for an unbridged river, cost by river boats or None)
_Edge = tuple[Hex, float, bool, bool, float, float | None]


def _supply_edges(scn: Scenario) -> dict[Hex, list[_Edge]]:
    """Per hex, the steps a supply line may take out of it and what each costs before the
    position is known (cached): (neighbour, terrain cost, railway, road, extra for an unbridged
    river, cost along a river with boats or None). Impassable neighbours are left out."""
    key = "supply_edges"
    if key not in scn.cache:
        rules, g = scn.rules, scn.graph
        # river_reaches lists only the kinds with boats: the filter drops nothing, it types the cost
        along = [(cost, steps) for k, steps in sorted(river_reaches(scn).items())
                 if (cost := rules.rivers[k].supply_along) is not None]
        out: dict[Hex, list[_Edge]] = {}
        for h in g:
            row: list[_Edge] = []
            for n, e in g[h].items():
                t = rules.terrain[g.nodes[n]["terrain"]]
                if not t.passable:
                    continue
                boats = None
                if not e["river"]:
                    pair = frozenset((h, n))
                    for cost_along, steps in along:
                        if pair in steps:
                            boats = cost_along if boats is None else min(boats, cost_along)
                extra = rules.rivers[e["river"]].supply_extra if e["river"] else 0.0
                row.append((n, t.supply_cost, bool(e["rail"]), bool(e["road"]), extra, boats))
            out[h] = row
        scn.cache[key] = out
    return scn.cache[key]


def _indexed_steps(scn: Scenario) -> tuple[tuple[tuple[int, float, float], ...], ...]:
    """Per hex number (:mod:`engine.hexindex`), the steps a supply line may take out of it:
    (neighbour's number, cost, cost when the side holds both hexes). What a step costs depends
    on the position only through that: railways and river boats serve a side only between hexes
    it holds (cached; the same sums as working it out step by step, so the same costs)."""
    def build() -> tuple[tuple[tuple[int, float, float], ...], ...]:
        rules = scn.rules
        road_cost = rules.features.road.supply_cost
        rail_cost = rules.features.rail.supply_cost
        idx = hex_index(scn)
        edges = _supply_edges(scn)

        def cost(step: float, rail: bool, road: bool, extra: float, boats: float | None, held_both: bool) -> float:
            bridged = False
            if rail and held_both:
                step, bridged = min(step, rail_cost), True
            if road:
                step, bridged = min(step, road_cost), True
            if boats is not None and held_both:
                step = min(step, boats)  # river boats along a bank the side holds
            if extra and not bridged:
                step += extra
            return step

        return tuple(tuple((idx.number[e[0]], cost(*e[1:], False), cost(*e[1:], True)) for e in edges[h])
                     for h in idx.hexes)
    return scn.cache.memo("supply_steps_indexed", build)


def _control_matters(scn: Scenario) -> tuple[int, ...]:
    """The numbers of the hexes at either end of a step whose cost depends on who holds them
    (railways, river boats): the only hexes a trace must ask who holds (cached)."""
    def build() -> tuple[int, ...]:
        out: set[int] = set()
        for i, row in enumerate(_indexed_steps(scn)):
            for j, step, step_held in row:
                if step != step_held:
                    out.update((i, j))
        return tuple(sorted(out))
    return scn.cache.memo("supply_control_matters", build)


# recent traces remembered per scenario: the AI asks again for the ones just made (the fixed
# sources', the convoys' and each field depot's)
TRACES_KEPT = 12


def _trace(state: GameState, side: str, starts: list[Hex], limit: float, enemy_hexes: set[Hex],
           blocked: set[Hex], origin: dict[Hex, Hex] | None = None) -> dict[Hex, float]:
    """Cost of the cheapest line from ``starts`` to each hex up to ``limit`` (see
    :func:`_search`); with ``origin``, the start each hex's cheapest line comes from is written
    into it. A trace is a function of its inputs and of who holds the hexes where that
    changes a step's cost, so the last few are remembered under all of those: the AI's picture
    at the start of its turn repeats the convoys' trace the supply phase has just made."""
    scn = state.scenario
    idx = hex_index(scn)
    held = bytearray(len(idx.hexes))  # set only where it changes a step's cost
    get = state.control.get
    for i in _control_matters(scn):
        held[i] = get(idx.hexes[i]) == side
    key = (tuple(starts), limit, frozenset(enemy_hexes), frozenset(blocked), bytes(held))
    recent = scn.cache.setdefault("supply_traces", {})
    if key not in recent or (origin is not None and recent[key][1] is None):
        if key not in recent and len(recent) >= TRACES_KEPT:
            del recent[next(iter(recent))]
        recent[key] = _search(scn, starts, limit, enemy_hexes, blocked, held, origin is not None)
    costs, came = recent[key]
    if origin is not None and came is not None:
        origin.update(came)
    return dict(costs)  # a copy: callers may change theirs


def _search(scn: Scenario, starts: list[Hex], limit: float, enemy_hexes: set[Hex], blocked: set[Hex],
            held: bytearray, origins: bool = False) -> tuple[dict[Hex, float], dict[Hex, Hex] | None]:
    """Dijkstra from ``starts`` over hex numbers (the same pops, ties included, as over hexes),
    ``held`` flagging the hexes the side holds where that matters; with ``origins`` also the
    start each hex's cheapest line comes from."""
    idx = hex_index(scn)
    hexes, number = idx.hexes, idx.number
    steps = _indexed_steps(scn)
    stop = _flags(len(hexes), number, blocked)
    cost = [INF] * len(hexes)
    came = list(range(len(hexes)))  # the start of each hex's cheapest line, by number
    found: list[int] = []  # numbers in the order their first cost was set (the result's order)
    heap: list[tuple[float, int]] = []
    for h in starts:
        i = number[h]
        if cost[i] == INF:
            cost[i] = 0.0
            found.append(i)
            heap.append((0.0, i))
    for h in enemy_hexes:
        e = number.get(h)
        if e is not None and cost[e] == INF:
            cost[e] = -INF  # no line enters a hex the enemy holds: no cost is below this one
    heapq.heapify(heap)
    bound = limit + 1e-9
    heappop, heappush = heapq.heappop, heapq.heappush
    while heap:
        c, i = heappop(heap)
        if c > cost[i]:
            continue
        if stop[i] and c > 0:
            continue  # a line may reach a blocked hex but not pass through it
        held_here = held[i]
        for j, step, step_held in steps[i]:
            nc = c + (step_held if held_here and held[j] else step)
            if nc <= bound and nc < cost[j] - 1e-12:
                if cost[j] == INF:
                    found.append(j)
                cost[j] = nc
                came[j] = came[i]
                heappush(heap, (nc, j))
    came_from = {hexes[i]: hexes[came[i]] for i in found} if origins else None
    return {hexes[i]: cost[i] for i in found}, came_from


def _flags(n: int, number: dict[Hex, int], hexes: set[Hex]) -> bytearray:
    """A flag per hex number, set for the map hexes among ``hexes``."""
    out = bytearray(n)
    for h in hexes:
        i = number.get(h)
        if i is not None:
            out[i] = 1
    return out


def in_supply(state: GameState, side: str, costs: dict[Hex, float] | None = None) -> set[Hex]:
    """Hexes where ``side``'s units are in supply now (an area modifier of the supply range
    applies where the unit stands); ``costs`` is a trace already made, out to any reach."""
    base = supply_limit(state, side)
    costs = supply_costs(state, side) if costs is None else costs
    factor = state.modifier_by_hex(side, "supply_range")
    return {h for h, c in costs.items() if c <= base * factor(h) + 1e-9}


def truck_fuel_share(state: GameState, side: str, h: Hex, cost: float | None) -> float:
    """Share of the daily refill that trucks bring to a unit beyond supply at ``h``, whose supply
    line would cost ``cost``: all of it at the edge of the supply reach, falling evenly to none at
    ``truck_fuel_reach`` times that reach. Fuel trucks shuttled further forward than the depots
    that kept the troops in food and ammunition (the Cavalry-Mechanized Group's fuel battalion,
    the tank army's columns)."""
    ext = state.scenario.rules.supply.truck_fuel_reach
    if cost is None or ext <= 1.0:
        return 0.0
    limit = supply_limit(state, side) * state.modifier(side, "supply_range", None, h)
    if cost <= limit:
        return 1.0
    far = limit * ext
    return max(0.0, (far - cost) / (far - limit)) if far > limit else 0.0


def short_of_supply(state: GameState, u: Unit) -> bool:
    """Out of supply for longer than the unit's carried stocks last: it fights weaker."""
    return not u.supplied and u.turns_out_of_supply > state.scenario.rules.supply.carried_turns


def depot_feeds(state: GameState, depot: Unit, u: Unit) -> bool:
    """Whether a field depot hands out supply to ``u``: to the troops of its own formation and of
    the formations under it. Why: an army's rear services (its mobile depot sections and tanker
    trucks) supplied that army; the 6th Guards Tank Army's corps did not fill up at the 39th
    Army's depot because it lay nearer."""
    return depot.formation in named_by(state.scenario.formations, u)


@dataclass
class UnitLines:
    """Each of a side's units' cheapest supply line out to some reach: its ``cost`` (absent when
    none gets there) and the ``depot`` (unit id) it starts from, if it starts at a field depot."""

    cost: dict[str, float]
    depot: dict[str, str]


@dataclass
class SupplyPicture:
    """A side's supply lines out to some reach, source by source: the cost from its fixed sources
    to each hex, and from each working field depot (the depot with its costs)."""

    fixed: dict[Hex, float]
    depots: list[tuple[Unit, dict[Hex, float]]]

    def cost_for(self, state: GameState, u: Unit, h: Hex) -> tuple[float, str | None]:
        """The cheapest line to ``h`` for ``u`` (from the fixed sources or a depot that feeds it)
        and the id of the depot it starts from (None: a fixed source)."""
        best, via = self.fixed.get(h, INF), None
        for d, costs in self.depots:
            c = costs.get(h, INF)
            if c < best and depot_feeds(state, d, u):
                best, via = c, d.id
        return best, via

    def costs_for(self, state: GameState, u: Unit | None = None) -> dict[Hex, float]:
        """The cheapest line to each hex for ``u``: from the fixed sources or the depots that feed
        it (``None``: any of the side's depots, the side's whole picture)."""
        out = dict(self.fixed)
        for d, costs in self.depots:
            if u is None or depot_feeds(state, d, u):
                for h, c in costs.items():
                    if c < out.get(h, INF):
                        out[h] = c
        return out

    def hexes_for(self, state: GameState, u: Unit | None = None, within: float = INF) -> set[Hex]:
        """Every hex a line for ``u`` (``None``: any unit of the side) reaches at a cost of at
        most ``within``."""
        return {h for h, c in self.costs_for(state, u).items() if c <= within}


def supply_picture(state: GameState, side: str, reach: float = 1.0, seen: set[Hex] | None = None) -> SupplyPicture:
    """The side's lines out to ``reach`` times its supply limit (with ``seen``, only the enemies
    in those hexes block them). The cheapest line from several sources is the cheapest of the
    lines from each, so the fixed sources are traced once and each working depot on its own, out
    to the same limit."""
    lines = SupplyLines(state, side, seen)
    limit = lines.base * reach
    types = state.scenario.rules.unit_types
    working = working_depots(state, lines)
    depots = sorted((d for d in state.units.values() if d.side == side and types[d.type].depot and d.hex in working),
                    key=lambda d: d.id)
    local = {h: lines.trace([h], limit) for h in sorted({d.hex for d in depots})}
    return SupplyPicture(lines.trace(lines.sources, limit), [(d, local[d.hex]) for d in depots])


def unit_supply_hexes(state: GameState, u: Unit, seen: set[Hex] | None = None) -> set[Hex]:
    """The hexes where ``u`` would be in supply: lines from the fixed sources or from the field
    depots that feed it (the supply overlay when one of the side's units is selected)."""
    return in_supply(state, u.side, supply_picture(state, u.side, 1.0, seen).costs_for(state, u))


def unit_lines(state: GameState, side: str, reach: float = 1.0) -> UnitLines:
    """The supply line of each of ``side``'s units, from the fixed sources or from a working field
    depot that feeds it (:func:`depot_feeds`), out to ``reach`` times the side's supply limit."""
    picture = supply_picture(state, side, reach)
    out = UnitLines({}, {})
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.side != side:
            continue
        best, via = picture.cost_for(state, u, u.hex)
        if best < INF:
            out.cost[uid] = best
        if via is not None:
            out.depot[uid] = via
    return out


def supply_phase(state: GameState, side: str) -> None:
    """Trace supply for ``side`` and apply its effects on readiness and fuel."""
    rules = state.scenario.rules
    sup = rules.supply
    # one trace out to the trucks' reach: the hexes within the supply reach are the same as a
    # trace stopped there, since a cheapest line never passes a dearer hex
    lines = unit_lines(state, side, max(1.0, sup.truck_fuel_reach))
    base = supply_limit(state, side)
    factor = state.modifier_by_hex(side, "supply_range")
    wanted: dict[str, float] = {}
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.side != side:
            continue
        ut = rules.unit_types[u.type]
        cost = lines.cost.get(uid)
        u.supplied = cost is not None and cost <= base * factor(u.hex) + 1e-9
        if u.supplied:
            u.turns_out_of_supply = 0
            u.readiness = min(1.0, u.readiness + sup.readiness_recovery)
            share = 1.0
        else:
            u.turns_out_of_supply += 1
            share = truck_fuel_share(state, side, u.hex, cost) if ut.fuel_capacity > 0 else 0.0
            if short_of_supply(state, u):
                u.readiness = max(0.0, u.readiness - sup.readiness_loss_out)
        if ut.fuel_capacity > 0 and share > 0:
            # extra fuel carried above capacity (a variant's drums) is not taken away
            wanted[uid] = share * sup.fuel_refill * ut.fuel_capacity
    for uid, amount in fuel_shares(state, side, wanted, lines.depot).items():
        u = state.units[uid]
        u.fuel = max(u.fuel, min(rules.unit_types[u.type].fuel_capacity, u.fuel + amount))


def fuel_shares(state: GameState, side: str, wanted: dict[str, float], fed_by: dict[str, str]) -> dict[str, float]:
    """The fuel each unit gets of the refill it ``wanted``: all of it from a fixed source; from
    a field depot with a ``fuel_lift``, the units it feeds (``fed_by``: unit id -> the depot its
    line starts from) share its lift by weight (fuel points times stacking points), each getting
    the same part of what it can take when together they want more (one standing on a fixed
    source hands out that source's fuel). Why: the tank army's trucks could not keep a thousand
    tanks moving over the Khingan, where a rifle army's could carry its few motorised
    detachments."""
    types = state.scenario.rules.unit_types
    fixed = {src.hex for src in state.scenario.map.supply_sources if src.side == side}
    lifts = {d.id: types[d.type].fuel_lift for d in state.units.values()
             if d.side == side and types[d.type].fuel_lift > 0 and d.hex not in fixed}
    if not lifts:
        return wanted  # no depot's lift is limited: every unit gets its refill
    demand: dict[str, float] = {}
    room: dict[str, float] = {}
    for uid, amount in wanted.items():
        u = state.units[uid]
        src = fed_by.get(uid)
        if src in lifts:  # what the tanks can take, not more
            room[uid] = max(0.0, min(amount, types[u.type].fuel_capacity - u.fuel))
            demand[src] = demand.get(src, 0.0) + room[uid] * types[u.type].stack
    out = dict(wanted)
    for uid in room:
        src = fed_by[uid]
        if demand[src] > lifts[src]:
            out[uid] = room[uid] * lifts[src] / demand[src]
    return out
