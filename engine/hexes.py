"""Hex geometry: axial coordinates, neighbours, distance, lines, and the map projection.

Hexes are pointy-topped and addressed by axial coordinates ``(q, r)`` (Red Blob Games'
convention; the third cube coordinate is ``s = -q - r``). ``r`` grows southwards, so a map
written as text rows reads north at the top.

Geography reaches the hex grid through a documented projection: a spherical Lambert
conformal conic with two standard parallels (the usual choice for a mid-latitude region wide
in longitude, such as Manchuria; scale error stays within about 1% between the parallels).
Projected kilometres become hexes through the hex size, which is scenario data: ``hex_km``
is the distance between the centres of two neighbouring hexes.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

Hex = tuple[int, int]

# Axial directions, clockwise from east.
DIRECTIONS: tuple[Hex, ...] = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))

EARTH_RADIUS_KM = 6371.0
SQRT3 = math.sqrt(3.0)


def neighbours(h: Hex) -> list[Hex]:
    """The six hexes adjacent to ``h``."""
    q, r = h
    return [(q + dq, r + dr) for dq, dr in DIRECTIONS]


def distance(a: Hex, b: Hex) -> int:
    """Number of hex steps between ``a`` and ``b``."""
    dq = a[0] - b[0]
    dr = a[1] - b[1]
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def hex_round(q: float, r: float) -> Hex:
    """The hex containing the fractional axial position ``(q, r)``."""
    s = -q - r
    rq, rr, rs = round(q), round(r), round(s)
    dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - s)
    if dq > dr and dq > ds:
        rq = -rr - rs
    elif dr > ds:
        rr = -rq - rs
    return (int(rq), int(rr))


def line(a: Hex, b: Hex) -> list[Hex]:
    """Hexes on the straight line from ``a`` to ``b``, both included.

    A tiny nudge keeps the line off hex edges, so the result is the same every time.
    """
    n = distance(a, b)
    if n == 0:
        return [a]
    aq, ar = a[0] + 1e-6, a[1] + 1e-6
    bq, br = b[0] + 1e-6, b[1] + 1e-6
    out = []
    for i in range(n + 1):
        t = i / n
        out.append(hex_round(aq + (bq - aq) * t, ar + (br - ar) * t))
    return out


def ring(center: Hex, radius: int) -> Iterator[Hex]:
    """Hexes exactly ``radius`` steps from ``center``."""
    if radius == 0:
        yield center
        return
    q, r = center[0] + DIRECTIONS[4][0] * radius, center[1] + DIRECTIONS[4][1] * radius
    for d in range(6):
        for _ in range(radius):
            yield (q, r)
            q, r = q + DIRECTIONS[d][0], r + DIRECTIONS[d][1]


def offset_to_axial(col: int, row: int) -> Hex:
    """'Odd-r' offset (rows shoved right on odd rows) to axial: used for text-row maps."""
    return (col - (row - (row & 1)) // 2, row)


def axial_to_offset(h: Hex) -> tuple[int, int]:
    """Axial to 'odd-r' offset ``(col, row)``."""
    q, r = h
    return (q + (r - (r & 1)) // 2, r)


def hex_to_km(h: Hex, hex_km: float) -> tuple[float, float]:
    """Centre of a hex in projected km: x east, y south."""
    size = hex_km / SQRT3
    q, r = h
    return (size * (SQRT3 * q + SQRT3 / 2 * r), size * 1.5 * r)


def km_to_hex(x: float, y: float, hex_km: float) -> Hex:
    """The hex containing the projected point ``(x east, y south)`` in km."""
    size = hex_km / SQRT3
    q = (SQRT3 / 3 * x - y / 3) / size
    r = (2 / 3 * y) / size
    return hex_round(q, r)


@dataclass(frozen=True)
class Projection:
    """Spherical Lambert conformal conic.

    The origin (``lat_0``, ``lon_0``) maps to ``x = x_0, y = y_0`` km (a false origin lets a map
    generator shift the hex grid against the ground, e.g. to put close places in separate hexes).
    """

    lat_0: float
    lon_0: float
    lat_1: float
    lat_2: float
    x_0: float = 0.0
    y_0: float = 0.0

    def _cone(self) -> tuple[float, float, float]:
        p1, p2, p0 = (math.radians(v) for v in (self.lat_1, self.lat_2, self.lat_0))
        if abs(p1 - p2) < 1e-9:
            n = math.sin(p1)
        else:
            n = math.log(math.cos(p1) / math.cos(p2)) / math.log(
                math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2)
            )
        f = math.cos(p1) * math.tan(math.pi / 4 + p1 / 2) ** n / n
        rho0 = EARTH_RADIUS_KM * f / math.tan(math.pi / 4 + p0 / 2) ** n
        return n, f, rho0

    def to_km(self, lat: float, lon: float) -> tuple[float, float]:
        """Project ``lat, lon`` (degrees) to ``(x east, y south)`` km."""
        n, f, rho0 = self._cone()
        rho = EARTH_RADIUS_KM * f / math.tan(math.pi / 4 + math.radians(lat) / 2) ** n
        theta = n * math.radians(lon - self.lon_0)
        x = rho * math.sin(theta)
        north = rho0 - rho * math.cos(theta)
        return (x + self.x_0, -north + self.y_0)

    def from_km(self, x: float, y: float) -> tuple[float, float]:
        """Inverse of :meth:`to_km`: ``(lat, lon)`` in degrees."""
        n, f, rho0 = self._cone()
        x, north = x - self.x_0, -(y - self.y_0)
        rho = math.copysign(math.hypot(x, rho0 - north), n)
        theta = math.atan2(x, rho0 - north)
        lat = 2 * math.atan((EARTH_RADIUS_KM * f / rho) ** (1 / n)) - math.pi / 2
        return (math.degrees(lat), self.lon_0 + math.degrees(theta / n))

    def to_hex(self, lat: float, lon: float, hex_km: float) -> Hex:
        """The hex a geographic point falls in."""
        return km_to_hex(*self.to_km(lat, lon), hex_km)

    def hex_centre(self, h: Hex, hex_km: float) -> tuple[float, float]:
        """``(lat, lon)`` of a hex centre."""
        return self.from_km(*hex_to_km(h, hex_km))
