"""The map legend (key 6): what every colour, line and mark on the map and on a counter means.

:func:`legend_layout` places each entry (a small drawing beside its words) in two columns that fit
the window, and :func:`draw_legend` draws them; the samples are drawn with the map's own colours
and the counters' own code, so the legend cannot drift from the map.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from ..render import HIGHLIGHT, INK, PAPER, font, side_colour
from ..render.counters import counter_sprite
from ..render.mapview import BORDER, COAST, RAIL, RIVER, ROAD, _dashed
from ..theme import theme
from . import BOX_BG, BOX_EDGE, MUTED

if TYPE_CHECKING:
    from engine.scenario import Scenario

Sample = Callable[[pygame.Surface, pygame.Rect], None]
SAMPLE_W = 50
SAMPLE_ZOOM = 26  # counters are shown as at the opening zoom
ROWS = {"Counters": 40}  # a row's height by group (a counter sample is taller than a line)
ROW = 22


def _swatch(colour: tuple) -> Sample:
    def draw(s: pygame.Surface, r: pygame.Rect) -> None:
        pygame.draw.rect(s, colour, r.inflate(-4, -6))
        pygame.draw.rect(s, INK, r.inflate(-4, -6), 1)

    return draw


def _line(colour: tuple, width: int, dashed: bool = False) -> Sample:
    def draw(s: pygame.Surface, r: pygame.Rect) -> None:
        a, b = (r.x + 3, r.centery), (r.right - 3, r.centery)
        if dashed:
            _dashed(s, colour, a, b, width, 6)
        else:
            pygame.draw.line(s, colour, a, b, width)
    return draw


def _place(s: pygame.Surface, r: pygame.Rect) -> None:
    box = pygame.Rect(0, 0, 7, 7)
    box.center = r.center
    pygame.draw.rect(s, PAPER, box)
    pygame.draw.rect(s, INK, box, 1)


def _counter(**look: Any) -> Sample:
    return lambda s, r: _blit_counter(s, r, dict(look))


def _blit_counter(s: pygame.Surface, r: pygame.Rect, look: dict) -> None:
    args = [look.pop(k, d) for k, d in (("colour", (213, 94, 0)), ("symbol", "infantry"),
                                        ("size_name", "division"), ("strength", 1.0), ("supplied", True))]
    sprite = counter_sprite(SAMPLE_ZOOM, *args, **look)
    s.blit(sprite, sprite.get_rect(center=r.center))


def entries(scn: Scenario) -> list[tuple[str, list[tuple[Sample, str]]]]:
    """The legend's groups: (heading, [(sample, words)])."""
    used = {d["terrain"] for _, d in scn.graph.nodes(data=True)}
    terrain = [(_swatch(theme().terrain_colour(name)), name.replace("_", " "))
               for name in scn.rules.terrain if name in used]
    lines = [(_line(RIVER, 4), "major river (costly to cross, weakens attacks)"),
             (_line(RIVER, 2), "minor river"), (_line(ROAD, 2), "road"), (_line(RAIL, 3, True), "railway"),
             (_line(BORDER, 2, True), "state border"), (_line(COAST, 3), "coast and lake shore"),
             (_place, "town or city (names on dark plates)")]
    lines += [(_line(side_colour(scn.side_order, s), 4), f"front: edge of the ground {scn.sides[s]['name']} holds")
              for s in scn.side_order]
    counter = [(_counter(figures="16-20-4", men_k="16"),
                "XX division, XXX corps, X brigade; figures: attack-defence-movement"),
               (_counter(figures="", men_k="12"), "one figure: men in thousands (the figures did not fit)"),
               (_counter(symbol="armour", size_name="corps", figures="", men_k="12", fuel=0.8),
                "oval: tanks; the right-hand gauge: fuel (red: nearly dry)"),
               (_counter(figures="", men_k="12", stood_down=True),
                "white flag: stood down; surrenders to the first troops who come up"),
               (_counter(symbol="mechanised", size_name="corps", figures="", men_k="30"), "oval and cross: mechanised"),
               (_counter(symbol="cavalry", figures="", men_k="6"), "one stroke: cavalry; wing: airborne"),
               (_counter(figures="", men_k="16", stack=3), "number at the top right: units in the hex"),
               (_counter(figures="", men_k="16", entrench=2), "bars at the left: dug in (one per level)"),
               (_counter(figures="", men_k="16", fort=2), "battlements at the right: the hex's works"),
               (_counter(figures="", men_k="16", supplied=False), "red dot: out of supply"),
               (_counter(figures="", men_k="16", spent=True), "darker: has moved or fought this turn")]
    return [("Terrain", terrain), ("Lines and marks", lines), ("Counters", counter)]


def legend_layout(size: tuple[int, int],
                  scn: Scenario) -> tuple[pygame.Rect, list[tuple[str, pygame.Rect, Sample | str]]]:
    """The legend box for a window of ``size`` and its items: ("head", rect, text), ("sample",
    rect, drawing) and ("text", rect, text), in two columns, none overlapping."""
    sw, sh = size
    r = pygame.Rect(0, 0, min(1100, sw - 20), min(700, sh - 20))
    r.center = (sw // 2, sh // 2)
    col_w = (r.w - 60) // 2
    groups = entries(scn)
    title = pygame.Rect((r.x + 20, r.y + 14), font(32).size("Map legend"))
    items: list[tuple[str, pygame.Rect, Sample | str]] = [("title", title, "Map legend")]
    x, y, f = r.x + 20, r.y + 58, font(17)
    for head, rows in groups:
        row_h = ROWS.get(head, ROW)
        need = 24 + len(rows) * row_h
        if y + need > r.bottom - 10 and x == r.x + 20:
            x, y = r.x + 40 + col_w, r.y + 58
        items.append(("head", pygame.Rect((x, y), font(22).size(head)), head))
        y += 24
        for sample, words in rows:
            items.append(("sample", pygame.Rect(x, y, SAMPLE_W, row_h - 2), sample))
            while f.size(words)[0] > col_w - SAMPLE_W - 10 and " " in words:
                words = words.rsplit(" ", 1)[0]  # too narrow a window: the words are cut, never overlap
            items.append(("text", pygame.Rect((x + SAMPLE_W + 8, y + (row_h - f.get_height()) // 2), f.size(words)),
                          words))
            y += row_h
        y += 8
    return r, items


def draw_legend(surf: pygame.Surface, scn: Scenario) -> pygame.Rect:
    """Dim the window and draw the legend; returns its box."""
    from . import dim

    dim(surf)
    r, items = legend_layout(surf.get_size(), scn)
    pygame.draw.rect(surf, BOX_BG, r, border_radius=6)
    pygame.draw.rect(surf, BOX_EDGE, r, 2, border_radius=6)
    hint = "6 or Esc closes the legend"
    surf.blit(font(18).render(hint, True, MUTED), (r.right - 20 - font(18).size(hint)[0], r.y + 22))
    for kind, rect, what in items:
        if not isinstance(what, str):  # a sample's drawing (only samples are not words)
            pygame.draw.rect(surf, (200, 196, 170), rect)  # a light ground, like the map's
            what(surf, rect)
        else:
            px, colour = {"title": (32, HIGHLIGHT), "head": (22, HIGHLIGHT), "text": (17, PAPER)}[kind]
            surf.blit(font(px).render(what, True, colour), rect)
    return r
