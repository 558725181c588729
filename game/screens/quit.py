"""The question Q asks before the game closes: save and quit, quit without saving, or go back."""
from __future__ import annotations

import pygame

from ..render import PAPER
from . import MUTED, box, dim, text


def draw_quit(surf: pygame.Surface, over: bool) -> pygame.Rect:
    """Dim the window and ask; ``over`` (the game has ended) means there is nothing to save."""
    dim(surf)
    r = box(surf, 560, 150, "Quit August Storm?")
    x, y = r.x + 20, r.y + 64
    if over:
        y += text(surf, "Enter, Y or Q: quit", (x, y), PAPER) + 6
    else:
        y += text(surf, "Enter, Y or Q: save the game and quit", (x, y), PAPER) + 6
        y += text(surf, "N: quit without saving", (x, y), PAPER) + 6
    text(surf, "Esc: back to the game (L lists the saves later)", (x, y), MUTED, 18)
    return r
