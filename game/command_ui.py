"""Operational command on the map screen: the formation order panel, go-to orders, the
order-of-battle browser, carrying out the standing orders each day, and Tab walking the units
of a formation.

A mixin of :class:`game.app.GameUI`. Standing orders are engine orders (``Command``, ``GoTo``,
``Release``, ``CarryOut``: see :mod:`engine.command`), given through the same undoable path as
a move; what the AI commander does with them is logged as its choice. The order panel keeps a
draft (:class:`OrderDraft`) until the player gives the order with Enter.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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


class CommandUIMixin:
    """Standing orders and the order-of-battle browser for :class:`game.app.GameUI`."""

    draft: OrderDraft | None = None
    oob: OobBrowser | None = None
    focus: str | None = None  # the formation Tab walks (chosen in the browser or the panel)
    _oob_back: OobBrowser | None = None  # the browser, put away while the panel is open
    _panel_rect: pygame.Rect | None = None  # where the order panel was last drawn
    _walk: tuple = ((), ())  # (focus, turn, side) and the units Tab has visited since

    # -- the order panel --------------------------------------------------------------------
    def open_order_panel(self, formation: str | None = None) -> str:
        """Open the panel for ``formation`` (default: the selected unit's), drafted from the
        order it has now, or attack/hold as the side's plan says."""
        st = self.state
        if formation is None:
            u = st.units.get(self.selected or "")
            if u is None or u.side != st.side or not self.my_turn():
                self.status = "select one of your units (or a formation in the order of battle, B) first"
                return self.status
            formation = u.formation
        levels = [f.id for f in chain(self.scn.formations, formation)]
        if not levels:
            self.status = f"'{formation}' is not a formation"
            return self.status
        self.draft = OrderDraft(levels)
        self._draft_from_state()
        self.focus = formation
        self.status = "Standing order: choose a posture and places (click them on the map), then Enter"
        return self.status

    def _draft_from_state(self) -> None:
        d, st = self.draft, self.state
        now = st.standing.get(d.formation)
        if now is not None and now.posture != GOTO:
            d.posture, d.places, d.beyond_supply = now.posture, list(now.places), now.beyond_supply
        else:
            d.posture = "attack" if self.scn.ai.get(st.side, {}).get("posture", "attack") == "attack" else "hold"
            d.places, d.beyond_supply = [], None

    def order_panel_key(self, key: str) -> bool:
        """A key while the panel is open (``key`` is pygame's name for it); True if it used it."""
        d = self.draft
        if key in POSTURE_KEYS:
            d.posture = POSTURE_KEYS[key]
        elif key in ("up", "page up"):
            d.level = min(d.level + 1, len(d.levels) - 1)
            self._draft_from_state()
        elif key in ("down", "page down"):
            d.level = max(d.level - 1, 0)
            self._draft_from_state()
        elif key in ("=", "+", "[+]", "-", "[-]"):
            i = LEASHES.index(d.beyond_supply) if d.beyond_supply in LEASHES else 0
            d.beyond_supply = LEASHES[(i + (-1 if "-" in key else 1)) % len(LEASHES)]
        elif key in ("delete", "backspace"):
            d.places = []
        elif key in ("return", "enter"):
            self.give_standing_order()
        elif key == "r":
            self.release_order(d.formation)
        elif key == "escape":
            self.close_order_panel()
            self.status = ""
        else:
            return False
        return True

    def toggle_draft_place(self, h: Hex) -> bool:
        """A click on the map while the panel is open: a place there joins or leaves the order."""
        place = self.scn.map.place_at.get(h)
        if self.draft is None or place is None:
            return False
        if place in self.draft.places:
            self.draft.places.remove(place)
        else:
            self.draft.places.append(place)
        return True

    def give_standing_order(self) -> str:
        """Enter in the panel: give the drafted order and let the AI commander act on it today."""
        d = self.draft
        order = Command(d.formation, d.posture, tuple(d.places), d.beyond_supply)
        if not self._order(order):
            return self.status
        self.close_order_panel()
        return self.carry_out(d.formation)

    def release_order(self, key: str) -> str:
        """Take a formation (or a unit's go-to) back under the player's command."""
        if key not in self.state.standing:
            self.status = f"{self._name(key)} has no standing order"
            return self.status
        if self._order(Release(key)):
            self.close_order_panel()
            self.status = f"{self._name(key)} is back under your command"
        return self.status

    def close_order_panel(self) -> None:
        """Close the panel; the browser it was opened from comes back."""
        self.draft = None
        if self._oob_back is not None:
            self.oob, self._oob_back = self._oob_back, None

    def _name(self, key: str) -> str:
        u = self.state.units.get(key)
        return u.name if u else self.scn.formations[key].name

    # -- go-to orders and carrying out --------------------------------------------------------
    def go_to(self) -> str:
        """T: the selected unit marches to the cursor hex over the coming days (T on its own
        hex takes a go-to order back)."""
        uid, to = self.selected, self.hover
        if not self._commandable(uid) or to is None:
            self.status = "select one of your units and put the cursor on where it should go"
            return self.status
        if to == self.state.units[uid].hex and uid in self.state.standing:
            return self.release_order(uid)
        if self._order(GoTo(uid, to)):
            return self.carry_out(uid)
        return self.status

    def carry_out(self, key: str) -> str:
        """Let the AI commander of ``key`` act for today (undoable unless dice were rolled or an
        enemy was sighted); the status line sums up what it did."""
        if not self._order(CarryOut(key)):
            return self.status
        note = self.status
        last = next((e for e in reversed(self.state.log) if e["kind"] == "delegated"), None)
        self.status = (last["text"] if last else f"{self._name(key)}: nothing to do") + (f"; {note}" if note else "")
        return self.status

    def carry_out_standing(self) -> None:
        """At the start of the player's day (and after loading a save made then): every standing
        order of the side not yet carried out today is, formations in order of battle, then the
        go-to orders."""
        st = self.state
        if not self.my_turn() or not st.standing:
            return
        done = {e.get("formation") or e.get("unit") for e in st.log
                if e["kind"] == "delegated" and e["turn"] == st.turn and e.get("side") == st.side}
        forms = [f for f in oob_order(st, st.side) if f in st.standing and f not in done]
        units = sorted(k for k in st.standing if k in st.units and st.units[k].side == st.side and k not in done)
        if not forms and not units:
            return
        for key in forms + units:
            if key in st.standing and self.my_turn():
                self.carry_out(key)
        self.status = f"{len(forms)} formation(s) and {len(units)} unit(s) acted on standing orders (see the log)"

    def order_text(self, u) -> str:
        """What ``u`` is doing: its standing order, or whether it has acted today."""
        key = commander_of(self.state, u)
        if key == u.id:
            return describe(self.state, key)
        if key is not None:  # the formation's row and the side panel give the whole order
            return f"AI: {POSTURE_TEXT[self.state.standing[key].posture]}"
        if u.attacked or u.rail_moved or (u.moved and u.mp_left <= 0):
            return "done"
        return "moved" if u.moved else "ready"

    # -- events and drawing -------------------------------------------------------------------
    def command_event(self, e: pygame.event.Event) -> bool:
        """Give an event to the order panel, then the browser; True if one of them used it."""
        if not (self.draft or self.oob):
            return False
        if e.type == pygame.MOUSEBUTTONDOWN and self.draft is not None and self._panel_rect is not None \
                and self._panel_rect.collidepoint(e.pos):
            return True  # a click on the panel is not a click on the map under it
        if e.type == pygame.KEYDOWN:
            name = pygame.key.name(e.key)
            if self.draft is not None and self.order_panel_key(name):
                return True
            if self.oob is not None:
                return self._oob_action(self.oob.key(self, name))
        elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1 and self.oob is not None:
            return self._oob_action(self.oob.click(self, e.pos))
        elif e.type == pygame.MOUSEBUTTONUP and e.button == 1 and self.draft is not None and self._press:
            h = self.camera.hex_at(e.pos)
            if not self._dragged and h is not None and self.toggle_draft_place(h):
                self._press = None
                return True
        elif e.type == pygame.MOUSEWHEEL and self.oob is not None and self.oob.rect is not None \
                and self.oob.rect.collidepoint(pygame.mouse.get_pos()):
            self.oob.wheel(e.y)
            return True
        return False

    def _oob_action(self, what: str | None) -> bool:
        if what is None:
            return False
        rows = self.oob.rows(self)
        row = rows[self.oob.cursor] if rows else None
        if what == "close":
            self.oob = None
        elif what == "orders" and row is not None:
            fid = row.id if row.kind == "formation" else self.state.units[row.id].formation
            self.open_order_panel(fid)
            if self.draft is not None:  # the map is wanted for the places: the browser steps aside
                self.oob, self._oob_back = None, self.oob
        elif what == "centre" and row is not None:
            self.centre_on_row(row.kind, row.id)
        return True

    def centre_on_row(self, kind: str, key: str) -> None:
        """Centre the map on a browser row: a unit is selected; a formation becomes the one Tab
        walks, and its first unit still to give orders to (else its first) is selected."""
        st = self.state
        if kind == "unit":
            uid = key
            self.focus = st.units[key].formation
        else:
            self.focus = key
            mine = self._walkable(key) or [u for u in (st.units[k] for k in sorted(st.units))
                                           if in_formation(st, u, key)]
            if not mine:
                return
            uid = mine[0].id
        self.select(uid)
        self.hover_hex(st.units[uid].hex)
        self.camera.center_on(st.units[uid].hex)

    def draw_command(self, surf: pygame.Surface, area: pygame.Rect) -> None:
        """The browser and the order panel over the map (each frame: they follow the keys)."""
        if self.oob is not None:
            self.oob.draw(surf, self, area)
        if self.draft is not None:
            self._panel_rect = draw_order_panel(surf, self, area)

    # -- the order-of-battle browser and Tab -------------------------------------------------
    def toggle_oob(self) -> None:
        """B: open or close the order-of-battle browser for the side the player sees."""
        if self.oob is not None:
            self.oob = None
            return
        side = self.viewer or (self.state.side if self.my_turn() else next(iter(sorted(self.human)), None))
        self.oob = OobBrowser(side or self.state.side)
        self.oob.expand_fronts(self.state)

    def walk_units(self, step: int) -> None:
        """Tab / Shift+Tab on the player's turn: the nearest unit of the selected formation (chosen
        in the browser or the panel; else the selected unit's own) that has not finished and holds
        no standing order, among those not yet visited since the walk began; Shift+Tab goes back.
        When the formation has none left, the whole side's units."""
        st = self.state
        sel = st.units[self.selected] if self._commandable(self.selected) else None
        # the formation chosen in the browser or the panel, while the selection is one of its units
        focus = self.focus if self.focus and (sel is None or in_formation(st, sel, self.focus)) else \
            sel.formation if sel else None
        pool = self._walkable(focus)
        if not pool and focus is not None:
            focus, pool = None, self._walkable(None)
        if not pool:
            self.status = "every unit has finished for today or is under standing orders"
            return
        key = (focus, st.turn, st.side)
        visited = [uid for uid in (self._walk[1] if self._walk[0] == key else ()) if uid in st.units]
        if self.selected in st.units and self.selected not in visited:
            visited.append(self.selected)
        if step < 0:
            earlier = visited[:visited.index(self.selected)] if self.selected in visited else visited
            nxt = earlier[-1] if earlier else pool[-1].id
            visited = visited[:visited.index(nxt) + 1] if nxt in visited else [nxt]
        else:
            fresh = [u for u in pool if u.id not in visited]
            if not fresh:  # every unit visited: the walk begins again from here
                visited = [self.selected] if self.selected in st.units else []
                fresh = [u for u in pool if u.id != self.selected] or pool
            here = st.units[self.selected].hex if self.selected in st.units else fresh[0].hex
            nxt = min(fresh, key=lambda u: (distance(here, u.hex), self._oob_rank(u), u.id)).id
            visited.append(nxt)
        self._walk = (key, tuple(visited))
        self.select(nxt)
        self.hover_hex(st.units[nxt].hex)
        self.camera.ensure_visible(st.units[nxt].hex)

    def _walkable(self, focus: str | None) -> list:
        st, types = self.state, self.scn.rules.unit_types
        return [u for u in (st.units[k] for k in sorted(st.units))
                if u.side == st.side and (focus is None or in_formation(st, u, focus))
                and not (u.attacked or u.rail_moved or u.mp_left <= 0 or types[u.type].static)
                and commander_of(st, u) is None]

    def _oob_rank(self, u) -> int:
        order = oob_order(self.state, u.side)
        return order.index(u.formation) if u.formation in order else len(order)

