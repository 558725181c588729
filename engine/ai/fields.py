"""Distance fields: the movement cost from every hex to a goal, per mobility class.

A reverse Dijkstra over the static movement costs (terrain, roads, rivers) tells each unit how
far, in its own movement points, it is from a goal, going round mountains and lakes. Fields
depend only on the map, so they are cached on the scenario and shared by every turn.
"""
from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

from ..hexes import Hex
from ..movement import static_costs

if TYPE_CHECKING:
    from ..scenario import Scenario

INF = math.inf


def cost_field(scn: "Scenario", mobility: str, goals: tuple[Hex, ...]) -> dict[Hex, float]:
    """Movement points from each hex to the nearest of ``goals`` for ``mobility`` (cached)."""
    key = ("field", mobility, goals)
    cache = scn._cache.setdefault("fields", {})
    if key in cache:
        return cache[key]
    costs = static_costs(scn, mobility)
    g = scn.graph
    dist: dict[Hex, float] = {h: 0.0 for h in goals if h in g}
    heap = [(0.0, h) for h in sorted(dist)]
    heapq.heapify(heap)
    while heap:
        d, v = heapq.heappop(heap)
        if d > dist.get(v, INF):
            continue
        for u in g[v]:
            step = costs[u][v]  # from u into v
            if step == INF:
                continue
            nd = d + step
            if nd < dist.get(u, INF) - 1e-12:
                dist[u] = nd
                heapq.heappush(heap, (nd, u))
    if len(cache) > 512:  # bound memory over long batches
        cache.clear()
    cache[key] = dist
    return dist
