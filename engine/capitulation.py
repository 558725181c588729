"""Capitulation through the chain of command: how an order to lay down arms reaches each unit.

The decision to surrender is history and comes from events (``surrender_order``: a headquarters
orders its troops to cease fire on a date). How the order reaches the troops is this rule, so the
end of a campaign follows from the state of the defender's command when the order is given:

1. The order passes down the chain of command, a day's staff work at each headquarters: the one
   whose decision the event is sends it out that day, the others from the day after they receive
   it. Each day a headquarters whose superior sends the order receives it with the rules' ``relay``
   chance, or ``relay_overrun`` if the enemy holds its seat (its ``hq`` place): a headquarters
   driven from its seat has lost its signals and works through couriers. Headquarters without a
   seat on the map count as intact.
2. A unit whose own headquarters sends the order receives and obeys it with ``obey_connected`` a
   day while it is in supply (road, rail and wire to the rear), ``obey_cut_off`` when it is cut off,
   and ``obey_besieged`` when it is cut off in works of ``besieged_works`` or more with the enemy
   next to it: under bombardment its wire and radios are gone and only an emissary gets through.
   Units never reached stay holdouts and fight on.
3. A unit that obeys stands down: it makes no attack and no move, exerts no zone of control, and
   lays down its arms to the first enemy troops next to it or landing on its hex. While it waits,
   the rules' ``drift`` share of its men slip away each day (booked as dispersed).
4. When the surrender is signed (``surrender_signed``), every unit that has stood down lays down
   its arms; the game ends once the side has no units left.

Both sides' parts of the day start by taking the surrenders they are owed, and the order spreads
at the start of the surrendering side's part, after its supply is traced (supply is the rule's
measure of communications). The draws come from the game's generator, in a fixed order.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .hexes import neighbours

if TYPE_CHECKING:
    from .state import GameState
    from .units import Formation, Unit


def issue_order(state: GameState, side: str, formation: str) -> None:
    """``formation`` orders its troops to lay down their arms today (an event's decision)."""
    c = state.capitulation.setdefault(side, {"orders": {}, "stood_down": {}, "signed": ""})
    # the day before: the deciding headquarters sends the order out at once
    c["orders"][formation] = min(c["orders"].get(formation, "9999-12-31"),
                                 (state.date - dt.timedelta(days=1)).isoformat())
    name = state.scenario.formations[formation].name
    state.log_event("capitulation", f"{name} orders its troops to cease fire and lay down their arms", side,
                    formation=formation)


def _seat_held(state: GameState, f: Formation) -> bool:
    if f.hq is None:
        return True
    return state.control.get(state.scenario.map.places[f.hq].hex) == f.side


def relay_orders(state: GameState, side: str) -> list[str]:
    """Headquarters that receive the order today (one echelon a day)."""
    c = state.capitulation.get(side)
    if c is None:
        return []
    got = []
    formations = state.scenario.formations
    for fid in sorted(formations):
        f = formations[fid]
        if f.side != side or fid in c["orders"] or not sends_order(state, c, f.parent):
            continue
        params = state.scenario.rules.capitulation
        chance = params.relay if _seat_held(state, f) else params.relay_overrun
        if float(state.rng.random()) < chance:
            got.append(fid)
    for fid in got:
        c["orders"][fid] = state.date.isoformat()
    return got


def sends_order(state: GameState, c: dict, formation: str | None) -> bool:
    """Whether ``formation`` passes the order on today: it has held it since before today (orders
    hold the day they were received, or the day before for the headquarters that decided)."""
    day = c["orders"].get(formation) if formation is not None else None
    return day is not None and day < state.date.isoformat()


def _besieged(state: GameState, u: Unit, enemy: set) -> bool:
    level = state.scenario.graph.nodes[u.hex]["fortification"]
    return level >= state.scenario.rules.capitulation.besieged_works and any(n in enemy for n in neighbours(u.hex))


def obey_chance(state: GameState, u: Unit, enemy: set) -> float:
    """Today's chance that ``u``, whose headquarters holds the order, receives and obeys it."""
    params = state.scenario.rules.capitulation
    if u.supplied:
        return params.obey_connected
    if _besieged(state, u, enemy):
        return params.obey_besieged
    return params.obey_cut_off


def spread_order(state: GameState, side: str) -> list[str]:
    """The order moves down the chain and reaches units; returns the ids of units that stand down."""
    c = state.capitulation.get(side)
    if c is None:
        return []
    relay_orders(state, side)
    drift(state, side, c)
    enemy = {u.hex for u in state.units.values() if u.side != side}
    obeyed = []
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.side != side or uid in c["stood_down"] or not sends_order(state, c, u.formation):
            continue
        if float(state.rng.random()) < obey_chance(state, u, enemy):
            c["stood_down"][uid] = state.date.isoformat()
            obeyed.append(uid)
    if obeyed:
        state.log_event("capitulation", f"{len(obeyed)} {state.scenario.sides[side]['name']} units receive the order "
                        "to cease fire and stand down", side, units=obeyed)
    return obeyed


def drift(state: GameState, side: str, c: dict) -> int:
    """Men of units that stood down on an earlier day slip away while they wait to be disarmed: the
    rules' ``drift`` share a day, booked as dispersed. Returns the men gone."""
    share = state.scenario.rules.capitulation.drift
    total = 0
    for uid in sorted(c["stood_down"]):
        u = state.units.get(uid)
        if share <= 0 or u is None or c["stood_down"][uid] >= state.date.isoformat():
            continue
        gone = int(u.men * share + 0.5)
        u.men -= gone
        total += gone
    state.losses[side]["dispersed"] = state.losses[side].get("dispersed", 0) + total
    return total


def take_surrenders(state: GameState, side: str, around: list | None = None) -> list[str]:
    """Enemy units that have stood down next to ``side``'s troops (all of them, or those at the hexes
    ``around``) lay down their arms to them."""
    if not state.capitulation and not state.ceasefire:
        return []
    mine = set(around) if around is not None else {u.hex for u in state.units.values() if u.side == side}
    gone = [u for _, u in sorted(state.units.items())
            if u.side != side and state.stood_down(u) and any(n in mine for n in neighbours(u.hex))]
    if not gone:
        return []
    for u in gone:
        state.note_contact(u.hex)
    lay_down_arms(state, gone, f"surrendered to {side}")
    names = ", ".join(u.name for u in gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
    state.log_event("capitulation", f"{names} lay down their arms to the {state.scenario.sides[side]['name']} troops "
                    "who came up", gone[0].side, units=[u.id for u in gone])
    return [u.id for u in gone]


def sign_surrender(state: GameState, side: str) -> list[str]:
    """The surrender is signed: every unit of ``side`` that has stood down lays down its arms."""
    gone = [u for _, u in sorted(state.units.items()) if u.side == side and state.stood_down(u)]
    lay_down_arms(state, gone, "surrender signed")
    holdouts = sum(1 for u in state.units.values() if u.side == side)
    state.log_event("capitulation", f"The surrender is signed: {len(gone)} units lay down their arms; "
                    f"{holdouts} holdouts fight on", side, units=[u.id for u in gone])
    state.capitulation.setdefault(side, {"orders": {}, "stood_down": {}, "signed": ""})["signed"] = \
        state.date.isoformat()
    return [u.id for u in gone]


def campaign_over(state: GameState) -> str | None:
    """The name of a side that has signed its surrender and has no units left, if any: the last
    holdout has fallen and the campaign is over."""
    for side, c in sorted(state.capitulation.items()):
        if c.get("signed") and not any(u.side == side for u in state.units.values()):
            return state.scenario.sides[side]["name"]
    return None


def lay_down_arms(state: GameState, units: list, cause: str) -> None:
    """``units`` surrender: their men, tanks and guns count as captured. Troops of doubtful
    loyalty (a unit type with a ``desertion`` share) disband instead: their men go home and count
    as deserted (the documented prisoners of the campaign are the Japanese army's)."""
    types = state.scenario.rules.unit_types
    for u in sorted(units, key=lambda x: x.id):
        losses = state.losses[u.side]
        if types[u.type].desertion > 0:
            losses["deserted"] += u.men
        else:
            losses["captured"] += u.men
        losses["tanks"] += u.tanks
        losses["guns"] += u.guns
        state.eliminate(u.id, "capitulated", event=cause)
