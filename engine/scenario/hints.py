"""The AI hints of a scenario, typed: a side's posture, objectives, axes of advance, planned
withdrawals, fallback and the odds it attacks at (``ai:`` in scenario.yaml, checked against
:data:`.schemas.AI_SIDE`).

They are read once, when the scenario is built and the chosen variants' hints are merged key by
key over the scenario's, into frozen records with the schema's defaults for what the file leaves
out; the computer players (engine/ai, engine/policy.py) read the fields. Every side has hints: a
side the file gives none attacks with the defaults, as it always has.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..rules import Table
from ..schema import Record
from .schemas import AI_SIDE, OBJECTIVE

NO_POSTURE = "attack"  # a side without hints attacks (the schema requires a posture where hints are given)


def _default(record: Record, name: str) -> Any:
    default = record.fields[name].default
    return default() if callable(default) else default  # ``list``: a fresh empty list


def _get(section: Mapping[str, Any], record: Record, name: str) -> Any:
    """A key of a checked section, or the schema's default when it is absent (merged variant
    hints hold only the keys the variant wrote)."""
    return section[name] if name in section else _default(record, name)


@dataclass(frozen=True)
class Objective:
    """A place the side wants to take or hold, weighted by ``priority``, between two dates."""
    place: str
    priority: float
    from_: dt.date | None  # ``from`` in the file: first day it matters (None: from the start)
    until: dt.date | None  # last day it matters (None: to the end)

    def active(self, date: dt.date) -> bool:
        return (self.from_ is None or date >= self.from_) and (self.until is None or date <= self.until)


@dataclass(frozen=True)
class Axis:
    """An axis of advance: units under these formations (or these unit ids) go by its places in order."""
    name: str
    formations: tuple[str, ...]
    places: tuple[str, ...]


@dataclass(frozen=True)
class Withdrawal:
    """A planned withdrawal: units under these formations (or these unit ids) fall back on the
    nearest of its places from a date, even in contact."""
    name: str
    formations: tuple[str, ...]
    places: tuple[str, ...]
    from_: dt.date | None  # ``from`` in the file: first day (None: from the start)

    def begun(self, date: dt.date) -> bool:
        return self.from_ is None or date >= self.from_


@dataclass(frozen=True)
class AIHints:
    """One side's hints: the schema's ``ai`` keys of that side, read once."""
    posture: str  # "attack" or "defend"
    objectives: tuple[Objective, ...]  # in order of importance
    axes: tuple[Axis, ...]
    withdrawals: tuple[Withdrawal, ...]
    fallback: tuple[str, ...]  # places to fall back on
    fallback_from: dt.date | None  # from this day the side falls back on them (None: from the start)
    min_attack_odds: float

    @property
    def attacking(self) -> bool:
        return self.posture == "attack"

    def falling_back(self, date: dt.date) -> bool:
        """Whether the side falls back on its fallback places on ``date`` (it has some and their day has come)."""
        return bool(self.fallback) and (self.fallback_from is None or date >= self.fallback_from)


def _objective(o: Mapping[str, Any]) -> Objective:
    return Objective(o["place"], _get(o, OBJECTIVE, "priority"), o.get("from"), o.get("until"))


def build_hints(section: Mapping[str, Any]) -> AIHints:
    """The typed hints of a side's checked section (absent keys take the schema's defaults)."""
    def get(name: str) -> Any:
        return _get(section, AI_SIDE, name)

    return AIHints(
        posture=section.get("posture", NO_POSTURE),
        objectives=tuple(_objective(o) for o in get("objectives")),
        axes=tuple(Axis(a["name"], tuple(a["formations"]), tuple(a["places"])) for a in get("axes")),
        withdrawals=tuple(Withdrawal(w["name"], tuple(w["formations"]), tuple(w["places"]), w.get("from"))
                          for w in get("withdrawals")),
        fallback=tuple(get("fallback")),
        fallback_from=get("fallback_from"),
        min_attack_odds=get("min_attack_odds"),
    )


def build_ai(sides: Iterable[str], base: Mapping[str, Mapping[str, Any]],
             variants: Iterable[Mapping[str, Any]]) -> Table[str, AIHints]:
    """Every side's hints: the scenario's, with each chosen variant's merged over them key by key
    (only the keys a variant writes: the checker filled in the rest with defaults), in order."""
    merged: dict[str, dict[str, Any]] = {k: dict(v) for k, v in base.items()}
    for v in variants:
        for side, hints in v["ai"].items():
            merged[side] = {**merged.get(side, {}), **{k: hints[k] for k in hints.key_lines}}
    return Table({side: build_hints(merged.get(side, {})) for side in sides})
