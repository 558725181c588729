"""The map: terrain, coasts, rivers, borders, roads and railways, rendered once into cached tiles.

The map at a given hex size is cut into square tiles of ``TILE`` pixels. A tile's terrain is
drawn the first time the tile is shown and then only blitted; a second cached copy of the tile
adds the control borders (the front line in the holders' colours) and is redrawn only when
control of a hex in or next to the tile changes. Tiles keep memory bounded on a map of any
size and zoom (least recently used tiles are dropped). Every coordinate is a whole pixel, so
tiles meet without seams and a scrolled picture matches a fresh one. Place names are drawn on
dark plates at a fixed pixel size, so they stay legible at every zoom, apart from each other and
under the counters (a counter on a town reads whole; the name shows beside it).
"""
from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from engine.hexes import Hex, neighbours

from ..theme import theme
from . import BACKGROUND, INK, PAPER, font, new_surface, side_colour
from .layout import Layout, Point, px

if TYPE_CHECKING:
    from engine.scenario import Scenario

RIVER = (30, 95, 200)
ROAD = (140, 90, 40)
RAIL = (25, 25, 25)
COAST = (18, 48, 104)
BORDER = (70, 30, 80)
TILE = 256  # pixels
NAME_GAP = 3  # pixels kept clear around a place name
KEEP_TILES = 192  # per cache (terrain, terrain with borders): at most ~48 MB each


def _dashed(surf: pygame.Surface, colour: tuple, a: Point, b: Point, width: int, dash: float) -> None:
    n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1]) / dash))
    for i in range(0, n, 2):  # every other segment, so the line reads as a railway, not a road
        t0, t1 = i / n, min(1.0, (i + 1) / n)
        pygame.draw.line(surf, colour, (px(a[0] + (b[0] - a[0]) * t0), px(a[1] + (b[1] - a[1]) * t0)),
                         (px(a[0] + (b[0] - a[0]) * t1), px(a[1] + (b[1] - a[1]) * t1)), width)


class _LRU(OrderedDict[Hashable, Any]):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get_fresh(self, key: Hashable) -> Any:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)


class MapView:
    """Cached map tiles of one scenario. A layout's ``origin`` is the screen position of hex
    (0, 0); the tiles live in "layer" pixels, whose (0, 0) is the map bounds' top-left corner."""

    def __init__(self, scn: Scenario) -> None:
        self.scn = scn
        g = scn.graph
        self._hexes = sorted(g.nodes)
        unit = Layout(1.0)
        xy = np.array([unit.hex_to_pixel(h) for h in self._hexes], dtype=float)
        # map bounds at hex size 1, one hex of margin on every side
        self.bounds = (xy[:, 0].min() - 1.0, xy[:, 1].min() - 1.0, xy[:, 0].max() + 1.0, xy[:, 1].max() + 1.0)
        self._xy = xy - (self.bounds[0], self.bounds[1])  # hex centres in layer pixels at size 1
        index = {h: i for i, h in enumerate(self._hexes)}
        passable = {h: scn.rules.terrain[d["terrain"]].passable for h, d in g.nodes(data=True)}
        kinds: dict[str, list[tuple[Hex, Hex]]] = {"coast": [], "border": [], "river": [], "road": [], "rail": []}
        for a, b, e in g.edges(data=True):
            ca, cb = g.nodes[a].get("country"), g.nodes[b].get("country")
            if passable[a] != passable[b]:
                kinds["coast"].append((a, b))
            elif ca and cb and ca != cb:
                kinds["border"].append((a, b))
            for k in ("river", "road", "rail"):
                if e.get(k):
                    kinds[k].append((a, b))
        # per kind: the edges and their midpoints (layer pixels at size 1), to pick a tile's share
        self._edges = {k: (v, np.array([(self._xy[index[a]] + self._xy[index[b]]) / 2 for a, b in v]).reshape(-1, 2))
                       for k, v in kinds.items()}
        places = list(scn.map.places.values())
        self._places = (places, np.array([self._xy[index[p.hex]] for p in places]).reshape(-1, 2))
        self._terrain = _LRU(KEEP_TILES)
        self._tiles = _LRU(KEEP_TILES)
        self._labels: dict[tuple[str, int], pygame.Surface] = {}
        self._name_layouts: dict[float, list[tuple[pygame.Surface, pygame.Rect]]] = {}
        self.builds = 0  # terrain tiles rendered (tests check the cache works)

    def layer_size(self, size: float) -> tuple[int, int]:
        x0, y0, x1, y1 = self.bounds
        return (int((x1 - x0) * size) + 1, int((y1 - y0) * size) + 1)

    def _local(self, size: float, dx: int = 0, dy: int = 0) -> Layout:
        """Layout in layer pixels, shifted by ``(-dx, -dy)`` (a tile's own pixels)."""
        return Layout(size, (-self.bounds[0] * size - dx, -self.bounds[1] * size - dy))

    def _near(self, points: np.ndarray, size: float, rect: pygame.Rect, margin: float) -> np.ndarray:
        if not len(points):
            return np.zeros(0, dtype=int)
        x, y = points[:, 0] * size, points[:, 1] * size
        m = (x >= rect.x - margin) & (x <= rect.right + margin) & (y >= rect.y - margin) & (y <= rect.bottom + margin)
        return np.nonzero(m)[0]

    def hexes_near(self, size: float, rect: pygame.Rect, margin: float) -> list[Hex]:
        """Hexes whose centre lies within ``margin`` pixels of ``rect`` (layer pixels)."""
        return [self._hexes[i] for i in self._near(self._xy, size, rect, margin)]

    # -- rendering ------------------------------------------------------------------------------
    def render_terrain(self, size: float, rect: pygame.Rect) -> pygame.Surface:
        """The terrain of a rectangle of layer pixels: hexes, coasts, borders, rivers, roads,
        railways and place marks (what a tile holds)."""
        self.builds += 1
        g = self.scn.graph
        lay = self._local(size, rect.x, rect.y)
        surf = new_surface(rect.size)
        surf.fill(BACKGROUND)
        for h in self.hexes_near(size, rect, size * 1.2):
            colour = theme().terrain_colour(g.nodes[h]["terrain"])
            corners = lay.corners(h)
            pygame.draw.polygon(surf, colour, corners)
            # a faint grid: the terrain colour darkened, so hexes stay countable
            pygame.draw.polygon(surf, tuple(int(c * 0.82) for c in colour), corners, 1)

        def edges(kind: str) -> list[tuple[Hex, Hex]]:
            items, mids = self._edges[kind]
            return [items[i] for i in self._near(mids, size, rect, size * 1.2)]

        for a, b in edges("coast"):  # sea and lake shores
            pygame.draw.line(surf, COAST, *lay.edge(a, b), max(1, round(size / 10)))
        for a, b in edges("border"):  # state borders, dashed
            _dashed(surf, BORDER, *lay.edge(a, b), max(1, round(size / 12)), max(2.0, size / 6))
        for a, b in edges("river"):
            w = max(2, round(size / 7)) if g.edges[a, b]["river"] == "major" else max(1, round(size / 14))
            pygame.draw.line(surf, RIVER, *lay.edge(a, b), w)

        def centre(h: Hex) -> tuple[int, int]:
            x, y = lay.hex_to_pixel(h)
            return (px(x), px(y))

        for a, b in edges("road"):
            pygame.draw.line(surf, ROAD, centre(a), centre(b), max(1, round(size / 12)))
        for a, b in edges("rail"):
            _dashed(surf, RAIL, centre(a), centre(b), max(2, round(size / 10)), size / 4)
        places, where = self._places
        for i in self._near(where, size, rect, size * 1.2):
            place = places[i]
            x, y = lay.hex_to_pixel(place.hex)
            s = max(4, round(size / 4)) + (2 if place.vp >= 5 else 0)  # bigger towns a little bigger
            r = pygame.Rect(0, 0, s, s)
            r.center = (px(x), px(y - size * 0.55))
            pygame.draw.rect(surf, PAPER, r)
            pygame.draw.rect(surf, INK, r, 1)
        return surf

    def _draw_control(self, surf: pygame.Surface, size: float, rect: pygame.Rect, control: dict) -> None:
        """Borders in the owner's colour on each hex side facing a hex held by someone else."""
        g, order = self.scn.graph, self.scn.side_order
        lay = self._local(size, rect.x, rect.y)
        w = max(2, round(size / 9))
        for h in self.hexes_near(size, rect, size * 1.2):
            owner = control.get(h)
            if owner is None:
                continue
            for n in neighbours(h):
                if n in g and control.get(n) != owner:
                    pygame.draw.line(surf, side_colour(order, owner), *lay.edge(h, n, 0.12), w)

    def tile(self, size: float, tx: int, ty: int, control: dict, stamp: object = None) -> pygame.Surface:
        """Tile ``(tx, ty)``: terrain (rendered once) with the control borders of now.

        ``stamp`` names the state the caller draws (None: unknown); a tile already checked at
        that stamp is returned at once, otherwise the control of its hexes is compared."""
        key = (size, tx, ty)
        hit = self._tiles.get_fresh(key)
        if hit is not None and stamp is not None and hit[2] == stamp:
            return hit[1]
        rect = pygame.Rect(tx * TILE, ty * TILE, TILE, TILE)
        signature = tuple(control.get(h) for h in self.hexes_near(size, rect, size * 2.5))
        if hit is not None and hit[0] == signature:
            self._tiles[key] = (signature, hit[1], stamp)
            return hit[1]
        terrain = self._terrain.get_fresh(key)
        if terrain is None:
            terrain = self.render_terrain(size, rect)
            self._terrain.put(key, terrain)
        surf = terrain.copy()
        self._draw_control(surf, size, rect, control)
        self._tiles.put(key, (signature, surf, stamp))
        return surf

    def draw(self, surf: pygame.Surface, lay: Layout, control: dict[Hex, str | None], stamp: object = None) -> None:
        """The map's tiles under ``surf``'s clip rectangle; the background where the map does not reach."""
        size = lay.size
        ox, oy = px(lay.origin[0] + self.bounds[0] * size), px(lay.origin[1] + self.bounds[1] * size)
        view = surf.get_clip()
        w, h = self.layer_size(size)
        ntx, nty = -(-w // TILE), -(-h // TILE)
        covered = pygame.Rect(ox, oy, ntx * TILE, nty * TILE)  # the tiles' grid; beyond it, background
        for r in (pygame.Rect(view.x, view.y, view.w, covered.top - view.y),
                  pygame.Rect(view.x, covered.bottom, view.w, view.bottom - covered.bottom),
                  pygame.Rect(view.x, covered.top, covered.left - view.x, covered.h),
                  pygame.Rect(covered.right, covered.top, view.right - covered.right, covered.h)):
            r = r.clip(view)
            if r.w > 0 and r.h > 0:
                surf.fill(BACKGROUND, r)
        inside = view.clip(covered)
        if not inside.w or not inside.h:
            return
        tx0, ty0 = (inside.x - ox) // TILE, (inside.y - oy) // TILE
        tx1, ty1 = (inside.right - 1 - ox) // TILE, (inside.bottom - 1 - oy) // TILE
        for ty in range(ty0, ty1 + 1):
            for tx in range(tx0, tx1 + 1):
                surf.blit(self.tile(size, tx, ty, control, stamp), (ox + tx * TILE, oy + ty * TILE))

    def outline(self, surf: pygame.Surface, lay: Layout, hexes: Iterable[Hex], colour: tuple, width: int = 2,
                scale: float = 0.9) -> None:
        """Hex outlines (reachable hexes, targets), only those touching the clip rectangle."""
        clip = surf.get_clip().inflate(round(lay.size * 2.2), round(lay.size * 2.2))
        for h in hexes:
            if clip.collidepoint(lay.hex_to_pixel(h)):
                pygame.draw.polygon(surf, colour, lay.corners(h, scale), width)

    # -- place names --------------------------------------------------------------------------------
    def _plate(self, name: str, size_px: int) -> pygame.Surface:
        key = (name, size_px)
        if key not in self._labels:
            text = font(size_px).render(name, True, PAPER)
            plate = pygame.Surface((text.get_width() + 6, text.get_height() + 2), pygame.SRCALPHA)
            plate.fill((15, 15, 20, 190))
            plate.blit(text, (3, 1))
            self._labels[key] = plate
        return self._labels[key]

    def name_layout(self, size: float) -> list[tuple[pygame.Surface, pygame.Rect]]:
        """Where each place name goes at hex size ``size``, in layer pixels (cached).

        The most valuable places first; a name that would overlap one already placed moves above
        its hex, or is left out when both spots are taken. The layout depends only on the zoom,
        never on the part of the map on screen, so names do not jump while the map pans.
        """
        if size not in self._name_layouts:
            size_px = 14 if size < 20 else 17
            lay = self._local(size)
            placed: list[tuple[pygame.Surface, pygame.Rect]] = []
            taken: list[pygame.Rect] = []
            for place in sorted(self.scn.map.places.values(), key=lambda p: (-p.vp, p.name)):
                plate = self._plate(place.name, size_px)
                x, y = lay.hex_to_pixel(place.hex)
                below = plate.get_rect(midtop=(px(x), px(y + size * 0.5)))
                above = plate.get_rect(midbottom=(px(x), px(y - size * 0.7)))
                rect = next((r for r in (below, above) if r.collidelist(taken) < 0), None)
                if rect is not None:
                    placed.append((plate, rect))
                    taken.append(rect.inflate(2 * NAME_GAP, 2 * NAME_GAP))  # two names never touch
            self._name_layouts[size] = placed
        return self._name_layouts[size]

    def draw_names(self, surf: pygame.Surface, lay: Layout) -> None:
        """Place names on a dark plate at a fixed pixel size, drawn before the counters (which
        must read whole) and after everything else on the map."""
        dx = px(lay.origin[0] + self.bounds[0] * lay.size)
        dy = px(lay.origin[1] + self.bounds[1] * lay.size)
        clip = surf.get_clip()
        for plate, rect in self.name_layout(lay.size):
            r = rect.move(dx, dy)
            if r.colliderect(clip):
                surf.blit(plate, r)
