"""A scenario and the scenarios it is based on (``base:``), and where each of their files is.

``base: <scenario id>`` in ``scenario.yaml`` makes a scenario inherit every file of another and
overlay its own (:mod:`.overlay`). The id is looked for in the folder beside the derived scenario,
then in ``$AUGUST_STORM_SCENARIOS`` and in the game's own ``scenarios`` folder; ``game:<id>`` names
the game's own scenario only, so a mod kept anywhere can build on the installed game. In ``rules:``
a name ``game:rules/base.yaml`` is a file of the game's ``scenarios`` folder.

Scenario folders are untrusted: a base is an id (no paths), a chain of bases is at most
``MAX_BASES`` deep, and a cycle is refused, each with the line of the ``base:`` that causes it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..yamlio import ScenarioError, ScenarioLoadError, YDict, YList, load_yaml, suggest, where
from .overlay import copy_dict, merge_value, put
from .schemas import SCENARIO


def _game_scenarios() -> Path:
    """The game's own scenarios: the checkout's ``scenarios/`` folder, or, in an installed copy,
    the same files installed as ``engine/scenarios`` (setup.py)."""
    engine = Path(__file__).resolve().parent.parent
    checkout = engine.parent / "scenarios"
    return checkout if checkout.is_dir() or not (engine / "scenarios").is_dir() else engine / "scenarios"


REPO_SCENARIOS = _game_scenarios()
GAME = "game:"
MAX_BASES = 8  # a variant of a variant of ... : deeper chains are refused
SAFE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
# the files a scenario names, and the names a derived scenario's own files have when it does not name them
PARTS = {"map": "map.yaml", "units": "units.yaml", "events": "events.yaml", "history": "history.yaml",
         "sources": "sources.yaml"}


@dataclass
class Layer:
    """One scenario of a chain: its folder and its ``scenario.yaml`` as read."""

    folder: Path
    raw: Any

    @property
    def file(self) -> Path:
        return self.folder / "scenario.yaml"


def rel(path: Path) -> str:
    """A path as shown in messages: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def scenario_roots() -> list[Path]:
    """Where scenario ids are looked for: $AUGUST_STORM_SCENARIOS, ./scenarios, the game's own."""
    roots = [Path(x) for x in os.environ.get("AUGUST_STORM_SCENARIOS", "").split(os.pathsep) if x]
    return roots + [Path.cwd() / "scenarios", REPO_SCENARIOS]


def game_path(name: str, folder: Path) -> tuple[Path, list[Path]]:
    """A file name from a scenario (``game:`` names the game's ``scenarios`` folder) and the
    folders it may be read from."""
    if name.startswith(GAME):
        return REPO_SCENARIOS / name[len(GAME):], [REPO_SCENARIOS]
    return folder / name, [folder, folder.parent / "rules", REPO_SCENARIOS / "rules"]


def find_base(ref: str, folder: Path) -> Path | None:
    """The folder of base scenario ``ref`` named from the scenario in ``folder``."""
    if ref.startswith(GAME):
        roots = [REPO_SCENARIOS]
        ref = ref[len(GAME):]
    else:
        roots = [folder.parent, *scenario_roots()]
    if not SAFE_ID.match(ref):
        return None
    return next((r / ref for r in roots if (r / ref / "scenario.yaml").is_file()), None)


def _refuse(raw: Any, message: str) -> ScenarioLoadError:
    return ScenarioLoadError([ScenarioError(*where(raw, "base"), message)])


def read_layers(folder: Path) -> list[Layer]:
    """The scenario in ``folder`` and its bases, the first base first; ScenarioLoadError naming the
    ``base:`` line of an unknown base, a cycle or a chain too deep."""
    chain = [Layer(folder, load_yaml(folder / "scenario.yaml", rel(folder / "scenario.yaml"), roots=[folder]))]
    while isinstance(chain[-1].raw, dict) and "base" in chain[-1].raw:
        raw, ref = chain[-1].raw, chain[-1].raw["base"]
        if not isinstance(ref, str) or not SAFE_ID.match(ref.removeprefix(GAME)):
            raise _refuse(raw, f"base: expected a scenario id (letters, digits, _, - and .), got {ref!r}")
        found = find_base(ref, chain[-1].folder)
        if found is None:
            known = sorted({d.name for r in [chain[-1].folder.parent, *scenario_roots()] if r.is_dir()
                            for d in r.iterdir() if (d / "scenario.yaml").is_file()})
            raise _refuse(raw, f"base: no scenario '{ref}'{suggest(ref.removeprefix(GAME), known)}")
        names = [layer.folder.resolve() for layer in chain]
        if found.resolve() in names:
            cycle = " -> ".join(layer.folder.name for layer in chain) + f" -> {found.name}"
            raise _refuse(raw, f"base: inheritance cycle ({cycle})")
        if len(chain) > MAX_BASES:
            raise _refuse(raw, f"base: more than {MAX_BASES} scenarios deep")
        chain.append(Layer(found, load_yaml(found / "scenario.yaml", rel(found / "scenario.yaml"), roots=[found])))
    return chain[::-1]


def merge_scenarios(layers: list[Layer], errors: list[ScenarioError]) -> tuple[Any, list[Path]]:
    """The scenario.yaml of a chain overlaid, and the folder each of its ``rules`` entries is named from."""
    merged, folders = layers[0].raw, [layers[0].folder] * len(_rules_of(layers[0].raw))
    for layer in layers[1:]:
        if not isinstance(merged, dict) or not isinstance(layer.raw, dict):
            return layer.raw, folders  # the schema reports the file that is not a mapping
        if "id" not in layer.raw:
            errors.append(ScenarioError(*where(layer.raw), "a scenario with a base needs its own 'id'"))
        out = copy_dict(merged)
        out.file, out.line = where(layer.raw)
        for key, value in layer.raw.items():
            if key == "rules" and isinstance(value, list) and isinstance(merged.get("rules"), list):
                put(out, key, _joined(merged["rules"], value), layer.raw)
                folders += [layer.folder] * len(value)
            elif isinstance(key, str) and key.startswith("-"):
                out.pop(key[1:], None)
            elif key != "base":
                put(out, key, merge_value(key, merged[key], value) if key in merged else value, layer.raw)
        merged = out
    if isinstance(merged, dict) and "base" in merged:
        merged = copy_dict(merged)
        del merged["base"]
    return merged, folders


def _rules_of(raw: Any) -> list:
    rules = raw.get("rules") if isinstance(raw, dict) else None
    return rules if isinstance(rules, list) else []


def _joined(first: Any, then: Any) -> YList:
    out = YList([*first, *then])
    out.file, out.line = then.file, then.line
    out.item_files = [first.file_of(i) for i in range(len(first))] + [then.file_of(i) for i in range(len(then))]
    out.item_lines = [first.line_of(i) for i in range(len(first))] + [then.line_of(i) for i in range(len(then))]
    return out


def part_files(layers: list[Layer], part: str) -> list[tuple[Layer, Path]]:
    """The files a part (map, units, ...) is made of, the base's first, each with the scenario.yaml
    that names it. The first scenario of a chain names its file or takes the schema's default; a
    derived scenario names its own, or has one when a file of the usual name is in its folder."""
    out = []
    for i, layer in enumerate(layers):
        raw = layer.raw if isinstance(layer.raw, dict) else YDict()
        if i == 0:
            name = raw.get(part, _default(part))
        else:
            name = raw.get(part) or (PARTS[part] if (layer.folder / PARTS[part]).is_file() else None)
        if isinstance(name, str):
            out.append((layer, layer.folder / name))
    return out


def _default(part: str) -> str | None:
    return SCENARIO.fields[part].default


def read_header(folder: Path) -> Any:
    """The ``scenario.yaml`` of the scenario in ``folder`` with its bases' overlaid (what a list of
    scenarios shows: name, description, sides, variants), without loading any other file."""
    errors: list[ScenarioError] = []
    merged, _ = merge_scenarios(read_layers(folder), errors)
    if errors:
        raise ScenarioLoadError(errors)
    return merged
