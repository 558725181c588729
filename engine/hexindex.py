"""Map hexes numbered for searches over the whole map (AI cost fields, supply lines).

A search that settles thousands of hexes spends much of its time hashing hex tuples; with each
hex numbered it indexes lists instead. The numbers follow the sorted order of the hexes, so a
priority queue of ``(cost, number)`` pops in exactly the order one of ``(cost, hex)`` does, ties
included: a search rewritten on numbers finds the same costs, bit for bit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .hexes import Hex

if TYPE_CHECKING:
    from .scenario import Scenario

INF = math.inf
StepsInto = tuple[tuple[tuple[int, float], ...], ...]


@dataclass(frozen=True)
class HexIndex:
    """The map's hexes in sorted order (``hexes[i]``) and the number of each (``number[h]``)."""

    hexes: tuple[Hex, ...]
    number: dict[Hex, int]


def hex_index(scn: Scenario) -> HexIndex:
    """The numbering of ``scn``'s map hexes (cached)."""
    def build() -> HexIndex:
        hexes = tuple(sorted(scn.graph.nodes))
        return HexIndex(hexes, {h: i for i, h in enumerate(hexes)})
    return scn.cache.memo("hex_index", build)


def steps_into(scn: Scenario, costs: dict[Hex, dict[Hex, float]], key: str) -> StepsInto:
    """Per hex number ``v``, the passable steps into it as ``(number of u, cost from u into v)``
    (cached under ``key``): what a search from a goal backwards over the directed costs
    ``costs[u][v]`` walks. The order of the steps into a hex does not matter to such a search:
    each step updates its own hex, and the queue orders its entries by (cost, number)."""
    def build() -> StepsInto:
        idx = hex_index(scn)
        num = idx.number
        into: list[list[tuple[int, float]]] = [[] for _ in idx.hexes]
        for u, row in costs.items():
            iu = num[u]
            for v, cost in row.items():
                if cost != INF:
                    into[num[v]].append((iu, cost))
        # the pairs made afresh hex by hex lie together in memory, in the order searches read them
        return tuple(tuple((iu, cost) for iu, cost in steps) for steps in into)
    return scn.cache.memo(key, build)
