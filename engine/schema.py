"""A small schema checker for scenario YAML: types, ranges, required and unknown keys.

Each spec checks a value parsed by :mod:`engine.yamlio`, appends ``file:line: problem``
errors (with a did-you-mean suggestion for unknown keys and names) and returns the value
converted to what the engine uses. It keeps collecting errors so that a modder sees every
problem of a file in one run.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .yamlio import ScenarioError, YDict, YList, suggest

Errors = list[ScenarioError]
_MISSING = object()


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (YDict, dict)):
        return "a mapping"
    if isinstance(value, (YList, list)):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"text '{value}'"
    return f"{type(value).__name__} {value!r}"


@dataclass
class Ctx:
    """Where a value sits: file, line and a dotted path for the message."""

    file: str
    line: int
    path: str
    errors: Errors

    def error(self, message: str, line: int | None = None) -> None:
        where = f"{self.path}: " if self.path else ""
        self.errors.append(ScenarioError(self.file, self.line if line is None else line, where + message))

    def child(self, container: Any, key: Any, label: str) -> Ctx:
        marked = isinstance(container, (YDict, YList))
        line = container.line_of(key) if marked else self.line
        file = container.file_of(key) if marked else getattr(container, "file", self.file)
        path = f"{self.path}.{label}" if self.path else label
        return Ctx(file, line, path, self.errors)


class Spec:
    """Base spec: accepts anything."""

    def check(self, value: Any, ctx: Ctx) -> Any:
        return value


@dataclass
class Str(Spec):
    def check(self, value: Any, ctx: Ctx) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        ctx.error(f"expected text, got {_type_name(value)}")
        return None


@dataclass
class Cite(Spec):
    """A ``source:``: text with citations in square brackets, or a list of bibliography keys and
    tags (which becomes one bracketed group). The keys are checked against the scenario's
    bibliography after loading (:mod:`engine.sources`)."""

    def check(self, value: Any, ctx: Ctx) -> Any:
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "[" + ", ".join(value) + "]"
        return Str().check(value, ctx)


@dataclass
class Num(Spec):
    lo: float | None = None
    hi: float | None = None
    integer: bool = False

    def check(self, value: Any, ctx: Ctx) -> Any:
        kind = "a whole number" if self.integer else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            ctx.error(f"expected {kind}, got {_type_name(value)}")
            return None
        if self.integer and not isinstance(value, int):
            ctx.error(f"expected {kind}, got {value!r}")
            return None
        if self.lo is not None and value < self.lo:
            ctx.error(f"{value} is below the minimum {self.lo}")
        if self.hi is not None and value > self.hi:
            ctx.error(f"{value} is above the maximum {self.hi}")
        return value if self.integer else float(value)


def Int(lo: float | None = None, hi: float | None = None) -> Num:
    return Num(lo, hi, integer=True)


@dataclass
class Bool(Spec):
    def check(self, value: Any, ctx: Ctx) -> Any:
        if isinstance(value, bool):
            return value
        ctx.error(f"expected true or false, got {_type_name(value)}")
        return None


@dataclass
class Date(Spec):
    def check(self, value: Any, ctx: Ctx) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        ctx.error(f"expected a date like 1945-08-09, got {_type_name(value)}")
        return None


@dataclass
class Enum(Spec):
    options: tuple[str, ...]

    def check(self, value: Any, ctx: Ctx) -> Any:
        if isinstance(value, str) and value in self.options:
            return value
        ctx.error(f"'{value}' is not one of {', '.join(self.options)}{suggest(str(value), self.options)}")
        return None


@dataclass
class HexSpec(Spec):
    """A hex as ``[q, r]``."""

    def check(self, value: Any, ctx: Ctx) -> Any:
        if (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            return (value[0], value[1])
        ctx.error(f"expected a hex as [q, r], got {_type_name(value)}")
        return None


@dataclass
class ListOf(Spec):
    item: Spec
    min_len: int = 0

    def check(self, value: Any, ctx: Ctx) -> Any:
        if not isinstance(value, list):
            ctx.error(f"expected a list, got {_type_name(value)}")
            return YList()
        out = YList()
        out.file, out.line = getattr(value, "file", ctx.file), getattr(value, "line", ctx.line)
        out.item_lines = list(getattr(value, "item_lines", [ctx.line] * len(value)))
        if hasattr(value, "item_files"):
            out.item_files = list(value.item_files)
        if len(value) < self.min_len:
            ctx.error(f"needs at least {self.min_len} item(s)")
        for i, item in enumerate(value):
            out.append(self.item.check(item, ctx.child(value, i, f"[{i}]")))
        return out


@dataclass
class MapOf(Spec):
    """A mapping from free names to values of one spec."""

    value: Spec
    key: Spec = field(default_factory=Str)

    def check(self, value: Any, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            ctx.error(f"expected a mapping, got {_type_name(value)}")
            return YDict()
        out = _like(value, ctx)
        for k, v in value.items():
            child = ctx.child(value, k, str(k))
            key = self.key.check(k, child)
            out[key] = self.value.check(v, child)
            out.key_lines[key] = child.line
            out.key_files[key] = child.file
        return out


@dataclass
class F:
    """A field of a :class:`Record`."""

    spec: Spec
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass
class Record(Spec):
    """A mapping with known keys; unknown keys are errors with suggestions (or, for a key that
    used to belong here, with where it went: ``moved``)."""

    fields: dict[str, F]
    check_fn: Callable[[YDict, Ctx], None] | None = None
    moved: dict[str, str] = field(default_factory=dict)
    # the message for a key it does not know, in a registry's own words ("unknown effect ...")
    unknown: Callable[[str], str] | None = None

    def check(self, value: Any, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            ctx.error(f"expected a mapping, got {_type_name(value)}")
            value = YDict()
        out = _like(value, ctx)
        for k in value:
            if k not in self.fields:
                child = ctx.child(value, k, str(k))
                child.path = ctx.path
                hint = f": {self.moved[k]}" if k in self.moved else suggest(str(k), self.fields)
                child.error(self.unknown(str(k)) if self.unknown else f"unknown key '{k}'{hint}")
        for name, f in self.fields.items():
            if name in value:
                child = ctx.child(value, name, name)
                out[name] = f.spec.check(value[name], child)
                out.key_lines[name] = child.line
                out.key_files[name] = child.file  # merged rule files: a key's own file
            elif f.required:
                ctx.error(f"missing required key '{name}'")
                out[name] = None
            else:
                out[name] = f.default() if callable(f.default) else f.default
        if self.check_fn is not None:
            self.check_fn(out, ctx)
        return out


def _like(value: Any, ctx: Ctx) -> YDict:
    out = YDict()
    out.file = getattr(value, "file", ctx.file)
    out.line = getattr(value, "line", ctx.line)
    out.key_lines = {}
    out.key_files = {}
    return out


def check(value: Any, spec: Spec, file: str, errors: Errors, path: str = "") -> Any:
    """Check a parsed YAML document against ``spec``; errors are appended to ``errors``."""
    return spec.check(value, Ctx(file, getattr(value, "line", 1), path, errors))


def describe(spec: Spec, indent: int = 0) -> list[str]:
    """Markdown lines describing a spec (the modders' reference is generated from this)."""
    pad = "  " * indent
    out: list[str] = []
    if hasattr(spec, "record"):  # a registry's record (event effects), as registered now
        spec = spec.record()
    if isinstance(spec, Record):
        for name, f in spec.fields.items():
            req = "required" if f.required else (f"default `{f.default!r}`" if f.default not in (None, list, dict)
                                                  else "optional")
            doc = f" — {f.doc}" if f.doc else ""
            out.append(f"{pad}- `{name}` ({type_label(f.spec)}, {req}){doc}")
            out.extend(describe(_inner(f.spec), indent + 1))
    return out


def _inner(spec: Spec) -> Spec:
    while isinstance(spec, (ListOf, MapOf)):
        spec = spec.item if isinstance(spec, ListOf) else spec.value
    return spec


def type_label(spec: Spec) -> str:
    if isinstance(spec, Record):
        return "mapping"
    if isinstance(spec, ListOf):
        return f"list of {type_label(spec.item)}"
    if isinstance(spec, MapOf):
        return f"mapping of name to {type_label(spec.value)}"
    if isinstance(spec, Enum):
        return " \\| ".join(spec.options)
    if isinstance(spec, Num):
        rng = ""
        if spec.lo is not None or spec.hi is not None:
            lo = "" if spec.lo is None else f"{spec.lo:g}"
            hi = "" if spec.hi is None else f"{spec.hi:g}"
            rng = f" {lo}..{hi}"
        return ("whole number" if spec.integer else "number") + rng
    names = {Cite: "citation", Str: "text", Bool: "true/false", Date: "date", HexSpec: "hex [q, r]"}
    for cls, label in names.items():
        if isinstance(spec, cls):
            return label
    return type(spec).__name__.replace("Spec", "").lower() or "any"
