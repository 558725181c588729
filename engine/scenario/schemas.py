"""The schemas of ``scenario.yaml`` and ``units.yaml`` (checked by :mod:`engine.schema`; the format
reference docs/scenario-format.md is generated from them)."""
from __future__ import annotations

from typing import Any

from .. import events as events_mod
from ..schema import Bool, Cite, Date, Enum, F, Int, ListOf, MapOf, Num, Record, Spec, Str
from ..yamlio import YDict

SIDE = Record({
    "name": F(Str(), required=True),
    "rail_moves_per_turn": F(Int(0), default=0),
    "air_lifts_per_turn": F(Int(0), default=0),
    "airborne_lifts_per_turn": F(Int(0), default=0),
    "airborne_range": F(Int(0), default=0),
    "amphibious_lifts_per_turn": F(Int(0), default=0),
    "amphibious_range": F(Int(0), default=0),
    "supply_range": F(Num(0.1, 10), default=1.0, doc="multiplier on the rules' supply max_cost (motor transport)"),
    "casualties": F(Record({k: F(Num(0, 1), required=True) for k in ("killed", "wounded", "missing")},
                           check_fn=lambda c, ctx: ctx.error("casualties: killed, wounded and missing must add up to 1")
                           if None not in c.values() and abs(sum(c.values()) - 1.0) > 1e-6 else None),
                    doc="how the side's men lost in combat divide into killed, wounded and missing (books only)"),
    "source": F(Cite(), default=""),
})

VICTORY = Record({
    "attacker": F(Str(), required=True),
    "points_to_win": F(Int(0), required=True),
    "objectives": F(ListOf(Record({
        "place": F(Str(), required=True),
        "side": F(Str(), required=True),
        "points": F(Int(), required=True),
        "by": F(Date()),
        "source": F(Cite(), default=""),
    })), default=list),
    "sudden_death": F(Bool(), default=True,
                      doc="a side with no units left loses at once; false: play on to the last turn (occupation)"),
    "source": F(Cite(), default=""),
})

OBJECTIVE = Record({
    "place": F(Str(), required=True),
    "priority": F(Num(0, 100), default=1.0, doc="relative weight"),
    "from": F(Date(), doc="first day it matters"),
    "until": F(Date(), doc="last day it matters"),
})


class ObjectiveSpec(Spec):
    """An AI objective: a place id, or ``{place, priority, from, until}``."""

    def check(self, value: Any, ctx: Any) -> Any:
        if isinstance(value, str):
            value_map = YDict(place=value)
            value_map.file, value_map.line, value_map.key_lines = ctx.file, ctx.line, {"place": ctx.line}
            value = value_map
        return OBJECTIVE.check(value, ctx)


AI_SIDE = Record({
    "posture": F(Enum(("attack", "defend")), required=True, doc="attack: take objectives; defend: hold them"),
    "objectives": F(ListOf(ObjectiveSpec()), default=list, doc="places, in order of importance"),
    "axes": F(ListOf(Record({
        "name": F(Str(), required=True),
        "formations": F(ListOf(Str(), min_len=1), required=True,
                        doc="units under these formations (or these unit ids) follow it; a unit follows the "
                            "first axis that names it or one of its formations"),
        "places": F(ListOf(Str(), min_len=1), required=True, doc="places along the axis, in order"),
    })), default=list, doc="axes of advance"),
    "withdrawals": F(ListOf(Record({
        "name": F(Str(), required=True),
        "formations": F(ListOf(Str(), min_len=1), required=True,
                        doc="units under these formations (or these unit ids) withdraw"),
        "places": F(ListOf(Str(), min_len=1), required=True, doc="places they fall back on (the nearest is chosen)"),
        "from": F(Date(), doc="first day of the withdrawal (default: from the start)"),
        "source": F(Cite(), default=""),
    })), default=list, doc="planned withdrawals of some formations, from a date, even when in contact"),
    "fallback": F(ListOf(Str()), default=list, doc="places to fall back on (a defender's redoubt)"),
    "fallback_from": F(Date(), doc="from this date the defender falls back instead of holding forward"),
    "min_attack_odds": F(Num(0), default=1.5,
                         doc="the odds below which the simple computer player (`--policy baseline`) does not "
                             "attack; the operational AI's floor is its difficulty's (docs/ai.md, Difficulty)"),
})

# what a variant's unit_changes may change
UNIT_CHANGE_KEYS = ("men", "tanks", "guns", "readiness", "experience", "fuel", "entrenchment", "type",
                    "formation", "hex", "at", "lat", "lon", "name", "divisions", "source")

SCENARIO = Record({
    "id": F(Str(), required=True, doc="names the scenario and its save files; a derived scenario gives its own"),
    "base": F(Str(), doc="the id of the scenario this one is based on: it inherits every file of the base and "
                         "overlays its own (see *Inheritance* above); `game:<id>` names the game's own scenario"),
    "name": F(Str(), required=True),
    "description": F(Str(), default=""),
    "start_date": F(Date(), required=True),
    "turns": F(Int(1, 1000), required=True),
    "days_per_turn": F(Int(1, 30), default=1),
    "sides": F(MapOf(SIDE), required=True),
    "rules": F(ListOf(Str(), min_len=1), required=True,
               doc="rule files merged in order, each relative to this folder; `game:rules/base.yaml` is a file of "
                   "the game's own `scenarios` folder; a derived scenario's files are merged after its base's"),
    # free-form until merged: checked as part of the merged rules
    "rule_overrides": F(Spec(), default=None, doc="rule keys to change after the rule files are merged"),
    "map": F(Str(), default="map.yaml", doc="in a derived scenario, each file key names its own file to overlay "
                                           "on the base's (default: the file of the usual name, when present)"),
    "units": F(Str(), default="units.yaml"),
    "events": F(Str(), doc="the events file (none by default; a derived scenario's `events.yaml` is overlaid)"),
    "history": F(Str(), doc="the documented course of the war (history.yaml), for comparisons"),
    "briefing": F(Str(), doc="each side's briefing before the first turn (default: briefing.yaml when the folder "
                             "has one; engine/briefing.py); not part of the fingerprint, it changes no game"),
    "sources": F(Str(), default="sources.yaml",
                 doc="the bibliography the `source:` citations name (engine/sources.py); the sources.yaml "
                     "beside each rules file is read as well, and a derived scenario's works are added to its "
                     "base's (a key may not be listed twice)"),
    "victory": F(VICTORY, required=True),
    "ai": F(MapOf(AI_SIDE), default=dict),
    "variants": F(MapOf(Record({
        "name": F(Str(), required=True),
        "description": F(Str(), required=True),
        "source": F(Cite(), required=True),
        "rule_overrides": F(Spec(), doc="rule keys to change, merged after the scenario's own"),
        "disable_events": F(ListOf(Str()), default=list, doc="events left out"),
        "event_changes": F(MapOf(Spec()), default=dict,
                           doc="event id -> the fields to change, e.g. `{date: 1945-08-06}` to re-date it "
                               "(`-turn: ~` clears a field)"),
        "add_events": F(ListOf(events_mod.EVENT), default=list, doc="events added, as in events.yaml"),
        "unit_changes": F(MapOf(Spec()), default=dict,
                          doc="unit id -> the fields to change: " + ", ".join(f"`{k}`" for k in UNIT_CHANGE_KEYS)
                              + " (a unit given `hex`, `at` or `lat`/`lon` loses its old position)"),
        "remove_units": F(ListOf(Str()), default=list, doc="units left out"),
        "add_units": F(ListOf(events_mod.UNIT_ENTRY), default=list, doc="units added, as in units.yaml"),
        "ai": F(MapOf(AI_SIDE), default=dict, doc="AI hints of a side, key by key over the scenario's"),
    })), default=dict, doc="named what-ifs a player may choose (`--variant NAME`), applied in the order chosen"),
    "source": F(Cite(), default=""),
})

UNITS_FILE = Record({
    "formations": F(ListOf(Record({
        "id": F(Str(), required=True),
        "name": F(Str(), required=True),
        "side": F(Str(), required=True),
        "kind": F(Enum(("command", "front", "area_army", "army", "air_army", "corps", "group", "fleet",
                        "flotilla")), required=True),
        "parent": F(Str()),
        "aircraft": F(Int(0), default=0),
        "hq": F(Str(), doc="place id of the headquarters' seat; orders pass more slowly through a seat the "
                           "enemy holds (a surrender order: engine/capitulation.py)"),
        "source": F(Cite(), required=True),
    })), required=True),
    "units": F(ListOf(events_mod.UNIT_ENTRY), required=True),
})

