"""Loading a scenario folder into a :class:`Scenario`: finding it, reading every file through the
safe loader and the schemas, merging the rule files, and checking the citations.

All problems are collected and raised together as :class:`ScenarioLoadError` (``file:line: problem``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import events as events_mod
from .. import plugins
from ..crosscheck import check_id_safe
from ..mapgraph import MAP
from ..rules import RULES, Rules, build_rules, deep_merge
from ..safefile import digest_files
from ..schema import check
from ..yamlio import ScenarioError, ScenarioLoadError, YDict, load_yaml, suggest, where
from .bases import GAME, REPO_SCENARIOS, Layer, game_path, merge_scenarios, part_files, read_layers, rel, scenario_roots
from .model import Scenario
from .overlay import overlay
from .references import check_references
from .schemas import SCENARIO, UNITS_FILE
from .unit_types import expand_unit_types
from .variants import chosen_variants


def find_scenario(ref: str | os.PathLike) -> Path:
    """A scenario folder from a path or an id (searched in $AUGUST_STORM_SCENARIOS,
    ./scenarios and the project's scenarios folder)."""
    p = Path(ref)
    if p.is_file() and p.name == "scenario.yaml":
        return p.parent
    if p.is_dir() and (p / "scenario.yaml").is_file():
        return p
    roots = scenario_roots()
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
    return game_path("", folder)[1]


@dataclass
class _Files:
    """Every file a scenario is built from (its fingerprint), and those whose citations are checked
    as they were parsed."""

    paths: list[Path] = field(default_factory=list)
    parsed: dict[Path, Any] = field(default_factory=dict)

    def read(self, path: Path, roots: list[Path], errors: list[ScenarioError], cite: bool = True) -> Any:
        """The file parsed, or None when it cannot be (the problem is in ``errors``)."""
        self.paths.append(path)
        try:
            doc = load_yaml(path, rel(path), roots=roots)
        except ScenarioLoadError as exc:
            errors.extend(exc.errors)
            return None
        if cite:
            self.parsed[path] = doc
        return doc


def load_scenario(ref: str | os.PathLike, variants: tuple[str, ...] | list[str] = ()) -> Scenario:
    """Load and check a scenario with the named variants applied (in the order given);
    raise :class:`ScenarioLoadError` listing every problem.

    Every file is schema-checked before any stops the load, and the checks between files run on
    whatever is usable, so a modder sees the type errors and the reference errors in one pass.
    """
    folder = find_scenario(ref)
    errors: list[ScenarioError] = []
    layers = read_layers(folder)
    raw, rule_folders = merge_scenarios(layers, errors)
    s = check(raw, SCENARIO, rel(layers[-1].file), errors)
    check_id_safe(s, errors)
    if s["rules"] is None or s["sides"] is None:
        raise ScenarioLoadError(errors)
    chosen = chosen_variants(s, raw, variants, errors)
    if len(set(s["sides"])) != 2:
        errors.append(ScenarioError(*where(s, "sides"), "a scenario has exactly two sides"))
    files = _Files([layer.file for layer in layers], {layer.file: layer.raw for layer in layers})
    rules = _load_rules(s, raw, rule_folders, chosen, files, errors)
    m, u = _read_part(layers, "map", MAP, files, errors), _read_part(layers, "units", UNITS_FILE, files, errors)
    ev = _read_part(layers, "events", events_mod.EVENTS_FILE, files, errors, YDict(events=[]))
    history = _read_history(layers, files, errors)
    if rules is None or m is None or u is None or ev is None:
        raise ScenarioLoadError(errors)
    schema_errors = len(errors)
    try:
        scn = check_references(folder, s, chosen, rules, m, u, ev, errors)
    except (TypeError, KeyError, AttributeError, ValueError):
        if not schema_errors:
            raise
        scn = None  # a value the schema already refused broke a later check: report what is known
    bibliography = _check_sources(layers, s, rule_folders, files, errors)
    briefings = _read_briefings(layers, s["sides"], bibliography, errors)
    if errors or scn is None:
        raise ScenarioLoadError(errors)
    scn = replace(scn, bibliography=bibliography, variants=tuple(variants),
                  # the plugins too: their code plays the game as the engine's does
                  fingerprint=fingerprint(files.paths, folder) | plugins.fingerprint(),
                  history_file=history and history[0],
                  briefings=briefings)
    if history is not None:
        from ..history import load_history

        scn = replace(scn, history=load_history(scn, history[1]))
    return scn


def fingerprint(paths: list[Path], folder: Path) -> dict[str, str]:
    """SHA-256 of each file, by its path from the scenario's folder; a file of the game's own
    scenarios that a mod kept elsewhere builds on is named ``game:<path>``, so its saves and replays
    carry to a machine where the game is installed in another place."""
    out: dict[str, str] = {}
    for p in paths:
        mine = p.resolve().is_relative_to(folder.parent.resolve())
        if not mine and p.resolve().is_relative_to(REPO_SCENARIOS.resolve()):
            out.update({GAME + k: v for k, v in digest_files([p], REPO_SCENARIOS).items()})
        else:
            out.update(digest_files([p], folder))
    return out


def _read_part(layers: list[Layer], part: str, spec: Any, files: _Files, errors: list[ScenarioError],
               missing: Any = None) -> Any:
    """One part of the scenario (map, units, events) checked: the base's file overlaid with each
    derived scenario's; ``missing`` when no scenario of the chain has one, None when unreadable."""
    doc = _overlaid(layers, part, files, errors)
    if doc is None:
        return missing if not part_files(layers, part) else None
    return check(doc, spec, doc.file if isinstance(doc, YDict) else "?", errors)


def _overlaid(layers: list[Layer], part: str, files: _Files, errors: list[ScenarioError],
              cite: bool = True) -> Any:
    docs = [files.read(path, [layer.folder], errors, cite) for layer, path in part_files(layers, part)]
    if not docs or any(d is None for d in docs):
        return None
    doc = docs[0]
    for d in docs[1:]:
        doc = overlay(doc, d, errors)
    return doc


def _read_history(layers: list[Layer], files: _Files, errors: list[ScenarioError]) -> tuple[Path, Any] | None:
    """The history file of the chain (overlaid) and the path of the last, or None without one."""
    named = part_files(layers, "history")
    for layer, path in named:
        if not path.is_file():
            name = layer.raw.get("history") if isinstance(layer.raw, dict) else None
            errors.append(ScenarioError(*where(layer.raw, "history"), f"history file '{name}' not found"))
            return None
    doc = _overlaid(layers, "history", files, errors, cite=False)  # load_history checks its citations
    return None if doc is None else (named[-1][1], doc)


def _read_briefings(layers: list[Layer], sides: Any, bib: dict[str, Any],
                    errors: list[ScenarioError]) -> dict[str, Any]:
    """The briefings of the chain (each scenario's ``briefing:`` file, or its ``briefing.yaml``),
    overlaid and checked. Read apart from the fingerprinted files: a briefing changes no game."""
    from ..briefing import check_briefings

    docs = []
    for layer in layers:
        raw = layer.raw if isinstance(layer.raw, dict) else YDict()
        name = raw.get("briefing") or ("briefing.yaml" if (layer.folder / "briefing.yaml").is_file() else None)
        if not isinstance(name, str):
            continue
        if not (layer.folder / name).is_file():
            errors.append(ScenarioError(*where(raw, "briefing"), f"briefing file '{name}' not found"))
            return {}
        try:
            docs.append(load_yaml(layer.folder / name, rel(layer.folder / name), roots=[layer.folder]))
        except ScenarioLoadError as exc:
            errors.extend(exc.errors)
            return {}
    if not docs or not isinstance(sides, dict):
        return {}
    doc = docs[0]
    for d in docs[1:]:
        doc = overlay(doc, d, errors)
    return check_briefings(doc, sides, bib, getattr(doc, "file", "briefing.yaml"), errors)


def _check_sources(layers: list[Layer], s: Any, rule_folders: list[Path], files: _Files,
                   errors: list[ScenarioError]) -> dict[str, Any]:
    """The scenario's bibliography (the file of each scenario of the chain and the one beside each
    rules file), with every ``source:`` of every file the scenario is built from checked against it."""
    from .. import sources

    # by the resolved path: a base's rule folder may be the derived scenario's by another way
    roots = {path.resolve(): [layer.folder] for layer, path in part_files(layers, "sources")}
    for name, folder in zip(s["rules"], rule_folders):
        if isinstance(name, str):
            path, rule_dirs = game_path(name, folder)
            roots.setdefault((path.parent / "sources.yaml").resolve(), rule_dirs)

    def read(path: Path) -> tuple[str, Any]:
        return rel(path), load_yaml(path, rel(path), roots=roots.get(path, [path.parent]))

    bib = sources.load_bibliography(list(roots), read, errors)
    for path in files.paths:
        if path in files.parsed:
            sources.check_document(files.parsed[path], bib, errors)
    return bib


def _load_rules(s: Any, raw: Any, rule_folders: list[Path], chosen: list, files: _Files,
                errors: list[ScenarioError]) -> Rules | None:
    """The rule files merged in order, then the scenario's and the variants' overrides; None
    when they cannot be built (the problems are in ``errors``)."""
    n_before = len(errors)
    merged: Any = None
    for i, (name, folder) in enumerate(zip(s["rules"], rule_folders)):
        path, roots = game_path(name, folder)
        if not path.exists():
            files.paths.append(path)
            errors.append(ScenarioError(*where(s["rules"], i), f"rules file '{name}' not found"))
            continue
        doc = files.read(path, roots, errors)
        if doc is not None:
            merged = doc if merged is None else deep_merge(merged, doc)
    if merged is None:
        if len(errors) == n_before:
            errors.append(ScenarioError(*where(s, "rules"), "no rules loaded"))
        return None
    if isinstance(raw.get("rule_overrides"), dict):
        merged = deep_merge(merged, raw["rule_overrides"])
    for v in chosen:
        if isinstance(v.get("rule_overrides"), dict):
            merged = deep_merge(merged, v["rule_overrides"])
    n_rules = len(errors)
    merged = expand_unit_types(merged, errors)
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


