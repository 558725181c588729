"""The hot-seat hand-over screen: hides the map until the next player is at the controls."""
from __future__ import annotations

import pygame

from ..render import BACKGROUND, PAPER, font
from . import MUTED, text


def draw_handover(surf: pygame.Surface, side_name: str, colour: tuple, date: str) -> None:
    """A blank screen asking to pass the mouse to ``side_name``; nothing of the map shows."""
    surf.fill(BACKGROUND)
    w, h = surf.get_size()
    title = font(48).render(f"Pass the mouse to {side_name}", True, colour)
    surf.blit(title, title.get_rect(center=(w // 2, h // 2 - 30)))
    sub = font(24).render(date, True, PAPER)
    surf.blit(sub, sub.get_rect(center=(w // 2, h // 2 + 15)))
    hint = "Press Enter or Space, or click, when ready"
    text(surf, hint, (w // 2 - font(20).size(hint)[0] // 2, h // 2 + 50), MUTED, 20)
