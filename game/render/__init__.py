"""Drawing for the pygame front end: hex layout, the cached map tiles, the composed scene, unit
counters, overlays, the minimap, the side panel and its message log.

Colours and the font come from the theme (``assets/theme.yaml``, :mod:`game.theme`).
"""
from __future__ import annotations

import pygame

from ..theme import theme

HIGHLIGHT = theme().ui["highlight"]  # selection and attack targets
INK = theme().ui["ink"]
PAPER = theme().ui["paper"]
BACKGROUND = theme().ui["background"]

_fonts: dict[int, pygame.font.Font] = {}


def font(px: int) -> pygame.font.Font:
    """The theme's bundled font for text about ``px`` pixels tall (cached): no dependence on the
    system's fonts.

    A cached font dies when pygame's font module is shut down (``pygame.quit()``, which tests and
    a closed window call, perhaps more than once), even when it is started again later; such a
    font is noticed at its first use and the cache is rebuilt, whatever the order of shutdowns.
    """
    f = _fonts.get(px)
    if f is not None:
        try:
            f.get_height()
            return f
        except pygame.error:  # "Invalid font (font module quit since font created)"
            _fonts.clear()
    if not pygame.font.get_init():
        pygame.font.init()
    t = theme()
    f = _fonts[px] = pygame.font.Font(t.font_file, max(1, round(px * t.font_scale)))
    # a rendered line of some sizes of DejaVu is a pixel taller than its line spacing: lines laid
    # out a line spacing apart would overlap
    f.set_linesize(max(f.get_linesize(), f.size("Hg")[1]))
    return f


def new_surface(size: tuple[int, int]) -> pygame.Surface:
    """An opaque surface in the window's pixel format when there is a window (fast to blit)."""
    surf = pygame.Surface(size)
    return surf.convert() if pygame.display.get_surface() is not None else surf


def side_colour(side_order: list[str], side: str | None) -> tuple[int, int, int]:
    """A side's colour from the theme (a side it does not name gets a palette colour no other side has)."""
    return theme().side_colour(side_order, side)
