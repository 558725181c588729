"""Reading YAML safely while remembering where every value came from.

Scenario files are parsed with PyYAML's safe loader only. Mappings and sequences come back as
``YDict`` / ``YList`` (plain dict and list subclasses) carrying the file name and the line of
each key or item, so any later check can report ``file:line: problem``. Duplicate keys are an
error, not a silent overwrite.

Scenario folders are shared between players, so a file is untrusted: it is read through
:mod:`engine.safefile` (a regular file inside the allowed folders, of bounded size), and before
anything is built its event stream is measured without recursion: nesting deeper than
``MAX_DEPTH`` or more than ``MAX_NODES`` values once aliases are expanded (a "billion laughs"
alias bomb) is refused in milliseconds. Scalars are checked as they are built: an impossible
date, NaN, an infinity or a number beyond ``MAX_NUMBER`` is a ``file:line`` error.
"""
from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .safefile import MAX_DEPTH, MAX_NUMBER, MAX_YAML_BYTES, FileRefused, read_text

try:  # the C loader is much faster on the big generated map
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_NODES = 250_000  # values once aliases are expanded; the 1945 map has about 20,000
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class ScenarioError:
    """One problem in one file, at one line (1-based; 0 when the file itself is the problem)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class ScenarioLoadError(Exception):
    """Raised when a scenario cannot be loaded; carries every problem found."""

    def __init__(self, errors: list[ScenarioError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class YDict(dict):
    """A mapping that knows its file and the line of itself and of each key."""

    file: str = "?"
    line: int = 0
    # set by the loader and by merges; a mapping built in code may lack them (hence the getattr below)
    key_lines: dict[Any, int]
    key_files: dict[Any, str]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line) if hasattr(self, "key_lines") else self.line

    def file_of(self, key: Any) -> str:
        """The file a key came from (merged rule files mix keys from several files)."""
        return getattr(self, "key_files", {}).get(key, self.file)


class YList(list):
    """A sequence that knows its file and the line of itself and of each item."""

    file: str = "?"
    line: int = 0
    # set by the loader and by overlays; a list built in code may lack them (hence the getattr below)
    item_lines: list[int]
    item_files: list[str]

    def line_of(self, index: int) -> int:
        lines = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line

    def file_of(self, index: int) -> str:
        """The file an item came from (a list overlaid from several scenarios mixes files)."""
        files = getattr(self, "item_files", [])
        return files[index] if 0 <= index < len(files) else self.file


def where(container: Any, key: Any = None) -> tuple[str, int]:
    """``(file, line)`` of ``container`` or of one of its keys/items."""
    if key is not None and isinstance(container, (YDict, YList)):
        return container.file_of(key), container.line_of(key)
    file = getattr(container, "file", "?")
    return file, getattr(container, "line", 0)


def suggest(name: str, candidates: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix, or ``""`` when nothing is close."""
    close = difflib.get_close_matches(str(name), [str(c) for c in candidates], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _build(node: yaml.Node, loader: Any, file: str, errors: list[ScenarioError]) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        explicit = sum(1 for k, _ in node.value if k.tag != _MERGE)
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<): the merged pairs come first
        merged = len(node.value) - explicit
        out = YDict()
        out.file, out.line, out.key_lines = file, line, {}
        given = set()  # keys written out in this mapping: they override merged ones, never each other
        for i, (key_node, value_node) in enumerate(node.value):
            key = _build(key_node, loader, file, errors)
            if isinstance(key, (YDict, YList)):
                errors.append(ScenarioError(file, key_node.start_mark.line + 1, "a key must be a plain value"))
                continue
            if key in given:
                errors.append(ScenarioError(
                    file, key_node.start_mark.line + 1,
                    f"duplicate key '{key}' (first given on line {out.key_lines[key]})"))
                continue
            if i >= merged:
                given.add(key)
            out[key] = _build(value_node, loader, file, errors)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = YList()
        seq.file, seq.line = file, line
        seq.item_lines = [item.start_mark.line + 1 for item in node.value]
        seq.extend(_build(item, loader, file, errors) for item in node.value)
        return seq
    return _scalar(node, loader, file, line, errors)


def _scalar(node: yaml.Node, loader: Any, file: str, line: int, errors: list[ScenarioError]) -> Any:
    """A scalar's value; an impossible date or number is an error (the value becomes None)."""
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, TypeError):
        what = "date" if node.tag == _TIMESTAMP else "value"
        errors.append(ScenarioError(file, line, f"invalid {what} '{str(node.value)[:40]}'"))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        errors.append(ScenarioError(file, line, f"'{node.value}' is not a finite number"))
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        errors.append(ScenarioError(file, line, f"the number {str(node.value)[:24]} is too large "
                                                f"(the limit is {MAX_NUMBER:.0e})"))
        return None
    return value


def _measure(text: str, name: str) -> None:
    """Refuse, from the event stream and without recursion, a document nested deeper than
    ``MAX_DEPTH`` or holding more than ``MAX_NODES`` values once its aliases are expanded."""
    open_counts: list[list] = []  # [anchor, values so far] of each open collection
    anchors: dict[str | None, int] = {}
    total = 0
    for ev in yaml.parse(text, Loader=_Loader):
        line = ev.start_mark.line + 1 if ev.start_mark else 0
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_counts.append([ev.anchor, 1])
            if len(open_counts) > MAX_DEPTH:
                too_deep = f"refused: nested more than {MAX_DEPTH} levels deep"
                raise ScenarioLoadError([ScenarioError(name, line, too_deep)])
            continue
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = open_counts.pop()
        elif isinstance(ev, yaml.AliasEvent):
            anchor, size = None, anchors.get(ev.anchor, 1)
        elif isinstance(ev, yaml.ScalarEvent):
            anchor, size = ev.anchor, 1
        else:
            continue
        if anchor is not None:
            anchors[anchor] = size
        if open_counts:
            open_counts[-1][1] += size
            size = open_counts[-1][1]
        else:
            total += size
            size = total
        if size > MAX_NODES:
            raise ScenarioLoadError([ScenarioError(name, line, f"refused: more than {MAX_NODES:,} values, counting "
                                                               "each alias as all it repeats")])


def load_yaml(path: str | Path, display_name: str | None = None, roots: Iterable[Path] | None = None,
              limit: int = MAX_YAML_BYTES) -> Any:
    """Parse one YAML file safely; raise :class:`ScenarioLoadError` on any problem. With ``roots``
    the file must lie inside one of those folders (see :mod:`engine.safefile`)."""
    name = display_name or str(path)
    try:
        text = read_text(path, name, roots, limit)
    except FileRefused as exc:
        raise ScenarioLoadError([ScenarioError(exc.file, exc.line, exc.problem)]) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text (``name`` is used in error messages)."""
    errors: list[ScenarioError] = []
    loader = _Loader(text)
    try:
        _measure(text, name)
        node = loader.get_single_node()
        if node is None:  # an empty file is an empty mapping
            data = YDict()
            data.file, data.line, data.key_lines = name, 1, {}
        else:
            data = _build(node, loader, name, errors)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:
            # PyYAML 6.0.4 and later stop runaway nesting in the scanner, before our own count
            # sees the events: the same refusal, whichever check comes first
            raise ScenarioLoadError([ScenarioError(name, line, f"refused: nested more than {MAX_DEPTH} levels deep")]) \
                from None
        raise ScenarioLoadError([ScenarioError(name, line, f"invalid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioLoadError([ScenarioError(name, 0, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if errors:
        raise ScenarioLoadError(errors)
    return data
