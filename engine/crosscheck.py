"""Cross-field checks of a scenario: rules that no single field's type or range can express.

The schema checker sees one value at a time; these checks compare values across fields and
files once the map and the units are known: a unit starts on passable land, within the
stacking limit and not in a hex an enemy unit holds; entrenchment and fortification stay within
the rules' maxima; a reinforcement does not reuse an id; events and objectives are dated inside
the game; railways and roads do not run over water; the scenario id can serve as part of a file
name. Each problem is appended as ``file:line: problem`` so ``validate`` lists all in one pass.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from .hexes import Hex
from .yamlio import ScenarioError, YDict, YList, where

# letters, digits, '_', '-' and '.', not starting with a dot: safe in a file name on every system
SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")


def _err(errors: list[ScenarioError], container: Any, key: Any, message: str) -> None:
    file = container.file_of(key) if isinstance(container, YDict) else getattr(container, "file", "?")
    line = container.line_of(key) if isinstance(container, (YDict, YList)) else getattr(container, "line", 0)
    errors.append(ScenarioError(file, line, message))


def check_id_safe(s: YDict, errors: list[ScenarioError]) -> None:
    """The scenario id names save files (``save-<id>-t03-....json``): no path separators, no '..'."""
    sid = s.get("id")
    if isinstance(sid, str) and (not SAFE_ID.fullmatch(sid) or ".." in sid):
        _err(errors, s, "id", f"scenario id '{sid}' may hold only letters, digits, '_', '-' and '.' "
                              "(it becomes part of file names)")
    for name in s.get("variants") or {}:
        if not SAFE_ID.fullmatch(str(name)) or ".." in str(name):
            _err(errors, s["variants"], name, f"variant name '{name}' may hold only letters, digits, '_', '-' "
                                              "and '.'")


def last_day(s: YDict) -> dt.date | None:
    """The date of the game's last turn, or None when the dates are unusable."""
    try:
        return s["start_date"] + dt.timedelta(days=(s["turns"] - 1) * s["days_per_turn"])
    except (TypeError, OverflowError):
        return None


def check_dates(s: YDict, events: Iterable[Any], errors: list[ScenarioError]) -> None:
    """Events, victory objectives and AI hints dated outside the game would never matter."""
    start, end = s.get("start_date"), last_day(s)
    if start is None or end is None:
        if start is not None and isinstance(s.get("turns"), int) and isinstance(s.get("days_per_turn"), int):
            _err(errors, s, "start_date", f"a game of {s['turns']} turns from {start} would run past the "
                                          "last day the calendar can hold (9999-12-31)")
        return
    span = f"the game runs from {start} to {end}"

    def within(container: Any, key: str, what: str) -> None:
        d = container.get(key) if isinstance(container, dict) else None
        if isinstance(d, dt.date) and not start <= d <= end:
            _err(errors, container, key, f"{what} date {d} is outside the game ({span})")

    for ev in events:
        within(ev, "date", f"event '{ev.get('id')}':")
        if isinstance(ev.get("turn"), int) and ev["turn"] > s["turns"]:
            _err(errors, ev, "turn", f"event '{ev.get('id')}': turn {ev['turn']} is after the last turn "
                                     f"{s['turns']}")
        _condition_dates(ev.get("condition"), within, ev.get("id"))
    for o in (s.get("victory") or {}).get("objectives") or []:
        within(o, "by", f"objective '{o.get('place')}':")
    blocks = list((s.get("ai") or {}).values())
    blocks += [a for v in (s.get("variants") or {}).values() for a in (v.get("ai") or {}).values()]
    for a in blocks:
        within(a, "fallback_from", "ai: fallback_from")
        for o in a.get("objectives") or []:
            within(o, "from", f"ai objective '{o.get('place')}': 'from'")
            within(o, "until", f"ai objective '{o.get('place')}': 'until'")
        for w in a.get("withdrawals") or []:
            within(w, "from", f"ai withdrawal '{w.get('name')}': 'from'")


def _condition_dates(c: Any, within: Any, eid: Any) -> None:
    if not isinstance(c, dict):
        return
    within(c, "date_on_or_after", f"event '{eid}': condition")
    for k in ("all", "any"):
        for sub in c.get(k) or []:
            _condition_dates(sub, within, eid)
    _condition_dates(c.get("not"), within, eid)


def check_start_positions(scn: Any, entries: list[Any], errors: list[ScenarioError]) -> None:
    """Units at the start: on passable land, within the stacking limit, never sharing a hex with
    an enemy, and entrenched no deeper than the rules allow."""
    rules, graph = scn.rules, scn.graph
    stacked: dict[Hex, float] = {}
    sides_at: dict[Hex, dict[str, str]] = {}
    for entry, u in zip(entries, scn.initial_units):
        key = _place_key(entry)
        terrain = graph.nodes[u.hex]["terrain"]
        if not rules.terrain[terrain].passable:
            _err(errors, entry, key, f"unit '{u.id}' starts in {terrain} (hex {list(u.hex)}), which no unit may enter")
        stacked[u.hex] = stacked.get(u.hex, 0.0) + rules.unit_types[u.type].stack
        if stacked[u.hex] > rules.stacking_limit + 1e-9:
            _err(errors, entry, key, f"unit '{u.id}' brings hex {list(u.hex)} to {stacked[u.hex]:g} stacking points, "
                                     f"more than the limit of {rules.stacking_limit:g}")
        others = sides_at.setdefault(u.hex, {})
        enemy = next((uid for side, uid in others.items() if side != u.side), None)
        if enemy is not None:
            _err(errors, entry, key, f"unit '{u.id}' starts in hex {list(u.hex)} with the enemy unit '{enemy}'")
        others.setdefault(u.side, u.id)
        check_entrenchment(entry, rules, errors)


def _place_key(entry: Any) -> str:
    return next((k for k in ("hex", "at", "lat") if entry.get(k) is not None), "id")


def check_entrenchment(entry: Any, rules: Any, errors: list[ScenarioError]) -> None:
    most = rules.combat.max_entrenchment
    level = entry.get("entrenchment")
    if isinstance(level, int) and isinstance(most, int) and level > most:
        _err(errors, entry, "entrenchment", f"unit '{entry.get('id')}': entrenchment {level} is above the rules' "
                                            f"max_entrenchment {most}")


def check_reinforcements(events: Iterable[Any], start_ids: dict[str, Any], scn: Any,
                         errors: list[ScenarioError]) -> None:
    """A reinforcement's id must be new: not a unit of the start, not another reinforcement."""
    seen = dict(start_ids)
    for ev in events:
        for eff in ev.get("effects") or []:
            for entry in eff.get("reinforce") or []:
                uid = entry.get("id")
                if uid in seen:
                    f, ln = where(seen[uid])
                    _err(errors, entry, "id", f"reinforcement '{uid}' reuses the id of the unit at {f}:{ln}")
                else:
                    seen[uid] = entry
                check_entrenchment(entry, scn.rules, errors)
                _check_arrival(entry, scn, errors)


def _check_arrival(entry: Any, scn: Any, errors: list[ScenarioError]) -> None:
    """A reinforcement placed by hex or place must arrive on passable land."""
    h = None
    if entry.get("at") in scn.map.places:
        h = scn.map.places[entry["at"]].hex
    elif isinstance(entry.get("hex"), list) and tuple(entry["hex"]) in scn.graph:
        h = tuple(entry["hex"])
    if h is not None and not scn.rules.terrain[scn.graph.nodes[h]["terrain"]].passable:
        terrain = scn.graph.nodes[h]['terrain']
        _err(errors, entry, _place_key(entry), f"reinforcement '{entry.get('id')}' arrives in "
                                               f"{terrain} (hex {list(h)}), which no unit may enter")


def check_map_against_rules(m: YDict, scn: Any, errors: list[ScenarioError]) -> None:
    """Fortification within the rules' maximum; railways and roads only over passable hexes."""
    most = scn.rules.max_fortification
    for _i, extra in enumerate(m.get("hexes") or []):
        if isinstance(extra.get("fortification"), int) and extra["fortification"] > most:
            _err(errors, extra, "fortification", f"hex {list(extra['hex'])}: fortification {extra['fortification']} "
                                                 f"is above the rules' max_fortification {most}")
    for kind, laid in (("railways", scn.map.railways), ("roads", scn.map.roads)):
        items = m.get(kind) or []
        for item in items:
            hexes = laid.get(item.get("name"), [])
            wet = next((h for h in hexes if not scn.rules.terrain[scn.graph.nodes[h]["terrain"]].passable), None)
            if wet is not None:
                _err(errors, item, "path", f"{kind[:-1]} '{item['name']}' runs over "
                                           f"{scn.graph.nodes[wet]['terrain']} at hex {list(wet)}; add a waypoint")
