"""Full-window screens and modal boxes: start, help, end of game, hand-over, load list.

Each screen module has plain drawing functions (or a small class holding its choices) and no
game logic; :class:`game.app.GameUI` and :mod:`game.window` decide when they show.
"""
from __future__ import annotations

import pygame

from ..render import HIGHLIGHT, PAPER, font

BOX_BG = (30, 34, 42)
BOX_EDGE = (120, 126, 140)
MUTED = (185, 190, 200)


def dim(surf: pygame.Surface, alpha: int = 170) -> None:
    """Darken everything drawn so far (under a modal box)."""
    shade = pygame.Surface(surf.get_size())
    shade.fill((0, 0, 0))
    shade.set_alpha(alpha)
    surf.blit(shade, (0, 0))


def box(surf: pygame.Surface, w: int, h: int, title: str) -> pygame.Rect:
    """A centred box with a title; returns the box (draw the content below ``y + 50``)."""
    sw, sh = surf.get_size()
    r = pygame.Rect(0, 0, min(w, sw - 20), min(h, sh - 20))
    r.center = (sw // 2, sh // 2)
    pygame.draw.rect(surf, BOX_BG, r, border_radius=6)
    pygame.draw.rect(surf, BOX_EDGE, r, 2, border_radius=6)
    t = font(32).render(title, True, HIGHLIGHT)
    surf.blit(t, (r.x + 20, r.y + 14))
    return r


def scrolled_lines(surf: pygame.Surface, r: pygame.Rect, lines: list[tuple[str, tuple]], f: pygame.font.Font,
                   scroll: int, spare: int) -> tuple[int, int]:
    """Draw the rows of coloured ``lines`` that fit in box ``r`` from ``r.y + 60``, leaving
    ``spare`` pixels of its height for the title and hints, from line ``scroll`` (clamped so the
    last page is full); returns the scroll used and the rows shown."""
    step = f.get_linesize()
    rows = max(1, (r.h - spare) // step)
    scroll = max(0, min(scroll, max(0, len(lines) - rows)))
    y = r.y + 60
    for line, colour in lines[scroll:scroll + rows]:
        surf.blit(f.render(line, True, colour), (r.x + 20, y))
        y += step
    return scroll, rows


def text(surf: pygame.Surface, s: str, pos: tuple[int, int], colour: tuple = PAPER, px: int = 20) -> int:
    """Blit one line; returns its height."""
    img = font(px).render(s, True, colour)
    surf.blit(img, pos)
    return img.get_height()
