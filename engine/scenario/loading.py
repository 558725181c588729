"""Loading a scenario folder into a :class:`Scenario`: finding it, reading every file through the
safe loader and the schemas, merging the rule files, and checking the citations.

All problems are collected and raised together as :class:`ScenarioLoadError` (``file:line: problem``).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .. import events as events_mod
from ..crosscheck import check_id_safe
from ..mapgraph import MAP
from ..rules import RULES, Rules, build_rules, deep_merge
from ..safefile import digest_files
from ..schema import check
from ..yamlio import ScenarioError, ScenarioLoadError, YDict, load_yaml, suggest
from .model import Scenario
from .references import check_references
from .schemas import SCENARIO, UNITS_FILE
from .variants import chosen_variants

REPO_SCENARIOS = Path(__file__).resolve().parent.parent.parent / "scenarios"


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
    chosen = chosen_variants(s, raw, variants, errors)
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
        scn = check_references(folder, s, chosen, rules, m, u, ev, errors)
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
        from ..history import load_history

        scn.history = load_history(scn)
    return scn


def _check_sources(folder: Path, s: Any, files: list[Path], parsed: dict[Path, Any],
                   errors: list[ScenarioError]) -> dict[str, Any]:
    """The scenario's bibliography (its own file and the one beside each rules file), with every
    ``source:`` of every file the scenario is built from checked against it."""
    from .. import sources

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


