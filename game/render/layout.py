"""Pixel geometry of the pointy-top hex grid (Red Blob Games' layout): drawing and mouse picking.

Uses the engine's axial coordinates ``(q, r)`` with ``r`` growing southwards, which matches
screen pixels (``y`` grows downwards), so no flip is needed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from engine.hexes import Hex, hex_round

SQRT3 = math.sqrt(3.0)
Point = tuple[float, float]


def px(v: float) -> int:
    """A coordinate rounded to a whole pixel, half up: unlike ``round`` (half to even) it moves by
    exactly ``n`` when ``v`` does, so a picture drawn after a pan matches a scrolled one."""
    return math.floor(v + 0.5 + 1e-6)  # ties a float error away from .5 still round alike


# unit offsets of the six corners of a pointy-top hex, clockwise from the east-south-east one
_CORNERS = tuple((math.cos(math.radians(60 * i - 30)), math.sin(math.radians(60 * i - 30))) for i in range(6))


@dataclass(frozen=True)
class Layout:
    """``size`` is the centre-to-corner radius in pixels; ``origin`` is where hex (0, 0)'s centre is."""

    size: float
    origin: Point = (0.0, 0.0)

    def hex_to_pixel(self, h: Hex) -> Point:
        q, r = h
        return (self.origin[0] + self.size * (SQRT3 * q + SQRT3 / 2 * r),
                self.origin[1] + self.size * 1.5 * r)

    def pixel_to_frac(self, p: Point) -> Point:
        """Fractional axial coordinates of a pixel (the inverse of :meth:`hex_to_pixel`)."""
        x = (p[0] - self.origin[0]) / self.size
        y = (p[1] - self.origin[1]) / self.size
        return (SQRT3 / 3 * x - y / 3, 2 / 3 * y)

    def pixel_to_hex(self, p: Point) -> Hex:
        return hex_round(*self.pixel_to_frac(p))

    def corners(self, h: Hex, scale: float = 1.0) -> list[tuple[int, int]]:
        """The six corners in whole pixels, optionally shrunk towards the centre (for outlines
        inside the hex). Whole pixels keep polygons identical when the view moves by whole
        pixels (pygame's polygon filling is not shift-invariant for fractional corners)."""
        cx, cy = self.hex_to_pixel(h)
        s = self.size * scale
        return [(px(cx + s * dx), px(cy + s * dy)) for dx, dy in _CORNERS]

    def edge(self, a: Hex, b: Hex, inset: float = 0.0) -> tuple[tuple[int, int], tuple[int, int]]:
        """The side shared by neighbours ``a`` and ``b``, pulled ``inset`` (0..1) towards ``a``'s
        centre, in whole pixels.

        The side is perpendicular to the line between the centres, through its midpoint, and one
        hex radius long; this avoids any corner-index bookkeeping.
        """
        (ax, ay), (bx, by) = self.hex_to_pixel(a), self.hex_to_pixel(b)
        mx, my = (ax + bx) / 2, (ay + by) / 2
        d = math.hypot(bx - ax, by - ay) or 1.0
        ex, ey = -(by - ay) / d * self.size / 2, (bx - ax) / d * self.size / 2
        ends = ((mx + ex, my + ey), (mx - ex, my - ey))
        (p0, p1) = ((px(x + (ax - x) * inset), px(y + (ay - y) * inset)) for x, y in ends)
        return p0, p1
