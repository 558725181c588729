"""Where an attacking unit is going: the first place of its axis its side does not hold
(fortresses contained and bypassed), or the goal cheapest to reach."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..combat import holds_works
from ..hexes import Hex, distance
from ..units import named_by
from .context import Context
from .fields import INF, cost_field

if TYPE_CHECKING:
    from ..units import Unit


CONTAIN_FORTRESS = 2
# a fortress is contained by as many of the slowest units as outnumber its garrison this many
# times (at least one, at most CONTAIN_FORTRESS): one rifle corps contains the Hailar works
CONTAIN_RATIO = 3.0


def fortress(ctx: Context, h: Hex) -> bool:
    """Held only by enemy garrisons that cannot leave works strong enough that no single assault
    takes them (``holds_works``): no threat to a passing column, and a matter of a siege."""
    here = [x for x in ctx.state.units_at(h) if x.side != ctx.side]
    return bool(here) and all(holds_works(ctx.state, x, h) for x in here)


def containers(ctx: Context, h: Hex) -> list[str]:
    """The units left to contain the fortress at ``h``: of the side's units next to it, the
    slowest (the marching infantry; the mobile units go on), as many as outnumber the garrison
    ``CONTAIN_RATIO`` times, at most ``CONTAIN_FORTRESS``."""
    types = ctx.scn.rules.unit_types
    near = [x for x in ctx.state.units_of(ctx.side)
            if distance(x.hex, h) == 1 and not types[x.type].static and types[x.type].attack > 0]
    near.sort(key=lambda x: (types[x.type].movement, -x.men, x.id))
    out: list[str] = []
    for x in near:
        if contained(ctx, h, out):
            break
        out.append(x.id)
    return out


def contained(ctx: Context, h: Hex, ids: set[str] | list[str]) -> bool:
    """Whether the units ``ids`` are enough to contain the fortress at ``h``."""
    if len(ids) >= CONTAIN_FORTRESS:
        return True
    need = CONTAIN_RATIO * sum(x.men for x in ctx.state.units_at(h) if x.side != ctx.side)
    return bool(ids) and sum(ctx.state.units[i].men for i in ids if i in ctx.state.units) >= need


def axis_places(ctx: Context, u: Unit) -> list[str]:
    """The places of the first axis that names the unit or one of its formations."""
    mine = named_by(ctx.scn.formations, u)
    for axis in ctx.hints.axes:
        if mine & set(axis.formations):
            return list(axis.places)
    return []


def axis_goal(ctx: Context, u: Unit) -> Hex | None:
    """The first place of the unit's axis its side does not hold. Fortresses are bypassed, as
    the fronts did in 1945: a few units stay to contain one, the rest go on to the next place."""
    for p in axis_places(ctx, u):
        h = ctx.scn.map.places[p].hex
        if ctx.state.control.get(h) == ctx.side:
            continue
        if fortress(ctx, h):
            held = containers(ctx, h)
            if distance(u.hex, h) == 1:
                if u.id not in held:
                    continue  # enough others contain it: go past
            elif contained(ctx, h, set(held) | ctx.assigned_ids.get(h, set())):
                continue
        return h
    return None


NEAREST_GOALS = 5


def choose_goal(ctx: Context, u: Unit, goals: list[tuple[Hex, float]]) -> Hex | None:
    axis = axis_goal(ctx, u)
    if axis is not None:
        return axis
    if not goals:
        return None
    mob = ctx.scn.rules.unit_types[u.type].mobility
    # weigh only the few goals nearest as the crow flies: cost fields are dear to compute
    near = sorted(goals, key=lambda g: (distance(u.hex, g[0]) / max(g[1], 0.05), g[0]))[:NEAREST_GOALS]
    best = None
    for h, pr in near:
        weight = (1.0 + 0.25 * ctx.assigned.get(h, 0)) / max(pr, 0.05)
        # a goal dearer than the best so far cannot win: its field need not be searched that far
        # (the margin keeps rounding from ever cutting off one that would tie or win)
        limit = INF if best is None else best[0][0] / weight * (1 + 1e-9) + 1e-9
        c = cost_field(ctx.scn, mob, (h,)).within(u.hex, limit)
        if c == INF:
            continue
        key = c * (1.0 + 0.25 * ctx.assigned.get(h, 0)) / max(pr, 0.05)
        if best is None or (key, h) < best[0]:
            best = ((key, h), h)
    return best[1] if best else None
