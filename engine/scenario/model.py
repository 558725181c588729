"""The loaded scenario: everything static about a game, built once by :mod:`.loading` and frozen
(no module writes into it), and the one place the engine keeps what it derives from it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from ..hexes import Hex
from ..mapgraph import MapData
from ..rules import Rules, Table
from ..units import Formation, Unit
from .hints import AIHints

T = TypeVar("T")


class ScenarioCache(dict):
    """What the engine derives from a scenario's map and rules and keeps for the next use: movement
    costs per mobility class, supply steps, river reaches, sea distances, the AI's cost fields, hex
    centres. Each entry is a pure function of the scenario, so the cache never changes a game;
    after editing a scenario's graph or rules in place (tests do), ``clear()`` it."""

    def memo(self, key: Any, build: Callable[[], T]) -> T:
        """The entry for ``key``, built by ``build()`` the first time."""
        if key not in self:
            self[key] = build()
        return self[key]


@dataclass(frozen=True)
class Scenario:
    """Everything static about a scenario: its map, rules, forces at start and events. Frozen: a
    variant or a test builds another with :func:`dataclasses.replace`."""

    id: str
    name: str
    description: str
    path: Path
    start_date: dt.date
    turns: int
    days_per_turn: int
    sides: dict[str, dict[str, Any]]
    side_order: list[str]
    rules: Rules
    map: MapData
    formations: dict[str, Formation]
    initial_units: list[Unit]
    events: list[Any]
    victory: dict[str, Any]
    ai: Table[str, AIHints]  # every side's, the chosen variants' merged in (engine/scenario/hints.py)
    history_file: Path | None = None
    variants: tuple[str, ...] = ()
    available_variants: dict[str, dict[str, str]] = field(default_factory=dict)
    history: Any = None  # engine.history.History when the scenario has a history file
    fingerprint: dict[str, str] = field(default_factory=dict)  # file -> SHA-256 (saves record it)
    initial_control: dict[Hex, str | None] = field(default_factory=dict)
    bibliography: dict[str, Any] = field(default_factory=dict)  # key -> engine.sources.Work
    briefings: dict[str, Any] = field(default_factory=dict)  # side -> briefing (engine/briefing.py)
    cache: ScenarioCache = field(default_factory=ScenarioCache, repr=False, compare=False)

    @property
    def graph(self) -> nx.Graph:
        return self.map.graph

    def latlon(self, h: Hex) -> tuple[float, float]:
        """Latitude and longitude of a hex centre (cached)."""
        cache = self.cache.setdefault("latlon", {})
        if h not in cache:
            cache[h] = self.map.projection.hex_centre(h, self.map.hex_km)
        return cache[h]

    def in_area(self, h: Hex, area: dict[str, float]) -> bool:
        """Whether a hex centre lies in a ``{north, south, west, east}`` box of degrees."""
        lat, lon = self.latlon(h)
        return area["south"] <= lat <= area["north"] and area["west"] <= lon <= area["east"]

