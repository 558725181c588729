"""The keyboard help overlay (F1 or ?): every binding from :mod:`game.keys`, grouped."""
from __future__ import annotations

import pygame

from ..keys import GROUPS, help_rows
from ..render import HIGHLIGHT, PAPER
from . import MUTED, box, dim, text


def draw_help(surf: pygame.Surface) -> pygame.Rect:
    """Dim the window and draw the key table in two columns; returns the box."""
    dim(surf)
    rows = help_rows()
    r = box(surf, 1120, 520, "Keys")
    text(surf, "F1, ? or Esc closes this help", (r.right - 300, r.y + 22), MUTED, 18)
    col_w = (r.w - 60) // 2
    x, y = r.x + 20, r.y + 60
    for i, g in enumerate(GROUPS):
        items = [(k, t) for grp, k, t in rows if grp == g]
        if i == (len(GROUPS) + 1) // 2:  # the second half of the groups in the right column
            x, y = r.x + 40 + col_w, r.y + 60
        y += text(surf, g, (x, y), HIGHLIGHT, 24) + 4
        for keys, what in items:
            text(surf, keys, (x, y), PAPER, 19)
            y += text(surf, what, (x + 150, y), MUTED, 19) + 4
        y += 10
    notes = ("Fog of war: you see the hexes within your units' recon range (at least the neighbours).",
             "Undo takes back moves and dig-ins until dice are rolled or a move shows you an enemy unit.")
    y = r.bottom - 58
    for n in notes:
        y += text(surf, n, (r.x + 20, y), MUTED, 18) + 4
    return r
