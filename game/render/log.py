"""The message log shown in the side panel: combat results, captures and historical events.

Entries of kind ``event`` (the scenario's historical events) are followed by their source in
brackets, so every event the player reads says where it comes from; bibliography keys are shown
as short author-title-year citations (engine/sources.py). Lines are wrapped to the
panel's width; the panel shows the newest at the bottom and scrolls back with PgUp/PgDn.
"""
from __future__ import annotations

import pygame

from engine.sources import readable

from . import HIGHLIGHT, PAPER

MUTED = (185, 190, 200)
SOURCE = (150, 160, 175)
SHOWN_KINDS = ("timeline", "event", "combat", "capture", "landing", "air_supply", "capitulation", "desertion", "end")


def wrap(text: str, f: pygame.font.Font, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width`` pixels; a word longer than a line (a web
    address in a source) is cut where it must be."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if f.size(trial)[0] <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while f.size(word)[0] > width:
            cut = max(1, next((i for i in range(len(word), 0, -1) if f.size(word[:i])[0] <= width), 1))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return lines + ([line] if line else [])


def entry_text(e: dict, bib: dict | None = None) -> str:
    """One entry as the player reads it (events with their source, keys as citations)."""
    text = f"{e['date'][5:]} {e['text']}"
    if e["kind"] in ("event", "timeline") and e.get("source"):
        text += f" [source: {readable(e['source'], bib or {})}]"
    return text


_last: tuple[tuple, list] | None = None


def log_lines(log: list[dict], f: pygame.font.Font, width: int, newest: int = 60,
              bib: dict | None = None) -> list[tuple[str, tuple]]:
    """Wrapped (line, colour) pairs of the latest ``newest`` shown entries, oldest first (the
    last result is kept: the log only grows, and the panel redraws far more often). ``bib``:
    the scenario's bibliography, to show citations instead of keys."""
    global _last
    key = (id(log), len(log), log[-1]["text"] if log else "", id(f), width, newest, id(bib))
    if _last is not None and _last[0] == key:
        return _last[1]
    out = _wrap_entries(log, f, width, newest, bib or {})
    _last = (key, out)
    return out


def _wrap_entries(log: list[dict], f: pygame.font.Font, width: int, newest: int,
                  bib: dict) -> list[tuple[str, tuple]]:
    entries = [e for e in log if e["kind"] in SHOWN_KINDS][-newest:]
    out: list[tuple[str, tuple]] = []
    for e in entries:
        colour = HIGHLIGHT if e["kind"] in ("capture", "end") else PAPER if e["kind"] == "event" else MUTED
        out += [(line, colour) for line in wrap(f"{e['date'][5:]} {e['text']}", f, width)]
        if e["kind"] in ("event", "timeline") and e.get("source"):  # the source, quieter, on its own line
            out += [(line, SOURCE) for line in wrap(f"[source: {readable(e['source'], bib)}]", f, width)]
    return out
