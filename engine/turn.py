"""The turn loop: one turn is ``days_per_turn`` days, its phases always in the same order.

1. Start of turn: expired modifiers drop, due events fire, a side with no units loses (or, once
   it has signed its surrender, the campaign ends).
2. For each side in the scenario's order: it takes the surrender of enemy units that have stood
   down next to its troops; its supply phase (trace supply; readiness and fuel; troops of
   doubtful loyalty next to the enemy desert; a surrender order spreads down its chain of command),
   then its operations (orders: move, rail move, attack, dig in, air supply, landings), ended
   by the ``EndTurn`` order.
3. End of turn: objectives dated today are scored; after the last turn the winner is decided;
   otherwise the date advances and the next turn starts.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .capitulation import campaign_over, spread_order, take_surrenders
from .desertion import desertion_phase
from .events import expire_modifiers, fire_due_events
from .hexes import neighbours
from .supply import supply_phase
from .victory import check_sudden_death, final_result, record_objectives

if TYPE_CHECKING:
    from .state import GameState


def begin_turn(state: GameState) -> None:
    """Start-of-turn phase, then the first side's impulse."""
    expire_modifiers(state)
    log_timeline(state)
    fire_due_events(state)
    check_sudden_death(state)
    if not state.over:
        begin_impulse(state)


def log_timeline(state: GameState) -> None:
    """The political frame of the campaign in the message log: on the first day everything the
    history's timeline dates before the start, then each entry on its day."""
    history = state.scenario.history
    if history is None:
        return
    first = state.turn == 1
    for t in history.timeline:
        if t["date"] == state.date or (first and t["date"] < state.date):
            state.log_event("timeline", f"{t['date'].isoformat()}, {t['name']}: {t['text']}", source=t["source"])


def begin_impulse(state: GameState) -> None:
    """The active side's supply phase; its units get their movement points back."""
    side = state.side
    types = state.scenario.rules.unit_types
    for k in [k for k in state.used if k.startswith(f"{side}:")]:
        del state.used[k]
    for u in state.units.values():
        if u.side == side:
            u.mp_left = types[u.type].movement
            u.moved = u.attacked = u.rail_moved = False
    take_surrenders(state, side)
    supply_phase(state, side)
    desertion_phase(state, side)
    spread_order(state, side)
    for other in state.enemy_of(side):
        take_surrenders(state, other)


def note_contacts(state: GameState, side: str) -> None:
    """A unit of ``side`` next to a place the enemy garrisons is in contact with it: the day
    its troops reached the place (a siege of works that hold counts, though no assault is made)."""
    mine = {u.hex for u in state.units.values() if u.side == side}
    for u in state.units.values():
        if u.side != side and any(n in mine for n in neighbours(u.hex)):
            state.note_contact(u.hex)


def end_impulse(state: GameState) -> None:
    """Pass to the next side, or end the turn after the last side."""
    note_contacts(state, state.side)
    state.active += 1
    if state.active < len(state.scenario.side_order):
        begin_impulse(state)
        return
    state.active = 0
    record_objectives(state)
    gone = campaign_over(state)
    if gone or state.turn >= state.scenario.turns:
        final_result(state)
        if gone:
            state.end_reason += f"; {gone} has surrendered and its last holdouts have laid down their arms"
        state.log_event("end", f"Game over: {state.end_reason}")
        return
    state.turn += 1
    state.date = state.date + dt.timedelta(days=state.scenario.days_per_turn)
    begin_turn(state)
    if state.over:
        state.log_event("end", f"Game over: {state.end_reason}")
