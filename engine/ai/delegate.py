"""A formation under a standing order, played by the operational AI as its subordinate commander.

The player chose the posture, the places (none: the scenario's plan, each unit along its axis)
and how far beyond supply the formation may go (:mod:`engine.command`). Each day the formation's
units that have not acted yet are given orders by the same AI that plays a whole side, told
only about them and kept on the player's leash:

- attack: take the places, attacking at the odds the AI's judgement wants;
- advance: make for the places, attacking only at 3:1 or better on the way;
- hold: stay and dig in (no move, no attack);
- screen: make for the places but stop short of the enemy (no hex next to an enemy unit), no
  attacks;
- fall back: march back on the nearest of the places (none given: the side's own victory
  places), no attacks.

A unit with a go-to order marches toward its hex along the cheapest way and the order ends when
it stands there. Every day's work is summed up in the message log as the AI's choice.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..command import GOTO, Standing, describe, under_order
from ..hexes import Hex, neighbours
from ..movement import reachable
from ..orders import Move, execute
from ..scenario.hints import Axis, Withdrawal, build_hints
from .airlift import fly_fuel
from .attacks import make_attacks
from .context import Context, make_context
from .defence import dig_in_rest
from .depots import move_depots
from .detachments import rejoin_detachments, send_detachments
from .fields import INF, cost_field
from .landings import make_landings
from .moves import move_units

if TYPE_CHECKING:
    from ..state import GameState

ADVANCE_ODDS = 3.0  # an advancing formation fights only at these odds or better


def carry_out(state: GameState, key: str, difficulty: str = "normal") -> dict[str, Any]:
    """Give today's orders to the units under the standing order ``key`` (checked to exist and to
    be the active side's); returns the units moved and the number of attacks made."""
    o: Standing = state.standing[key]
    if o.posture == GOTO:
        return _go_to(state, key, o)
    serving = under_order(state, key)
    if not serving:  # every unit lost, or under orders of their own: the order lapses
        del state.standing[key]
        state.log_event("delegated", f"The {state.scenario.formations[key].name} has no units left under its "
                                     "order: the order lapses", state.side, formation=key)
        return {"moved": [], "attacks": 0, "units": []}
    ready = [u for u in serving if not (u.moved or u.attacked or u.rail_moved)]
    before = {u.id: u.hex for u in ready}
    first_entry = len(state.log)
    if ready:
        ctx = _context(state, key, o, frozenset(before), difficulty)
        PLAYS[o.posture](ctx, key)
    return _report(state, key, before, first_entry)


def _context(state: GameState, key: str, o: Standing, ids: frozenset[str], difficulty: str) -> Context:
    """The AI's view for one formation: only its units, its places as goals and axis, its leash."""
    ctx = make_context(state, difficulty)
    ctx.only = ids
    ctx.allowed = leash(state, ctx.supply, o.beyond_supply)
    places = state.scenario.map.places
    if o.posture == "fall_back":
        back = list(o.places) or list(ctx.hints.fallback) or \
            [p.id for p in places.values() if p.vp > 0 and state.control.get(p.hex) == ctx.side]
        # the formation's own plan replaces the side's: a withdrawal of its own, nothing else
        ctx.hints = dataclasses.replace(build_hints({"posture": "defend"}),
                                        withdrawals=(Withdrawal(key, (key,), tuple(back), None),))
        ctx.attacking = False
    elif o.posture != "hold":
        ctx.attacking = True
        if o.places:
            n = len(o.places)
            ctx.hints = dataclasses.replace(ctx.hints, axes=(Axis(key, (key,), tuple(o.places)),))
            ctx.goals = [(places[p].hex, 1.0 + (n - i) / n) for i, p in enumerate(o.places)
                         if state.control.get(places[p].hex) != ctx.side]
    if o.posture == "advance":
        ctx.j = dataclasses.replace(ctx.j, min_odds=max(ctx.j.min_odds, ADVANCE_ODDS),
                                    want_odds=max(ctx.j.want_odds, ADVANCE_ODDS + 1.0))
    if o.posture == "screen":
        contact = {n for u in state.units.values() if u.side != ctx.side for n in neighbours(u.hex)}
        ctx.allowed = frozenset(h for h in (ctx.allowed or state.scenario.graph.nodes) if h not in contact)
    return ctx


def leash(state: GameState, supply: dict[Hex, float], beyond: int | None) -> frozenset[Hex] | None:
    """The hexes within ``beyond`` hexes of a supplied hex (None: no leash)."""
    if beyond is None:
        return None
    g = state.scenario.graph
    seen = set(supply)
    ring = set(supply)
    for _ in range(beyond):
        ring = {n for h in ring for n in neighbours(h) if n in g and n not in seen}
        seen |= ring
    return frozenset(seen)


def _attack(ctx: Context, key: str) -> None:
    fly_fuel(ctx)
    make_landings(ctx)
    make_attacks(ctx)
    rejoin_detachments(ctx)
    send_detachments(ctx)
    # a detachment sent today serves under the same order: it marches with the others
    assert ctx.only is not None, "_context names the units under the order"
    ctx.only = ctx.only | {u.id for u in under_order(ctx.state, key) if not (u.moved or u.attacked)}
    move_units(ctx)
    move_depots(ctx)
    ctx.changed()
    make_attacks(ctx)
    dig_in_rest(ctx)


def _march(ctx: Context, key: str) -> None:
    """Screen and fall back: move, never attack, dig in where they stop."""
    move_units(ctx)
    move_depots(ctx)
    ctx.changed()
    dig_in_rest(ctx)


def _hold(ctx: Context, key: str) -> None:
    dig_in_rest(ctx)


PLAYS: dict[str, Callable[[Context, str], None]] = {
    "attack": _attack, "advance": _attack, "hold": _hold, "screen": _march, "fall_back": _march}


def _report(state: GameState, key: str, before: dict[str, Hex], first_entry: int) -> dict[str, Any]:
    """Sum up the day's work in the message log, as the AI's choice."""
    moved = sorted(uid for uid, h in before.items() if uid in state.units and state.units[uid].hex != h)
    attacks = sum(1 for e in state.log[first_entry:] if e["kind"] == "combat")
    name = state.scenario.formations[key].name
    state.log_event("delegated", f"AI commander of the {name} ({describe(state, key)}): "
                                 f"{len(moved)} of {len(before)} units moved, {attacks} attack(s)",
                    state.side, formation=key, units=moved)
    return {"moved": moved, "attacks": attacks, "units": sorted(before)}


def _go_to(state: GameState, key: str, o: Standing) -> dict[str, Any]:
    """A unit marches toward its go-to hex along the cheapest way; there, the order ends."""
    u = state.units.get(key)
    if u is None or u.moved or u.attacked or u.rail_moved:
        return {"moved": [], "attacks": 0, "units": []}
    start = u.hex
    assert o.to is not None, "a go-to order has its hex"
    if u.hex != o.to:
        reach = reachable(state, key)
        field_ = cost_field(state.scenario, state.scenario.rules.unit_types[u.type].mobility, (o.to,))
        best = min(sorted(reach.endable), key=lambda h: (field_.get(h, INF), reach.cost[h]))
        if best != u.hex and field_.get(best, INF) < field_.get(u.hex, INF):
            execute(state, Move(key, best))
    where = describe(state, key)
    if u.hex == o.to:
        del state.standing[key]
        state.log_event("delegated", f"{u.name} has arrived ({where}): its go-to order is done", u.side, unit=key)
    elif u.hex != start:
        state.log_event("delegated", f"{u.name} marches on its order ({where})", u.side, unit=key)
    else:
        state.log_event("delegated", f"{u.name} cannot get nearer ({where}): it waits", u.side, unit=key)
    return {"moved": [key] if u.hex != start else [], "attacks": 0, "units": [key]}
