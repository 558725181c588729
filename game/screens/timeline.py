"""The timeline view (key 0): date by date, the political timeline of the history file, the
documented course of the war (places reached, taken, surrendered) and this game's dates for the
same places, side by side, so a class sees where the game runs ahead of history or behind it.

:func:`timeline_rows` gathers it as plain data (tests read it); :func:`draw_timeline` lays it out
in four columns that scroll with Up/Down and PgUp/PgDn.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pygame

from engine.history import compare_captures

from ..render import HIGHLIGHT, PAPER, font
from . import MUTED, box, dim

if TYPE_CHECKING:
    from engine.state import GameState

PX = 17


def timeline_rows(state: GameState) -> list[dict]:
    """One row per date that has anything: {"date", "politics", "history", "game", "today"}; the
    game's column holds the documented places this game reached or took on that date."""
    scn = state.scenario
    if scn.history is None:
        return []
    rows: dict[dt.date, dict] = {}

    def row(d: dt.date) -> dict:
        return rows.setdefault(d, {"date": d, "politics": [], "history": [], "game": [], "today": False})

    for t in scn.history.timeline:
        row(t["date"])["politics"].append(t["name"])
    names = scn.map.places
    for r in compare_captures(scn.history, state.captures, state.reached):
        name = names[r["place"]].name
        row(dt.date.fromisoformat(r["documented"]))["history"].append(f"{name} {r['event']}")
        if r["game"]:
            late = r["days_late"]
            when = "same day" if late == 0 else f"{abs(late)}d {'late' if late > 0 else 'early'}"
            row(dt.date.fromisoformat(r["game"]))["game"].append(f"{name} ({when})")
    row(state.date)["today"] = True
    return [rows[d] for d in sorted(rows)]


def _lines(rows: list[dict]) -> list[tuple[dt.date | None, list[str], list[str], list[str], bool]]:
    """Each row as screen lines: the date on its first, the columns' items one per line."""
    out = []
    for r in rows:
        n = max(1, len(r["politics"]), len(r["history"]), len(r["game"]))
        for i in range(n):
            out.append((r["date"] if i == 0 else None, r["politics"][i:i + 1], r["history"][i:i + 1],
                        r["game"][i:i + 1], r["today"]))
    return out


def draw_timeline(surf: pygame.Surface, state: GameState, scroll: int = 0) -> tuple[pygame.Rect, int]:
    """Dim the window and draw the timeline from line ``scroll``; returns the box and the scroll
    used (clamped). Today's date is highlighted."""
    dim(surf)
    r = box(surf, 1100, 780, "Timeline: the war and this game, date by date")
    f = font(PX)
    rows = timeline_rows(state)
    x = r.x + 20
    cols = (x, x + 130, x + 430, x + 740)
    y = r.y + 58
    for c, head in zip(cols, ("date", "political timeline", "documented", "this game")):
        surf.blit(f.render(head, True, MUTED), (c, y))
    y += f.get_linesize() + 4
    if not rows:
        surf.blit(f.render("This scenario has no documented history or timeline.", True, MUTED), (x, y))
    lines = _lines(rows)
    step = f.get_linesize()
    room = max(1, (r.bottom - 40 - y) // step)
    scroll = max(0, min(scroll, len(lines) - room))
    for date, pol, hist, game, today in lines[scroll:scroll + room]:
        colour = HIGHLIGHT if today else PAPER
        if date is not None:
            pygame.draw.line(surf, (70, 74, 84), (x, y - 2), (r.right - 20, y - 2))
            label = f"{date:%d %b %Y}" + (" (today)" if today else "")
            surf.blit(f.render(label, True, colour), (cols[0], y))
        for c, items in zip(cols[1:], (pol, hist, game)):
            if items:
                surf.blit(f.render(_fit(items[0], f, 290), True, colour), (c, y))
        y += step
    hint = "Up/Down, PgUp/PgDn scroll   0 or Esc: back to the map"
    surf.blit(f.render(hint, True, MUTED), (x, r.bottom - 28))
    return r, scroll


def _fit(s: str, f: pygame.font.Font, width: int) -> str:
    while len(s) > 4 and f.size(s)[0] > width:
        s = s[:-5] + "..."
    return s
