"""Vectorised geometry for the map generator: the projection in numpy, hex rounding, point in
polygon, segment crossings and distances. The engine's :mod:`engine.hexes` is the reference; these
twins must give the same hexes."""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.hexes import EARTH_RADIUS_KM, SQRT3, Projection

# a coordinate, or an array of them (the geometry broadcasts, as numpy does)
Coord = float | np.ndarray


class NpProjection:
    """Vectorised twin of engine.hexes.Projection (same formulas; the engine's is the reference)."""

    def __init__(self, p: Projection):
        self.p = p
        self.n, self.f, self.rho0 = p._cone()

    def to_km(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rho = EARTH_RADIUS_KM * self.f / np.tan(np.pi / 4 + np.radians(lat) / 2) ** self.n
        theta = self.n * np.radians(lon - self.p.lon_0)
        return rho * np.sin(theta) + self.p.x_0, -(self.rho0 - rho * np.cos(theta)) + self.p.y_0

    def from_km(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = x - self.p.x_0
        north = -(y - self.p.y_0)
        rho = np.copysign(np.hypot(x, self.rho0 - north), self.n)
        theta = np.arctan2(x, self.rho0 - north)
        lat = 2 * np.arctan((EARTH_RADIUS_KM * self.f / rho) ** (1 / self.n)) - np.pi / 2
        return np.degrees(lat), self.p.lon_0 + np.degrees(theta / self.n)


def np_km_to_frac(x: np.ndarray, y: np.ndarray, hex_km: float) -> tuple[np.ndarray, np.ndarray]:
    size = hex_km / SQRT3
    return (SQRT3 / 3 * x - y / 3) / size, (2 / 3 * y) / size


def np_hex_round(q: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype(np.int64), rr.astype(np.int64)


def np_hex_centre(q: np.ndarray, r: np.ndarray, hex_km: float) -> tuple[np.ndarray, np.ndarray]:
    size = hex_km / SQRT3
    return size * (SQRT3 * q + SQRT3 / 2 * r), size * 1.5 * r


def in_polygon(lat: np.ndarray, lon: np.ndarray, poly: list) -> np.ndarray:
    """Even-odd point-in-polygon on [lat, lon] vertices (planar in degrees)."""
    inside = np.zeros(np.shape(lat), dtype=bool)
    n = len(poly)
    for i in range(n):
        la1, lo1 = poly[i]
        la2, lo2 = poly[(i + 1) % n]
        cond = (la1 > lat) != (la2 > lat)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_cross = lo1 + (lat - la1) * (lo2 - lo1) / (la2 - la1)
        inside ^= cond & (lon < x_cross)
    return inside


def in_box(lat: np.ndarray, lon: np.ndarray, box: list) -> np.ndarray:
    return (lat >= box[0]) & (lat <= box[2]) & (lon >= box[1]) & (lon <= box[3])


def seg_cross(p1x: Coord, p1y: Coord, p2x: Coord, p2y: Coord, q1x: Coord, q1y: Coord, q2x: Coord,
              q2y: Coord) -> Any:
    """Whether segments p1-p2 and q1-q2 properly intersect (numpy broadcasting)."""
    def orient(ax: Coord, ay: Coord, bx: Coord, by: Coord, cx: Coord, cy: Coord) -> Coord:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    d1 = orient(q1x, q1y, q2x, q2y, p1x, p1y)
    d2 = orient(q1x, q1y, q2x, q2y, p2x, p2y)
    d3 = orient(p1x, p1y, p2x, p2y, q1x, q1y)
    d4 = orient(p1x, p1y, p2x, p2y, q2x, q2y)
    return (((d1 > 0) & (d2 < 0)) | ((d1 < 0) & (d2 > 0))) & (((d3 > 0) & (d4 < 0)) | ((d3 < 0) & (d4 > 0)))


def point_seg_dist(px: Coord, py: Coord, ax: Coord, ay: Coord, bx: Coord, by: Coord) -> Any:
    dx, dy = bx - ax, by - ay
    L = dx * dx + dy * dy
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / np.where(L > 0, L, 1.0), 0.0, 1.0)
    return np.hypot(px - ax - t * dx, py - ay - t * dy)


def deg_km(a: Sequence[float], b: Sequence[float]) -> float:
    """Approximate km between two (lat, lon) points (equirectangular; fine within a few hundred km)."""
    kx = 111.2 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * kx)


def deg_km_arr(a: Sequence[float], nodes: np.ndarray) -> np.ndarray:
    """:func:`deg_km` from one point to an (n, 2) array of (lat, lon) points."""
    kx = 111.2 * np.cos(np.radians(a[0]))
    return np.hypot((nodes[:, 0] - a[0]) * 111.2, (nodes[:, 1] - a[1]) * kx)
