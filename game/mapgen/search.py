"""The hex grid's size and false origin: a fixed search over offsets that puts every place in its
own hex, on its own side of the border and on its own bank of the major rivers."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.hexes import SQRT3, Projection

from .countries import Geo, control_at, log
from .geometry import NpProjection, np_hex_centre, np_hex_round, np_km_to_frac, point_seg_dist, seg_cross
from .region import Region

OFFSET_STEP_KM = 0.1  # grid of false origins searched (x_0, y_0)


@dataclass
class Choice:
    hex_km: float
    x_0: float
    y_0: float
    margin: float
    tried: int


def place_hex_arrays(px: np.ndarray, py: np.ndarray, ox: np.ndarray, oy: np.ndarray, hex_km: float
                     ) -> tuple[np.ndarray, ...]:
    """Hexes (q, r arrays of shape offsets x places) for place km coords under each offset."""
    X = px[None, :] + ox[:, None]
    Y = py[None, :] + oy[:, None]
    fq, fr = np_km_to_frac(X, Y, hex_km)
    hq, hr = np_hex_round(fq, fr)
    cx, cy = np_hex_centre(hq, hr, hex_km)
    return X, Y, hq, hr, cx, cy


def search_offsets(places: list[dict], geo: Geo, regions: Region, majors: dict[str, np.ndarray],
                   verbose: bool = False) -> Choice:
    """Find hex size and false origin putting every place in its own hex, on its own side and bank.

    Fixed search grid in a fixed order; the best (largest smallest distance of a place from its
    hex border) of the feasible offsets wins, the first one on ties.
    """
    npb = NpProjection(Projection(**regions.proj))
    px, py = npb.to_km(np.array([p["lat"] for p in places]), np.array([p["lon"] for p in places]))
    near = _bank_segments(places, regions, majors, npb, px, py)
    tried = 0
    diag: dict = {}
    for hex_km in regions.hex_km_choices():
        # offsets rounded to what the YAML file will say, so the engine sees the same grid
        xs = np.round(np.arange(0.0, hex_km, OFFSET_STEP_KM), 4)
        ys = np.round(np.arange(0.0, hex_km * SQRT3 / 2, OFFSET_STEP_KM), 4)
        grid_y, grid_x = np.meshgrid(ys, xs, indexing="ij")
        ox, oy = grid_x.ravel(), grid_y.ravel()
        tried += len(ox)
        found = _try_size(hex_km, places, geo, regions, near, px, py, ox, oy)
        diag = found[1]
        if found[0] is None:
            if verbose:
                log(f"  hex_km {hex_km}: no offset works ({len(ox)} tried): {diag}")
            continue
        best, margin, sox, soy = found[0]
        log(f"  hex_km {hex_km}: {diag['bank']} of {len(ox)} offsets work ({diag}); best margin {margin:.2f} km")
        return Choice(hex_km, sox, soy, margin, tried)
    raise SystemExit(f"{regions.path}: no hex size in hex_km (min-max) and no offset puts every place in its own hex "
                     f"on its own side; the last size tried gave {diag} (distinct: offsets with every place in "
                     "its own hex; side_worst: places most often on the wrong side). Widen hex_km, move or drop "
                     "a place, or check the country polygons (docs/map-tool.md)")


def _bank_segments(places: list[dict], regions: Region, majors: dict[str, np.ndarray], npb: NpProjection,
                   px: np.ndarray, py: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """For each place of bank_checks, the major-river segments (unshifted km) within 30 km."""
    river_segs = []
    for ll in majors.values():
        rx, ry = npb.to_km(ll[:, 0], ll[:, 1])
        river_segs.append(np.stack([rx[:-1], ry[:-1], rx[1:], ry[1:]], axis=1))
    if not river_segs:  # no major river: nothing to keep places on their bank of
        return []
    segs = np.vstack(river_segs)
    banks = set(regions["bank_checks"])
    near: list[tuple[int, np.ndarray]] = []
    for i in range(len(places)):
        if places[i]["id"] not in banks:
            continue
        d = point_seg_dist(px[i], py[i], segs[:, 0], segs[:, 1], segs[:, 2], segs[:, 3])
        sel = segs[d < 30.0]
        if len(sel):
            near.append((i, sel))
    return near


def _try_size(hex_km: float, places: list[dict], geo: Geo, regions: Region, near: list, px: np.ndarray,
              py: np.ndarray, ox: np.ndarray, oy: np.ndarray) -> tuple[tuple | None, dict]:
    """The best offset of one hex size ((index, margin, x_0, y_0) or None) and diagnostics."""
    unshifted = NpProjection(Projection(**regions.proj, x_0=0.0, y_0=0.0))
    want_side = np.array([p["side"] for p in places])
    X, Y, hq, hr, cx, cy = place_hex_arrays(px, py, ox, oy, hex_km)
    # 1. every place in its own hex
    key = hq * 100003 + hr
    srt = np.sort(key, axis=1)
    ok = ~(srt[:, 1:] == srt[:, :-1]).any(axis=1)
    diag: dict = {"distinct": int(ok.sum())}
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
    # 3. the hex centre is on the place's bank of every major river (bank_checks)
    for i, sel in near:
        bx, by = cx[:, i] - sox, cy[:, i] - soy
        cross = seg_cross(px[i], py[i], bx[:, None], by[:, None], sel[None, :, 0], sel[None, :, 1],
                          sel[None, :, 2], sel[None, :, 3])
        diag.setdefault("bank_fail", []).append((places[i]["id"], int((good & cross.any(axis=1)).sum())))
        good &= ~cross.any(axis=1)
    diag["bank"] = int(good.sum())
    if not good.any():
        return None, diag
    axes = np.array([[1.0, 0.0], [0.5, SQRT3 / 2], [-0.5, SQRT3 / 2]])
    d = np.stack([X - cx, Y - cy], axis=-1)
    proj = np.abs(d @ axes.T).max(axis=-1)
    margin = (hex_km / 2 - proj).min(axis=1)
    margin = np.where(good, margin, -np.inf)
    best = int(np.argmax(margin))
    return (best, float(margin[best]), float(sox[best]), float(soy[best])), diag
