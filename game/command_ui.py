"""Operational command on the map screen: the formation order panel, go-to orders, the
order-of-battle browser, carrying out the standing orders each day, and Tab walking the units
of a formation.

Functions of a :class:`game.app.GameUI` (bound there as its methods). Standing orders are
engine orders (``Command``, ``GoTo``, ``Release``, ``CarryOut``: see :mod:`engine.command`),
given through the same undoable path as a move; what the AI commander does with them is logged
as its choice. The order panel keeps a draft (:class:`OrderDraft`) until the player gives the
order with Enter.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pygame

from engine.command import GOTO, POSTURE_TEXT, commander_of, describe, in_formation, oob_order
from engine.hexes import Hex, distance
from engine.orders import CarryOut, Command, GoTo, Release
from engine.units import chain

from .screens.oob import OobBrowser
from .screens.orders_panel import draw_order_panel

POSTURE_KEYS = {"a": "attack", "v": "advance", "h": "hold", "s": "screen", "b": "fall_back"}
LEASHES = (None, 0, 1, 2, 4, 8)  # hexes beyond supply the panel offers; None: no limit


@dataclass
class OrderDraft:
    """The order being written in the panel: which formation (a level of the chain), posture,
    places (empty: the scenario's plan) and the supply leash."""

    levels: list[str]
    level: int = 0
    posture: str = "attack"
    places: list[str] = field(default_factory=list)
    beyond_supply: int | None = None

    @property
    def formation(self) -> str:
        return self.levels[self.level]


if TYPE_CHECKING:  # the screen these functions act on (game.app imports this module)
    from engine.units import Unit

    from .app import GameUI


# -- the order panel --------------------------------------------------------------------
def open_order_panel(ui: GameUI, formation: str | None = None) -> str:
    """Open the panel for ``formation`` (default: the selected unit's), drafted from the
    order it has now, or attack/hold as the side's plan says."""
    st = ui.state
    if formation is None:
        u = st.units.get(ui.selected or "")
        if u is None or u.side != st.side or not ui.my_turn():
            ui.status = "select one of your units (or a formation in the order of battle, B) first"
            return ui.status
        formation = u.formation
    levels = [f.id for f in chain(ui.scn.formations, formation)]
    if not levels:
        ui.status = f"'{formation}' is not a formation"
        return ui.status
    ui.draft = OrderDraft(levels)
    ui._draft_from_state()
    ui.focus = formation
    ui.status = "Standing order: choose a posture and places (click them on the map), then Enter"
    return ui.status


def _draft_from_state(ui: GameUI) -> None:
    d, st = ui.draft, ui.state
    assert d is not None, "the order panel is open"
    now = st.standing.get(d.formation)
    if now is not None and now.posture != GOTO:
        d.posture, d.places, d.beyond_supply = now.posture, list(now.places), now.beyond_supply
    else:
        d.posture = "attack" if ui.scn.ai[st.side].attacking else "hold"
        d.places, d.beyond_supply = [], None


def order_panel_key(ui: GameUI, key: str) -> bool:
    """A key while the panel is open (``key`` is pygame's name for it); True if it used it."""
    d = ui.draft
    assert d is not None, "the order panel is open"
    if key in POSTURE_KEYS:
        d.posture = POSTURE_KEYS[key]
    elif key in ("up", "page up"):
        d.level = min(d.level + 1, len(d.levels) - 1)
        ui._draft_from_state()
    elif key in ("down", "page down"):
        d.level = max(d.level - 1, 0)
        ui._draft_from_state()
    elif key in ("=", "+", "[+]", "-", "[-]"):
        i = LEASHES.index(d.beyond_supply) if d.beyond_supply in LEASHES else 0
        d.beyond_supply = LEASHES[(i + (-1 if "-" in key else 1)) % len(LEASHES)]
    elif key in ("delete", "backspace"):
        d.places = []
    elif key in ("return", "enter"):
        ui.give_standing_order()
    elif key == "r":
        ui.release_order(d.formation)
    elif key == "escape":
        ui.close_order_panel()
        ui.status = ""
    else:
        return False
    return True


def toggle_draft_place(ui: GameUI, h: Hex) -> bool:
    """A click on the map while the panel is open: a place there joins or leaves the order."""
    place = ui.scn.map.place_at.get(h)
    if ui.draft is None or place is None:
        return False
    if place in ui.draft.places:
        ui.draft.places.remove(place)
    else:
        ui.draft.places.append(place)
    return True


def give_standing_order(ui: GameUI) -> str:
    """Enter in the panel: give the drafted order and let the AI commander act on it today."""
    d = ui.draft
    assert d is not None, "the order panel is open"
    order = Command(d.formation, d.posture, tuple(d.places), d.beyond_supply)
    if not ui._order(order):
        return ui.status
    ui.close_order_panel()
    return ui.carry_out(d.formation)


def release_order(ui: GameUI, key: str) -> str:
    """Take a formation (or a unit's go-to) back under the player's command."""
    if key not in ui.state.standing:
        ui.status = f"{ui._name(key)} has no standing order"
        return ui.status
    if ui._order(Release(key)):
        ui.close_order_panel()
        ui.status = f"{ui._name(key)} is back under your command"
    return ui.status


def close_order_panel(ui: GameUI) -> None:
    """Close the panel; the browser it was opened from comes back."""
    ui.draft = None
    if ui._oob_back is not None:
        ui.oob, ui._oob_back = ui._oob_back, None


def _name(ui: GameUI, key: str) -> str:
    u = ui.state.units.get(key)
    return u.name if u else ui.scn.formations[key].name


# -- go-to orders and carrying out --------------------------------------------------------
def go_to(ui: GameUI) -> str:
    """T: the selected unit marches to the cursor hex over the coming days (T on its own
    hex takes a go-to order back)."""
    uid, to = ui.selected, ui.hover
    if uid is None or not ui._commandable(uid) or to is None:
        ui.status = "select one of your units and put the cursor on where it should go"
        return ui.status
    if to == ui.state.units[uid].hex and uid in ui.state.standing:
        return ui.release_order(uid)
    if ui._order(GoTo(uid, to)):
        return ui.carry_out(uid)
    return ui.status


def carry_out(ui: GameUI, key: str) -> str:
    """Let the AI commander of ``key`` act for today (undoable unless dice were rolled or an
    enemy was sighted); the status line sums up what it did."""
    if not ui._order(CarryOut(key)):
        return ui.status
    note = ui.status
    last = next((e for e in reversed(ui.state.log) if e["kind"] == "delegated"), None)
    ui.status = (last["text"] if last else f"{ui._name(key)}: nothing to do") + (f"; {note}" if note else "")
    return ui.status


def carry_out_standing(ui: GameUI) -> None:
    """At the start of the player's day (and after loading a save made then): every standing
    order of the side not yet carried out today is, formations in order of battle, then the
    go-to orders."""
    st = ui.state
    if not ui.my_turn() or not st.standing:
        return
    done = {e.get("formation") or e.get("unit") for e in st.log
            if e["kind"] == "delegated" and e["turn"] == st.turn and e.get("side") == st.side}
    forms = [f for f in oob_order(st, st.side) if f in st.standing and f not in done]
    units = sorted(k for k in st.standing if k in st.units and st.units[k].side == st.side and k not in done)
    if not forms and not units:
        return
    for key in forms + units:
        if key in st.standing and ui.my_turn():
            ui.carry_out(key)
    ui.status = f"{len(forms)} formation(s) and {len(units)} unit(s) acted on standing orders (see the log)"


def order_text(ui: GameUI, u: Unit) -> str:
    """What ``u`` is doing: its standing order, or whether it has acted today."""
    key = commander_of(ui.state, u)
    if key is not None and key == u.id:
        return describe(ui.state, key)
    if key is not None:  # the formation's row and the side panel give the whole order
        return f"AI: {POSTURE_TEXT[ui.state.standing[key].posture]}"
    if u.attacked or u.rail_moved or (u.moved and u.mp_left <= 0):
        return "done"
    return "moved" if u.moved else "ready"


# -- events and drawing -------------------------------------------------------------------
def command_event(ui: GameUI, e: pygame.event.Event) -> bool:
    """Give an event to the order panel, then the browser; True if one of them used it."""
    if not (ui.draft or ui.oob):
        return False
    if e.type == pygame.MOUSEBUTTONDOWN and ui.draft is not None and ui._panel_rect is not None \
            and ui._panel_rect.collidepoint(e.pos):
        return True  # a click on the panel is not a click on the map under it
    if e.type == pygame.KEYDOWN:
        name = pygame.key.name(e.key)
        if ui.draft is not None and ui.order_panel_key(name):
            return True
        if ui.oob is not None:
            return ui._oob_action(ui.oob.key(ui, name))
    elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1 and ui.oob is not None:
        return ui._oob_action(ui.oob.click(ui, e.pos))
    elif e.type == pygame.MOUSEBUTTONUP and e.button == 1 and ui.draft is not None and ui._press:
        h = ui.camera.hex_at(e.pos)
        if not ui._dragged and h is not None and ui.toggle_draft_place(h):
            ui._press = None
            return True
    elif e.type == pygame.MOUSEWHEEL and ui.oob is not None and ui.oob.rect is not None \
            and ui.oob.rect.collidepoint(pygame.mouse.get_pos()):
        ui.oob.wheel(e.y)
        return True
    return False


def _oob_action(ui: GameUI, what: str | None) -> bool:
    if what is None:
        return False
    assert ui.oob is not None, "only the open browser answers with an action"
    rows = ui.oob.rows(ui)
    row = rows[ui.oob.cursor] if rows else None
    if what == "close":
        ui.oob = None
    elif what == "orders" and row is not None:
        fid = row.id if row.kind == "formation" else ui.state.units[row.id].formation
        ui.open_order_panel(fid)
        if ui.draft is not None:  # the map is wanted for the places: the browser steps aside
            ui.oob, ui._oob_back = None, ui.oob
    elif what == "centre" and row is not None:
        ui.centre_on_row(row.kind, row.id)
        # the browser covers the map: it steps aside to show the unit, and B brings it back as it was
        ui.oob, ui._oob_last = None, ui.oob
    return True


def centre_on_row(ui: GameUI, kind: str, key: str) -> None:
    """Centre the map on a browser row: a unit is selected; a formation becomes the one Tab
    walks, and its first unit still to give orders to (else its first) is selected."""
    st = ui.state
    if kind == "unit":
        uid = key
        ui.focus = st.units[key].formation
    else:
        ui.focus = key
        mine = ui._walkable(key) or [u for u in (st.units[k] for k in sorted(st.units))
                                       if in_formation(st, u, key)]
        if not mine:
            return
        uid = mine[0].id
    ui.select(uid)
    ui.hover_hex(st.units[uid].hex)
    ui.camera.center_on(st.units[uid].hex)


def draw_command(ui: GameUI, surf: pygame.Surface, area: pygame.Rect) -> None:
    """The browser and the order panel over the map (each frame: they follow the keys)."""
    if ui.oob is not None:
        ui.oob.draw(surf, ui, area)
    if ui.draft is not None:
        ui._panel_rect = draw_order_panel(surf, ui, area)


# -- the order-of-battle browser and Tab -------------------------------------------------
def toggle_oob(ui: GameUI) -> None:
    """B: open or close the order-of-battle browser for the side the player sees."""
    if ui.oob is not None:
        ui.oob = None
        return
    side = ui.viewer or (ui.state.side if ui.my_turn() else next(iter(sorted(ui.human)), None)) or ui.state.side
    last, ui._oob_last = ui._oob_last, None
    if last is not None and last.side == side:
        ui.oob = last  # back from a centred row: the same rows open, the same row chosen
        return
    ui.oob = OobBrowser(side)
    ui.oob.expand_fronts(ui.state)


def walk_units(ui: GameUI, step: int) -> None:
    """Tab / Shift+Tab on the player's turn: the nearest unit of the selected formation (chosen
    in the browser or the panel; else the selected unit's own) that has not finished and holds
    no standing order, among those not yet visited since the walk began; Shift+Tab goes back.
    When the formation has none left, the whole side's units."""
    st = ui.state
    sel = st.units[ui.selected] if ui.selected and ui._commandable(ui.selected) else None
    # the formation chosen in the browser or the panel, while the selection is one of its units
    focus = ui.focus if ui.focus and (sel is None or in_formation(st, sel, ui.focus)) else \
        sel.formation if sel else None
    pool = ui._walkable(focus)
    if not pool and focus is not None:
        focus, pool = None, ui._walkable(None)
    if not pool:
        ui.status = "every unit has finished for today or is under standing orders"
        return
    key = (focus, st.turn, st.side)
    visited = [uid for uid in (ui._walk[1] if ui._walk[0] == key else ()) if uid in st.units]
    if ui.selected in st.units and ui.selected not in visited:
        visited.append(ui.selected)
    if step < 0:
        earlier = visited[:visited.index(ui.selected)] if ui.selected in visited else visited
        nxt = earlier[-1] if earlier else pool[-1].id
        visited = visited[:visited.index(nxt) + 1] if nxt in visited else [nxt]
    else:
        fresh = [u for u in pool if u.id not in visited]
        if not fresh:  # every unit visited: the walk begins again from here
            visited = [ui.selected] if ui.selected in st.units else []
            fresh = [u for u in pool if u.id != ui.selected] or pool
        here = st.units[ui.selected].hex if ui.selected in st.units else fresh[0].hex
        nxt = min(fresh, key=lambda u: (distance(here, u.hex), ui._oob_rank(u), u.id)).id
        visited.append(nxt)
    ui._walk = (key, tuple(visited))
    ui.select(nxt)
    ui.hover_hex(st.units[nxt].hex)
    ui.camera.ensure_visible(st.units[nxt].hex)


def _walkable(ui: GameUI, focus: str | None) -> list:
    st, types = ui.state, ui.scn.rules.unit_types
    return [u for u in (st.units[k] for k in sorted(st.units))
            if u.side == st.side and (focus is None or in_formation(st, u, focus))
            and not (u.attacked or u.rail_moved or u.mp_left <= 0 or types[u.type].static)
            and commander_of(st, u) is None]


def _oob_rank(ui: GameUI, u: Unit) -> int:
    order = oob_order(ui.state, u.side)
    return order.index(u.formation) if u.formation in order else len(order)

