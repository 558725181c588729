"""The map: terrain, rivers, roads and railways rendered once per zoom level, then blitted.

Static layers are drawn to one cached surface per hex size, because redrawing every polygon
each frame would cost far more than a single blit on a real-sized map. Control borders change
only after orders, so they get their own cached overlay, rebuilt when ``state.control`` changes.
"""
from __future__ import annotations

import math

import pygame

from engine.hexes import Hex, neighbours

from . import BACKGROUND, INK, PAPER, font, side_colour
from .layout import Layout, Point

RIVER = (30, 95, 200)
ROAD = (140, 90, 40)
RAIL = (25, 25, 25)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def _dashed(surf: pygame.Surface, colour: tuple, a: Point, b: Point, width: int, dash: float) -> None:
    n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1]) / dash))
    for i in range(0, n, 2):  # every other segment, so the line reads as a railway, not a road
        t0, t1 = i / n, min(1.0, (i + 1) / n)
        pygame.draw.line(surf, colour, (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0),
                         (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1), width)


class MapView:
    """Cached map layers of one scenario; ``origin`` is the screen position of hex (0, 0)."""

    def __init__(self, scn) -> None:
        self.scn = scn
        unit = Layout(1.0)
        xs, ys = zip(*(unit.hex_to_pixel(h) for h in scn.graph.nodes))
        # map bounds at hex size 1, one hex of margin on every side
        self.bounds = (min(xs) - 1.0, min(ys) - 1.0, max(xs) + 1.0, max(ys) + 1.0)
        self._layers: dict[float, pygame.Surface] = {}
        self._control: tuple[float, dict, pygame.Surface] | None = None
        self._labels: dict[tuple[str, int], pygame.Surface] = {}
        self.builds = 0  # how many terrain layers were rendered (tests check the cache works)

    def layer_size(self, size: float) -> tuple[int, int]:
        x0, y0, x1, y1 = self.bounds
        return (int((x1 - x0) * size) + 1, int((y1 - y0) * size) + 1)

    def _local(self, size: float) -> Layout:
        """Layout in the layer's own pixels (its top-left is the map bounds' corner)."""
        return Layout(size, (-self.bounds[0] * size, -self.bounds[1] * size))

    def terrain_layer(self, size: float) -> pygame.Surface:
        if size in self._layers:
            return self._layers[size]
        self.builds += 1
        scn, g, lay = self.scn, self.scn.graph, self._local(size)
        surf = pygame.Surface(self.layer_size(size))
        surf.fill(BACKGROUND)
        for h, d in g.nodes(data=True):
            colour = _rgb(scn.rules.terrain[d["terrain"]].colour)
            pygame.draw.polygon(surf, colour, lay.corners(h))
            # a faint grid: the terrain colour darkened, so hexes stay countable
            pygame.draw.polygon(surf, tuple(int(c * 0.82) for c in colour), lay.corners(h), 1)
        for a, b, e in g.edges(data=True):
            if e.get("river"):
                w = max(2, round(size / 7)) if e["river"] == "major" else max(1, round(size / 14))
                pygame.draw.line(surf, RIVER, *lay.edge(a, b), w)
        for a, b, e in g.edges(data=True):
            if e.get("road"):
                pygame.draw.line(surf, ROAD, lay.hex_to_pixel(a), lay.hex_to_pixel(b), max(1, round(size / 12)))
        for a, b, e in g.edges(data=True):
            if e.get("rail"):
                _dashed(surf, RAIL, lay.hex_to_pixel(a), lay.hex_to_pixel(b), max(2, round(size / 10)), size / 4)
        for place in scn.map.places.values():
            x, y = lay.hex_to_pixel(place.hex)
            s = max(4, round(size / 4)) + (2 if place.vp >= 5 else 0)  # bigger towns a little bigger
            r = pygame.Rect(0, 0, s, s)
            r.center = (round(x), round(y - size * 0.55))
            pygame.draw.rect(surf, PAPER, r)
            pygame.draw.rect(surf, INK, r, 1)
        self._layers[size] = surf
        return surf

    def control_layer(self, size: float, control: dict[Hex, str | None]) -> pygame.Surface:
        """Borders in the owner's colour on each hex side facing a hex held by someone else."""
        if self._control and self._control[0] == size and self._control[1] == control:
            return self._control[2]
        g, lay, order = self.scn.graph, self._local(size), self.scn.side_order
        surf = pygame.Surface(self.layer_size(size), pygame.SRCALPHA)
        for h in g.nodes:
            owner = control.get(h)
            if owner is None:
                continue
            for n in neighbours(h):
                if n in g and control.get(n) != owner:
                    pygame.draw.line(surf, side_colour(order, owner) + (230,), *lay.edge(h, n, 0.12),
                                     max(2, round(size / 9)))
        self._control = (size, dict(control), surf)
        return surf

    def draw(self, surf: pygame.Surface, lay: Layout, control: dict[Hex, str | None]) -> None:
        top_left = (lay.origin[0] + self.bounds[0] * lay.size, lay.origin[1] + self.bounds[1] * lay.size)
        surf.blit(self.terrain_layer(lay.size), top_left)
        surf.blit(self.control_layer(lay.size, control), top_left)

    def outline(self, surf: pygame.Surface, lay: Layout, hexes, colour: tuple, width: int = 2,
                scale: float = 0.9) -> None:
        for h in hexes:
            pygame.draw.polygon(surf, colour, lay.corners(h, scale), width)

    def draw_names(self, surf: pygame.Surface, lay: Layout) -> None:
        """Place names on a dark plate, drawn after the counters so they stay readable."""
        px = 14 if lay.size < 20 else 17
        taken: list[pygame.Rect] = []
        # the most valuable places first; a name that would overlap one already drawn moves above
        # its hex, or is left out when both places are taken
        for place in sorted(self.scn.map.places.values(), key=lambda p: (-p.vp, p.name)):
            key = (place.name, px)
            if key not in self._labels:
                text = font(px).render(place.name, True, PAPER)
                plate = pygame.Surface((text.get_width() + 6, text.get_height() + 2), pygame.SRCALPHA)
                plate.fill((15, 15, 20, 190))
                plate.blit(text, (3, 1))
                self._labels[key] = plate
            plate = self._labels[key]
            x, y = lay.hex_to_pixel(place.hex)
            below = plate.get_rect(midtop=(round(x), round(y + lay.size * 0.5)))
            above = plate.get_rect(midbottom=(round(x), round(y - lay.size * 0.7)))
            rect = next((r for r in (below, above) if r.collidelist(taken) < 0), None)
            if rect is not None:
                surf.blit(plate, rect)
                taken.append(rect)
