"""Loading a scenario directory into a :class:`Scenario`, and starting a game from it.

A scenario is a folder with ``scenario.yaml`` naming its rule files (merged in order, then
``rule_overrides``), ``map.yaml``, ``units.yaml`` and optionally ``events.yaml``. Every file
goes through the safe YAML loader and the schema checker; all problems are collected and
raised together as :class:`ScenarioLoadError` (``file:line: problem``).
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from . import events as events_mod
from .crosscheck import check_dates, check_id_safe, check_map_against_rules, check_reinforcements, check_start_positions
from .hexes import Hex
from .mapgraph import MAP, MapData, build_map, safe_to_hex
from .rules import RULES, Rules, build_rules, deep_merge
from .safefile import digest_files
from .schema import Bool, Cite, Date, Enum, F, Int, ListOf, MapOf, Num, Record, Spec, Str, check
from .state import GameState, new_losses
from .units import Formation, Unit
from .yamlio import ScenarioError, ScenarioLoadError, YDict, load_yaml, suggest

REPO_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

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
    "min_attack_odds": F(Num(0), default=1.5),
})

SCENARIO = Record({
    "id": F(Str(), required=True),
    "name": F(Str(), required=True),
    "description": F(Str(), default=""),
    "start_date": F(Date(), required=True),
    "turns": F(Int(1, 1000), required=True),
    "days_per_turn": F(Int(1, 30), default=1),
    "sides": F(MapOf(SIDE), required=True),
    "rules": F(ListOf(Str(), min_len=1), required=True),
    # free-form until merged: checked as part of the merged rules
    "rule_overrides": F(Spec(), default=None),
    "map": F(Str(), default="map.yaml"),
    "units": F(Str(), default="units.yaml"),
    "events": F(Str()),
    "history": F(Str()),
    "sources": F(Str(), default="sources.yaml",
                 doc="the bibliography the `source:` citations name (engine/sources.py); the sources.yaml "
                     "beside each rules file is read as well"),
    "victory": F(VICTORY, required=True),
    "ai": F(MapOf(AI_SIDE), default=dict),
    "variants": F(MapOf(Record({
        "name": F(Str(), required=True),
        "description": F(Str(), required=True),
        "source": F(Cite(), required=True),
        "rule_overrides": F(Spec()),
        "disable_events": F(ListOf(Str()), default=list),
        "unit_changes": F(MapOf(Spec()), default=dict),
        "remove_units": F(ListOf(Str()), default=list),
        "add_units": F(ListOf(events_mod.UNIT_ENTRY), default=list),
        "ai": F(MapOf(AI_SIDE), default=dict),
    })), default=dict),
    "source": F(Cite(), default=""),
})

# what a variant's unit_changes may change
UNIT_CHANGE_KEYS = ("men", "tanks", "guns", "readiness", "experience", "fuel", "entrenchment", "type",
                    "formation", "hex", "at", "lat", "lon", "name", "divisions", "source")

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


@dataclass
class Scenario:
    """Everything static about a scenario: its map, rules, forces at start and events."""

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
    ai: dict[str, Any]
    history_file: Path | None = None
    variants: tuple[str, ...] = ()
    available_variants: dict[str, dict[str, str]] = field(default_factory=dict)
    history: Any = None  # engine.history.History when the scenario has a history file
    fingerprint: dict[str, str] = field(default_factory=dict)  # file -> SHA-256 (saves record it)
    initial_control: dict[Hex, str | None] = field(default_factory=dict)
    bibliography: dict[str, Any] = field(default_factory=dict)  # key -> engine.sources.Work
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def graph(self) -> nx.Graph:
        return self.map.graph

    def latlon(self, h: Hex) -> tuple[float, float]:
        """Latitude and longitude of a hex centre (cached)."""
        cache = self._cache.setdefault("latlon", {})
        if h not in cache:
            cache[h] = self.map.projection.hex_centre(h, self.map.hex_km)
        return cache[h]

    def in_area(self, h: Hex, area: dict[str, float]) -> bool:
        """Whether a hex centre lies in a ``{north, south, west, east}`` box of degrees."""
        lat, lon = self.latlon(h)
        return area["south"] <= lat <= area["north"] and area["west"] <= lon <= area["east"]


def find_scenario(ref: str | os.PathLike) -> Path:
    """A scenario folder from a path or an id (searched in $AUGUST_STORM_SCENARIOS,
    ./scenarios and the project's scenarios folder)."""
    p = Path(ref)
    if p.is_file() and p.name == "scenario.yaml":
        return p.parent
    if p.is_dir() and (p / "scenario.yaml").is_file():
        return p
    roots = [Path(x) for x in os.environ.get("AUGUST_STORM_SCENARIOS", "").split(os.pathsep) if x]
    roots += [Path.cwd() / "scenarios", REPO_SCENARIOS]
    for root in roots:
        if (root / str(ref) / "scenario.yaml").is_file():
            return root / str(ref)
    known = sorted({d.name for root in roots if root.is_dir() for d in root.iterdir()
                    if (d / "scenario.yaml").is_file()})
    raise ScenarioLoadError([ScenarioError(str(ref), 0, "no such scenario" + suggest(str(ref), known)
                                           + (f"; known scenarios: {', '.join(known)}" if known else ""))])


def rule_roots(folder: Path) -> list[Path]:
    """Where a scenario's rule files may come from: its own folder, the ``rules`` folder next to
    it, and the project's shared rules; any other file is refused (see :mod:`engine.safefile`)."""
    return [folder, folder.parent / "rules", REPO_SCENARIOS / "rules"]


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def make_unit(scn: Scenario, entry: Any) -> Unit:
    """A :class:`Unit` from a checked unit entry (places resolved, fuel defaulted)."""
    ut = scn.rules.unit_types[entry["type"]]
    if entry.get("at"):
        h = scn.map.places[entry["at"]].hex
    elif entry.get("lat") is not None:
        h = scn.map.projection.to_hex(entry["lat"], entry["lon"], scn.map.hex_km)
    else:
        h = tuple(entry["hex"])
    fuel = entry["fuel"] if entry.get("fuel") is not None else ut.fuel_capacity
    return Unit(id=entry["id"], name=entry["name"], side=entry["side"], type=entry["type"],
                formation=entry["formation"], hex=h, men=entry["men"], tanks=entry["tanks"],
                guns=entry["guns"], readiness=entry["readiness"], experience=entry["experience"],
                fuel=float(fuel), divisions=list(entry["divisions"]), source=entry["source"],
                entrenchment=entry.get("entrenchment") or 0, mp_left=ut.movement)


def _check_unit_entry(entry: Any, file: str, line: int, sides: set[str], rules: Rules, formations: dict,
                      places: dict, graph: nx.Graph, errors: list[ScenarioError],
                      projection: Any = None, hex_km: float = 0.0) -> bool:
    ok = True

    def err(key: str, msg: str) -> None:
        nonlocal ok
        ok = False
        # a variant's change names the variant's file (scenario.yaml), not units.yaml
        errors.append(ScenarioError(entry.file_of(key) if isinstance(entry, YDict) else file,
                                    entry.line_of(key) if isinstance(entry, YDict) else line, msg))

    uid = entry.get("id")
    # a value the schema refused is None: it was reported there, and the unit is not made
    if any(entry.get(k) is None for k in ("id", "name", "side", "type", "formation", "men", "tanks", "guns",
                                          "readiness", "experience", "divisions", "source")):
        ok = False
    if entry.get("side") is not None and entry.get("side") not in sides:
        err("side", f"unit '{uid}': unknown side '{entry.get('side')}'{suggest(str(entry.get('side')), sides)}")
    if entry.get("type") is not None and entry.get("type") not in rules.unit_types:
        err("type", f"unit '{uid}': unknown unit type '{entry.get('type')}'"
                    f"{suggest(str(entry.get('type')), rules.unit_types)}")
    f = entry.get("formation")
    if f is not None and f not in formations:
        err("formation", f"unit '{uid}': unknown formation '{f}'{suggest(str(f), formations)}")
    elif f is not None and formations[f].side in sides and formations[f].side != entry.get("side"):
        err("formation", f"unit '{uid}' is {entry.get('side')} but formation '{f}' is {formations[f].side}")
    if entry.get("experience") is not None and entry.get("experience") not in rules.combat["experience"]:
        err("experience", f"unit '{uid}': unknown experience '{entry.get('experience')}'"
                          f"{suggest(str(entry.get('experience')), rules.combat['experience'])}")
    has_hex, has_at = entry.get("hex") is not None, entry.get("at") is not None
    has_latlon = entry.get("lat") is not None or entry.get("lon") is not None
    if has_hex + has_at + has_latlon != 1:
        err("id", f"unit '{uid}' needs exactly one of 'hex', 'at' (a place id) or 'lat' and 'lon'")
    elif has_at and entry["at"] not in places:
        err("at", f"unit '{uid}': unknown place '{entry['at']}'{suggest(entry['at'], places)}")
    elif has_hex:
        h = tuple(entry["hex"])
        if len(h) != 2 or h not in graph:
            err("hex", f"unit '{uid}': hex {list(h)} is not on the map")
    elif has_latlon:
        if entry.get("lat") is None or entry.get("lon") is None:
            err("id", f"unit '{uid}' needs both 'lat' and 'lon'")
        elif projection is not None:
            h = safe_to_hex(projection, entry["lat"], entry["lon"], hex_km)
            if h is None or h not in graph:
                err("lat", f"unit '{uid}' at {entry['lat']}, {entry['lon']} falls in "
                           f"{'no hex' if h is None else f'hex {list(h)}'}, which is not on the map")
            elif not rules.terrain[graph.nodes[h]["terrain"]].passable:
                err("lat", f"unit '{uid}' at {entry['lat']}, {entry['lon']} falls in "
                           f"{graph.nodes[h]['terrain']} (hex {list(h)})")
    return ok


def load_scenario(ref: str | os.PathLike, variants: tuple[str, ...] | list[str] = ()) -> Scenario:
    """Load and check a scenario with the named variants applied (in the order given);
    raise :class:`ScenarioLoadError` listing every problem.

    Every file is schema-checked before any stops the load, and the checks between files run on
    whatever is usable, so a modder sees the type errors and the reference errors in one pass.
    """
    folder = find_scenario(ref)
    errors: list[ScenarioError] = []
    sfile = folder / "scenario.yaml"
    raw = load_yaml(sfile, _rel(sfile), roots=[folder])
    s = check(raw, SCENARIO, _rel(sfile), errors)
    check_id_safe(s, errors)
    if s["rules"] is None or s["sides"] is None:
        raise ScenarioLoadError(errors)
    chosen = _chosen_variants(s, raw, variants, errors)
    side_names = set(s["sides"])
    if len(side_names) != 2:
        errors.append(ScenarioError(s.file, s.line_of("sides"), "a scenario has exactly two sides"))
    files = [sfile]  # every file the scenario is built from, for its fingerprint
    rules = _load_rules(folder, s, raw, chosen, files, errors)
    parsed: dict[Path, Any] = {sfile: raw}  # for the check of the citations

    def load_part(name: str | None, spec: Any) -> Any:
        if name is None:
            return None
        path = folder / name
        files.append(path)
        try:
            doc = load_yaml(path, _rel(path), roots=[folder])
        except ScenarioLoadError as exc:
            errors.extend(exc.errors)
            return None
        parsed[path] = doc
        return check(doc, spec, _rel(path), errors)

    m = load_part(s["map"], MAP)
    u = load_part(s["units"], UNITS_FILE)
    ev = load_part(s["events"], events_mod.EVENTS_FILE) if s["events"] else YDict(events=[])
    if rules is None or m is None or u is None or ev is None:
        raise ScenarioLoadError(errors)
    schema_errors = len(errors)
    try:
        scn = _check_references(folder, s, chosen, rules, m, u, ev, errors)
    except (TypeError, KeyError, AttributeError, ValueError):
        if not schema_errors:
            raise
        scn = None  # a value the schema already refused broke a later check: report what is known
    bibliography = _check_sources(folder, s, files, parsed, errors)
    if errors or scn is None:
        raise ScenarioLoadError(errors)
    scn.bibliography = bibliography
    scn.variants = tuple(variants)
    scn.fingerprint = digest_files(files + ([scn.history_file] if scn.history_file else []), folder)
    if scn.history_file is not None:
        from .history import load_history

        scn.history = load_history(scn)
    return scn


def _check_sources(folder: Path, s: Any, files: list[Path], parsed: dict[Path, Any],
                   errors: list[ScenarioError]) -> dict[str, Any]:
    """The scenario's bibliography (its own file and the one beside each rules file), with every
    ``source:`` of every file the scenario is built from checked against it."""
    from . import sources

    def read(path: Path) -> tuple[str, Any]:
        return _rel(path), load_yaml(path, _rel(path), roots=rule_roots(folder))

    rule_dirs = [(folder / name).parent for name in s["rules"]]
    paths = list(dict.fromkeys([folder / s["sources"]] + [d / "sources.yaml" for d in rule_dirs]))
    bib = sources.load_bibliography(paths, read, errors)
    for path in files:
        if path.is_file():
            try:
                doc = parsed[path] if path in parsed else read(path)[1]
            except ScenarioLoadError:
                continue  # already reported where the file was loaded
            sources.check_document(doc, bib, errors)
    return bib


def _chosen_variants(s: Any, raw: Any, variants: Any, errors: list[ScenarioError]) -> list:
    chosen = []
    for name in variants:
        if name not in s["variants"]:
            known = sorted(s["variants"])
            errors.append(ScenarioError(s.file, s.line_of("variants") if "variants" in raw else 0,
                                        f"unknown variant '{name}'{suggest(name, known)}; "
                                        f"variants of this scenario: {', '.join(known) or 'none'}"))
        else:
            chosen.append(s["variants"][name])
    return chosen


def _load_rules(folder: Path, s: Any, raw: Any, chosen: list, files: list[Path],
                errors: list[ScenarioError]) -> Rules | None:
    """The rule files merged in order, then the scenario's and the variants' overrides; None
    when they cannot be built (the problems are in ``errors``)."""
    n_before = len(errors)
    merged: Any = None
    for i, name in enumerate(s["rules"]):
        path = folder / name
        files.append(path)
        if not path.exists():
            errors.append(ScenarioError(s["rules"].file, s["rules"].line_of(i), f"rules file '{name}' not found"))
            continue
        try:
            doc = load_yaml(path, _rel(path), roots=rule_roots(folder))
        except ScenarioLoadError as exc:
            errors.extend(exc.errors)
            continue
        merged = doc if merged is None else deep_merge(merged, doc)
    if merged is None:
        if len(errors) == n_before:
            errors.append(ScenarioError(s.file, s.line_of("rules"), "no rules loaded"))
        return None
    if isinstance(raw.get("rule_overrides"), dict):
        merged = deep_merge(merged, raw["rule_overrides"])
    for v in chosen:
        if isinstance(v.get("rule_overrides"), dict):
            merged = deep_merge(merged, v["rule_overrides"])
    n_rules = len(errors)
    rules_checked = check(merged, RULES, merged.file, errors, "rules")
    if len(errors) > n_rules:
        return None
    types = rules_checked["unit_types"]
    for name, t in types.items():
        d = t["detachment"]
        if d and d["type"] not in types:
            errors.append(ScenarioError(d.file_of("type"), d.line_of("type"),
                                        f"unit type '{name}': unknown detachment type '{d['type']}'"
                                        f"{suggest(d['type'], types)}"))
        elif d and types[d["type"]]["detachment"]:
            errors.append(ScenarioError(d.file_of("type"), d.line_of("type"),
                                        f"unit type '{name}': its detachment type '{d['type']}' may not "
                                        "form detachments of its own"))
    return None if len(errors) > n_before else build_rules(rules_checked)


def _check_formations(flist: Any, side_names: set[str], places: Any,
                      errors: list[ScenarioError]) -> dict[str, Formation]:
    formations: dict[str, Formation] = {}
    for i, f in enumerate(flist):
        if f["id"] in formations:
            errors.append(ScenarioError(flist.file, flist.line_of(i), f"duplicate formation id '{f['id']}'"))
            continue
        if f["side"] is not None and f["side"] not in side_names:
            errors.append(ScenarioError(f.file, f.line_of("side"),
                                        f"formation '{f['id']}': unknown side '{f['side']}'{suggest(f['side'], side_names)}"))
        formations[f["id"]] = Formation(f["id"], f["name"], f["side"], f["kind"], f["parent"], f["aircraft"],
                                        f["source"], f["hq"])
    for f in flist:
        if f["hq"] is not None and f["hq"] not in places:
            errors.append(ScenarioError(f.file, f.line_of("hq"), f"formation '{f['id']}': unknown place "
                                        f"'{f['hq']}'{suggest(f['hq'], places)}"))
        if f["parent"] is not None and f["parent"] not in formations:
            errors.append(ScenarioError(f.file, f.line_of("parent"),
                                        f"formation '{f['id']}': unknown parent '{f['parent']}'"
                                        f"{suggest(f['parent'], formations)}"))
    return formations


def _check_references(folder: Path, s: Any, chosen: list, rules: Rules, m: Any, u: Any, ev: Any,
                      errors: list[ScenarioError]) -> Scenario | None:
    """Everything that looks across fields and files; the Scenario when the map could be built."""
    side_names = set(s["sides"])
    mapdata = build_map(m, set(rules.terrain), side_names, errors)
    if mapdata is None:
        return None
    places, graph = mapdata.places, mapdata.graph
    formations = _check_formations(u["formations"], side_names, places, errors)

    ulist = _apply_unit_variants(u["units"], chosen, errors)
    seen, good_entries = _check_units(ulist, side_names, rules, formations, mapdata, errors)

    events = ev["events"]
    disabled = {e for v in chosen for e in v["disable_events"]}
    for v in chosen:
        for j, eid in enumerate(v["disable_events"]):
            if eid not in {e["id"] for e in events}:
                errors.append(ScenarioError(v["disable_events"].file, v["disable_events"].line_of(j),
                                            f"variant disables unknown event '{eid}'"
                                            f"{suggest(eid, [e['id'] for e in events])}"))
    events_mod.check_references(events, side_names, set(places), errors, formations)
    for e in events:
        for eff in e["effects"]:
            for entry in eff.get("reinforce") or []:
                _check_unit_entry(entry, entry.file, entry.line, side_names, rules, formations, places, graph,
                                  errors, mapdata.projection, mapdata.hex_km)
    _check_victory(s["victory"], places, side_names, errors)
    _check_hints(s, u, seen, events, formations, places, side_names, errors)
    check_dates(s, events, errors)
    history = None
    if s["history"]:
        history = folder / s["history"]
        if not history.is_file():
            errors.append(ScenarioError(s.file, s.line_of("history"), f"history file '{s['history']}' not found"))

    # built even when problems were found, so the checks of the start positions run on the good units
    scn = Scenario(
        id=s["id"], name=s["name"], description=s["description"], path=folder, start_date=s["start_date"],
        turns=s["turns"], days_per_turn=s["days_per_turn"], sides={k: dict(v) for k, v in s["sides"].items()},
        side_order=list(s["sides"]), rules=rules, map=mapdata, formations=formations, initial_units=[],
        events=[e for e in events if e["id"] not in disabled], victory=s["victory"],
        ai={k: dict(v) for k, v in s["ai"].items()}, history_file=history,
        initial_control={h: d["control"] for h, d in graph.nodes(data=True)},
    )
    for v in chosen:
        for side, hints in v["ai"].items():
            scn.ai[side] = {**scn.ai.get(side, {}), **{k: hints[k] for k in hints.key_lines}}
    scn.available_variants = {k: {"name": v["name"], "description": v["description"], "source": v["source"]}
                              for k, v in s["variants"].items()}
    scn.initial_units = [make_unit(scn, e) for e in good_entries]
    check_start_positions(scn, good_entries, errors)
    check_reinforcements(events, seen, scn, errors)
    check_map_against_rules(m, scn, errors)
    return None if errors else scn


def _check_units(ulist: Any, side_names: set[str], rules: Rules, formations: dict, mapdata: MapData,
                 errors: list[ScenarioError]) -> tuple[dict[str, Any], list[Any]]:
    """Every unit entry checked: ids unique, references known; the entries by id, and those good
    enough to make units of."""
    seen: dict[str, Any] = {}
    good_entries = []
    for i, entry in enumerate(ulist):
        if entry["id"] in seen:
            errors.append(ScenarioError(ulist.file, ulist.line_of(i), f"duplicate unit id '{entry['id']}'"))
            continue
        seen[entry["id"]] = entry
        if _check_unit_entry(entry, ulist.file, ulist.line_of(i), side_names, rules, formations, mapdata.places,
                             mapdata.graph, errors, mapdata.projection, mapdata.hex_km):
            good_entries.append(entry)
    return seen, good_entries


def _check_victory(vic: Any, places: dict, side_names: set[str], errors: list[ScenarioError]) -> None:
    if vic is None:
        return
    if vic["attacker"] is not None and vic["attacker"] not in side_names:
        errors.append(ScenarioError(vic.file, vic.line_of("attacker"),
                                    f"unknown side '{vic['attacker']}'{suggest(vic['attacker'], side_names)}"))
    for o in vic["objectives"]:
        if o["place"] is not None and o["place"] not in places:
            errors.append(ScenarioError(o.file, o.line_of("place"), f"unknown place '{o['place']}'"
                                                                     f"{suggest(o['place'], places)}"))
        if o["side"] is not None and o["side"] not in side_names:
            errors.append(ScenarioError(o.file, o.line_of("side"), f"unknown side '{o['side']}'"
                                                                    f"{suggest(o['side'], side_names)}"))


def _check_hints(s: Any, u: Any, seen: dict, events: list, formations: dict, places: dict, side_names: set[str],
                 errors: list[ScenarioError]) -> None:
    """AI hints name known sides, places, formations and units."""
    # units that may be named in the hints: every unit of the file, of any variant, and every
    # reinforcement (a variant may remove a unit the base hints name; it then simply has no effect)
    unit_ids = {e["id"] for e in u["units"]} | set(seen)
    unit_ids |= {e["id"] for v in s["variants"].values() for e in v["add_units"]}
    unit_ids |= {entry["id"] for e in events for eff in e["effects"] for entry in (eff.get("reinforce") or [])}
    hint_blocks = [(s["ai"], side, a) for side, a in s["ai"].items()]
    hint_blocks += [(v["ai"], side, a) for v in s["variants"].values() for side, a in v["ai"].items()]
    for block, side, a in hint_blocks:
        if side not in side_names:
            errors.append(ScenarioError(block.file, block.line_of(side),
                                        f"ai: unknown side '{side}'{suggest(side, side_names)}"))
        named = [(a["objectives"], j, o["place"]) for j, o in enumerate(a["objectives"])]
        named += [(a["fallback"], j, p) for j, p in enumerate(a["fallback"])]
        for axis in list(a["axes"]) + list(a["withdrawals"]):
            named += [(axis["places"], j, p) for j, p in enumerate(axis["places"])]
            for j, f in enumerate(axis["formations"]):
                if f is not None and f not in formations and f not in unit_ids:
                    errors.append(ScenarioError(axis["formations"].file, axis["formations"].line_of(j),
                                                f"ai: unknown formation or unit '{f}'"
                                                f"{suggest(f, list(formations) + sorted(unit_ids))}"))
        for container, j, p in named:
            if p is not None and p not in places:
                errors.append(ScenarioError(container.file, container.line_of(j),
                                            f"ai: unknown place '{p}'{suggest(p, places)}"))


def _apply_unit_variants(units: Any, chosen: list, errors: list[ScenarioError]) -> Any:
    """The unit list with the variants' removals, changes and additions applied."""
    if not chosen:
        return units
    from .yamlio import YList

    out = YList()
    out.file, out.line = units.file, units.line
    ids = {e["id"] for e in units}
    removed = set()
    changes: dict[str, list] = {}
    for v in chosen:
        for j, uid in enumerate(v["remove_units"]):
            if uid not in ids:
                errors.append(ScenarioError(v["remove_units"].file, v["remove_units"].line_of(j),
                                            f"variant removes unknown unit '{uid}'{suggest(uid, ids)}"))
            removed.add(uid)
        for uid, change in v["unit_changes"].items():
            if uid not in ids:
                errors.append(ScenarioError(v["unit_changes"].file, v["unit_changes"].line_of(uid),
                                            f"variant changes unknown unit '{uid}'{suggest(uid, ids)}"))
                continue
            if not isinstance(change, dict):
                errors.append(ScenarioError(v["unit_changes"].file, v["unit_changes"].line_of(uid),
                                            f"unit_changes.{uid}: expected a mapping of fields"))
                continue
            for k in change:
                if k not in UNIT_CHANGE_KEYS:
                    errors.append(ScenarioError(change.file, change.line_of(k),
                                                f"unit_changes.{uid}: unknown field '{k}'{suggest(k, UNIT_CHANGE_KEYS)}"))
            changes.setdefault(uid, []).append(change)
    item_lines = []
    for i, e in enumerate(units):
        if e["id"] in removed:
            continue
        for change in changes.get(e["id"], []):
            moved = any(k in change for k in ("hex", "at", "lat", "lon"))
            merged = YDict({k: val for k, val in e.items()
                            if val is not None and not (moved and k in ("hex", "at", "lat", "lon"))})
            merged.file, merged.line = e.file, e.line
            merged.key_lines = {k: e.line_of(k) for k in merged}
            merged.key_files = {k: e.file for k in merged}
            for k, val in change.items():
                if k in UNIT_CHANGE_KEYS:
                    merged[k] = val
                    merged.key_lines[k] = change.line_of(k)
                    merged.key_files[k] = change.file
            # re-check the changed entry so a bad value names the variant's line
            e = check(merged, events_mod.UNIT_ENTRY, e.file, errors, f"unit {e['id']}")
        out.append(e)
        item_lines.append(units.line_of(i))
    for v in chosen:
        for j, e in enumerate(v["add_units"]):
            out.append(e)
            item_lines.append(v["add_units"].line_of(j))
    out.item_lines = item_lines
    return out


def new_game(scn: Scenario, seed: int = 0) -> GameState:
    """A fresh game on ``scn`` with the random generator seeded by ``seed``; turn 1 begins."""
    from .turn import begin_turn

    state = GameState(
        scenario=scn, seed=int(seed), rng=np.random.Generator(np.random.PCG64(int(seed))), turn=1,
        date=scn.start_date, active=0, units={u.id: Unit.from_dict(u.to_dict()) for u in scn.initial_units},
        control=dict(scn.initial_control), losses={s: new_losses() for s in scn.side_order},
        used={}, vp_bonus={s: 0 for s in scn.side_order},
    )
    begin_turn(state)
    return state
