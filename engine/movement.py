"""Movement: costs per mobility class, zones of control, stacking, fuel, reachable hexes.

Entering a hex costs the terrain's movement points for the unit's mobility class, or the road
or railway cost when the edge carries one; crossing a river adds its extra cost (a smaller one
where a road or railway bridges it). Events may multiply costs (rain). A unit entering an enemy
zone of control (a hex next to an enemy unit that exerts one) stops there, and may not move
directly from one enemy-controlled zone hex to another. Enemy-occupied hexes are closed.
Motorised and tracked units burn fuel per movement point and stop when it runs out.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .hexes import Hex, neighbours

if TYPE_CHECKING:
    from .scenario import Scenario
    from .state import GameState
    from .units import Unit

INF = math.inf


def static_costs(scn: Scenario, mobility: str) -> dict[Hex, dict[Hex, float]]:
    """Cost of every directed edge for a mobility class, before dynamic effects (cached)."""
    key = f"move:{mobility}"
    if key in scn.cache:
        return scn.cache[key]
    rules, g = scn.rules, scn.graph
    road = rules.features.road.move.get(mobility)
    rail = rules.features.rail.move.get(mobility)
    enter = _terrain_costs(scn, mobility)
    out: dict[Hex, dict[Hex, float]] = {}
    for u, edges in g.adjacency():
        row: dict[Hex, float] = {}
        for v, e in edges.items():
            cost = enter[v]
            bridged = False
            if e["rail"] and rail is not None:
                cost, bridged = min(cost, rail), True
            if e["road"] and road is not None:
                cost, bridged = min(cost, road), True
            if e["river"] and cost < INF:
                river = rules.rivers[e["river"]]
                cost += river.bridged_extra if bridged else river.move_extra.get(mobility, INF)
            row[v] = cost
        out[u] = row
    scn.cache[key] = out
    return out


def _terrain_costs(scn: Scenario, mobility: str) -> dict[Hex, float]:
    """What entering each hex costs a mobility class by its terrain alone (INF: impassable)."""
    out: dict[Hex, float] = {}
    for v, data in scn.graph.nodes(data=True):
        t = scn.rules.terrain[data["terrain"]]
        cost = t.move.get(mobility) if t.passable else None
        out[v] = INF if cost is None else cost
    return out


def map_neighbours(scn: Scenario) -> dict[Hex, tuple[Hex, ...]]:
    """The neighbours of each map hex that are on the map too, in the order of
    :func:`hexes.neighbours` (cached: zones of control and searches ask for them all the time)."""
    g = scn.graph
    return scn.cache.memo("map_neighbours", lambda: {h: tuple(n for n in neighbours(h) if n in g) for h in g})


def enemy_zoc(state: GameState, side: str, seen: set[Hex] | None = None) -> set[Hex]:
    """Hexes in the zone of control of ``side``'s enemies (with ``seen``: of the enemies on
    those hexes only, as a player under fog of war knows them)."""
    zoc: set[Hex] = set()
    types = state.scenario.rules.unit_types
    g = state.scenario.graph
    nbrs = map_neighbours(state.scenario)
    for u in state.units.values():
        if u.side != side and types[u.type].zoc and (seen is None or u.hex in seen) and not state.stood_down(u):
            on_map = nbrs.get(u.hex)
            zoc.update(on_map if on_map is not None else (n for n in neighbours(u.hex) if n in g))
    return zoc


@dataclass(frozen=True)
class Surroundings:
    """What a search for the hexes a unit of ``side`` can reach needs to know of the other units:
    the enemies' zone of control, the hexes they hold, and the stacking points used in each hex
    (all units). A computer player making many searches while no unit moves works it out once
    (:func:`surroundings`) instead of once per search."""

    side: str
    seen: frozenset[Hex] | None
    zoc: set[Hex]
    enemy_hexes: set[Hex]
    stacked: dict[Hex, float]


def surroundings(state: GameState, side: str, seen: set[Hex] | None = None) -> Surroundings:
    """The :class:`Surroundings` of ``side`` now (with ``seen``: only the enemies on those hexes)."""
    types = state.scenario.rules.unit_types
    enemy_hexes: set[Hex] = set()
    stacked: dict[Hex, float] = {}
    for u in state.units.values():
        if u.side != side and (seen is None or u.hex in seen):
            enemy_hexes.add(u.hex)
        stacked[u.hex] = stacked.get(u.hex, 0.0) + types[u.type].stack
    return Surroundings(side, None if seen is None else frozenset(seen), enemy_zoc(state, side, seen), enemy_hexes,
                        stacked)


def stack_used(state: GameState, h: Hex, exclude: str | None = None) -> float:
    types = state.scenario.rules.unit_types
    return sum(types[u.type].stack for u in state.units.values() if u.hex == h and u.id != exclude)


def can_stack(state: GameState, unit: Unit, h: Hex) -> bool:
    types = state.scenario.rules.unit_types
    return stack_used(state, h, unit.id) + types[unit.type].stack <= state.scenario.rules.stacking_limit + 1e-9


def movement_budget(state: GameState, unit: Unit) -> float:
    """Movement points the unit can still spend, limited by fuel."""
    ut = state.scenario.rules.unit_types[unit.type]
    if ut.static:
        return 0.0
    budget = unit.mp_left
    if ut.fuel_per_mp > 0:
        budget = min(budget, unit.fuel / ut.fuel_per_mp)
    return max(0.0, budget)


@dataclass
class Reach:
    """Result of a reachable-hexes query: cost to each hex and the previous hex on its path."""

    unit: str
    start: Hex
    cost: dict[Hex, float]
    prev: dict[Hex, Hex]
    endable: set[Hex]

    def path(self, to: Hex) -> list[Hex]:
        """Hexes from the start to ``to`` (both included); empty if unreachable."""
        if to not in self.cost:
            return []
        out = [to]
        while out[-1] != self.start:
            out.append(self.prev[out[-1]])
        return out[::-1]

    def destinations(self) -> list[Hex]:
        """Hexes the unit may end its move in (sorted, start excluded)."""
        return sorted(h for h in self.endable if h != self.start)


def reachable(state: GameState, unit_id: str, seen: set[Hex] | None = None,
              around: Surroundings | None = None) -> Reach:
    """Every hex the unit can reach this turn, with the cheapest path (Dijkstra); a unit that
    has not moved may always enter one adjacent passable hex with all its movement.

    With ``seen`` (the hexes its side sees) only the enemies there count: the answer is what
    the player can know, and a march planned on it may meet hidden enemies (:func:`march_stop`).
    ``around`` is the unit's side's :func:`surroundings` made since the last unit moved (the
    same ``seen``), to save working it out again.
    """
    unit = state.units[unit_id]
    scn = state.scenario
    ut = scn.rules.unit_types[unit.type]
    budget = movement_budget(state, unit)
    cost = {unit.hex: 0.0}
    prev: dict[Hex, Hex] = {}
    if budget <= 0 or unit.rail_moved or unit.attacked:
        return Reach(unit_id, unit.hex, cost, prev, {unit.hex})
    if around is None or around.side != unit.side or around.seen != (None if seen is None else frozenset(seen)):
        around = surroundings(state, unit.side, seen)
    costs = static_costs(scn, ut.mobility)
    factor = state.modifier(unit.side, "move_cost", ut.mobility, unit.hex)
    zoc, occupied_by_enemy = around.zoc, around.enemy_hexes
    behind_lines = ut.depot  # a field depot keeps to hexes its side holds: it takes no ground
    control, side = state.control, unit.side
    heap: list[tuple[float, Hex]] = [(0.0, unit.hex)]
    bound = budget + 1e-9
    heappop, heappush = heapq.heappop, heapq.heappush
    while heap:
        c, h = heappop(heap)
        if c > cost[h]:
            continue
        in_zoc = h in zoc
        if in_zoc and h != unit.hex:
            continue  # entering an enemy zone of control ends movement
        for n, step in costs[h].items():
            if step == INF or n in occupied_by_enemy or (behind_lines and control.get(n) != side):
                continue
            if in_zoc and n in zoc:
                continue  # no moving directly from one enemy zone hex to another
            nc = c + step * factor
            if nc <= bound and nc < cost.get(n, INF) - 1e-12:
                cost[n] = nc
                prev[n] = h
                heappush(heap, (nc, n))
    if not unit.moved:
        # a unit that has not moved yet may always go one hex into passable ground, spending
        # its whole move: a rifle division can cross the Amur into the marsh in a day
        here_zoc = unit.hex in zoc
        for n, step in costs[unit.hex].items():
            if step == INF or n in occupied_by_enemy or n in cost or (here_zoc and n in zoc) \
                    or (behind_lines and control.get(n) != side):
                continue
            cost[n] = budget
            prev[n] = unit.hex
    # the unit's own hex is always endable, so the stacking there need not leave it out
    room = scn.rules.stacking_limit + 1e-9 - ut.stack
    used = around.stacked
    endable = {h for h in cost if h == unit.hex or used.get(h, 0.0) <= room}
    return Reach(unit_id, unit.hex, cost, prev, endable)


def march_stop(state: GameState, unit_id: str, path: list[Hex]) -> Hex:
    """Where a march along ``path`` (planned on what the side sees) really ends: before a hex
    an enemy holds, on entering an enemy zone of control, or before a step from one zone hex
    into another; then back along the path to a hex where the unit may stop (stacking). The hex
    returned is one :func:`reachable` allows, so a ``Move`` there is legal."""
    unit = state.units[unit_id]
    zoc = enemy_zoc(state, unit.side)
    enemy = {u.hex for u in state.units.values() if u.side != unit.side}
    walked = [path[0]] if path else [unit.hex]
    for h in path[1:]:
        if h in enemy or (walked[-1] in zoc and h in zoc):
            break
        walked.append(h)
        if h in zoc:
            break
    endable = reachable(state, unit_id).endable
    while len(walked) > 1 and walked[-1] not in endable:
        walked.pop()
    return walked[-1]


def spend(state: GameState, unit: Unit, mp: float) -> None:
    """Deduct movement points and the fuel they burn."""
    ut = state.scenario.rules.unit_types[unit.type]
    unit.mp_left = max(0.0, unit.mp_left - mp)
    if ut.fuel_per_mp > 0:
        unit.fuel = max(0.0, unit.fuel - mp * ut.fuel_per_mp)


def rail_path(state: GameState, unit: Unit, to: Hex) -> list[Hex]:
    """Shortest railway path along friendly, unoccupied-by-enemy, zone-free hexes, or []."""
    scn = state.scenario
    g = scn.graph
    zoc = enemy_zoc(state, unit.side)
    enemy = {u.hex for u in state.units.values() if u.side != unit.side}

    def ok(h: Hex) -> bool:
        return state.control.get(h) == unit.side and h not in enemy and h not in zoc

    if not ok(unit.hex) or not ok(to):
        return []
    prev: dict[Hex, Hex] = {unit.hex: unit.hex}
    frontier = [unit.hex]
    limit = scn.rules.rail_hexes_per_turn
    depth = 0
    while frontier and depth < limit:
        depth += 1
        nxt = []
        for h in frontier:
            for n, e in sorted(g[h].items()):
                if e["rail"] and n not in prev and ok(n):
                    prev[n] = h
                    nxt.append(n)
        if to in prev:
            break
        frontier = nxt
    if to not in prev:
        return []
    out = [to]
    while out[-1] != unit.hex:
        out.append(prev[out[-1]])
    return out[::-1]
