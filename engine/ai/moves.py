"""Movement: each unit's goal, and the hex it can reach that serves it best, weighing supply,
fuel and the enemy's threat."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..combat import defence_strength
from ..hexes import Hex, distance
from ..movement import Reach, can_stack
from ..orders import Move, execute
from .axes import choose_goal
from .context import Context
from .defence import defender_goal
from .encircle import closing_gain
from .fields import INF, Field, cost_field
from .landings import waiting_to_fly

if TYPE_CHECKING:
    from ..units import Unit


def _score_destination(ctx: Context, u: Unit, h: Hex, field_: Any, reach: Reach, goal: Hex | None,
                       pull: float) -> float:
    """How good ``h`` is as the end of ``u``'s move; ``pull``: the unit's pull towards supply
    (:func:`_supply_pull`, the same for all its hexes)."""
    st = ctx.state
    rules = ctx.scn.rules
    ut = rules.unit_types[u.type]
    score = -field_.get(h, INF)
    if score == -INF:
        score = -1e6 - distance(h, u.hex)
    beyond = h not in ctx.supply_for(u)
    if ctx.j.supply_care and beyond and not (ctx.attacking and h == goal):
        score -= pull  # a mild pull back towards supply; fuel is judged below
    if ctx.j.threat_care:
        mine = defence_strength(st, u, at=h)
        odds = ctx.threat(h) / max(mine, 1e-9)
        if odds > 3.0:
            score -= (odds - 3.0) * ut.movement
    if ctx.j.encircle_weight and ctx.attacking:
        score += ctx.j.encircle_weight * closing_gain(ctx, u, h)
    if ut.fuel_per_mp > 0 and beyond:
        # beyond supply keep half a day's fuel: each movement point of it spent now counts
        # against the move (a smooth cost, so a unit still takes the last step onto its goal)
        reserve = ut.movement * ut.fuel_per_mp * 0.5
        fuel_after = u.fuel - reach.cost[h] * ut.fuel_per_mp
        if fuel_after < reserve:
            score -= (reserve - max(fuel_after, 0.0)) / ut.fuel_per_mp
    return score


def _supply_pull(ctx: Context, u: Unit) -> float:
    """What a hex beyond supply costs ``u``'s choice of move: half a day's march, for a unit that
    moves on fuel divided by the weather's move-cost factor where it stands.

    The supply pull is half a day's march in the dry going of the cost field; in rain or mud a
    fuelled column's day gains less of that field, and a flat pull kept it at the edge of supply
    with full tanks (the 6th Guards Tank Army with the rear columns keeping up, ``gta_full_fuel``,
    stood three days on the plain). Marching infantry keep the flat pull: a rifle division out
    of supply can send no motorised detachment (its trucks fill up on the supply line)."""
    ut = ctx.scn.rules.unit_types[u.type]
    mud = ctx.state.modifier(u.side, "move_cost", ut.mobility, u.hex) if ut.fuel_per_mp > 0 else 1.0
    return 0.5 * ut.movement / mud


def move_units(ctx: Context) -> None:
    st = ctx.state
    types = ctx.scn.rules.unit_types
    fallback_on = ctx.hints.falling_back(st.date)
    fallback = [(ctx.scn.map.places[p].hex, 1.0) for p in ctx.hints.fallback]
    for u in ctx.own_units():
        if st.over:
            return
        if u.attacked or u.rail_moved or types[u.type].static or types[u.type].depot:
            continue  # depots follow their troops afterwards (see depots)
        uid = u.id
        if waiting_to_fly(ctx, u):
            continue
        if ctx.attacking:
            goal = choose_goal(ctx, u, ctx.goals)
        else:
            goal = defender_goal(ctx, u, fallback_on, fallback)
            if goal is None:
                continue
        if goal is None:
            continue
        ctx.assigned[goal] = ctx.assigned.get(goal, 0) + 1
        ctx.assigned_ids.setdefault(goal, set()).add(uid)
        reach = ctx.reach(uid)
        field_ = cost_field(ctx.scn, types[u.type].mobility, (goal,))
        options = sorted(h for h in reach.endable if ctx.may_end_in(h) or h == u.hex)
        pull = _supply_pull(ctx, u)
        best = max(options, key=lambda h: (_score_destination(ctx, u, h, field_, reach, goal, pull), -h[0], -h[1]))
        if best == u.hex and field_.get(u.hex) > 0:
            best = _way_round_a_jam(ctx, u, goal, reach, options, pull)
        if best != u.hex and execute(st, Move(uid, best)).ok:
            ctx.changed()


def _way_round_a_jam(ctx: Context, u: Unit, goal: Hex, reach: Reach, options: list[Hex], pull: float) -> Hex:
    """Where a unit short of its goal goes when no hex it can stop in brings it nearer because
    the hexes on its way are full of its own side's units: the best hex on the way round them,
    or its own hex if there is none. Only then, as a field that avoids hexes costs a search of
    its own."""
    st = ctx.state
    full = frozenset(h for h in reach.cost if h != u.hex and h not in reach.endable and not can_stack(st, u, h))
    if not full:
        return u.hex
    field_ = Field(ctx.scn, ctx.scn.rules.unit_types[u.type].mobility, (goal,), avoid=full)
    if field_.get(u.hex) == INF:
        return u.hex
    return max(options, key=lambda h: (_score_destination(ctx, u, h, field_, reach, goal, pull), -h[0], -h[1]))
