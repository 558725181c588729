"""Selection and orders on the map screen: select, move, plan and make attacks, special
orders, undo.

Functions of a :class:`game.app.GameUI` (bound there as its methods). Every change goes
through ``engine.orders.execute``; moves and other single-unit orders push a snapshot on the
undo stack unless they revealed an enemy unit or used the dice (see :mod:`game.undo`); attacks
always end the undo chain.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from engine.combat import breakdown
from engine.hexes import Hex, neighbours
from engine.movement import march_stop, reachable
from engine.orders import (
    AirborneLanding,
    AirSupply,
    AmphibiousLanding,
    Attack,
    Detach,
    DigIn,
    Move,
    Order,
    RailMove,
    Rejoin,
    execute,
)
from engine.visibility import hidden_units

from . import attack as plan
from .undo import rng_fingerprint

if TYPE_CHECKING:  # the screen these functions act on (game.app imports this module)
    from engine.orders import Order

    from .app import GameUI


def my_turn(ui: GameUI) -> bool:
    """Whether the side to move is commanded by a player here (and the game goes on)."""
    return not ui.state.over and ui.state.side in ui.human


def _commandable(ui: GameUI, uid: str | None) -> bool:
    u = ui.state.units.get(uid) if uid else None
    return u is not None and ui.my_turn() and u.side == ui.state.side


def select(ui: GameUI, uid: str | None, keep_plan: bool = False) -> None:
    """Select a unit (None: nothing); ours shows its reachable hexes and starts an attack
    group of its own, unless ``keep_plan`` keeps the attack being planned."""
    ui.selected = uid
    mine = uid if ui._commandable(uid) else None
    # under fog of war the unit's reach is planned on what its side sees (march_stop: the truth)
    ui._reach = reachable(ui.state, mine, ui.seen()) if mine is not None else None
    ui.reach = ui._reach.destinations() if ui._reach else []
    if not keep_plan:
        ui.group = [mine] if mine is not None and plan.can_attack(ui.state, mine) else []
        ui.target = None
    ui._predict()


def deselect(ui: GameUI) -> None:
    """Select nothing (and drop any attack plan)."""
    ui.select(None)


def hover_hex(ui: GameUI, h: Hex | None) -> None:
    """Put the hex cursor on ``h`` (the mouse does, and the cursor keys); updates the prediction."""
    if h != ui.hover:
        ui.hover = h
        ui._predict()


def planned_path(ui: GameUI) -> list[Hex]:
    """The path the selected unit would take to the hex under the cursor (empty if none)."""
    if ui._reach is None or ui.hover not in ui.reach:
        return []
    return ui._reach.path(ui.hover)


def attackers(ui: GameUI) -> list[str]:
    """The attack group: the selected unit and the units added to it."""
    return [uid for uid in ui.group if uid in ui.state.units]


def attack_targets(ui: GameUI) -> list[Hex]:
    """Enemy hexes next to every unit of the attack group, when it is ours to command."""
    if not ui._commandable(ui.selected) or not ui.attackers():
        return []
    return plan.targets(ui.state, ui.attackers(), ui.seen())


def _predict(ui: GameUI) -> None:
    """The planned attack's prediction and its odds explained (one engine call: the
    breakdown carries the very prediction the attack's resolution draws from)."""
    ui.prediction, ui.odds_factors = None, None
    group = ui.attackers()
    t = ui.target if ui.target is not None else ui.hover if ui.hover in ui.attack_targets() else None
    if t is not None and group and plan.why_not(ui.state, t, group) is None:
        bd = breakdown(ui.state, t, group)
        ui.prediction, ui.odds_factors = bd.prediction, bd


def click_hex(ui: GameUI, h: Hex, onto_own: bool = False) -> str:
    """A left click on hex ``h``: select, move or attack. A click on your own units selects
    them; ``onto_own`` (Ctrl+click) moves the selected unit onto them instead. Returns (and
    shows) the status line."""
    st = ui.state
    ui.status = ""
    here = ui.shown_at(h)
    own = [u for u in here if u.side == st.side]
    joins = onto_own or not (own and ui.my_turn())
    mine = ui.selected if ui._commandable(ui.selected) else None  # the selected unit, when ours to order
    if h not in ui.scn.graph:
        ui.status = "that is off the map"
    elif ui.target is not None and h == ui.target:
        ui.commit_attack()
    elif ui.selected and h in ui.reach and joins:
        ui._march(h)
    elif onto_own and mine is not None and h != st.units[mine].hex:
        ui._order(Move(mine, h))  # the engine says why not (the stack is full...)
    elif ui.selected and h in ui.attack_targets():
        ui.target = h
        ui.commit_attack()
    elif here:
        # clicking a stack again cycles through its units; enemy units can be inspected
        ids = [u.id for u in (own if own and ui.my_turn() else here)]
        nxt = ids[(ids.index(ui.selected) + 1) % len(ids)] if ui.selected in ids else ids[0]
        ui.select(nxt)
        if not ui.my_turn() and not st.over:
            ui.status = f"{ui.scn.sides[st.side]['name']} is moving: press Enter or Space"
    elif mine is not None and joins and ui.seen() is not None and ui.reach:
        # the engine's reason could name an enemy the player does not see
        ui.status = f"{st.units[mine].name} cannot reach that hex this turn"
    elif mine is not None and joins:
        # ask the engine, so the refusal reads the same as everywhere else
        if ui._order(Move(mine, h)) and not ui.status:
            ui.status = "moved"
    else:
        ui.deselect()
    if ui.state.over and not ui.status:
        ui.status = f"Game over: {ui.state.end_reason}"
    return ui.status


def _march(ui: GameUI, h: Hex) -> bool:
    """Move the selected unit to ``h``, one of the hexes its side believes it can reach. Under
    fog of war the march may meet enemies it could not see and stop short (the engine's
    :func:`~engine.movement.march_stop`); then the status line says so and it is not undoable."""
    uid, st = ui.selected, ui.state
    assert uid is not None and ui._reach is not None, "only a selected unit with a reach marches"
    if ui.seen() is None:
        return ui._order(Move(uid, h))
    name, start = st.units[uid].name, st.units[uid].hex
    stop = march_stop(st, uid, ui._reach.path(h))
    if stop == start:
        ui.status = f"{name} cannot march that way: enemy troops bar the road"
        return False
    if not ui._order(Move(uid, stop)):
        return False
    if stop != h:
        ui.undo_stack.clear("the march met the enemy")
        news = ui.status
        ui.status = f"{name}'s march stopped {ui.scn.map.at(stop)}: enemy troops ahead" + \
            (f"; {news}" if news else "")
    return True


def shift_click(ui: GameUI, h: Hex) -> str:
    """Plan an attack: on an enemy hex, make it the target; on our units, add them to the
    attack group (or take them out again). Returns the status line."""
    st = ui.state
    ui.status = ""
    if not ui.my_turn():
        ui.status = "it is not your turn"
        return ui.status
    here = ui.shown_at(h)
    enemy = [u for u in here if u.side != st.side]
    own = [u.id for u in here if u.side == st.side]
    if enemy:
        able = plan.joinable(st, h, [u.id for u in st.units_of(st.side) if h in neighbours(u.hex)])
        if not able:
            ui.status = "none of your units next to that hex can attack it"
            return ui.status
        ui.target = h
        ui.group = [uid for uid in ui.group if uid in able]
        if ui.selected in able and ui.selected not in ui.group:
            ui.group.insert(0, ui.selected)
        if not ui.group:
            ui.group = [able[0]]
        if ui.selected not in ui.group:
            ui.select(ui.group[0], keep_plan=True)
        ui.status = (f"Target {ui.scn.map.describe(h)}: Shift+click (G) your units next to it to add them, "
                       "then F or click the target to attack")
    elif own:
        if ui.target is None:
            cands = [uid for uid in own if plan.can_attack(st, uid)]
            why = "" if cands else f"{st.units[own[0]].name} cannot attack this turn"
        else:
            cands = plan.joinable(st, ui.target, own)
            why = "" if cands else (plan.why_not(st, ui.target, own[:1]) or "it cannot join this attack")
        if not cands:
            ui.status = why
        else:
            ui._toggle_one(cands)
        if ui.group and ui.selected not in ui.group:
            ui.select(ui.group[0], keep_plan=True)
    else:
        ui.status = "Shift+click an enemy next to your units to choose the target"
    ui._predict()
    return ui.status


def _toggle_one(ui: GameUI, cands: list[str]) -> None:
    """Shift+click on a stack of ours: one unit at a time joins the attack, the first of the
    stack not yet in it; when all are in, the last to join leaves again. The last unit of an
    attack never leaves it (Esc drops the whole plan)."""
    out = [uid for uid in cands if uid not in ui.group]
    if out:
        ui.group.append(out[0])
        ui.status = f"{ui.state.units[out[0]].name} joins: {len(ui.group)} unit(s) in the attack"
        return
    leaving = max(cands, key=ui.group.index)
    if len(ui.group) == 1:
        ui.status = "the attack needs at least one unit: Esc drops the plan"
        return
    ui.group.remove(leaving)
    ui.status = f"{ui.state.units[leaving].name} leaves: {len(ui.group)} unit(s) in the attack"


def commit_attack(ui: GameUI) -> str:
    """Make the planned attack (target pinned, or the target under the cursor)."""
    group = ui.attackers()
    target = ui.target if ui.target is not None else ui.hover if ui.hover in ui.attack_targets() else None
    if target is None or not group:
        ui.status = "no attack planned: Shift+click (G) an enemy next to your units first"
        return ui.status
    res = execute(ui.state, Attack(target, tuple(group)))
    if res.ok:
        ui.status = f"Attack at {res.data['odds']:.1f}:1: {res.data['outcome']}"
        ui.undo_stack.clear("dice were rolled in the attack")
    else:
        ui.status = res.reason
    ui.target, ui.group = None, []
    ui._changed()
    ui.select(ui.selected if ui.selected in ui.state.units else None)
    if ui.state.over:
        ui.status = f"Game over: {ui.state.end_reason}"
    return ui.status


def _order(ui: GameUI, order: Order) -> bool:
    """An order for one unit (move, dig-in, rail move, landing, air supply), undoable unless
    it revealed an enemy or used the dice. The status line says what happened first (a
    landing, a garrison laying down its arms), then any enemy seen for the first time."""
    st = ui.state
    snap = st.copy()
    hidden = hidden_units(st, st.side) if ui.fog else set()
    dice = rng_fingerprint(st)
    logged = len(st.log)
    res = execute(st, order)
    if not res.ok:
        ui.status = res.reason
        return False
    new = st.log[logged:]
    news = [e["text"] for e in new if e["kind"] in ("landing", "capitulation")]
    revealed = sorted(hidden - hidden_units(st, st.side)) if ui.fog else []
    revealed = [st.units[uid].name for uid in revealed if uid in st.units]  # not those who surrendered
    if revealed:
        ui.undo_stack.clear("the move revealed enemy units")
        news.append(f"Enemy sighted: {', '.join(revealed)} (this cannot be undone)")
    elif rng_fingerprint(st) != dice or len(news) > 1 or any("called_off" in e for e in new):
        ui.undo_stack.clear("dice were rolled" if rng_fingerprint(st) != dice else "the enemy was met")
    else:
        ui.undo_stack.push(snap, ui.selected)
    ui.status = "; ".join(news)
    ui._changed()
    uid = getattr(order, "unit", ui.selected)  # a standing order keeps the selection
    ui.select(uid if uid in st.units else None)
    return True


def dig_in(ui: GameUI) -> None:
    """Dig the selected unit in (undoable like a move)."""
    uid = ui.selected
    if uid is not None and ui._commandable(uid):
        if ui._order(DigIn(uid)) and not ui.status:
            ui.status = "dug in"


def special_order(ui: GameUI, kind: str) -> str:
    """Rail move ("rail"), landing ("land": airborne or amphibious, as the unit allows) to the
    cursor hex, fuel and ammunition by air ("air"), a forward detachment ("detach") or its
    return ("rejoin") for the selected unit. Returns the status line."""
    uid, to = ui.selected, ui.hover
    if uid is None or not ui._commandable(uid):
        ui.status = "select one of your units first"
        return ui.status
    order: Order
    if kind == "air":
        order = AirSupply(uid)
    elif kind == "detach":
        order = Detach(uid)
    elif kind == "rejoin":
        order = Rejoin(uid)
    elif to is None:
        ui.status = "put the cursor on the destination first"
        return ui.status
    elif kind == "rail":
        order = RailMove(uid, to)
    else:
        airborne = ui.scn.rules.unit_types[ui.state.units[uid].type].airborne
        order = AirborneLanding(uid, to) if airborne else AmphibiousLanding(uid, to)
    done = {"rail": "moved by rail", "air": "fuel and ammunition flown in", "land": "landed",
            "detach": "forward detachment sent ahead", "rejoin": "detachment rejoined its unit"}[kind]
    if ui._order(order) and not ui.status:
        ui.status = done
    return ui.status


def undo(ui: GameUI) -> str:
    """Take back the last undoable order, or say why not. Returns the status line."""
    if not ui.my_turn():
        ui.status = "nothing to undo"
        return ui.status
    item = ui.undo_stack.pop()
    if item is None:
        ui.status = f"cannot undo: {ui.undo_stack.why_not}"
        return ui.status
    ui.state, sel = item
    ui._changed()
    ui.select(sel if sel in ui.state.units else None)
    ui.status = f"undone ({len(ui.undo_stack)} more possible)"
    return ui.status


def cancel(ui: GameUI) -> None:
    """Esc: drop the attack plan first, then the selection."""
    if ui.target is not None or len(ui.group) > 1:
        ui.select(ui.selected)  # drops the attack plan, keeps the selection
    else:
        ui.deselect()
    ui.status = ""
