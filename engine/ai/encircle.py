"""Encirclement: the enemy men a unit would shut in by standing on a hex. A defender with no
free hex to fall back into is captured by a retreat or rout result (``combat.outcome_effects``),
so closing the last ways out of enemy units is worth a detour; the AI weighs it when it picks
where to move (``Judgement.encircle_weight``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..hexes import Hex, neighbours
from .context import Context

if TYPE_CHECKING:
    from ..units import Unit


def _exits(ctx: Context, e: Unit, freed: Hex) -> list[Hex]:
    """The hexes next to enemy unit ``e`` it could fall back into: on the map, passable for it
    and free of the side's units (``freed``, the hex the moving unit leaves, counts as free)."""
    g, rules = ctx.scn.graph, ctx.scn.rules
    mobility = rules.unit_types[e.type].mobility
    held = ctx.held_hexes()
    out = []
    for n in neighbours(e.hex):
        if n not in g or (n in held and n != freed):
            continue
        t = rules.terrain[g.nodes[n]["terrain"]]
        if t.passable and t.move.get(mobility) is not None:
            out.append(n)
    return out


def closing_gain(ctx: Context, u: Unit, h: Hex) -> float:
    """Thousands of enemy men whose ways out ``u`` would close by standing on ``h``: for each
    enemy unit next to ``h`` that could fall back into it, its men over the number of its ways
    out (so the last one counts in full). Static garrisons cannot fall back and do not count."""
    types = ctx.scn.rules.unit_types
    gain = 0.0
    for n in neighbours(h):
        for e in ctx.enemies_at(n):
            if types[e.type].static:
                continue
            ways = _exits(ctx, e, u.hex)
            if h in ways:
                gain += e.men / 1000.0 / len(ways)
    return gain
