"""The documented course of the war: a scenario's ``history.yaml`` and comparisons with a game.

``history.yaml`` lists when places were reached, taken or surrendered (with who did it and a
source), documented advance depths, and documented losses. The front end draws it as an
overlay for the current date; the batch runner and the end-of-game screen compare a game's
capture dates with it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .schema import Cite, Date, Enum, F, Int, ListOf, MapOf, Num, Record, Spec, Str, check
from .yamlio import ScenarioError, ScenarioLoadError, load_yaml, suggest, where

if TYPE_CHECKING:
    from .scenario import Scenario

HISTORY_FILE = Record({
    "captures": F(ListOf(Record({
        "place": F(Str(), required=True),
        "date": F(Date(), required=True),
        "event": F(Enum(("reached", "taken", "surrendered")), required=True),
        "side": F(Str(), required=True),
        "by": F(Str(), default=""),
        "note": F(Str(), default=""),
        "source": F(Cite(), required=True),
    })), default=list),
    "advances": F(ListOf(Record({
        "formation": F(Str(), required=True),
        "date": F(Date(), required=True),
        "km": F(Num(0), required=True),
        "note": F(Str(), default=""),
        "source": F(Cite(), required=True),
    })), default=list),
    # per side: named figures (killed, wounded, captured, ...) and a source; checked below
    "losses": F(MapOf(Spec()), default=dict),
    "yardsticks": F(ListOf(Record({
        "side": F(Str(), required=True),
        "heading": F(Enum(("men", "killed", "wounded", "missing", "captured", "deserted", "dispersed")), required=True,
                     doc="the game's book to compare (men = killed + wounded + missing in combat)"),
        "low": F(Int(0), required=True),
        "high": F(Int(0), required=True),
        "label": F(Str(), required=True),
        "note": F(Str(), default=""),
    })), default=list, doc="documented ranges a game's losses are judged against"),
    "phases": F(ListOf(Record({
        "name": F(Str(), required=True),
        "from": F(Date(), required=True, doc="first documented date of the phase"),
        "until": F(Date(), required=True, doc="last documented date of the phase"),
        "within": F(Int(0, 30), default=2, doc="days either side of history a median date may miss by"),
        "drivers": F(Str(), default="", doc="what decides the dates of this phase in the game"),
    })), default=list, doc="parts of the campaign the batch summary reports apart"),
    "timeline": F(ListOf(Record({
        "date": F(Date(), required=True),
        "name": F(Str(), required=True),
        "text": F(Str(), required=True),
        "source": F(Str(), required=True),
    })), default=list, doc="the political frame of the campaign, before and after its days (briefing, timeline view)"),
})


@dataclass(frozen=True)
class Capture:
    place: str
    date: dt.date
    event: str
    side: str
    by: str
    note: str
    source: str


@dataclass
class History:
    captures: list[Capture]
    advances: list[dict[str, Any]]
    losses: dict[str, dict[str, Any]]
    phases: list[dict[str, Any]] = field(default_factory=list)
    yardsticks: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)

    def phase_of(self, date: dt.date) -> dict[str, Any] | None:
        """The phase a documented date belongs to, if the history divides the campaign."""
        return next((p for p in self.phases if p["from"] <= date <= p["until"]), None)

    def first_dates(self) -> dict[str, dt.date]:
        """The first documented date each place was reached or taken."""
        return {place: c.date for place, c in self.first_events().items()}

    def first_events(self) -> dict[str, Capture]:
        """The first documented event at each place (reached, taken or surrendered)."""
        out: dict[str, Capture] = {}
        for c in sorted(self.captures, key=lambda c: (c.date, c.place)):
            out.setdefault(c.place, c)
        return out

    def as_of(self, date: dt.date) -> list[Capture]:
        """Captures documented on or before ``date`` (for the overlay)."""
        return [c for c in self.captures if c.date <= date]


def load_history(scn: Scenario, doc: Any = None) -> History | None:
    """The scenario's history (``doc``, as parsed, or its history file), checked against its places
    and sides; None if it has none."""
    if scn.history_file is None:
        return None
    errors: list[ScenarioError] = []
    name = str(scn.history_file)
    if doc is None:
        doc = load_yaml(scn.history_file, name, roots=[scn.path])
    h = check(doc, HISTORY_FILE, name, errors)
    from .sources import check_document

    check_document(doc, scn.bibliography, errors)
    captures = []
    for i, c in enumerate(h["captures"]):
        if c["place"] not in scn.map.places:
            errors.append(ScenarioError(*where(h["captures"], i),
                                        f"unknown place '{c['place']}'{suggest(c['place'], scn.map.places)}"))
            continue
        if c["side"] not in scn.sides:
            errors.append(ScenarioError(*where(h["captures"], i),
                                        f"unknown side '{c['side']}'{suggest(c['side'], scn.sides)}"))
            continue
        captures.append(Capture(c["place"], c["date"], c["event"], c["side"], c["by"], c["note"], c["source"]))
    losses = {}
    for side, figures in (h["losses"] or {}).items():
        if not isinstance(figures, dict) or not isinstance(figures.get("source"), str):
            errors.append(ScenarioError(name, h["losses"].line_of(side),
                                        f"losses.{side}: give the figures and a 'source'"))
            continue
        for k, v in figures.items():
            if k != "source" and (isinstance(v, bool) or not isinstance(v, (int, float))):
                errors.append(ScenarioError(*where(figures, k), f"losses.{side}.{k}: expected a number"))
        losses[side] = dict(figures)
    phases = [dict(p) for p in h["phases"]]
    for i, p in enumerate(phases):
        if p["until"] < p["from"]:
            errors.append(ScenarioError(*where(h["phases"], i),
                                        f"phase '{p['name']}' ends before it begins"))
    yardsticks = [dict(y) for y in h["yardsticks"]]
    for i, y in enumerate(yardsticks):
        if y["side"] not in scn.sides or y["low"] > y["high"]:
            problem = f"unknown side '{y['side']}'" if y["side"] not in scn.sides else "low is above high"
            errors.append(ScenarioError(*where(h["yardsticks"], i), f"yardstick '{y['label']}': {problem}"))
    if errors:
        raise ScenarioLoadError(errors)
    return History(captures, [dict(a) for a in h["advances"]], losses, phases, yardsticks,
                   sorted((dict(t) for t in h["timeline"]), key=lambda t: t["date"]))


def game_date(event: str, place: str, captures: dict[str, str], reached: dict[str, str] | None) -> str | None:
    """The game's date for a documented event at ``place``: for "reached" (first troops arrived)
    the first contact with the place (an attack, or troops next to its garrison) or its capture,
    whichever came first; otherwise its capture."""
    dates = [captures[place]] if place in captures else []
    if event == "reached" and reached and place in reached:
        dates.append(reached[place])
    return min(dates) if dates else None


def compare_captures(history: History, captures: dict[str, str],
                     reached: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Per documented place: the documented date, the game's date and the difference in days
    (positive = later than history; None when the game never took it)."""
    rows = []
    for place, c in sorted(history.first_events().items(), key=lambda kv: (kv[1].date, kv[0])):
        game = game_date(c.event, place, captures, reached)
        delta = (dt.date.fromisoformat(game) - c.date).days if game else None
        rows.append({"place": place, "event": c.event, "documented": c.date.isoformat(), "game": game,
                     "days_late": delta})
    return rows
