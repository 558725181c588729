"""What the AI knows at the start of its part of the turn: the side, its judgement, the
scenario's hints, its goals (objectives and victory places with their priorities), its supply,
and caches of reachable hexes and enemy threat that are dropped whenever positions change."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..combat import attack_strength
from ..hexes import Hex, distance
from ..movement import Reach, Surroundings, map_neighbours, reachable, surroundings
from ..supply import INF, SupplyPicture, depot_feeds, supply_limit, supply_picture
from .judgement import DIFFICULTIES, Judgement

if TYPE_CHECKING:
    from ..scenario import Scenario
    from ..scenario.hints import AIHints
    from ..state import GameState
    from ..units import Unit


@dataclass
class Context:
    state: GameState
    side: str
    j: Judgement
    hints: AIHints
    attacking: bool
    goals: list[tuple[Hex, float]]          # (hex, priority) the side wants to take or hold
    supply: dict[Hex, float]
    supply_limit: float
    reach_cache: dict[str, Reach] = field(default_factory=dict)
    skip: set[str] = field(default_factory=set)  # units whose planned attack fell apart this turn
    threat_cache: dict[Hex, float] = field(default_factory=dict)
    assigned: dict[Hex, int] = field(default_factory=dict)
    assigned_ids: dict[Hex, set[str]] = field(default_factory=dict)  # who was sent where this turn
    positions: dict[str, Any] = field(default_factory=dict)  # enemy units by hex, hexes the side holds
    assaults: dict[Hex, int] = field(default_factory=dict)  # units sent against each fortress this turn
    # a formation under a standing order (engine/ai/delegate.py): only these units act, and they
    # end their moves only in these hexes (None: the whole side, anywhere)
    only: frozenset[str] | None = None
    allowed: frozenset[Hex] | None = None
    supply_cache: dict[Any, Any] = field(default_factory=dict)  # the supply picture, hexes by depots feeding

    @property
    def scn(self) -> Scenario:
        return self.state.scenario

    def reach(self, uid: str) -> Reach:
        if uid not in self.reach_cache:
            self.reach_cache[uid] = reachable(self.state, uid, around=self.surroundings())
        return self.reach_cache[uid]

    def supply_for(self, u: Unit) -> set[Hex]:
        """The hexes where ``u`` would be in supply at the start of the turn: lines from the
        fixed sources or from the field depots that feed it (its own army's)."""
        mine = (u.id, u.formation)
        if mine not in self.supply_cache:
            picture = self.supply_cache.get("picture") or _start_picture(self.state, self.side)
            self.supply_cache["picture"] = picture
            key = tuple(d.id for d, _ in picture.depots if depot_feeds(self.state, d, u))
            if key not in self.supply_cache:
                self.supply_cache[key] = picture.hexes_for(self.state, u, self.supply_cache.get("within", INF))
            self.supply_cache[mine] = self.supply_cache[key]
        return self.supply_cache[mine]

    def surroundings(self) -> Surroundings:
        """The enemy's zone of control, the hexes it holds and the stacking in each hex, as the
        side's searches for reachable hexes need them (until positions change)."""
        if "around" not in self.positions:
            self.positions["around"] = surroundings(self.state, self.side)
        return self.positions["around"]

    def changed(self) -> None:
        """Positions changed: drop what depends on them."""
        self.reach_cache.clear()
        self.threat_cache.clear()
        self.positions.clear()

    def own_units(self) -> Iterator[Unit]:
        """The side's units in id order (those it commands), as they stand when their turn comes:
        one removed on the way (a detachment folded back) is skipped, one formed on the way is not
        visited."""
        for uid in sorted(self.state.units):
            u = self.state.units.get(uid)
            if u is not None and u.side == self.side and self.commands(u) and not self.state.stood_down(u):
                yield u

    def commands(self, u: Unit) -> bool:
        """Whether this AI gives ``u`` its orders (all the side's units, or a delegated formation's)."""
        return self.only is None or u.id in self.only

    def may_end_in(self, h: Hex) -> bool:
        """Whether a unit may end a move in ``h`` (a delegated formation keeps within its leash)."""
        return self.allowed is None or h in self.allowed

    def enemies_at(self, h: Hex) -> list:
        """Enemy units in hex ``h``."""
        if "enemies" not in self.positions:
            by_hex: dict[Hex, list] = {}
            for e in self.state.units.values():
                if e.side != self.side:
                    by_hex.setdefault(e.hex, []).append(e)
            self.positions["enemies"] = by_hex
        return self.positions["enemies"].get(h, [])

    def held_hexes(self) -> set[Hex]:
        """Hexes where the side's own units stand."""
        if "own" not in self.positions:
            self.positions["own"] = {u.hex for u in self.state.units.values() if u.side == self.side}
        return self.positions["own"]

    def threat(self, h: Hex) -> float:
        """Rough attack strength the enemy could bring against ``h`` next turn."""
        if h not in self.threat_cache:
            total = 0.0
            q, r = h
            for e, eq, er, reach in self._threats():
                # hex distance written out: this runs for every enemy and every hex weighed
                dq, dr = eq - q, er - r
                if (abs(dq) + abs(dr) + abs(dq + dr)) // 2 <= reach:
                    total += attack_strength(self.state, e, h, from_hex=_any_neighbour(self.state, h, e.hex))
            self.threat_cache[h] = total
        return self.threat_cache[h]

    def _threats(self) -> list[tuple[Unit, int, int, int]]:
        """The enemy units that could attack next turn, in the order of the state's units, each
        with its hex and how far (in hexes) its attack reaches: worked out once, not for every
        hex weighed."""
        if "threats" not in self.positions:
            types = self.scn.rules.unit_types
            out = []
            for e in self.state.units.values():
                if e.side == self.side or self.state.stood_down(e):
                    continue  # troops ordered to cease fire attack no one
                ut = types[e.type]
                if ut.attack > 0:
                    out.append((e, e.hex[0], e.hex[1], (1 if ut.static else max(1, int(ut.movement // 2))) + 1))
            self.positions["threats"] = out
        return self.positions["threats"]


def _any_neighbour(state: GameState, h: Hex, near: Hex) -> Hex:
    """A neighbour of ``h`` to measure an attack from (the one nearest ``near``)."""
    return min(map_neighbours(state.scenario)[h], key=lambda n: (distance(n, near), n))


def _goals(state: GameState, side: str, hints: AIHints, attacking: bool) -> list[tuple[Hex, float]]:
    places = state.scenario.map.places
    goals: dict[Hex, float] = {}
    n = len(hints.objectives)
    for i, o in enumerate(hints.objectives):
        if o.active(state.date):
            h = places[o.place].hex
            goals[h] = max(goals.get(h, 0.0), o.priority * (1.0 + (n - i) / max(n, 1)))
    for p in places.values():
        if p.vp > 0:
            goals.setdefault(p.hex, p.vp / 10.0)
    if attacking:
        out = [(h, pr) for h, pr in goals.items() if state.control.get(h) != side]
    else:
        out = [(h, pr) for h, pr in goals.items() if state.control.get(h) == side]
    return sorted(out, key=lambda x: (-x[1], x[0]))


def make_context(state: GameState, difficulty: str) -> Context:
    side = state.side
    hints = state.scenario.ai[side]
    attacking = hints.attacking
    # the picture as the turn begins, before anything moves: the side's lines within its reach
    # come from it too, rather than from a trace of their own
    picture = _start_picture(state, side)
    within = supply_limit(state, side) * state.max_modifier(side, "supply_range") + 1e-9
    sup = {h: c for h, c in picture.costs_for(state).items() if c <= within}
    ctx = Context(state, side, DIFFICULTIES[difficulty], hints, attacking, _goals(state, side, hints, attacking),
                  sup, state.scenario.rules.supply.max_cost)
    ctx.supply_cache.update(picture=picture, within=within)
    return ctx


def _start_picture(state: GameState, side: str) -> SupplyPicture:
    """The side's supply lines out to the trucks' reach: the traces its supply phase has just
    made (remembered), of which the AI counts the hexes within the supply reach."""
    return supply_picture(state, side, max(1.0, state.scenario.rules.supply.truck_fuel_reach))


def hex_value(ctx: Context, h: Hex) -> float:
    place = ctx.scn.map.place_at.get(h)
    value = ctx.scn.map.places[place].vp if place else 0.0
    for g, pr in ctx.goals:
        if g == h:
            value += 5.0 * pr
    return value
