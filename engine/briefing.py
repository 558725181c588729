"""Briefings: what each side's commander is told before the first turn (``briefing.yaml``).

A scenario may give a briefing per side: a title and sections (a heading, the text and a
``source:`` citing the scenario's bibliography). A briefing file must brief every side. The
political timeline entries of the history file dated before the scenario's start are added to
every briefing by :func:`briefing_of` (the briefing does not repeat them). Briefings change no
game, so their file is not part of the scenario's fingerprint: rewording one keeps saves valid.
A derived scenario inherits its base's briefings and overlays its own (``briefing:`` in
``scenario.yaml``, or a ``briefing.yaml`` in its folder).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .schema import Cite, F, ListOf, MapOf, Record, Str, check
from .yamlio import ScenarioError, suggest, where

if TYPE_CHECKING:
    from .scenario import Scenario

SECTION = Record({
    "heading": F(Str(), required=True, doc="the section's heading (Situation, Forces, Enemy, Mission, Ground...)"),
    "text": F(Str(), required=True, doc="what the commander is told, in the scenario's own words"),
    "source": F(Cite(), required=True, doc="the works of the bibliography the text rests on ([key, key])"),
})
BRIEFING_FILE = Record({
    "sides": F(MapOf(Record({
        "title": F(Str(), required=True, doc="the briefing's title"),
        "sections": F(ListOf(SECTION, min_len=1), required=True),
    })), required=True, doc="one briefing per side id of the scenario"),
})


@dataclass(frozen=True)
class Briefing:
    """One side's briefing, with the timeline entries before the start added."""

    side: str
    title: str
    sections: tuple[dict[str, str], ...]
    timeline: tuple[dict[str, Any], ...] = ()


def check_briefings(doc: Any, sides: dict[str, Any], bib: dict[str, Any], name: str,
                    errors: list[ScenarioError]) -> dict[str, dict[str, Any]]:
    """The briefings of a parsed ``briefing.yaml``, checked: schema, sides, citations."""
    from .sources import check_document

    before = len(errors)
    b = check(doc, BRIEFING_FILE, name, errors)
    check_document(doc, bib, errors)
    out = {}
    for side, v in (b.get("sides") or {}).items():
        if side not in sides:
            errors.append(ScenarioError(*where(b["sides"], side), f"briefing for unknown side '{side}'"
                                                                  f"{suggest(side, sides)}"))
        elif v is not None:
            out[side] = {"title": v["title"], "sections": tuple(dict(s) for s in v["sections"])}
    missing = [s for s in sides if s not in out]
    if b.get("sides") is not None and missing and len(errors) == before:
        errors.append(ScenarioError(*where(doc, "sides"), f"no briefing for {', '.join(missing)}: brief every side"))
    return out


def briefing_of(scn: Scenario, side: str) -> Briefing | None:
    """``side``'s briefing in ``scn``, or None when the scenario has none."""
    b = (scn.briefings or {}).get(side)
    if b is None:
        return None
    before = tuple(t for t in (scn.history.timeline if scn.history else []) if t["date"] < scn.start_date)
    return Briefing(side, b["title"], b["sections"], before)
