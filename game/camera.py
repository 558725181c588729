"""The camera of the map screen: zoom levels, the view's position, and screen <-> hex.

:class:`Camera` is a part of :class:`game.app.GameUI` (``ui.camera``). It keeps the window size
(``view``), the map's bounds and hexes, the zoom levels and ``origin`` (the screen position of
hex (0, 0), in whole pixels, so a pan can scroll the cached map picture).
"""
from __future__ import annotations

from collections.abc import Container

import pygame

from engine.hexes import Hex, distance

from .render.layout import Layout

PANEL_W = 300
STATUS_H = 26
ZOOMS = (8, 12, 18, 26, 36, 50)  # hex radius in pixels (the map is cached in tiles, so any map size works)
OPENING_ZOOM = 26  # a game opens here (or on the whole map, if that is closer): counters read whole


class Camera:
    """Zoom, pan and screen <-> hex for the map screen."""

    def __init__(self, view: tuple[int, int]) -> None:
        self.view = view  # the window size in pixels
        self.bounds: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)  # the map's, at hex size 1
        self.on_map: Container[Hex] = frozenset()
        self.zooms: list[float] = list(ZOOMS)
        self.zoom_i = 0
        self.origin: tuple[int, int] = (0, 0)
        self.pan_rest: tuple[float, float] = (0.0, 0.0)  # fractions of a pixel kept from the last pan

    def show_map(self, bounds: tuple[float, float, float, float], on_map: Container[Hex]) -> None:
        """Look at another map (a game loaded): its bounds and hexes, the fixed zoom levels."""
        self.bounds, self.on_map = bounds, on_map
        self.zooms = list(ZOOMS)

    def map_rect(self) -> pygame.Rect:
        """The map part of the window (left of the panel, above the status line)."""
        return pygame.Rect(0, 0, max(1, self.view[0] - PANEL_W), max(1, self.view[1] - STATUS_H))

    def fit(self) -> None:
        """Home: the largest zoom showing the whole map, centred in the map area. A map too big
        for the smallest fixed zoom gets a zoom level of its own, below the fixed ones."""
        area = self.map_rect()
        x0, y0, x1, y1 = self.bounds
        whole = min(area.w / (x1 - x0), area.h / (y1 - y0))
        self.zooms = [z for z in ZOOMS if z <= whole] or [whole]
        self.zooms += [z for z in ZOOMS if z > whole]
        self.zoom_i = len([z for z in self.zooms if z <= whole]) - 1
        z = self.zooms[self.zoom_i]
        self._set_origin(area.centerx - (x0 + x1) / 2 * z, area.centery - (y0 + y1) / 2 * z)

    def look_at(self, hexes: list[Hex]) -> None:
        """The view a game opens on: the whole map when its counters can be read at that zoom
        (or when there is nothing to look at), else :data:`OPENING_ZOOM` on ``hexes``."""
        self.fit()
        if self.zooms[self.zoom_i] >= OPENING_ZOOM or not hexes:
            return
        self.zoom_i = self.zooms.index(OPENING_ZOOM)
        # the densest gathering of the side's troops (most own units within 6 hexes): the main blow
        self.center_on(max(hexes, key=lambda h: (sum(distance(h, o) <= 6 for o in hexes), h)))

    def _set_origin(self, x: float, y: float) -> None:
        """The view's position, kept in whole pixels so a pan can scroll the cached picture."""
        self.origin = (round(x), round(y))

    @property
    def layout(self) -> Layout:
        """The hex layout of the current zoom and position."""
        return Layout(self.zooms[self.zoom_i], self.origin)

    def zoom(self, step: int, anchor: tuple[float, float] | None = None) -> None:
        """Change zoom level, keeping the map point under ``anchor`` (default: map centre) in place."""
        i = max(0, min(len(self.zooms) - 1, self.zoom_i + step))
        anchor = anchor or self.map_rect().center
        k = self.zooms[i] / self.zooms[self.zoom_i]
        self._set_origin(anchor[0] - (anchor[0] - self.origin[0]) * k, anchor[1] - (anchor[1] - self.origin[1]) * k)
        self.zoom_i = i

    def pan(self, dx: float, dy: float) -> None:
        """Move the view; fractions of a pixel are kept for the next pan (smooth key panning)."""
        fx, fy = self.pan_rest[0] + dx, self.pan_rest[1] + dy
        ix, iy = round(fx), round(fy)
        self.pan_rest = (fx - ix, fy - iy)
        self.origin = (self.origin[0] + ix, self.origin[1] + iy)

    def center_on_point(self, x: float, y: float) -> None:
        """Centre the map area on a map point given at hex size 1."""
        z, c = self.zooms[self.zoom_i], self.map_rect().center
        self._set_origin(c[0] - x * z, c[1] - y * z)

    def center_on(self, h: Hex) -> None:
        """Centre the map area on hex ``h``."""
        self.center_on_point(*Layout(1.0).hex_to_pixel(h))

    def ensure_visible(self, h: Hex) -> None:
        """Pan so ``h`` is inside the map area with a margin (no change if it already is)."""
        x, y = self.layout.hex_to_pixel(h)
        m = self.layout.size * 2
        if not self.map_rect().inflate(-2 * m, -2 * m).collidepoint(x, y):
            self.center_on(h)

    def hex_at(self, pos: tuple[int, int]) -> Hex | None:
        """The map hex under a screen position, or None (panel, status line or off the map)."""
        if not self.map_rect().collidepoint(pos):
            return None
        h = self.layout.pixel_to_hex(pos)
        return h if h in self.on_map else None

    def whole_map_shown(self) -> bool:
        """Whether the whole map lies inside the map area at the current zoom and position."""
        z, (ox, oy) = self.zooms[self.zoom_i], self.origin
        x0, y0, x1, y1 = self.bounds
        return self.map_rect().contains(pygame.Rect(ox + x0 * z, oy + y0 * z, (x1 - x0) * z, (y1 - y0) * z))
