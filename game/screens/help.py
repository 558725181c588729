"""The keyboard help overlay (F1 or ?): every binding from :mod:`game.keys`, grouped.

:func:`help_layout` places every piece of text first (key column as wide as its widest key,
descriptions wrapped to what is left of the column, the font made smaller until everything fits
the box), so the help never overlaps itself in any window the game allows; tests check the
layout, and :func:`draw_help` only blits it.
"""
from __future__ import annotations

import pygame

from ..keys import GROUPS, help_rows
from ..render import HIGHLIGHT, PAPER, font
from ..render.log import wrap
from . import BOX_BG, BOX_EDGE, MUTED, dim

NOTES = ("Standing orders (O): Up/Down choose the formation, A attack, V advance, H hold, S screen, B fall back; "
         "click places on the map (none: the plan's axes); +/- how far beyond supply; Enter gives it and the AI "
         "commander acts now and each day (the log says so; Z undoes until dice roll); R takes it back.",
         "Fog of war: you see the hexes within your units' recon range (at least the neighbours).",
         "Undo takes back moves and dig-ins until dice are rolled or a move shows you an enemy unit.")
CLOSE = "F1, ? or Esc closes this help"
Item = tuple[str, pygame.Rect, tuple, int]  # text, where, colour, font size


def _column(groups: list[str], rows: list[tuple[str, str, str]], x: int, y: int, w: int,
            px: int) -> tuple[list[Item], int]:
    f, head = font(px), font(px + 5)
    key_w = max(f.size(k)[0] for g, k, _ in rows if g in groups) + px
    items: list[Item] = []
    for g in groups:
        items.append((g, pygame.Rect((x, y), head.size(g)), HIGHLIGHT, px + 5))
        y += head.get_linesize() + 2
        for grp, keys, what in rows:
            if grp != g:
                continue
            items.append((keys, pygame.Rect((x, y), f.size(keys)), PAPER, px))
            for line in wrap(what, f, w - key_w):
                items.append((line, pygame.Rect((x + key_w, y), f.size(line)), MUTED, px))
                y += f.get_linesize()
            y += 2
        y += px // 2
    return items, y


def help_layout(size: tuple[int, int]) -> tuple[pygame.Rect, list[Item]]:
    """The help box for a window of ``size`` and every text in it, placed without overlaps."""
    sw, sh = size
    r = pygame.Rect(0, 0, min(1160, sw - 20), min(720, sh - 20))
    r.center = (sw // 2, sh // 2)
    rows = help_rows()
    half = (len(GROUPS) + 1) // 2
    items: list[Item] = []
    for px in range(19, 10, -1):
        f = font(px)
        notes = [line for n in NOTES for line in wrap(n, f, r.w - 40)]
        bottom = r.bottom - 14 - len(notes) * f.get_linesize()
        col_w = (r.w - 60) // 2
        top = r.y + 58
        left, y1 = _column(list(GROUPS[:half]), rows, r.x + 20, top, col_w, px)
        right, y2 = _column(list(GROUPS[half:]), rows, r.x + 40 + col_w, top, col_w, px)
        if max(y1, y2) <= bottom:
            break
    items = [("Keys", pygame.Rect((r.x + 20, r.y + 14), font(32).size("Keys")), HIGHLIGHT, 32)]
    cw = font(18).size(CLOSE)
    items.append((CLOSE, pygame.Rect((r.right - 20 - cw[0], r.y + 22), cw), MUTED, 18))
    items += left + right
    y = bottom + 6
    for line in notes:
        items.append((line, pygame.Rect((r.x + 20, y), f.size(line)), MUTED, px))
        y += f.get_linesize()
    return r, items


def draw_help(surf: pygame.Surface) -> pygame.Rect:
    """Dim the window and draw the key table in two columns; returns the box."""
    dim(surf)
    r, items = help_layout(surf.get_size())
    pygame.draw.rect(surf, BOX_BG, r, border_radius=6)
    pygame.draw.rect(surf, BOX_EDGE, r, 2, border_radius=6)
    for s, rect, colour, px in items:
        surf.blit(font(px).render(s, True, colour), rect)
    return r
