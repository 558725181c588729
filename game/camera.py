"""The camera of the map screen: zoom levels, the view's position, and screen <-> hex.

A mixin of :class:`game.app.GameUI`: it reads ``view`` (the window size), ``map`` (the
:class:`~game.render.mapview.MapView`, for the map's bounds) and ``zooms``, and keeps
``zoom_i`` and ``origin`` (the screen position of hex (0, 0), in whole pixels, so a pan can
scroll the cached map picture).
"""
from __future__ import annotations

import pygame

from engine.hexes import Hex, distance

from .render.layout import Layout

PANEL_W = 300
STATUS_H = 26
ZOOMS = (8, 12, 18, 26, 36, 50)  # hex radius in pixels (the map is cached in tiles, so any map size works)
OPENING_ZOOM = 26  # a game opens here (or on the whole map, if that is closer): counters read whole


class CameraMixin:
    """Zoom, pan and screen <-> hex for :class:`game.app.GameUI`."""

    def map_rect(self) -> pygame.Rect:
        """The map part of the window (left of the panel, above the status line)."""
        return pygame.Rect(0, 0, max(1, self.view[0] - PANEL_W), max(1, self.view[1] - STATUS_H))

    def fit(self) -> None:
        """Home: the largest zoom showing the whole map, centred in the map area. A map too big
        for the smallest fixed zoom gets a zoom level of its own, below the fixed ones."""
        area = self.map_rect()
        x0, y0, x1, y1 = self.map.bounds
        whole = min(area.w / (x1 - x0), area.h / (y1 - y0))
        self.zooms = [z for z in ZOOMS if z <= whole] or [whole]
        self.zooms += [z for z in ZOOMS if z > whole]
        self.zoom_i = len([z for z in self.zooms if z <= whole]) - 1
        z = self.zooms[self.zoom_i]
        self._set_origin(area.centerx - (x0 + x1) / 2 * z, area.centery - (y0 + y1) / 2 * z)

    def opening_view(self) -> None:
        """The view a game opens on: the whole map when its counters can be read at that zoom
        (or when watching), else :data:`OPENING_ZOOM` on the player's own forces."""
        self.fit()
        side = self.state.side if self.mode == "both" else self.mode  # hot-seat: the side to move
        mine = [u.hex for u in self.state.units.values() if u.side == side]
        if self.zooms[self.zoom_i] >= OPENING_ZOOM or not mine:
            return
        self.zoom_i = self.zooms.index(OPENING_ZOOM)
        # the densest gathering of the side's troops (most own units within 6 hexes): the main blow
        self.center_on(max(mine, key=lambda h: (sum(distance(h, o) <= 6 for o in mine), h)))

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
        fx, fy = self._pan_rest[0] + dx, self._pan_rest[1] + dy
        ix, iy = round(fx), round(fy)
        self._pan_rest = (fx - ix, fy - iy)
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
        return h if h in self.scn.graph else None

    def whole_map_shown(self) -> bool:
        """Whether the whole map lies inside the map area at the current zoom and position."""
        z, (ox, oy) = self.zooms[self.zoom_i], self.origin
        x0, y0, x1, y1 = self.map.bounds
        return self.map_rect().contains(pygame.Rect(ox + x0 * z, oy + y0 * z, (x1 - x0) * z, (y1 - y0) * z))

    def minimap_shown(self) -> bool:
        """The minimap shows when it is on and the map does not fit in the view."""
        return self.minimap_on and not self.whole_map_shown()

    def minimap_hit(self, pos: tuple[int, int]) -> bool:
        """Whether a screen position is on the shown minimap."""
        return self.minimap_shown() and self.minimap.rect(self.map_rect()).collidepoint(pos)
