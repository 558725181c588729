"""The checks that look across fields and files of a scenario (units against the rules, the map and
the formations; victory objectives; AI hints), and the :class:`Scenario` built from what passed."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from .. import events as events_mod
from ..crosscheck import check_dates, check_map_against_rules, check_reinforcements, check_start_positions
from ..mapgraph import MapData, build_map, safe_to_hex
from ..rules import Rules
from ..units import Formation, make_unit
from ..yamlio import ScenarioError, YDict, suggest, where
from .hints import build_ai
from .model import Scenario
from .variants import apply_event_variants, apply_unit_variants


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
    if entry.get("experience") is not None and entry.get("experience") not in rules.combat.experience:
        err("experience", f"unit '{uid}': unknown experience '{entry.get('experience')}'"
                          f"{suggest(str(entry.get('experience')), rules.combat.experience)}")
    has_hex, has_at = entry.get("hex") is not None, entry.get("at") is not None
    has_latlon = entry.get("lat") is not None or entry.get("lon") is not None
    if has_hex + has_at + has_latlon != 1:
        err("id", f"unit '{uid}' needs exactly one of 'hex', 'at' (a place id) or 'lat' and 'lon'")
    elif has_at and entry["at"] not in places:
        err("at", f"unit '{uid}': unknown place '{entry['at']}'{suggest(entry['at'], places)}")
    elif has_hex:
        given = tuple(entry["hex"])
        if len(given) != 2 or given not in graph:
            err("hex", f"unit '{uid}': hex {list(given)} is not on the map")
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


def _check_formations(flist: Any, side_names: set[str], places: Any,
                      errors: list[ScenarioError]) -> dict[str, Formation]:
    formations: dict[str, Formation] = {}
    for i, f in enumerate(flist):
        if f["id"] in formations:
            errors.append(ScenarioError(*where(flist, i), f"duplicate formation id '{f['id']}'"))
            continue
        if f["side"] is not None and f["side"] not in side_names:
            errors.append(ScenarioError(*where(f, "side"), f"formation '{f['id']}': unknown side "
                                        f"'{f['side']}'{suggest(f['side'], side_names)}"))
        formations[f["id"]] = Formation(f["id"], f["name"], f["side"], f["kind"], f["parent"], f["aircraft"],
                                        f["source"], f["hq"])
    for f in flist:
        if f["hq"] is not None and f["hq"] not in places:
            errors.append(ScenarioError(*where(f, "hq"), f"formation '{f['id']}': unknown place "
                                        f"'{f['hq']}'{suggest(f['hq'], places)}"))
        if f["parent"] is not None and f["parent"] not in formations:
            errors.append(ScenarioError(*where(f, "parent"),
                                        f"formation '{f['id']}': unknown parent '{f['parent']}'"
                                        f"{suggest(f['parent'], formations)}"))
    return formations


def check_references(folder: Path, s: Any, chosen: list, rules: Rules, m: Any, u: Any, ev: Any,
                      errors: list[ScenarioError]) -> Scenario | None:
    """Everything that looks across fields and files; the Scenario when the map could be built."""
    side_names = set(s["sides"])
    mapdata = build_map(m, set(rules.terrain), side_names, errors)
    if mapdata is None:
        return None
    places, graph = mapdata.places, mapdata.graph
    formations = _check_formations(u["formations"], side_names, places, errors)

    ulist = apply_unit_variants(u["units"], chosen, errors)
    seen, good_entries = _check_units(ulist, side_names, rules, formations, mapdata, errors)

    events = apply_event_variants(ev["events"], chosen, errors)
    disabled = {e for v in chosen for e in v["disable_events"]}
    for v in chosen:
        for j, eid in enumerate(v["disable_events"]):
            if eid not in {e["id"] for e in events}:
                errors.append(ScenarioError(*where(v["disable_events"], j),
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

    ai = build_ai(s["sides"], s["ai"], chosen)
    # built even when problems were found, so the checks of the start positions run on the good units
    scn = Scenario(
        id=s["id"], name=s["name"], description=s["description"], path=folder, start_date=s["start_date"],
        turns=s["turns"], days_per_turn=s["days_per_turn"], sides={k: dict(v) for k, v in s["sides"].items()},
        side_order=list(s["sides"]), rules=rules, map=mapdata, formations=formations, initial_units=[],
        events=[e for e in events if e["id"] not in disabled], victory=s["victory"], ai=ai,
        initial_control={h: d["control"] for h, d in graph.nodes(data=True)},
        available_variants={k: {"name": v["name"], "description": v["description"], "source": v["source"]}
                            for k, v in s["variants"].items()},
    )
    scn = replace(scn, initial_units=[make_unit(scn, e) for e in good_entries])
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
            errors.append(ScenarioError(*where(ulist, i), f"duplicate unit id '{entry['id']}'"))
            continue
        seen[entry["id"]] = entry
        if _check_unit_entry(entry, *where(ulist, i), side_names, rules, formations, mapdata.places,
                             mapdata.graph, errors, mapdata.projection, mapdata.hex_km):
            good_entries.append(entry)
    return seen, good_entries


def _check_victory(vic: Any, places: dict, side_names: set[str], errors: list[ScenarioError]) -> None:
    if vic is None:
        return
    if vic["attacker"] is not None and vic["attacker"] not in side_names:
        errors.append(ScenarioError(*where(vic, "attacker"),
                                    f"unknown side '{vic['attacker']}'{suggest(vic['attacker'], side_names)}"))
    for o in vic["objectives"]:
        if o["place"] is not None and o["place"] not in places:
            errors.append(ScenarioError(*where(o, "place"), f"unknown place '{o['place']}'"
                                                                     f"{suggest(o['place'], places)}"))
        if o["side"] is not None and o["side"] not in side_names:
            errors.append(ScenarioError(*where(o, "side"), f"unknown side '{o['side']}'"
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
            errors.append(ScenarioError(*where(block, side),
                                        f"ai: unknown side '{side}'{suggest(side, side_names)}"))
        named = [(a["objectives"], j, o["place"]) for j, o in enumerate(a["objectives"])]
        named += [(a["fallback"], j, p) for j, p in enumerate(a["fallback"])]
        for axis in list(a["axes"]) + list(a["withdrawals"]):
            named += [(axis["places"], j, p) for j, p in enumerate(axis["places"])]
            for j, f in enumerate(axis["formations"]):
                if f is not None and f not in formations and f not in unit_ids:
                    errors.append(ScenarioError(*where(axis["formations"], j),
                                                f"ai: unknown formation or unit '{f}'"
                                                f"{suggest(f, list(formations) + sorted(unit_ids))}"))
        for container, j, p in named:
            if p is not None and p not in places:
                errors.append(ScenarioError(*where(container, j),
                                            f"ai: unknown place '{p}'{suggest(p, places)}"))


