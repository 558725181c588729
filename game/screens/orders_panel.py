"""The standing-order panel (O): the formation being given an order and its chain of command,
the posture, the places, the supply leash and the order it has now. It only draws the draft
held by :class:`game.command_ui.OrderDraft`; the keys are handled there."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from engine.command import POSTURE_TEXT, describe, in_formation, under_order
from engine.units import chain

from ..render import HIGHLIGHT, PAPER, font
from ..render.log import wrap
from . import BOX_BG, BOX_EDGE, MUTED

if TYPE_CHECKING:
    from ..app import GameUI

KEYS_LINE = "Enter: give the order (the AI commander acts at once, and each day)   R: take back   Esc: close"


def panel_lines(ui: GameUI) -> list[tuple[str, tuple, int]]:
    """(text, colour, size) of each line the panel shows for the current draft."""
    d, st, scn = ui.draft, ui.state, ui.scn
    assert d is not None, "the order panel is open"
    name = scn.formations[d.formation].name
    levels = "  <  ".join(f"[{scn.formations[f].name}]" if i == d.level else scn.formations[f].name
                          for i, f in enumerate(d.levels))
    postures = "   ".join((f"[{k.upper()} {POSTURE_TEXT[p]}]" if p == d.posture else f"{k.upper()} {POSTURE_TEXT[p]}")
                          for k, p in (("a", "attack"), ("v", "advance"), ("h", "hold"), ("s", "screen"),
                                       ("b", "fall_back")))
    places = ", ".join(scn.map.places[p].name for p in d.places) or \
        "none: the plan (each army along its own axis, else the nearest objectives)"
    leash = ("no limit" if d.beyond_supply is None else "stay in supply" if d.beyond_supply == 0
             else f"up to {d.beyond_supply} {'hex' if d.beyond_supply == 1 else 'hexes'} beyond supply")
    above = next((f.id for f in chain(scn.formations, d.formation) if f.id in st.standing), None)
    now = (describe(st, d.formation) if above == d.formation else "under your command" if above is None
           else f"under the {scn.formations[above].name}'s order ({describe(st, above)})")
    n = len(under_order(st, d.formation)) if d.formation in st.standing else \
        sum(1 for u in st.units.values() if u.side == st.side and in_formation(st, u, d.formation))
    return [(f"Standing order: {name}", HIGHLIGHT, 24),
            (f"Formation (Up/Down): {levels}", PAPER, 18),
            (f"Posture: {postures}", PAPER, 18),
            (f"Places (click them on the map; Del clears): {places}", PAPER, 18),
            (f"Beyond supply (+/-): {leash}", PAPER, 18),
            (f"Now: {now} ({n} units)", MUTED, 18),
            (KEYS_LINE, MUTED, 16)]


def draw_order_panel(surf: pygame.Surface, ui: GameUI, area: pygame.Rect) -> pygame.Rect:
    """Draw the panel at the bottom of the map ``area`` and outline the draft's places."""
    d, lay = ui.draft, ui.camera.layout
    assert d is not None, "the order panel is open"
    surf.set_clip(area)
    hexes = [ui.scn.map.places[p].hex for p in d.places]
    ui.map.outline(surf, lay, hexes, (0, 0, 0), 7, 1.0)
    ui.map.outline(surf, lay, hexes, (86, 180, 233), 4, 1.0)
    surf.set_clip(None)
    w = min(860, area.w - 16)
    lines = []
    for text, colour, px in panel_lines(ui):
        lines += [(line, colour, px) for line in wrap(text, font(px), w - 28)]
    h = sum(font(px).get_linesize() for _, _, px in lines) + 20
    r = pygame.Rect(area.x + 8, area.bottom - h - 8, w, h)
    pygame.draw.rect(surf, BOX_BG, r, border_radius=6)
    pygame.draw.rect(surf, BOX_EDGE, r, 2, border_radius=6)
    y = r.y + 10
    for text, colour, px in lines:
        surf.blit(font(px).render(text, True, colour), (r.x + 14, y))
        y += font(px).get_linesize()
    return r
