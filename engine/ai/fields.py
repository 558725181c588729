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
from ..hexindex import hex_index, steps_into
from ..movement import static_costs

if TYPE_CHECKING:
    from ..scenario import Scenario

INF = math.inf


class Field:
    """Movement cost to the nearest of ``goals`` for one mobility class, settled on demand.

    The search runs over hex numbers (:mod:`engine.hexindex`): the same pops, ties included, as
    one over hexes, so the same costs."""

    def __init__(self, scn: Scenario, mobility: str, goals: tuple[Hex, ...],
                 avoid: frozenset[Hex] = frozenset()) -> None:
        idx = hex_index(scn)
        self._number = idx.number
        self._into = steps_into(scn, static_costs(scn, mobility), f"steps_into:{mobility}")
        self._avoid = frozenset(idx.number[h] for h in avoid if h in idx.number)
        self._dist = [INF] * len(idx.hexes)
        self._done = bytearray(len(idx.hexes))
        starts = sorted({idx.number[h] for h in goals if h in idx.number})
        for i in starts:
            self._dist[i] = 0.0
        self._heap = [(0.0, i) for i in starts]

    def get(self, h: Hex, default: float = INF) -> float:
        """Cost from ``h`` to the goal (``default`` if it cannot get there)."""
        return self.within(h, INF, default)

    def within(self, h: Hex, limit: float, default: float = INF) -> float:
        """Cost from ``h`` to the goal if it is at most ``limit``, else that cost or ``default``:
        the search stops once all that is left costs more than ``limit`` (for questions such as
        "is it within two days?", which need not settle hexes further out)."""
        i = self._number.get(h)
        if i is None:
            return default  # off the map: no search ever settles it
        heap, dist, done, into, avoid = self._heap, self._dist, self._done, self._into, self._avoid
        heappop, heappush = heapq.heappop, heapq.heappush
        while not done[i] and heap and heap[0][0] <= limit:
            d, v = heappop(heap)
            if done[v] or d > dist[v]:
                continue
            done[v] = 1
            if d > 0 and v in avoid:
                continue  # settled, but no way leads on through it
            for u, step in into[v]:  # from u into v
                nd = d + step
                if nd < dist[u] - 1e-12:
                    dist[u] = nd
                    heappush(heap, (nd, u))
        return dist[i] if done[i] else default


def cost_field(scn: Scenario, mobility: str, goals: tuple[Hex, ...]) -> Field:
    """The (cached, lazily computed) field to ``goals`` for ``mobility``."""
    cache = scn.cache.setdefault("fields", {})
    key = (mobility, goals)
    if key not in cache:
        if len(cache) > 2048:  # bound memory over long batches
            cache.clear()
        cache[key] = Field(scn, mobility, goals)
    return cache[key]
