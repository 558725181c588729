"""The defender: hold the line, garrison objectives, carry out the hints' withdrawals and
fallback, and dig in."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..combat import defence_strength
from ..hexes import Hex, distance
from ..orders import DigIn, execute
from ..units import named_by
from .axes import choose_goal
from .context import Context
from .fields import INF, cost_field

if TYPE_CHECKING:
    from ..units import Unit


GARRISON_HEXES = 3
REINFORCE_DAYS = 2


def _withdrawal_places(ctx: Context, u: Unit) -> list[Hex]:
    """The places of the hints' withdrawal this unit's formation is under, once it has begun."""
    mine = named_by(ctx.scn.formations, u)
    for w in ctx.hints.withdrawals:
        if mine & set(w.formations) and w.begun(ctx.state.date):
            return [ctx.scn.map.places[p].hex for p in w.places]
    return []


def _nearest_by_cost(ctx: Context, u: Unit, places: list[Hex]) -> Hex | None:
    mob = ctx.scn.rules.unit_types[u.type].mobility
    costs = [(cost_field(ctx.scn, mob, (h,)).get(u.hex, INF), h) for h in places]
    best = min(costs)
    return best[1] if best[0] < INF else None


def defender_goal(ctx: Context, u: Unit, fallback_on: bool, fallback: list[tuple[Hex, float]]) -> Hex | None:
    """Where a defending unit should go, or None to stay and dig in.

    A defender's strength is in its prepared positions: units in contact or on an objective or
    works stay and dig in (trials on the historical scenario: every move out of line cost more
    ground than it saved). A unit within a few hexes of an objective nobody holds garrisons it;
    other reserves out of contact go to the nearest threatened objective that no unit holds.
    Formations under a withdrawal of the hints fall back on its nearest place from its date,
    in contact or not; the whole side falls back on its fallback places once the hints say so.
    """
    st = ctx.state
    if fallback_on and fallback:
        return choose_goal(ctx, u, fallback)
    withdraw = _withdrawal_places(ctx, u)
    if withdraw:
        return None if u.hex in withdraw else _nearest_by_cost(ctx, u, withdraw)
    node = ctx.scn.graph.nodes[u.hex]
    if any(g == u.hex for g, _ in ctx.goals) or node["fortification"] > 0:
        return None
    if any(e.side != ctx.side and distance(e.hex, u.hex) <= 3 for e in st.units.values()):
        # in contact: stay, unless caught in the open by an overwhelming force
        if u.entrenchment == 0 and ctx.threat(u.hex) / max(defence_strength(st, u), 1e-9) >= 6.0:
            return choose_goal(ctx, u, ctx.goals)
        return None
    held = {x.hex for x in st.units.values() if x.side == ctx.side}
    # a garrison next to an objective nobody holds takes it over before going anywhere else
    local = sorted((g for g, _ in ctx.goals if g not in held and distance(g, u.hex) <= GARRISON_HEXES),
                   key=lambda g: (distance(g, u.hex), g))
    if local:
        return local[0]
    # a reserve goes only where it can be within REINFORCE_DAYS: the threatened place will be
    # attacked next turn, and a unit days of marching away arrives after it has fallen, or
    # meets the enemy on the way in the open
    ut = ctx.scn.rules.unit_types[u.type]
    near_enough = ut.movement * REINFORCE_DAYS
    open_goals = sorted((g for g, _ in ctx.goals if g not in held and ctx.threat(g) > 0
                         and cost_field(ctx.scn, ut.mobility, (g,)).within(u.hex, near_enough) <= near_enough),
                        key=lambda g: (distance(g, u.hex), g))
    return open_goals[0] if open_goals else None


def dig_in_rest(ctx: Context) -> None:
    st = ctx.state
    limit = ctx.scn.rules.combat.max_entrenchment
    for u in ctx.own_units():
        if not (u.moved or u.attacked or u.rail_moved) and u.entrenchment < limit:
            execute(st, DigIn(u.id))
