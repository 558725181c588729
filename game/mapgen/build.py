"""The map generator's pipeline: region file and open data in, a :class:`Built` map out.

The steps, each its own function: read the data (:mod:`.countries`, :mod:`.rivers`), search the
grid (:mod:`.search`), lay out the hexes of the extent, classify them from sample points
(land/sea/lake, relief), put the places, railways and roads on them, label countries and sides,
lay rivers on hexsides, apply the region's terrain corrections and add fortifications, airfields
and ports. The run is deterministic: the same inputs give the same map.
"""
from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.hexes import SQRT3, Hex, Projection, line, neighbours
from engine.yamlio import where

from .countries import Geo, country_at, load_geo, log
from .geometry import NpProjection, in_box, in_polygon, np_hex_centre, point_seg_dist
from .region import TERRAIN_CHARS, Region, fail_at
from .rivers import river_hexsides, trace_rivers
from .search import Choice, search_offsets

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


@dataclass
class Built:
    """A generated map, ready to be written (:mod:`.output`)."""

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
    roads: list  # (name, source, [waypoints])
    hexes: dict  # extras: fortification, airfield, port
    supply: list
    stats: dict


@dataclass
class Grid:
    """The hexes of the extent with their centres and what the sample points found in them."""

    hexes: list
    index: dict
    cx: np.ndarray
    cy: np.ndarray
    clat: np.ndarray
    clon: np.ndarray
    slat: np.ndarray  # sample points (hexes x 19)
    slon: np.ndarray
    water: np.ndarray  # bool, updated as places and railways claim coastal hexes
    water_share: np.ndarray
    relief: np.ndarray  # land class from the relief, also for hexes that end up water
    sea: set


def sample_offsets(hex_km: float) -> np.ndarray:
    """19 sample points in a hex: the centre and two hexagonal rings (km offsets)."""
    pts = [(0.0, 0.0)]
    for ring, rad in ((6, hex_km * 0.28), (12, hex_km * 0.5)):
        for k in range(ring):
            a = 2 * math.pi * k / ring + (math.pi / 6 if ring == 6 else 0.0)
            squeeze = 0.95 if ring == 12 else 1.0
            pts.append((rad * math.cos(a) * squeeze, rad * math.sin(a) * squeeze))
    return np.array(pts)


def build(region: Region) -> Built:
    """Generate the map of a checked region."""
    t0 = time.time()
    places = region["places"]
    log("reading data")
    geo = load_geo(region)
    rivers = trace_rivers(region)
    majors = {r["name"]: rivers[r["name"]] for r in region["rivers"] if r["class"] == "major"}
    log("searching hex size and offset")
    choice = search_offsets(places, geo, region, majors)
    hex_km = choice.hex_km
    proj = Projection(**region.proj, x_0=choice.x_0, y_0=choice.y_0)
    npp = NpProjection(proj)
    grid = make_grid(region, npp, hex_km)
    classify(grid, geo, npp, hex_km)
    place_hex, used = locate_places(places, proj, hex_km, grid)
    rail_out = lay_lines(region, "railways", proj, hex_km, grid, place_hex, used)
    road_out = lay_lines(region, "roads", proj, hex_km, grid, place_hex, used)
    country = assign_countries(region, geo, grid, place_hex)
    river_out = [(r["name"], r["class"], r["source"],
                  river_hexsides(rivers[r["name"]], npp, hex_km, grid.index, grid.water, grid.hexes))
                 for r in region["rivers"]]
    terrain = region_terrain(region, grid, npp, river_out)
    despeckle(terrain, grid)
    place_terrain(region, terrain, grid, place_hex)
    water_final = terrain == "water"
    country = np.where(water_final, "", country)
    hexes = grid.hexes
    sides = {h: region["country_side"][country[i]] for i, h in enumerate(hexes) if country[i]}
    wrong = [p["id"] for p in places if sides.get(place_hex[p["id"]]) != p["side"]]
    if wrong:
        raise SystemExit(f"{region.path}: places in a hex of the other side: {wrong}")
    extras = hex_extras(region, proj, hex_km, grid.sea, place_hex)
    terrain_map = {h: terrain[i] for i, h in enumerate(hexes)}
    counts = {t: int((terrain == t).sum()) for t in TERRAIN_CHARS}
    stats = {"hexes": len(hexes), "counts": counts, "seconds": time.time() - t0}
    return Built(proj, hex_km, choice, terrain_map, sides, {h: country[i] for i, h in enumerate(hexes) if country[i]},
                 grid.sea, place_hex, river_out, rail_out, road_out, extras, list(region["supply_sources"]), stats)


def make_grid(region: Region, npp: NpProjection, hex_km: float) -> Grid:
    """The hexes whose centre lies inside the extent polygon (sample fields filled by :func:`classify`)."""
    ext = region["extent"]["polygon"]
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
    if not hexes:
        raise fail_at(region["extent"], "the extent polygon holds no hex centre")
    log(f"  {len(hexes)} hexes on the map")
    empty = np.zeros(0)
    return Grid(hexes, {h: i for i, h in enumerate(hexes)}, cx, cy, clat, clon, empty, empty, empty, empty, empty,
                set())


def classify(grid: Grid, geo: Geo, npp: NpProjection, hex_km: float) -> None:
    """Land/sea/lake, height and ruggedness from 19 sample points a hex; the relief class."""
    so = sample_offsets(hex_km)
    sx = grid.cx[:, None] + so[None, :, 0]
    sy = grid.cy[:, None] + so[None, :, 1]
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
    base = np.full(len(grid.hexes), "clear", dtype=object)
    base[rough >= ROUGH_HILLS] = "hills"
    base[(height >= HIGH_HILLS_HEIGHT) & (rough >= HIGH_HILLS_ROUGH)] = "hills"
    base[(rough >= ROUGH_MOUNTAINS) & (height >= HEIGHT_MOUNTAINS)] = "mountains"
    base[(rough >= HIGH_MOUNTAINS_ROUGH) & (height >= HIGH_MOUNTAINS_HEIGHT)] = "mountains"
    water = water_share >= WATER_SHARE
    grid.slat, grid.slon, grid.water_share, grid.relief, grid.water = slat, slon, water_share, base.copy(), water
    grid.sea = {grid.hexes[i] for i in np.flatnonzero(water & (sea_share > water_share - sea_share))}


def locate_places(places: list, proj: Projection, hex_km: float, grid: Grid) -> tuple[dict, dict]:
    """Each place's hex (the engine's own projection); a place's hex is land whatever the mask says."""
    place_hex: dict[str, tuple] = {}
    used: dict[tuple, str] = {}
    for p in places:
        h = proj.to_hex(p["lat"], p["lon"], hex_km)
        if h in used:
            raise fail_at(p, f"internal: {p['id']} shares hex {h} with {used[h]}")
        if h not in grid.index:
            raise fail_at(p, f"place {p['id']} falls off the map (hex {h}); widen the extent polygon")
        used[h] = p["id"]
        place_hex[p["id"]] = h
        grid.water[grid.index[h]] = False
    return place_hex, used


def _wp_hex(w: str | Sequence[int], place_hex: dict[str, Hex]) -> Hex:
    return place_hex[w] if isinstance(w, str) else (w[0], w[1])


def lay_lines(region: Region, kind: str, proj: Projection, hex_km: float, grid: Grid, place_hex: dict,
              used: dict) -> list:
    """Railways or roads as waypoint lists; a coastal hex a line runs through becomes land."""
    stations = region["stations"]
    out = []
    problems: list[str] = []
    for rw in region[kind]:
        wps = []
        for k, wp in enumerate(rw["path"]):
            if wp in place_hex:
                wps.append(wp)
                h = place_hex[wp]
            else:  # a station (the region check made sure)
                h = proj.to_hex(stations[wp][0], stations[wp][1], hex_km)
                wps.append(used[h] if h in used else [h[0], h[1]])  # a station in a place's hex: the place
            if h not in grid.index:
                raise fail_at(rw["path"], f"{kind[:-1]} {rw['name']}: waypoint {wp!r} is off the map", k)
        clean = [wps[0]]
        for w in wps[1:]:
            if _wp_hex(w, place_hex) != _wp_hex(clean[-1], place_hex):
                clean.append(w)
        at = "{}:{}: ".format(*where(rw))
        for a, b in zip(clean, clean[1:]):
            for h in line(_wp_hex(a, place_hex), _wp_hex(b, place_hex)):
                i = grid.index.get(h)
                if i is None:
                    problems.append(f"{at}{kind[:-1]} {rw['name']} leaves the map near {h}; add a station")
                elif grid.water[i]:
                    if grid.water_share[i] < 1.0:
                        grid.water[i] = False
                    else:
                        problems.append(f"{at}{kind[:-1]} {rw['name']} crosses open water at {h} between {a} and "
                                        f"{b}; add a station")
        out.append((rw["name"], rw["source"], clean))
    if problems:
        raise SystemExit("\n".join(problems))
    return out


def assign_countries(region: Region, geo: Geo, grid: Grid, place_hex: dict) -> np.ndarray:
    """The 1945 country of each hex ('' for water and unlabelled)."""
    hexes, index, water = grid.hexes, grid.index, grid.water
    country = country_at(grid.clat, grid.clon, geo, region)
    # hexes whose centre is sea or an unlabelled sliver: the commonest country of their land samples
    for i in np.flatnonzero(country == ""):
        if water[i]:
            continue
        cs = country_at(grid.slat[i], grid.slon[i], geo, region)
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
    for p in region["places"]:  # a place's hex belongs to its side (checked in the search)
        if country[index[place_hex[p["id"]]]] == "":
            raise fail_at(p, f"place {p['id']}: no country for its hex; add a seed in country_seeds on its land")
    return country


def region_terrain(region: Region, grid: Grid, npp: NpProjection, river_out: list) -> np.ndarray:
    """Water from the mask, the relief class elsewhere, then the region's terrain entries in order."""
    terrain = np.where(grid.water, "water", grid.relief).astype(object)
    clat, clon, hexes = grid.clat, grid.clon, grid.hexes
    river_hexes = {name: {h for e in edges for h in e} for name, _, _, edges in river_out}
    for reg in region["terrain"]:
        sel = np.isin(terrain, reg["applies_to"])
        if reg.get("box") is not None:
            sel &= in_box(clat, clon, reg["box"])
        if reg.get("polygon") is not None:
            sel &= in_polygon(clat, clon, reg["polygon"])
        if reg.get("corridor") is not None:
            cl = np.array(reg["corridor"]["line"], dtype=float)
            lx, ly = npp.to_km(cl[:, 0], cl[:, 1])
            d = np.full(len(hexes), np.inf)
            for k in range(len(cl) - 1):
                d = np.minimum(d, point_seg_dist(grid.cx, grid.cy, lx[k], ly[k], lx[k + 1], ly[k + 1]))
            sel &= d <= reg["corridor"]["km"]
        if reg.get("near_river") is not None:
            rh = river_hexes.get(reg["near_river"], set())
            sel &= np.array([h in rh for h in hexes], dtype=bool)
        terrain[sel] = reg["terrain"]
    return terrain


def despeckle(terrain: np.ndarray, grid: Grid) -> None:
    """One pass: a lone land hex unlike all its neighbours takes the class that at least four of
    them share (the relief picture is noisy at this scale)."""
    before = terrain.copy()
    index = grid.index
    for i, h in enumerate(grid.hexes):
        if before[i] in ("water", "city"):
            continue
        nb = [before[index[n]] for n in neighbours(h) if n in index]
        if len(nb) == 6 and before[i] not in nb:
            top = max(sorted(set(nb)), key=nb.count)
            if nb.count(top) >= 4 and top != "water":
                terrain[i] = top


def place_terrain(region: Region, terrain: np.ndarray, grid: Grid, place_hex: dict) -> None:
    """Major cities are city hexes; a place on a water hex takes its commonest land neighbour."""
    index = grid.index
    for p in region["places"]:
        i = index[place_hex[p["id"]]]
        if "city" in p["types"] and p["imp"] <= region["city_importance"]:
            terrain[i] = "city"
        elif terrain[i] == "water":
            nb = [terrain[index[n]] for n in neighbours(grid.hexes[i])
                  if n in index and terrain[index[n]] not in ("water", "city")]
            terrain[i] = max(sorted(set(nb)), key=nb.count) if nb else "clear"


def hex_extras(region: Region, proj: Projection, hex_km: float, sea: set, place_hex: dict) -> dict:
    """Fortifications, airfields and ports, each with its sources."""
    extras: dict[tuple, dict] = {}
    for f in region["fortifications"]:
        h = place_hex[f["at"]] if isinstance(f["at"], str) else proj.to_hex(f["at"][0], f["at"][1], hex_km)
        e = extras.setdefault(h, {"sources": []})
        e["fortification"] = max(e.get("fortification", 0), f["level"])
        e["sources"].append(f["source"])
    note = region.text("airfield", "an airfield in use in 1945 [general knowledge]")
    for p in region["places"]:
        h = place_hex[p["id"]]
        if "airfield" in p["types"]:
            e = extras.setdefault(h, {"sources": []})
            e["airfield"] = True
            e["sources"].append(f"airfield: {p['name']} ({p['id']}), {note}")
        if ("port" in p["types"] or "naval_base" in p["types"]):
            coastal = any(n in sea for n in neighbours(h)) or h in sea
            if coastal:
                e = extras.setdefault(h, {"sources": []})
                e["port"] = True
                e["sources"].append(f"port: {p['name']} ({p['id']}) on the sea coast")
    for port in region["extra_ports"]:  # a port beside a place (Hungnam for Hamhung)
        h = place_hex[port["at"]]
        if any(n in sea for n in neighbours(h)):
            e = extras.setdefault(h, {"sources": []})
            e["port"] = True
            e["sources"].append(port["source"])
    return extras
