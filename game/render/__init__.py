"""Drawing for the pygame front end: hex layout, the cached map tiles, the composed scene, unit
counters, overlays, the minimap, the side panel and its message log.

Colours follow the Okabe-Ito palette, chosen so the two sides stay apart for colour-blind players.
"""
from __future__ import annotations

import pygame

# one colour per side, in the scenario's side order (Soviet red-orange, Japanese blue first)
SIDE_COLOURS = ((213, 94, 0), (0, 114, 178), (0, 158, 115), (204, 121, 167))
HIGHLIGHT = (240, 228, 66)  # Okabe-Ito yellow: selection and attack targets
INK = (20, 20, 24)
PAPER = (245, 243, 232)
BACKGROUND = (34, 40, 48)

_fonts: dict[int, pygame.font.Font] = {}


def font(px: int) -> pygame.font.Font:
    """pygame's bundled default font at ``px`` (cached): no dependence on the system's fonts.

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
    f = _fonts[px] = pygame.font.Font(None, px)
    return f


def new_surface(size: tuple[int, int]) -> pygame.Surface:
    """An opaque surface in the window's pixel format when there is a window (fast to blit)."""
    surf = pygame.Surface(size)
    return surf.convert() if pygame.display.get_surface() is not None else surf


def side_colour(side_order: list[str], side: str | None) -> tuple[int, int, int]:
    return SIDE_COLOURS[side_order.index(side) % len(SIDE_COLOURS)] if side in side_order else (128, 128, 128)
