"""The minimap: the whole map in a corner, with unit dots and the part the main view shows.

The terrain picture is rendered once per minimap size (one small filled hex per map hex; the
size follows the window, at most 220x160 and a fifth of the map area's width); each scene draw
adds a dot per unit shown and the viewport rectangle. It is left out while the whole map fits
in the view, where it would only hide part of it. A click on the minimap centres the main view
on that point (``GameUI`` turns the position into map coordinates with :meth:`Minimap.to_map`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pygame

from ..theme import theme
from . import INK, PAPER
from .layout import Layout

if TYPE_CHECKING:
    from engine.hexes import Hex
    from engine.scenario import Scenario

MAX_W, MAX_H = 220, 160
MARGIN = 8


class Minimap:
    """``bounds`` are the map's bounds at hex size 1 (see :class:`game.render.mapview.MapView`)."""

    def __init__(self, scn: Scenario, bounds: tuple[float, float, float, float]) -> None:
        self.scn, self.bounds = scn, bounds
        self._box: tuple[int, int] | None = None
        self._base: pygame.Surface | None = None
        self._picture: tuple[object, pygame.Surface] | None = None  # the base with unit dots
        self.fit(pygame.Rect(0, 0, MAX_W * 5, MAX_H * 4))

    def fit(self, area: pygame.Rect) -> None:
        """Size the minimap for a map area (the picture is redrawn only when the size changes)."""
        box = (max(40, min(MAX_W, area.w // 5)), max(30, min(MAX_H, area.h // 4)))
        if box == self._box:
            return
        self._box = box
        x0, y0, x1, y1 = self.bounds
        self.scale = min(box[0] / (x1 - x0), box[1] / (y1 - y0))  # pixels per unit of hex size 1
        self.size = (max(1, round((x1 - x0) * self.scale)), max(1, round((y1 - y0) * self.scale)))
        self._base = self._picture = None

    def layout(self) -> Layout:
        """Hex layout in the minimap's own pixels."""
        return Layout(self.scale, (-self.bounds[0] * self.scale, -self.bounds[1] * self.scale))

    def base(self) -> pygame.Surface:
        if self._base is None:
            surf = pygame.Surface(self.size)
            surf.fill((26, 30, 36))
            lay = self.layout()
            colours = theme().terrain_colour
            for h, d in self.scn.graph.nodes(data=True):
                colour = colours(d["terrain"])
                if self.scale >= 3:
                    pygame.draw.polygon(surf, colour, lay.corners(h, 1.08))
                else:
                    x, y = lay.hex_to_pixel(h)
                    s = max(1, round(self.scale * 1.8))
                    surf.fill(colour, (round(x - s / 2), round(y - s / 2), s, s))
            self._base = surf
        return self._base

    def rect(self, area: pygame.Rect) -> pygame.Rect:
        """Where the minimap sits: the map area's bottom-left corner."""
        self.fit(area)
        return pygame.Rect(area.x + MARGIN, area.bottom - MARGIN - self.size[1], *self.size)

    def draw(self, surf: pygame.Surface, area: pygame.Rect, view: Layout,
             dots: Callable[[], Iterable[tuple[Hex, tuple]]], dots_key: object = None) -> None:
        """Draw at :meth:`rect`; ``view`` is the main map's layout, ``dots`` a function giving
        (hex, colour) pairs; the picture with the dots is kept while ``dots_key`` stays the same
        (None: redrawn every time)."""
        r = self.rect(area)
        if self._picture is None or dots_key is None or self._picture[0] != dots_key:
            picture = self.base().copy()
            lay = self.layout()
            d = max(2, round(self.scale * 0.9))
            for h, colour in dots():
                x, y = lay.hex_to_pixel(h)
                picture.fill(colour, (round(x - d / 2), round(y - d / 2), d, d))
            self._picture = (dots_key, picture)
        surf.blit(self._picture[1], r)
        # the main view's map area in minimap pixels
        k = self.scale / view.size
        vx = r.x + (area.x - view.origin[0]) * k - self.bounds[0] * self.scale
        vy = r.y + (area.y - view.origin[1]) * k - self.bounds[1] * self.scale
        viewport = pygame.Rect(round(vx), round(vy), max(2, round(area.w * k)), max(2, round(area.h * k)))
        prev = surf.get_clip()
        surf.set_clip(r.clip(prev) if prev else r)
        pygame.draw.rect(surf, PAPER, viewport, 2)
        surf.set_clip(prev)
        pygame.draw.rect(surf, INK, r.inflate(2, 2), 1)

    def to_map(self, pos: tuple[int, int], area: pygame.Rect) -> tuple[float, float]:
        """The map point (in hex-size-1 units) under a screen position on the minimap."""
        r = self.rect(area)
        return ((pos[0] - r.x) / self.scale + self.bounds[0], (pos[1] - r.y) / self.scale + self.bounds[1])
