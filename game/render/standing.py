"""Map marks for standing orders: on each counter under a standing order, a light disc ringed in
the posture's colour with its letter (A attack, V advance, H hold, S screen, B fall back, T go-to)
and, for a unit with a go-to order, a dashed line to its destination ending in a ring. Only the
player's own sides are marked (the enemy's orders stay hidden under fog)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from engine.command import GOTO, commander_of

from . import INK, PAPER, font
from .layout import px

if TYPE_CHECKING:
    from ..app import GameUI

LETTER = {"attack": "A", "advance": "V", "hold": "H", "screen": "S", "fall_back": "B", GOTO: "T"}
COLOUR = {"attack": (213, 94, 0), "advance": (230, 159, 0), "hold": (0, 114, 178), "screen": (86, 180, 233),
          "fall_back": (204, 121, 167), GOTO: (0, 158, 115)}


def marked_units(ui: GameUI) -> list[tuple]:
    """(unit, order) for every shown unit under a standing order on a side the player commands
    (with fog, only the viewer's side)."""
    st = ui.state
    if not st.standing:
        return []
    sides = {ui.viewer} if ui.viewer else ui.human
    out = []
    for u in ui.shown_units():
        if u.side in sides:
            key = commander_of(st, u)
            if key is not None:
                out.append((u, st.standing[key]))
    return sorted(out, key=lambda x: x[0].id)


def draw_standing(surf: pygame.Surface, ui: GameUI) -> None:
    """Draw the marks into the map picture (``surf`` is the map area, clipped)."""
    lay = ui.camera.layout
    r = max(6, round(lay.size * 0.28))
    f = font(max(11, round(r * 1.9)))
    for u, o in marked_units(ui):
        x, y = lay.hex_to_pixel(u.hex)
        if o.posture == GOTO:
            tx, ty = lay.hex_to_pixel(o.to)
            _dashes(surf, COLOUR[GOTO], (x, y), (tx, ty), max(2, r // 3))
            pygame.draw.circle(surf, INK, (px(tx), px(ty)), r + 2, max(2, r // 3) + 2)
            pygame.draw.circle(surf, COLOUR[GOTO], (px(tx), px(ty)), r + 2, max(2, r // 3))
        c = (px(x - lay.size * 0.55), px(y - lay.size * 0.5))
        # a light disc ringed in the posture's colour: it stands out on either side's counters
        pygame.draw.circle(surf, INK, c, r + 2)
        pygame.draw.circle(surf, COLOUR[o.posture], c, r + 1)
        pygame.draw.circle(surf, PAPER, c, max(2, r - 2))
        img = f.render(LETTER[o.posture], True, INK)
        surf.blit(img, img.get_rect(center=c))


def _dashes(surf: pygame.Surface, colour: tuple, a: tuple, b: tuple, w: int) -> None:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = max(1, int((dx * dx + dy * dy) ** 0.5 // 10))
    for i in range(0, n, 2):
        p = (a[0] + dx * i / n, a[1] + dy * i / n)
        q = (a[0] + dx * (i + 1) / n, a[1] + dy * (i + 1) / n)
        pygame.draw.line(surf, colour, (px(p[0]), px(p[1])), (px(q[0]), px(q[1])), w)
