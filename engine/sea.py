"""Sea lanes: how far landing craft sail from a harbour to a stretch of coast, over the map's
water hexes (impassable terrain), so a landing can reach only coasts of the sea its harbour
lies on (the Sea of Japan and the Yellow Sea do not meet on the map)."""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from .hexes import Hex, neighbours

if TYPE_CHECKING:
    from .scenario import Scenario


def _water(scn: Scenario, h: Hex) -> bool:
    return not scn.rules.terrain[scn.graph.nodes[h]["terrain"]].passable


def _water_steps(scn: Scenario, port: Hex) -> dict[Hex, int]:
    """Hexes of water from ``port``: 1 for the water next to it, then one more per hex sailed."""
    key = f"sea:{port[0]},{port[1]}"
    if key in scn.cache:
        return scn.cache[key]
    g = scn.graph
    steps: dict[Hex, int] = {}
    queue: deque[Hex] = deque()
    for n in neighbours(port):
        if n in g and _water(scn, n):
            steps[n] = 1
            queue.append(n)
    while queue:
        h = queue.popleft()
        for n in neighbours(h):
            if n in g and n not in steps and _water(scn, n):
                steps[n] = steps[h] + 1
                queue.append(n)
    scn.cache[key] = steps
    return steps


def sea_distance(scn: Scenario, port: Hex, coast: Hex) -> int | None:
    """Hexes sailed from ``port`` to land on ``coast``, or None if no water links them."""
    steps = _water_steps(scn, port)
    best = min((steps[n] for n in neighbours(coast) if n in steps), default=None)
    return None if best is None else best + 1
