"""Field depots: each army's depot follows its troops as far as the convoys from the front's
railheads and depots still reach it, and keeps out of the enemy's reach (a depot overrun is
lost, and one in an enemy zone of control hands out nothing)."""
from __future__ import annotations

from ..hexes import Hex, distance
from ..orders import Move, execute
from ..supply import SupplyLines
from ..units import named_by
from .context import Context


def move_depots(ctx: Context) -> None:
    """Move every field depot of the side to the hex nearest its formation's troops (least total
    distance to them) among those its convoys reach, out of any enemy zone of control and of
    the enemy's threat; a depot standing where it would no longer work moves back to such a hex."""
    st = ctx.state
    types = ctx.scn.rules.unit_types
    depots = [u for u in ctx.own_units() if types[u.type].depot and not u.moved]
    if not depots:
        return
    lines = SupplyLines(st, ctx.side)
    convoys = lines.convoys(max(types[d.type].depot_reach for d in depots))
    for d in depots:
        troops = [u.hex for u in ctx.own_units()
                  if not types[u.type].depot and d.formation in named_by(ctx.scn.formations, u)]
        if not troops:
            continue
        reach = types[d.type].depot_reach

        def works(h: Hex, reach: float = reach) -> bool:
            return lines.depot_works_at(h, reach, convoys) and ctx.threat(h) <= 0

        def spread(h: Hex, troops: list[Hex] = troops) -> int:
            return sum(distance(h, t) for t in troops)

        options = [h for h in sorted(ctx.reach(d.id).endable) if works(h)]
        if not options:
            continue
        best = min(options, key=lambda h: (spread(h), convoys[h], h))
        if best == d.hex or (works(d.hex) and spread(best) >= spread(d.hex)):
            continue
        if execute(st, Move(d.id, best)).ok:
            ctx.changed()
