"""Airborne and seaborne landings: where a landing force may go down and be relieved, and
which troops wait at their airfield or fleet base for one."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..combat import defence_strength, raw_strength
from ..hexes import Hex, distance
from ..orders import AirborneLanding, AmphibiousLanding, can_embark, execute
from ..sea import sea_distance
from .axes import axis_places
from .context import Context, hex_value

if TYPE_CHECKING:
    from ..units import Unit

RELIEF_HEXES = 8


def make_landings(ctx: Context) -> None:
    """Drop airborne units and land seaborne ones on the most valuable enemy-held goal within
    range that the enemy cannot crush at once (its threat below the landed unit's defence)."""
    st = ctx.state
    if not ctx.attacking:
        return
    # as the turn began: a landing that takes a garrison's surrender does not change it
    enemy_hexes = {u.hex for u in st.units.values() if u.side != ctx.side}
    for u in ctx.own_units():
        if u.moved or u.attacked or u.rail_moved:
            continue
        kind = _landing_kind(ctx, u)
        if kind is None:
            continue
        order, reach = kind
        for *_, h in sorted(_landing_options(ctx, u, order, reach, enemy_hexes)):
            if execute(st, order(u.id, h)).ok:
                ctx.changed()
                break


def _landing_kind(ctx: Context, u: Unit) -> tuple[type[AirborneLanding | AmphibiousLanding], int] | None:
    """The landing ``u`` could make this turn and its range: a drop from the airfield it stands on,
    a landing from a harbour it may sail from, or none."""
    ut = ctx.scn.rules.unit_types[u.type]
    side_caps = ctx.scn.sides[ctx.side]
    if ut.airborne and ctx.scn.graph.nodes[u.hex]["airfield"] and side_caps.get("airborne_lifts_per_turn", 0):
        return AirborneLanding, side_caps.get("airborne_range", 0)
    if side_caps.get("amphibious_lifts_per_turn", 0) and not ut.static and can_embark(ctx.state, u):
        return AmphibiousLanding, side_caps.get("amphibious_range", 0)
    return None


def _landing_options(ctx: Context, u: Unit, order: type[AirborneLanding | AmphibiousLanding], reach: int,
                     enemy_hexes: set[Hex]) -> list[tuple[int, float, int, Hex]]:
    """The goals ``u`` could land on, as sort keys: the places of its axis first, in order (the
    fleet's landings went down the coast port by port); then the most valuable goal."""
    st = ctx.state
    types = ctx.scn.rules.unit_types
    ut = types[u.type]
    axis_rank = {ctx.scn.map.places[p].hex: i for i, p in enumerate(axis_places(ctx, u))}
    mine = defence_strength(st, u, at=None)
    ground = [x.hex for x in st.units.values()
              if x.side == ctx.side and x.id != u.id and not types[x.type].airborne and not types[x.type].static]
    taken = {x.hex for x in st.units.values() if x.side == ctx.side}  # landed on earlier this turn
    options = []
    for h, pr in ctx.goals:
        if h in taken or distance(h, u.hex) > reach:
            continue
        if order is AmphibiousLanding:
            sailed = sea_distance(ctx.scn, u.hex, h)
            if sailed is None or sailed > reach:
                continue  # no sea lane to that coast, or too long a one
        if order is AirborneLanding and ut.airlanding and not ctx.scn.graph.nodes[h]["airfield"]:
            continue
        if _lands_safely(ctx, h, mine, ground, h in enemy_hexes):
            options.append((axis_rank.get(h, len(axis_rank)), -(hex_value(ctx, h) + pr), distance(h, u.hex), h))
    return options


def _lands_safely(ctx: Context, h: Hex, mine: float, ground: list[Hex], parley: bool) -> bool:
    """Whether a landing force of defence ``mine`` may go down at ``h``, held by the enemy if
    ``parley``; ``ground`` is where its side's ground troops stand."""
    st = ctx.state
    types = ctx.scn.rules.unit_types
    if parley and not all(st.stood_down(e) for e in st.units_at(h)):
        return False  # a garrison is landed on only to take its surrender, under a cease-fire
    # a landing force cut off from supply must not land among enemy troops of any kind
    # (unless they are laying down their arms)
    near = sum(raw_strength(st, e) for e in st.units.values()
               if e.side != ctx.side and distance(e.hex, h) <= 4 and not st.stood_down(e))
    if near > 0.5 * mine or ctx.threat(h) > mine:
        return False
    # a landing force must be relieved by ground troops within a day or two, unless no
    # enemy troops that can move are left within a relief march of it (the airlandings of 18-24 August
    # 1945 went into cities whose garrisons were laying down their arms; the Chongjin
    # landing held until the 393rd Rifle Division came up the coast)
    return any(distance(x, h) <= RELIEF_HEXES for x in ground) \
        or not any(e.side != ctx.side and not types[e.type].static and distance(e.hex, h) <= RELIEF_HEXES
                   and not st.stood_down(e) for e in st.units.values())


def waiting_to_fly(ctx: Context, u: Unit) -> bool:
    """Airborne troops on a friendly airfield, and landing troops in one of their fleet's bases,
    wait there for a landing; marching them off as infantry would waste the side's lift."""
    ut = ctx.scn.rules.unit_types[u.type]
    caps = ctx.scn.sides[ctx.side]
    if not ctx.attacking or ctx.state.control.get(u.hex) != ctx.side:
        return False  # a defending side makes no landings (make_landings)
    if ut.airborne and ctx.scn.graph.nodes[u.hex]["airfield"] and caps.get("airborne_lifts_per_turn", 0):
        return True
    return bool(ut.amphibious and caps.get("amphibious_lifts_per_turn", 0) and can_embark(ctx.state, u))
