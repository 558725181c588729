"""Map overlays the player toggles with keys 1-4 and 7, and the planned move path.

* supply: hexes outside supply for the side to move are shaded, and the edge of the supplied
  area is drawn in sky blue;
* zones of control: enemy zone hexes get a reddish-purple tint and outline;
* objectives: each victory objective gets a star and a label (points, side, date, status);
* history: places the documented course of the war had reached or taken by today's date,
  with the event and its date, in the documenting side's colour;
* enemy: the enemy's last part of the day as the player saw it (:mod:`game.enemy_turn`): an
  arrow per move seen, a ringed hex and the outcome per attack, a mark per place taken.

The hex overlays draw only the hexes inside ``area`` (the part of the map picture being
redrawn), so the cost follows the screen, not the map; the few labels are always drawn and
left to the clip rectangle. Colours are from the Okabe-Ito palette.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pygame

from engine.hexes import Hex, neighbours
from engine.history import Capture

from . import HIGHLIGHT, INK, PAPER, font, side_colour
from .layout import Layout, px

if TYPE_CHECKING:
    import networkx as nx

    from engine.state import GameState

    from ..enemy_turn import TurnSummary

SKY = (86, 180, 233)
PURPLE = (204, 121, 167)
SHADE = (10, 12, 16)
OVERLAYS = ("supply", "zoc", "objectives", "history", "enemy")
VERMILION = (213, 94, 0)


def _on_screen(lay: Layout, area: pygame.Rect, hexes: Iterable[Hex]) -> list[tuple[Hex, tuple[float, float]]]:
    m = lay.size * 1.2
    out = []
    for h in hexes:
        x, y = lay.hex_to_pixel(h)
        if area.x - m <= x <= area.right + m and area.y - m <= y <= area.bottom + m:
            out.append((h, (x, y)))
    return out


def tint(surf: pygame.Surface, lay: Layout, area: pygame.Rect, hexes: Iterable[Hex], colour: tuple,
         alpha: int) -> None:
    """Fill ``hexes`` with ``colour`` at ``alpha`` (one translucent blit for all of them)."""
    layer = pygame.Surface(area.size)
    layer.set_colorkey((0, 0, 0))
    layer.fill((0, 0, 0))
    shifted = Layout(lay.size, (lay.origin[0] - area.x, lay.origin[1] - area.y))
    for h, _ in _on_screen(lay, area, hexes):
        pygame.draw.polygon(layer, colour, shifted.corners(h))
    layer.set_alpha(alpha)
    surf.blit(layer, area.topleft)


def draw_supply(surf: pygame.Surface, lay: Layout, area: pygame.Rect, graph: nx.Graph, supplied: set[Hex]) -> None:
    tint(surf, lay, area, (h for h in graph.nodes if h not in supplied), SHADE, 120)
    w = max(2, round(lay.size / 8))
    for h, _ in _on_screen(lay, area, supplied):
        for n in neighbours(h):
            if n in graph and n not in supplied:
                pygame.draw.line(surf, SKY, *lay.edge(h, n, 0.05), w)


def draw_zoc(surf: pygame.Surface, lay: Layout, area: pygame.Rect, zoc: set[Hex]) -> None:
    tint(surf, lay, area, zoc, PURPLE, 90)
    for h, _ in _on_screen(lay, area, zoc):
        pygame.draw.polygon(surf, PURPLE, lay.corners(h, 0.8), 2 if lay.size >= 18 else 1)


def _star(centre: tuple[float, float], r: float) -> list[tuple[int, int]]:
    pts = []
    for i in range(10):
        a = math.radians(-90 + 36 * i)
        rr = r if i % 2 == 0 else r * 0.45
        pts.append((px(centre[0] + rr * math.cos(a)), px(centre[1] + rr * math.sin(a))))
    return pts


def label(surf: pygame.Surface, text: str, pos: tuple[float, float], colour: tuple = PAPER, size: int = 16,
          anchor: str = "midtop") -> pygame.Rect:
    """Text on a dark plate (the same look as place names), anchored at ``pos``."""
    t = font(size).render(text, True, colour)
    plate = pygame.Rect(0, 0, t.get_width() + 6, t.get_height() + 2)
    setattr(plate, anchor, (px(pos[0]), px(pos[1])))
    bg = pygame.Surface(plate.size, pygame.SRCALPHA)
    bg.fill((15, 15, 20, 215))
    surf.blit(bg, plate)
    surf.blit(t, (plate.x + 3, plate.y + 1))
    return plate


def objective_rows(state: GameState) -> list[dict]:
    """Each victory objective with its place, side, points, date and status now."""
    scn = state.scenario
    rows = []
    for i, o in enumerate(scn.victory["objectives"]):
        place = scn.map.places[o["place"]]
        held = state.control.get(place.hex) == o["side"]
        met = state.met.get(str(i))
        status = "met" if met else "missed" if met is False else "held" if held else "not held"
        rows.append({"place": place, "side": o["side"], "points": o["points"], "by": o["by"], "status": status})
    return rows


def draw_objectives(surf: pygame.Surface, lay: Layout, area: pygame.Rect, state: GameState) -> None:
    """A star at the upper left of each objective's hex (clear of its counters) and a label."""
    scn = state.scenario
    for row in objective_rows(state):
        x, y = lay.hex_to_pixel(row["place"].hex)
        r = max(6.0, lay.size * 0.3)
        c = (x - lay.size * 0.62, y - lay.size * 0.55)
        pygame.draw.polygon(surf, INK, _star(c, r + 2))
        pygame.draw.polygon(surf, HIGHLIGHT, _star(c, r))
        when = f" by {row['by']:%d %b}" if row["by"] else " at the end"
        text = f"{row['points']} VP{when}: {row['status']}"
        label(surf, text, (x, y - lay.size * 0.95), side_colour(scn.side_order, row["side"]), 15, "midbottom")


def documented(state: GameState, today: dt.date | None = None) -> dict[str, Capture]:
    """Per place, the latest documented capture on or before today (empty without history)."""
    history = state.scenario.history
    if history is None:
        return {}
    out: dict[str, Capture] = {}
    for c in sorted(history.as_of(today or state.date), key=lambda c: (c.date, c.place)):
        out[c.place] = c
    return out


def draw_history(surf: pygame.Surface, lay: Layout, area: pygame.Rect, state: GameState) -> None:
    scn = state.scenario
    for place_id, c in documented(state).items():
        place = scn.map.places[place_id]
        x, y = lay.hex_to_pixel(place.hex)
        colour = side_colour(scn.side_order, c.side)
        r = max(6, round(lay.size * 0.55))
        pygame.draw.circle(surf, PAPER, (px(x), px(y)), r + 2, 3)
        pygame.draw.circle(surf, colour, (px(x), px(y)), r, 3)
        label(surf, f"{c.event} {c.date:%d %b}", (x + r + 2, y), colour, 15, "midleft")


def draw_enemy_turn(surf: pygame.Surface, lay: Layout, summary: TurnSummary, colour: tuple) -> None:
    """Arrows for the enemy's moves (in its colour, outlined), rings and outcomes for its attacks,
    and a label on each place it took."""
    w = max(2, round(lay.size / 8))
    for _, frm, to in summary.moves:
        a, b = lay.hex_to_pixel(frm), lay.hex_to_pixel(to)
        pygame.draw.line(surf, INK, a, b, w + 2)
        pygame.draw.line(surf, colour, a, b, w)
        ang = math.atan2(b[1] - a[1], b[0] - a[0])
        head = [b] + [(b[0] - lay.size * 0.45 * math.cos(ang + d), b[1] - lay.size * 0.45 * math.sin(ang + d))
                      for d in (0.45, -0.45)]
        pygame.draw.polygon(surf, colour, head)
        pygame.draw.polygon(surf, INK, head, 1)
    outcomes: dict = {}
    for att in summary.attacks:  # one ring and one label per hex, however often it was attacked
        outcomes.setdefault(att["target"], []).append(att["outcome"])
    for h, outs in outcomes.items():
        x, y = lay.hex_to_pixel(h)
        pygame.draw.polygon(surf, INK, lay.corners(h, 0.95), w + 3)
        pygame.draw.polygon(surf, VERMILION if colour != VERMILION else HIGHLIGHT, lay.corners(h, 0.95), w)
        label(surf, "attacked: " + ", ".join(outs), (x, y - lay.size * 0.95), PAPER, 15)
    for name, h in summary.captures:
        x, y = lay.hex_to_pixel(h)
        label(surf, f"{name} taken", (x, y + lay.size * 0.95), HIGHLIGHT, 15)


def draw_path(surf: pygame.Surface, lay: Layout, path: list[Hex], cost: float | None) -> None:
    """The planned move: a line through the hex centres, a dot per step and the cost at the end."""
    if len(path) < 2:
        return
    pts = [lay.hex_to_pixel(h) for h in path]
    w = max(2, round(lay.size / 6))
    pygame.draw.lines(surf, INK, False, pts, w + 2)
    pygame.draw.lines(surf, HIGHLIGHT, False, pts, w)
    for p in pts[1:]:
        pygame.draw.circle(surf, HIGHLIGHT, (round(p[0]), round(p[1])), w + 1)
        pygame.draw.circle(surf, INK, (round(p[0]), round(p[1])), w + 1, 1)
    if cost is not None:
        end = pts[-1]
        label(surf, f"{cost:.1f} MP", (end[0], end[1] + lay.size * 0.5), HIGHLIGHT, 15)
