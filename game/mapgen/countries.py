"""Countries and borders for the map generator: the basemap border lines (patched where the
region says so) flood-filled into a country raster, then relabelled by the region's polygons."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

import numpy as np

from . import geodata
from .geometry import in_box, in_polygon
from .region import Region


def log(msg: str) -> None:
    """Progress on stderr (stdout stays free for a caller)."""
    print(msg, file=sys.stderr)


@dataclass
class Geo:
    mask: geodata.Grid
    height: geodata.Grid
    rough: geodata.Grid
    borders: list[np.ndarray]  # polylines, (n, 2) lat, lon
    country_raster: np.ndarray  # int8 on the mask grid: 0 none, else 1 + index into the region's country_seeds


def base_countries(region: Region) -> tuple[str, ...]:
    """Labels of the country raster: '' (none), then the seeded base countries in file order."""
    return ("", *region["country_seeds"])


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


def load_geo(regions: Region) -> Geo:
    """Land/sea mask, relief and country raster of the region's data box."""
    t = time.time()
    mask = geodata.land_sea_mask(regions.bbox)
    height, rough = geodata.relief_fields(regions.bbox)
    borders: list[np.ndarray] = []
    for pl in geodata.read_polylines("countries", "i", regions.bbox):
        ll = pl.points[:, ::-1].copy()
        parts = [ll]
        for patch in regions.get("line_patches", []):
            if patch.get("border"):
                parts = [p2 for p in parts for p2 in apply_patch(p, patch)]
        borders.extend(parts)
    raster = country_raster(mask, borders, regions["country_seeds"], base_countries(regions))
    log(f"  data read in {time.time() - t:.1f} s")
    return Geo(mask, height, rough, borders, raster)


def country_raster(mask: geodata.Grid, borders: list[np.ndarray], seeds: dict, labels: tuple[str, ...]) -> np.ndarray:
    """Label the land cells of the mask grid by country: flood fill between the border lines."""
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
        for name in labels[1:]:
            for lat, lon in seeds[name]:
                c = int((lon - mask.lon0) / mask.step)
                r = int((lat - mask.lat0) / mask.step)
                if 0 <= c < cols and 0 <= r < rows and comp.get_at((c, r)):
                    label = labels.index(name)
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


def base_country_at(lat: np.ndarray, lon: np.ndarray, geo: Geo) -> np.ndarray:
    """Country raster label at points."""
    m = geo.mask
    row = np.clip(np.floor((lat - m.lat0) / m.step).astype(int), 0, m.values.shape[0] - 1)
    col = np.clip(np.floor((lon - m.lon0) / m.step).astype(int), 0, m.values.shape[1] - 1)
    return geo.country_raster[row, col]


def country_at(lat: np.ndarray, lon: np.ndarray, geo: Geo, regions: Region) -> np.ndarray:
    """1945 country id ('' for sea/unknown) at points."""
    base = base_country_at(lat, lon, geo)
    names = np.array([regions["country_base"].get(c, "") for c in base_countries(regions)], dtype=object)
    out = names[base]
    for reg in regions["countries"]:
        inside = in_polygon(lat, lon, reg["polygon"]) & np.isin(out, reg["from"])
        out = np.where(inside, reg["country"], out)
    return out


def control_at(lat: np.ndarray, lon: np.ndarray, geo: Geo, regions: Region) -> np.ndarray:
    """The side ('' for none) holding the country at each point."""
    c = country_at(lat, lon, geo, regions)
    sides = np.array([regions["country_side"].get(x, "") for x in c.ravel()], dtype=object).reshape(c.shape)
    return sides


