"""The briefing screen (key 9, and before a side's first turn): the scenario's briefing for the
side (``engine.briefing``), each section with its sources in short form, then the political
timeline before the game begins. Scrolls with Up/Down and PgUp/PgDn.

:func:`briefing_lines` lays the text out as (line, colour) pairs (tests read it);
:func:`draw_briefing` draws a window of them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from engine.briefing import briefing_of
from engine.sources import readable

from ..render import HIGHLIGHT, PAPER, font
from . import MUTED, box, dim, scrolled_lines

if TYPE_CHECKING:
    from engine.scenario import Scenario

PX = 18


def briefing_lines(scn: Scenario, side: str, f: pygame.font.Font, width: int) -> list[tuple[str, tuple]]:
    """The briefing of ``side`` as wrapped lines with their colours."""
    from ..render.log import wrap

    b = briefing_of(scn, side)
    if b is None:
        return [(f"{scn.name} has no briefing for {scn.sides[side]['name']}.", MUTED)]
    bib = scn.bibliography or {}
    out: list[tuple[str, tuple]] = []
    for s in b.sections:
        out.append((s["heading"], HIGHLIGHT))
        out += [(line, PAPER) for line in wrap(s["text"], f, width)]
        out += [(line, MUTED) for line in wrap("Sources: " + readable(s["source"], bib), f, width)]
        out.append(("", PAPER))
    if b.timeline:
        out.append(("Before the war: the timeline", HIGHLIGHT))
        for t in b.timeline:
            out += [(line, PAPER) for line in wrap(f"{t['date']:%d %b %Y}  {t['name']}: {t['text']}", f, width)]
            out += [(line, MUTED) for line in wrap("Source: " + readable(t["source"], bib), f, width)]
    return out


def draw_briefing(surf: pygame.Surface, scn: Scenario, side: str, scroll: int = 0) -> tuple[pygame.Rect, int]:
    """Dim the window and show ``side``'s briefing from line ``scroll``; returns the box and the
    scroll used (clamped)."""
    dim(surf)
    b = briefing_of(scn, side)
    r = box(surf, 1000, 780, b.title if b else f"Briefing: {scn.sides[side]['name']}")
    f = font(PX)
    hint = "Up/Down scroll   Enter, 9 or Esc: to the map"
    surf.blit(f.render(hint, True, MUTED), (r.right - 20 - f.size(hint)[0], r.bottom - 28))
    lines = briefing_lines(scn, side, f, r.w - 40)
    scroll, rows = scrolled_lines(surf, r, lines, f, scroll, 100)
    if len(lines) > rows:
        more = f"lines {scroll + 1}-{min(len(lines), scroll + rows)} of {len(lines)}"
        surf.blit(f.render(more, True, MUTED), (r.x + 20, r.bottom - 28))
    return r, scroll
