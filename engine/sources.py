"""A scenario's bibliography and the citations in its ``source:`` texts.

Every work a scenario cites is listed once, under a short key, in a ``sources.yaml`` beside
its files (and beside the rule files it uses): author, title, publisher or site, year, URL and
what was checked in it. A ``source:`` text is free prose with citations in square brackets:
``"1,019 tanks [tankarchives2023_shermans]"`` or ``"[glantz1983_lp7, unverified]"``; a list
``[key, key]`` is the same as one bracketed group. Inside brackets each item is a key or one
of the honest tags in :data:`TAGS`. A web address in a source must be the address of a listed
work, so that every page a reader is sent to is in the bibliography. The game and the reports
show citations through :func:`readable` (short author-title-year forms instead of keys).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .schema import F, Int, ListOf, MapOf, Record, Str, check
from .yamlio import ScenarioError, ScenarioLoadError, YDict, YList, suggest

# What a citation may say instead of (or beside) a key: the figure was recalled and not re-read,
# estimated by the compiler, chosen by the designer, or is common knowledge (coordinates).
TAGS = ("unverified", "estimate", "design estimate", "general knowledge")

KEY = re.compile(r"^[a-z][a-z0-9_]*$")
GROUP = re.compile(r"\[([^\[\]]*)\]")
URL = re.compile(r"https?://[^\s\"'<>]+")

WORK = Record({
    "author": F(Str(), doc="author or authors, when known"),
    "title": F(Str(), required=True),
    "publisher": F(Str(), doc="publisher of a book (or `site` for a web page or an online copy)"),
    "site": F(Str(), doc="web site the page or the online copy is on"),
    "year": F(Int(1800, 2100), doc="year of publication, when known"),
    "url": F(Str(), doc="the page that was read"),
    "also": F(ListOf(Str()), default=list, doc="other pages or copies of the same work"),
    "short": F(Str(), doc="short form shown in the game (default: author, title, year)"),
    "checked": F(Str(), required=True, doc="what was looked up in it"),
})
BIBLIOGRAPHY = Record({"sources": F(MapOf(WORK), required=True, doc="works by key (lowercase, digits, _)")})


@dataclass(frozen=True)
class Work:
    """One entry of a bibliography."""

    key: str
    title: str
    checked: str
    author: str | None = None
    publisher: str | None = None
    site: str | None = None
    year: int | None = None
    url: str | None = None
    also: tuple[str, ...] = ()
    short: str | None = None

    def short_form(self) -> str:
        """``Glantz, August Storm (1983)``; a work without an author is named with its site:
        ``Battle of Mutanchiang, Wikipedia``. What the game shows for a citation."""
        if self.short:
            return self.short
        site = re.sub(r" \((online copy|copy of an encyclopedia article)\)$", "", self.site or "")
        head = self.title.split(" (")[0]
        if len(head) > 60:
            head = head.split(": ")[0]
        if self.title.startswith(("Book copy", "Web page")):
            head = "" if site else head
        year = f" ({self.year})" if self.year else ""
        if self.author:
            first = re.sub(r"\s*\(.*?\)", "", self.author).split(",")[0].strip()
            author = first.split()[-1] + (" et al." if "," in self.author.split("(")[0] else "")
            return f"{author}, {head}{year}" if head else f"{author}, {site}{year}"
        return ", ".join(p for p in (head, site) if p) + year

    def urls(self) -> tuple[str, ...]:
        return ((self.url,) if self.url else ()) + self.also


Bibliography = dict[str, Work]


def citations(value: Any) -> list[str]:
    """Every item cited in a source (keys and tags), in order."""
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    if not isinstance(value, str):
        return []
    return [item.strip() for group in GROUP.findall(value) for item in group.split(",")]


def source_text(value: Any) -> str:
    """A source as text: a YAML list of keys becomes one bracketed group."""
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return "" if value is None else str(value)


def load_bibliography(paths: Iterable[Path], read: Callable[[Path], tuple[str, Any]],
                      errors: list[ScenarioError]) -> Bibliography:
    """The works listed in the existing files among ``paths`` (a key listed twice is an error);
    ``read(path)`` gives the name used in messages and the parsed YAML."""
    works: Bibliography = {}
    seen_in: dict[str, str] = {}
    for path in paths:
        if not path.is_file():
            continue
        try:
            name, raw = read(path)
        except ScenarioLoadError as exc:
            errors.extend(exc.errors)
            continue
        entries = check(raw, BIBLIOGRAPHY, name, errors)["sources"] or YDict()  # missing: already reported
        for key, w in entries.items():
            line = entries.line_of(key)
            if not KEY.match(str(key)):
                errors.append(ScenarioError(name, line, f"source key '{key}': use lowercase letters, digits and _"))
            if key in works:
                errors.append(ScenarioError(name, line, f"source '{key}' is listed twice (also in {seen_in[key]})"))
                continue
            if w is None or w["title"] is None or w["checked"] is None:
                continue
            if not (w["url"] or w["publisher"]):
                errors.append(ScenarioError(name, line, f"source '{key}': give a url or a publisher"))
            works[key] = Work(key, w["title"], w["checked"], w["author"], w["publisher"], w["site"], w["year"],
                              w["url"], tuple(w["also"] or ()), w["short"])
            seen_in[key] = name
    return works


def check_source(value: Any, bib: Bibliography, file: str, line: int, errors: list[ScenarioError],
                 listed: set[str] | None = None) -> None:
    """Check one ``source:`` value: bracket syntax, every key listed, every address listed
    (``listed``: the bibliography's addresses, when the caller has them already)."""
    if isinstance(value, str) and value.count("[") != value.count("]"):
        errors.append(ScenarioError(file, line, "source: unbalanced [ ] (citations are [key, key])"))
        return
    for item in citations(value):
        if not item:
            errors.append(ScenarioError(file, line, "source: empty citation in [ ]"))
        elif item not in TAGS and item not in bib:
            errors.append(ScenarioError(file, line, f"unknown source '{item}'{suggest(item, list(bib) + list(TAGS))}"))
    if isinstance(value, str) and "http" in value:
        listed = listed if listed is not None else addresses(bib)
        for url in URL.findall(value):
            url = url.rstrip(".,;)")
            if url not in listed:
                errors.append(ScenarioError(file, line, f"source: the address {url} is not in the bibliography; "
                                                        "list the work in sources.yaml and cite its key"))


def addresses(bib: Bibliography) -> set[str]:
    """Every web address of the works listed."""
    return {u for w in bib.values() for u in w.urls()}


def check_document(doc: Any, bib: Bibliography, errors: list[ScenarioError]) -> None:
    """Check every ``source:`` anywhere in one parsed YAML document."""
    found: list[ScenarioError] = []
    listed = addresses(bib)
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, YDict):
            for k, v in node.items():
                if k == "source" and isinstance(v, (str, list)):
                    check_source(v, bib, node.file_of(k), node.line_of(k), found, listed)
                elif isinstance(v, (YDict, YList)):
                    stack.append(v)
        elif isinstance(node, YList):
            stack.extend(v for v in node if isinstance(v, (YDict, YList)))
    errors.extend(sorted(found, key=lambda e: (e.file, e.line)))


def readable(text: str, bib: Bibliography) -> str:
    """A source with each bracketed group of keys turned into short citations, for the player:
    ``"[glantz1983_lp7, unverified]"`` -> ``"(Glantz, August Storm (1983); unverified)"``."""
    def one(m: re.Match) -> str:
        items = [i.strip() for i in m.group(1).split(",")]
        return "(" + "; ".join(bib[i].short_form() if i in bib else i for i in items) + ")"
    return GROUP.sub(one, source_text(text))
