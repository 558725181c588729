"""Air lifts: fuel, ammunition and food flown to the units that need them most."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..combat import raw_strength
from ..orders import AirSupply, execute
from .context import Context

if TYPE_CHECKING:
    from ..units import Unit


def fly_fuel(ctx: Context) -> None:
    """Fly fuel and ammunition to units that cannot make a full day's move or whose carried
    stocks run out, the strongest first: a tank corps stalled beyond supply matters more than
    a brigade (the 1945 airlift fed the tank army). A refused lift (out of range, or no lift
    left) drops the unit from the round."""
    types = ctx.scn.rules.unit_types
    carried = ctx.scn.rules.supply.carried_turns

    def needs(u: Unit) -> bool:
        ut = types[u.type]
        if ut.static or ut.depot:
            return False  # a depot is the supply; it needs no lift
        dry = ut.fuel_capacity > 0 and u.fuel < min(ut.fuel_capacity, ut.movement * ut.fuel_per_mp)
        return dry or (not u.supplied and u.turns_out_of_supply >= carried)

    thirsty = sorted((u for u in ctx.state.units_of(ctx.side) if needs(u) and ctx.commands(u)),
                     key=lambda u: (-raw_strength(ctx.state, u) * types[u.type].attack, u.fuel, u.id))
    # one lift per unit and pass, so the lifts go round the strongest stalled units
    while thirsty:
        thirsty = [u for u in thirsty if needs(u) and execute(ctx.state, AirSupply(u.id)).ok]
