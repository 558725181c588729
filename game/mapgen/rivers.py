"""Rivers for the map generator: the basemap river and border lines as one graph, each river of
the region traced along it from waypoint to waypoint, then laid on hexsides."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from engine.hexes import DIRECTIONS, hex_to_km, line, neighbours
from engine.yamlio import where

from . import geodata
from .countries import apply_patch
from .geometry import NpProjection, deg_km, deg_km_arr, np_hex_round, np_km_to_frac, seg_cross
from .region import Region, fail_at

# River tracing: cost of a km of each kind of network edge. Border rivers (Amur, Argun, Ussuri,
# Tumen, Yalu) follow the border lines, which trace their main channel; other rivers follow the
# river lines. "join" links line ends within 3-8 km, "gap" bridges up to GAP_KM across data gaps.
GAP_KM = 40.0
MAX_DETOUR = 3.0  # a traced leg longer than this times the straight distance is an error
TRACE_COSTS = {"river": {"river": 1.0, "border": 3.0, "join": 1.0, "gap": 5.0},
               "border": {"river": 3.0, "border": 1.0, "join": 1.0, "gap": 5.0}}


def river_network(bbox: tuple[float, float, float, float]) -> tuple[nx.Graph, np.ndarray]:
    """The basemap river and border polylines near the theatre as one graph (lat, lon node keys).

    Dangling line ends are joined to another line: to its nearest vertex within 3 km, else to
    the nearest dangling end within 8 km (the data lines are cut at whole degrees and do not
    always meet), else across a gap of up to GAP_KM (tributaries broken off, lakes) at a cost.
    """
    g: nx.Graph[tuple] = nx.Graph()
    owner: dict[tuple, int] = {}
    ends: list[tuple[tuple, int]] = []
    lines = [(pl, "river") for pl in geodata.read_polylines("rivers", "i", bbox)]
    lines += [(pl, "border") for pl in geodata.read_polylines("countries", "i", bbox)]
    for k, (pl, kind) in enumerate(lines):
        pts = [(round(float(lat), 5), round(float(lon), 5)) for lon, lat in pl.points]
        for a, b in zip(pts, pts[1:]):
            if a != b and not g.has_edge(a, b):
                g.add_edge(a, b, km=deg_km(a, b), kind=kind)
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
            d = deg_km_arr(e, cand)
            d = np.where(cown == k, np.inf, d)
            i = int(np.argmin(d))
            if d[i] <= limit:
                other = (float(cand[i][0]), float(cand[i][1]))
                if other != e and not g.has_edge(e, other):
                    g.add_edge(e, other, km=float(d[i]), kind=kind)
                break
    return g, node_arr


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


def _trace_weight(costs: dict[str, float]) -> Callable[[Any, Any, dict[str, Any]], float]:
    """The length of a data edge weighted by what tracing along its kind of line costs."""
    def weight(u: Any, v: Any, e: dict[str, Any]) -> float:
        return e["km"] * costs[e["kind"]]
    return weight


def trace_rivers(regions: Region) -> dict[str, np.ndarray]:
    """Each river of the region as a (n, 2) [lat, lon] line along the data network."""
    if not regions["rivers"]:
        return {}
    g, nodes = river_network(regions.bbox)
    if not len(nodes):
        raise fail_at(regions["rivers"], "the data has no river or border line inside data_box")
    out: dict[str, np.ndarray] = {}
    problems: list[str] = []
    for river in regions["rivers"]:
        at = "{}:{}: ".format(*where(river))
        wps = river["waypoints"]
        snapped = []
        for lat, lon in wps:
            d = deg_km_arr((lat, lon), nodes)
            i = int(np.argmin(d))
            if d[i] > 8:
                problems.append(at + f"river {river['name']}: no data river within 8 km of waypoint {lat}, {lon}")
            snapped.append((nodes[i][0], nodes[i][1]))
        path: list[tuple] = [snapped[0]]
        for a, b in zip(snapped, snapped[1:]):
            costs = TRACE_COSTS["border" if river.get("border") else "river"]
            try:
                seg = nx.shortest_path(g, a, b, weight=_trace_weight(costs))
            except nx.NetworkXNoPath:
                problems.append(at + f"river {river['name']}: data network has no path {a} -> {b}")
                seg = [a, b]
            along = sum(deg_km(u, v) for u, v in zip(seg, seg[1:]))
            if along > MAX_DETOUR * deg_km(a, b) + 20.0:
                problems.append(at + f"river {river['name']}: the data path {a} -> {b} is {along:.0f} km for "
                                f"{deg_km(a, b):.0f} km straight; add or move a waypoint")
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
