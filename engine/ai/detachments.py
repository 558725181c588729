"""Forward detachments: a corps stalled for fuel beyond its supply sends a fully fuelled part of
itself ahead towards its goal, as the tank army did from 12-13 August 1945; marching rifle
corps and divisions send their truck-borne heads ahead from the start, as the rifle armies did.
A detachment its unit has caught up with folds back into it once it has run dry (less than a
day's fuel): folding back fuelled ones cost more pace than it saved (docs/rules.md)."""
from __future__ import annotations

from ..orders import Detach, Rejoin, execute, parent_of
from .axes import choose_goal
from .context import Context
from .fields import INF, cost_field


def rejoin_detachments(ctx: Context) -> None:
    """Fold back every detachment standing in its unit's hex with less than a day's fuel left; a
    unit with its detachment back may send a fresh, fully fuelled one from the supply line."""
    if not ctx.attacking:
        return
    st = ctx.state
    types = ctx.scn.rules.unit_types
    for det in ctx.own_units():
        if det.attacked:
            continue
        parent = parent_of(st, det)
        if parent is None or parent.hex != det.hex or parent.attacked:
            continue
        dt = types[det.type]
        dry = dt.fuel_per_mp > 0 and det.fuel < dt.movement * dt.fuel_per_mp
        if dry and execute(st, Rejoin(det.id)).ok:
            ctx.changed()


def send_detachments(ctx: Context) -> None:
    """Every unit that can form a detachment and whose goal lies beyond today's reach sends one:
    a motorised corps when it is beyond supply with less fuel than a day's move (but enough to
    fill a detachment for one), a marching corps or division when it is in supply."""
    if not ctx.attacking:
        return
    st = ctx.state
    types = ctx.scn.rules.unit_types
    for u in ctx.own_units():
        if u.moved or u.attacked or u.rail_moved:
            continue
        ut = types[u.type]
        d = ut.detachment
        if not d:
            continue
        if ut.fuel_per_mp > 0:
            day = ut.movement * ut.fuel_per_mp
            if u.supplied or u.fuel >= day or u.fuel < d["share"] * day:
                continue  # it can move on its own, or has too little to fill a detachment for a day
        elif not u.supplied:
            continue  # a marching unit's detachment fills its trucks on the supply line
        goal = choose_goal(ctx, u, ctx.goals)
        if goal is None:
            continue
        dist = cost_field(ctx.scn, types[d["type"]].mobility, (goal,)).get(u.hex, INF)
        if dist == INF or dist <= ut.movement:
            continue
        if execute(st, Detach(u.id)).ok:
            ctx.changed()
