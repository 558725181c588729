"""The sources of the message log (key 8): every work the log's events and timeline entries cite,
newest first, with its author, title, publisher or site, year and the web addresses, so the
short citations the log shows can be followed up.

:func:`cited_works` gathers them from the engine's bibliography (tests read it);
:func:`draw_sources` lays them out in a box that scrolls with Up/Down and PgUp/PgDn.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from engine.sources import citations

from ..render import HIGHLIGHT, PAPER, font
from . import MUTED, box, dim, scrolled_lines

if TYPE_CHECKING:
    from engine.sources import Work
    from engine.state import GameState

PX = 17


def cited_works(state: GameState) -> list[Work]:
    """The bibliography entries cited by the log's events and timeline entries, newest first."""
    bib = state.scenario.bibliography or {}
    seen: list[str] = []
    for e in reversed(state.log):
        if e["kind"] in ("event", "timeline") and e.get("source"):
            seen += [k for k in citations(e["source"]) if k in bib and k not in seen]
    return [bib[k] for k in seen]


def _lines(work: Work, f: pygame.font.Font, width: int) -> list[tuple[str, tuple]]:
    """A work as wrapped lines: the reference, then what was checked, then its addresses."""
    from ..render.log import wrap

    parts = [work.author, work.title, work.publisher or work.site, str(work.year) if work.year else None]
    out = [(line, PAPER) for line in wrap(". ".join(p for p in parts if p) + ".", f, width)]
    out += [(line, MUTED) for line in wrap(f"checked: {work.checked}", f, width)]
    out += [(line, HIGHLIGHT) for url in work.urls() for line in wrap(url, f, width)]
    return out + [("", PAPER)]


def draw_sources(surf: pygame.Surface, state: GameState, scroll: int = 0) -> tuple[pygame.Rect, int]:
    """Dim the window and list the cited works from line ``scroll``; returns the box and the
    scroll actually used (clamped to the list)."""
    dim(surf)
    r = box(surf, 1000, 760, "Sources of the log")
    f = font(PX)
    hint = "Up/Down scroll; 8 or Esc closes"
    surf.blit(f.render(hint, True, MUTED), (r.right - 20 - f.size(hint)[0], r.y + 24))
    works = cited_works(state)
    lines = [ln for w in works for ln in _lines(w, f, r.w - 40)] or [
        ("No event in the log cites a listed work yet.", MUTED)]
    scroll, _ = scrolled_lines(surf, r, lines, f, scroll, 70)
    return r, scroll
