"""The war report (key P): victory points as they stand, each objective with its points, date and
state, and the combat log with each side's losses in every battle and in all.

:func:`report_data` gathers it as plain data from the engine (tests read it);
:func:`draw_report` lays it out, the battles newest first, scrolling with Up/Down and PgUp/PgDn.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pygame

from engine.victory import captured_points, objective_points, scores

from ..render import HIGHLIGHT, PAPER, font, side_colour
from . import MUTED, box, dim, text

if TYPE_CHECKING:
    from engine.state import GameState


def _cut(s: str, px: int, width: int) -> str:
    """``s`` shortened with '...' to fit ``width`` pixels at ``px``."""
    f = font(px)
    while len(s) > 4 and f.size(s)[0] > width:
        s = s[:-5] + "..."
    return s


def _losses(d: dict) -> str:
    bits = [f"{d.get('men', 0):,} men"] + ([f"{d['tanks']:,} tanks"] if d.get("tanks") else [])
    bits += [f"{d['captured']:,} taken prisoner"] if d.get("captured") else []
    return ", ".join(bits)


def report_data(state: GameState) -> dict:
    """Points by side (with their parts), the objectives and the battles, as the screen shows them."""
    scn = state.scenario
    v = scn.victory
    pts = scores(state)
    sides = [{"side": s, "name": scn.sides[s]["name"], "points": pts[s], "places": captured_points(state, s),
              "objectives": objective_points(state, s), "bonus": state.vp_bonus.get(s, 0),
              "losses": dict(state.losses.get(s, {}))} for s in scn.side_order]
    objectives = []
    for i, o in enumerate(v["objectives"]):
        place = scn.map.places[o["place"]]
        met = state.met.get(str(i))
        holder = state.control.get(place.hex)
        status = ("met" if met else "missed") if met is not None else \
            ("held now" if holder == o["side"]
             else f"held by {scn.sides[holder]['name']}" if holder else "nobody holds it")
        objectives.append({"place": place.name, "side": scn.sides[o["side"]]["name"], "points": o["points"],
                           "by": o["by"].isoformat() if o["by"] else None, "status": status})
    battles = []
    for e in reversed(state.log):
        if e["kind"] != "combat":
            continue
        battles.append({"date": e["date"], "text": e["text"], "side": e.get("side"),
                        "attacker": _losses(e.get("attacker_losses", {})),
                        "defender": _losses(e.get("defender_losses", {}))})
    return {"attacker": v["attacker"], "to_win": v["points_to_win"], "sides": sides, "objectives": objectives,
            "battles": battles}


def draw_report(surf: pygame.Surface, state: GameState, scroll: int = 0) -> tuple[pygame.Rect, int]:
    """Draw the report; returns the box and the battle scroll actually used."""
    scn = state.scenario
    data = report_data(state)
    dim(surf)
    r = box(surf, 1000, 700, "Victory points and battles")
    x, y = r.x + 20, r.y + 56
    for s in data["sides"]:
        goal = f" of {data['to_win']} to win" if s["side"] == data["attacker"] else ""
        line = (f"{s['name']}: {s['points']} points{goal} (places taken {s['places']}, objectives "
                f"{s['objectives']}, events {s['bonus']}); lost in all: {_losses(s['losses'])}")
        y += text(surf, _cut(line, 19, r.w - 40), (x, y), side_colour(scn.side_order, s["side"]), 19) + 4
    y += 8
    if data["objectives"]:
        y += text(surf, "Objectives", (x, y), HIGHLIGHT, 22) + 4
        for o in data["objectives"]:
            by = f"by {dt.date.fromisoformat(o['by']):%d %b}" if o["by"] else "at the end"
            y += text(surf, f"{o['place']}: {o['points']} points to {o['side']} {by} - {o['status']}", (x, y),
                      PAPER, 18) + 2
        y += 8
    y += text(surf, f"Battles, newest first ({len(data['battles'])})", (x, y), HIGHLIGHT, 22) + 4
    room = max(1, (r.bottom - 40 - y) // 40)
    scroll = max(0, min(scroll, len(data["battles"]) - room))
    for b in data["battles"][scroll:scroll + room]:
        y += text(surf, _cut(f"{b['date'][5:]} {b['text']}", 18, r.w - 40), (x, y),
                  side_colour(scn.side_order, b["side"]), 18)
        y += text(surf, f"      attacker lost {b['attacker']}; defender lost {b['defender']}", (x, y), MUTED, 17) + 4
    if not data["battles"]:
        text(surf, "No battles yet.", (x, y), MUTED, 18)
    text(surf, "Up/Down, PgUp/PgDn: scroll the battles   P or Esc: back to the map", (x, r.bottom - 28), MUTED, 18)
    return r, scroll
