"""Distance fields: the movement cost from every hex to a goal, per mobility class.

A reverse Dijkstra over the static movement costs (terrain, roads, rivers) tells each unit how
far, in its own movement points, it is from a goal, going round mountains and lakes. Fields
depend only on the map, so they are cached on the scenario and shared by every turn. They are
computed lazily: the search from the goal runs only as far as the hexes asked about, and
resumes when a farther hex is asked for, so goals near the units cost little.
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


class Field:
    """Movement cost to the nearest of ``goals`` for one mobility class, settled on demand."""

    def __init__(self, scn: Scenario, mobility: str, goals: tuple[Hex, ...],
                 avoid: frozenset[Hex] = frozenset()) -> None:
        self._costs = static_costs(scn, mobility)
        self._g = scn.graph
        self._avoid = avoid
        self._dist: dict[Hex, float] = {h: 0.0 for h in goals if h in scn.graph}
        self._done: set[Hex] = set()
        self._heap = [(0.0, h) for h in sorted(self._dist)]
        heapq.heapify(self._heap)

    def get(self, h: Hex, default: float = INF) -> float:
        """Cost from ``h`` to the goal (``default`` if it cannot get there)."""
        heap, dist, done, costs, g, avoid = self._heap, self._dist, self._done, self._costs, self._g, self._avoid
        while h not in done and heap:
            d, v = heapq.heappop(heap)
            if v in done or d > dist.get(v, INF):
                continue
            done.add(v)
            if v in avoid and d > 0:
                continue  # settled, but no way leads on through it
            for u in g[v]:
                step = costs[u][v]  # from u into v
                if step == INF:
                    continue
                nd = d + step
                if nd < dist.get(u, INF) - 1e-12:
                    dist[u] = nd
                    heapq.heappush(heap, (nd, u))
        return dist[h] if h in done else default


def cost_field(scn: Scenario, mobility: str, goals: tuple[Hex, ...]) -> Field:
    """The (cached, lazily computed) field to ``goals`` for ``mobility``."""
    cache = scn.cache.setdefault("fields", {})
    key = (mobility, goals)
    if key not in cache:
        if len(cache) > 2048:  # bound memory over long batches
            cache.clear()
        cache[key] = Field(scn, mobility, goals)
    return cache[key]
