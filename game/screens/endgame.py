"""The end-of-game screen: winner, reason, victory points, losses and, when the scenario has a
documented history, its capture dates beside the game's (``engine.history.compare_captures``)."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pygame

from engine.history import compare_captures
from engine.victory import scores

from ..render import HIGHLIGHT, PAPER, font, side_colour
from . import MUTED, box, dim, text

if TYPE_CHECKING:
    from engine.state import GameState


def result_lines(state: GameState) -> dict:
    """What the screen shows, as plain data (tests read it)."""
    scn = state.scenario
    winner = scn.sides[state.winner]["name"] if state.winner else "nobody"
    rows = compare_captures(scn.history, state.captures, state.reached) if scn.history is not None else None
    return {"winner": winner, "reason": state.end_reason, "points": scores(state),
            "losses": {s: dict(state.losses.get(s, {})) for s in scn.side_order}, "history": rows}


def _day(iso: str | None) -> str:
    return "-" if not iso else f"{dt.date.fromisoformat(iso):%d %b}"


def difference(days_late: int | None) -> str:
    """The game's date against the documented one, in words."""
    d = days_late
    if d is None:
        return "not taken"
    if d == 0:
        return "same day"
    return f"{abs(d)} day{'s' if abs(d) != 1 else ''} {'later' if d > 0 else 'earlier'}"


def report_button(r: pygame.Rect) -> pygame.Rect:
    """The result screen's button that writes the after-action report (as key H does)."""
    return pygame.Rect(r.right - 300, r.y + 14, 280, 34)


def draw_endgame(surf: pygame.Surface, state: GameState, scroll: int = 0,
                 note: str = "") -> tuple[pygame.Rect, int, list[str]]:
    """The result screen; the comparison table scrolls (``scroll`` rows down, clamped); ``note``
    (the answer to the last key) shows above the keys. Returns the box, the scroll used and the
    places shown."""
    scn = state.scenario
    res = result_lines(state)
    dim(surf)
    n = len(res["history"] or [])
    r = box(surf, 900, min(640, 300 + 20 * n), f"{res['winner']} wins" if state.winner else "The game is over")
    x, y = r.x + 20, r.y + 58
    y += text(surf, res["reason"], (x, y), PAPER, 22) + 10
    for s in scn.side_order:
        lo = res["losses"][s]
        y += text(surf, f"{scn.sides[s]['name']}: {res['points'][s]} victory points; lost {lo.get('men', 0):,} men, "
                        f"{lo.get('tanks', 0):,} tanks, {lo.get('captured', 0):,} men taken prisoner"
                        + (f", {lo['deserted']:,} deserted" if lo.get("deserted") else ""),
                  (x, y), side_colour(scn.side_order, s), 20) + 4
    y += 12
    rows, shown = res["history"], []
    keys = "Esc: look at the map   E: this screen again   H: report   L: load   Q: quit"
    button = report_button(r)
    pygame.draw.rect(surf, HIGHLIGHT, button, border_radius=5)
    label = "After-action report (H)"
    text(surf, label, (button.centerx - font(20).size(label)[0] // 2, button.y + 7), (20, 20, 20), 20)
    if rows is None:
        text(surf, "This scenario has no documented history to compare with.", (x, y), MUTED, 20)
    else:
        y += text(surf, "Compared with the documented course of the war", (x, y), HIGHLIGHT, 22) + 6
        cols = (x, x + 300, x + 430, x + 560)
        for c, head in zip(cols, ("place", "documented", "this game", "difference")):
            text(surf, head, (c, y), MUTED, 18)
        y += 22
        room = max(1, (r.bottom - 62 - y) // 20)
        scroll = max(0, min(scroll, len(rows) - room))
        for row in rows[scroll:scroll + room]:
            place = scn.map.places[row["place"]].name
            shown.append(place)
            for c, v in zip(cols, (place, _day(row["documented"]), _day(row["game"]), difference(row["days_late"]))):
                text(surf, v, (c, y), PAPER, 18)
            y += 20
        if len(rows) > room:
            keys = f"Up/Down, PgUp/PgDn, wheel: places {scroll + 1}-{scroll + len(shown)} of {len(rows)}   " + keys
    if note:
        text(surf, note[-110:], (x, r.bottom - 50), HIGHLIGHT, 18)
    text(surf, keys, (x, r.bottom - 28), MUTED, 18)
    return r, scroll, shown
