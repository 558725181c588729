"""The order-of-battle browser (B): the player's side as a tree, front > army > unit, each row
with its strength, supply, fuel, orders and location.

Fronts start open, armies closed. Up/Down move the cursor, Right/Left open and close a
formation (Left on a unit goes to its formation), Enter or a click centres the map on the row
(and selects the unit); O opens the standing-order panel for the row's formation. The browser
only reads the state; :mod:`game.command_ui` acts on what it returns.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pygame

from engine.command import describe, in_formation, oob_order

from ..render import HIGHLIGHT, PAPER, font
from . import BOX_BG, BOX_EDGE, MUTED

if TYPE_CHECKING:
    from engine.state import GameState
    from engine.units import Unit

    from ..app import GameUI

ROW_H = 20
HEAD_H = 58
OUT = (255, 120, 110)


@dataclass
class Row:
    kind: str  # "formation" or "unit"
    id: str
    depth: int
    name: str
    info: str
    warn: bool = False  # out of supply, or short of fuel: drawn in red


@dataclass
class OobBrowser:
    side: str
    expanded: set[str] = field(default_factory=set)
    cursor: int = 0
    scroll: int = 0
    rect: pygame.Rect | None = None  # where it was last drawn (for clicks)
    _rows: tuple | None = None

    def expand_fronts(self, state: GameState) -> None:
        """Open the top formations (fronts, and the command above them), so armies show."""
        for fid in oob_order(state, self.side):
            if state.scenario.formations[fid].kind in ("command", "front"):
                self.expanded.add(fid)

    def rows(self, ui: GameUI) -> list[Row]:
        """The visible rows, in order of battle (kept until the state or the open rows change)."""
        key = (ui.version, id(ui.state), frozenset(self.expanded))
        if self._rows is None or self._rows[0] != key:
            self._rows = (key, self._make_rows(ui))
        self.cursor = max(0, min(self.cursor, len(self._rows[1]) - 1))
        return self._rows[1]

    def _make_rows(self, ui: GameUI) -> list[Row]:
        st = ui.state
        forms = st.scenario.formations
        out: list[Row] = []
        units = [u for u in st.units.values() if u.side == self.side]

        def walk(fid: str, depth: int) -> None:
            mine = [u for u in units if in_formation(st, u, fid)]
            if not mine:
                return  # an air army or flotilla with no counters on the map
            out.append(_formation_row(ui, fid, depth, mine))
            if fid not in self.expanded:
                return
            for sub in oob_order(st, self.side):
                if forms[sub].parent == fid:
                    walk(sub, depth + 1)
            for u in sorted((u for u in mine if u.formation == fid), key=lambda u: u.name):
                out.append(_unit_row(ui, u, depth + 1))

        for fid in oob_order(st, self.side):
            parent = forms[fid].parent  # a top formation: none above it on this side
            if parent is None or parent not in forms or forms[parent].side != self.side:
                walk(fid, 0)
        return out

    def key(self, ui: GameUI, key: str) -> str | None:
        """A key while the browser is open: returns 'centre' or 'orders' for the cursor row,
        'close', or None (the key did nothing here)."""
        rows = self.rows(ui)
        if not rows:
            return "close" if key in ("escape", "b") else None
        row = rows[self.cursor]
        if key == "up":
            self.cursor = max(0, self.cursor - 1)
        elif key == "down":
            self.cursor = min(len(rows) - 1, self.cursor + 1)
        elif key in ("page up", "page down"):
            self.cursor = max(0, min(len(rows) - 1, self.cursor + (-15 if key == "page up" else 15)))
        elif key == "right" and row.kind == "formation":
            self.expanded.add(row.id)
        elif key == "left":
            if row.kind == "formation" and row.id in self.expanded:
                self.expanded.discard(row.id)
            else:
                self._to_parent(rows, row)
        elif key in ("return", "enter", "space"):
            return "centre"
        elif key == "o":
            return "orders"
        elif key in ("escape", "b"):
            return "close"
        else:
            return None
        return "moved"

    def _to_parent(self, rows: list[Row], row: Row) -> None:
        for i in range(self.cursor - 1, -1, -1):
            if rows[i].depth < row.depth:
                self.cursor = i
                return

    def click(self, ui: GameUI, pos: tuple[int, int]) -> str | None:
        """A click: on a row, put the cursor there and return 'centre' (a formation also opens
        or closes); outside the box None."""
        if self.rect is None or not self.rect.collidepoint(pos):
            return None
        i = self.scroll + (pos[1] - self.rect.y - HEAD_H) // ROW_H
        rows = self.rows(ui)
        if pos[1] < self.rect.y + HEAD_H or not 0 <= i < len(rows):
            return "inside"
        self.cursor = i
        if rows[i].kind == "formation":
            self.expanded ^= {rows[i].id}
        return "centre"

    def wheel(self, dy: int) -> None:
        self.scroll = max(0, self.scroll - 3 * dy)

    def draw(self, surf: pygame.Surface, ui: GameUI, area: pygame.Rect) -> pygame.Rect:
        """Draw the browser over the left of the map ``area``; returns its box."""
        rows = self.rows(ui)
        r = pygame.Rect(area.x + 8, area.y + 8, min(940, area.w - 16), area.h - 16)
        self.rect = r
        pygame.draw.rect(surf, BOX_BG, r, border_radius=6)
        pygame.draw.rect(surf, BOX_EDGE, r, 2, border_radius=6)
        name = ui.scn.sides[self.side]["name"]
        surf.blit(font(26).render(f"Order of battle: {name}", True, HIGHLIGHT), (r.x + 14, r.y + 8))
        hint = ("Up/Down, Right/Left open/close, Enter or click: show on the map (B: back here), "
                "O: standing order, B: close")
        surf.blit(font(16).render(hint, True, MUTED), (r.x + 14, r.y + 36))
        room = (r.h - HEAD_H - 6) // ROW_H
        if self.cursor < self.scroll:
            self.scroll = self.cursor
        elif self.cursor >= self.scroll + room:
            self.scroll = self.cursor - room + 1
        self.scroll = max(0, min(self.scroll, max(0, len(rows) - room)))
        f = font(18)
        name_w = min(330, r.w // 3)
        for k, row in enumerate(rows[self.scroll:self.scroll + room]):
            y = r.y + HEAD_H + k * ROW_H
            if self.scroll + k == self.cursor:
                pygame.draw.rect(surf, (70, 76, 92), (r.x + 4, y - 1, r.w - 8, ROW_H))
            x = r.x + 12 + 16 * row.depth
            mark = ("- " if row.id in self.expanded else "+ ") if row.kind == "formation" else "  "
            label = _fit(f, mark + row.name, r.x + 12 + name_w - x)
            surf.blit(f.render(label, True, HIGHLIGHT if row.kind == "formation" else PAPER), (x, y))
            info = _fit(f, row.info, r.right - (r.x + 24 + name_w) - 8)
            surf.blit(f.render(info, True, OUT if row.warn else MUTED), (r.x + 24 + name_w, y))
        return r


def _fit(f: pygame.font.Font, s: str, w: int) -> str:
    while len(s) > 4 and f.size(s)[0] > w:
        s = s[:-4] + "..."
    return s


def _formation_row(ui: GameUI, fid: str, depth: int, mine: list[Unit]) -> Row:
    st = ui.state
    men = sum(u.men for u in mine)
    tanks = sum(u.tanks for u in mine)
    cut = sum(1 for u in mine if not u.supplied)
    ready = sum(1 for u in mine if ui.order_text(u) in ("ready", "moved"))
    order = ("order: " + describe(st, fid)) if fid in st.standing else f"{ready} to give orders"
    info = f"{len(mine)} unit{'s' if len(mine) > 1 else ''}, {men / 1000:.0f}k men, {tanks} tanks"
    info += f", {cut} OUT of supply" if cut else ""
    return Row("formation", fid, depth, st.scenario.formations[fid].name, f"{info}; {order}", warn=bool(cut))


def _unit_row(ui: GameUI, u: Unit, depth: int) -> Row:
    st = ui.state
    ut = st.scenario.rules.unit_types[u.type]
    strength = f"{u.men / 1000:.1f}k" + (f" {u.tanks}t" if u.tanks else "")
    supply = "supplied" if u.supplied else f"OUT {u.turns_out_of_supply}d"
    fuel = f"fuel {u.fuel:.0f}/{ut.fuel_capacity:.0f}" if ut.fuel_capacity else "no fuel"
    dry = ut.fuel_capacity > 0 and u.fuel < ut.movement * ut.fuel_per_mp
    info = f"{strength}, {supply}, {fuel}, {ui.order_text(u)}, {st.scenario.map.describe(u.hex)}"
    return Row("unit", u.id, depth, u.name, info, warn=not u.supplied or dry)

