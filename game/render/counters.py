"""NATO-style unit counters: a side-coloured block with the unit's symbol, its size mark and its
strength in figures, and small marks for what else a player must see at a glance.

A counter (zoom :data:`COUNTER_ZOOM` and closer) reads, top to bottom: the size mark (X brigade,
XX division, XXX corps), the NATO symbol in a light frame, and the strength as
attack-defence-movement (or the men in thousands when those figures do not fit). Around them:
the number of units in the hex (top right, on the stack's top counter), a red dot ringed in white
when the unit is out of supply (top left), one bar per level of entrenchment (left of the
symbol), battlements for the hex's fortification level (right of the symbol), a fuel gauge on
the right edge for motorised and tracked units (white-ringed red when nearly dry) and a thin
strength bar along the foot (measured against the unit's full strength). Further out the map
shows markers instead: the side's colour and the symbol only.

Counters are drawn once per look into small sprites (:func:`counter_sprite`) and then blitted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pygame

from ..theme import theme
from . import HIGHLIGHT, INK, PAPER, font

SIZE_MARKS = {"brigade": "X", "division": "XX", "corps": "XXX", "army": "XXXX"}
COUNTER_ZOOM = 18  # hex radius in pixels from which full counters are drawn (markers below)
LOW_FUEL = 0.25
MIN_FIGURES_PX = 12  # the smallest font the strength figures are drawn in
RED = (200, 0, 0)


@dataclass(frozen=True)
class Look:
    """Everything a counter shows, rounded so that a few sprites serve a whole army."""

    hex_size: float
    colour: tuple
    symbol: str
    size_name: str
    strength: float = 1.0  # 0..1 of full (the foot bar)
    supplied: bool = True
    selected: bool = False
    spent: bool = False
    fuel: float | None = None  # 0..1 of a full tank; None: needs no fuel
    figures: str = ""  # "61-71-4": attack-defence-movement
    men_k: str = ""  # "50": men in thousands, shown when the figures do not fit
    stack: int = 1  # units in the hex (drawn on the top counter)
    entrench: int = 0
    fort: int = 0
    stood_down: bool = False  # obeyed an order to lay down its arms: a white flag


def counter_size(hex_size: float) -> tuple[int, int]:
    """A counter's width and height at a zoom: a little narrower than the hex, never too small
    for its figures."""
    if hex_size < COUNTER_ZOOM:
        return max(8, round(hex_size * 1.15)), max(6, round(hex_size * 0.85))
    return max(34, round(hex_size * 1.62)), max(27, round(hex_size * 1.26))


def _ink_for(colour: tuple) -> tuple:
    """Dark figures on a light side colour, light ones on a dark one."""
    return INK if 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2] > 110 else PAPER


def _symbol(surf: pygame.Surface, kind: str, box: pygame.Rect, w: int) -> None:
    """Draw the NATO symbol ``kind`` inside the frame ``box`` (line width ``w``): its strokes
    are data, in the theme's symbols file (``assets/symbols.yaml``); an unknown kind leaves
    the frame empty."""
    def at(fx: float, fy: float) -> tuple[float, float]:
        return box.x + fx * box.w, box.y + fy * box.h

    for stroke, v, widen in theme().symbols.get(kind, ()):
        if stroke == "line":
            pygame.draw.line(surf, INK, at(v[0], v[1]), at(v[2], v[3]), w + widen)
        elif stroke == "dot":
            pygame.draw.circle(surf, INK, at(v[0], v[1]), max(1, v[2] * box.h))
        else:
            (x0, y0), (x1, y1) = at(v[0], v[1]), at(v[2], v[3])
            rect = pygame.Rect(round(x0), round(y0), round(x1 - x0), round(y1 - y0))
            if stroke == "fill":
                pygame.draw.rect(surf, INK, (rect.x, rect.y, rect.w + 1, rect.h + 1))
            elif stroke == "ellipse":
                pygame.draw.ellipse(surf, INK, rect, w + widen)
            else:
                pygame.draw.arc(surf, INK, rect, v[4], v[5], w + widen)


def _marker(surf: pygame.Surface, rect: pygame.Rect, look: Look) -> None:
    """Far out: the side's colour and the symbol only."""
    body = tuple(int(c * 0.7) for c in look.colour) if look.spent else look.colour
    pygame.draw.rect(surf, body, rect)
    pygame.draw.rect(surf, HIGHLIGHT if look.selected else INK, rect, 2 if look.selected else 1)
    if rect.w >= 12:
        box = rect.inflate(-rect.w * 0.4, -rect.h * 0.4)
        pygame.draw.rect(surf, PAPER, box)
        _symbol(surf, look.symbol, box, 1)
    if look.stood_down:
        _white_flag(surf, rect)


def draw_counter(surf: pygame.Surface, centre: tuple[float, float], look: Look) -> pygame.Rect:
    """One counter (or marker, far out) centred on ``centre``; returns its rectangle."""
    rect = pygame.Rect((0, 0), counter_size(look.hex_size))
    rect.center = (round(centre[0]), round(centre[1]))
    if look.hex_size < COUNTER_ZOOM:
        _marker(surf, rect, look)
        return rect
    # units that have moved or fought are shaded, so the player sees who can still act
    body = tuple(int(c * 0.7) for c in look.colour) if look.spent else look.colour
    ink = _ink_for(body)
    pygame.draw.rect(surf, body, rect, border_radius=2)
    h = rect.h
    mark_px, fig_px = max(11, round(h * 0.38)), max(13, round(h * 0.45))
    box = pygame.Rect(0, 0, round(rect.w * 0.48), round(h * 0.3))
    box.midtop = (rect.centerx, rect.y + round(h * 0.26))
    pygame.draw.rect(surf, PAPER, box)
    pygame.draw.rect(surf, INK, box, 1)
    _symbol(surf, look.symbol, box, 1 if look.hex_size < 30 else 2)
    if look.size_name in SIZE_MARKS:
        mark = font(mark_px).render(SIZE_MARKS[look.size_name], True, ink)
        surf.blit(mark, mark.get_rect(midbottom=(rect.centerx, box.y + 2)))
    _figures(surf, rect, box, look, fig_px, ink)
    _side_marks(surf, rect, box, look, ink)
    pygame.draw.rect(surf, HIGHLIGHT if look.selected else INK, rect, 3 if look.selected else 1, border_radius=2)
    return rect


def _figures(surf: pygame.Surface, rect: pygame.Rect, box: pygame.Rect, look: Look, px: int, ink: tuple) -> None:
    """The strength figures under the symbol, and the strength bar along the foot."""
    room = rect.w - 5 - (max(3, rect.w // 12) + 1 if look.fuel is not None else 0)
    # the figures in the largest font that fits, down to a legible minimum; else the men
    text, f = look.men_k, font(px)
    for size in range(px, MIN_FIGURES_PX - 1, -1):
        if look.figures and font(size).size(look.figures)[0] <= room:
            text, f = look.figures, font(size)
            break
    if text:
        img = f.render(text, True, ink)
        surf.blit(img, img.get_rect(midtop=(rect.centerx - (rect.w - 6 - room) // 2, box.bottom + 1)))
    bar = pygame.Rect(rect.x + 2, rect.bottom - 3, rect.w - 4, 2)
    pygame.draw.rect(surf, INK, bar)
    pygame.draw.rect(surf, PAPER, (bar.x, bar.y, round(bar.w * max(0.0, min(1.0, look.strength))), bar.h))


def _side_marks(surf: pygame.Surface, rect: pygame.Rect, box: pygame.Rect, look: Look, ink: tuple) -> None:
    """Supply dot, stack count, entrenchment bars, fortification battlements, fuel gauge."""
    if not look.supplied:
        dot = (rect.x + 5, rect.y + 5)
        pygame.draw.circle(surf, PAPER, dot, 5)
        pygame.draw.circle(surf, RED, dot, 4)
    if look.stack > 1:
        img = font(max(11, round(rect.h * 0.36))).render(str(look.stack), True, PAPER)
        badge = img.get_rect(topright=(rect.right - 2, rect.y + 1)).inflate(4, 0)
        pygame.draw.rect(surf, INK, badge, border_radius=3)
        surf.blit(img, img.get_rect(center=badge.center))
    if look.entrench:  # dug in: one bar per level, left of the symbol
        w = max(4, (box.x - rect.x) - 6)
        for i in range(min(look.entrench, 3)):
            y = box.bottom - 1 - i * 3
            pygame.draw.line(surf, ink, (box.x - 3 - w, y), (box.x - 3, y), 2)
    if look.fort:  # the hex's works: battlements right of the symbol, one tooth per level
        x0, y = box.right + 3, box.y + 1
        for i in range(min(look.fort, 3)):
            pygame.draw.rect(surf, ink, (x0 + i * 4, y, 3, 3))
        pygame.draw.rect(surf, ink, (x0, y + 3, min(look.fort, 3) * 4 - 1, 3))
    if look.fuel is not None:
        _fuel_gauge(surf, rect, max(0.0, min(1.0, look.fuel)))
    if look.stood_down:
        _white_flag(surf, rect)


def _white_flag(surf: pygame.Surface, rect: pygame.Rect) -> None:
    """A small white flag on a black staff in the counter's upper left corner, clear of the
    figures: the unit has stood down and waits to lay down its arms."""
    pole = max(7, rect.h * 2 // 5)
    x, y = rect.x + 3, rect.y + 2
    pygame.draw.line(surf, INK, (x, y), (x, y + pole), 2)
    flag = pygame.Rect(x + 1, y, max(6, rect.h // 4), max(4, rect.h // 6))
    pygame.draw.rect(surf, PAPER, flag)
    pygame.draw.rect(surf, INK, flag, 1)


def _fuel_gauge(surf: pygame.Surface, rect: pygame.Rect, fuel: float) -> None:
    """A vertical slot inside the counter's right edge, filled from the bottom."""
    w = max(3, rect.w // 12)
    slot = pygame.Rect(rect.right - w - 2, rect.y + rect.h // 2, w, rect.h // 2 - 4)
    pygame.draw.rect(surf, INK, slot)
    fill = round((slot.h - 2) * fuel)
    if fill:
        colour = PAPER if fuel > LOW_FUEL else (230, 40, 30)
        pygame.draw.rect(surf, colour, (slot.x + 1, slot.bottom - 1 - fill, slot.w - 2, fill))
    if fuel <= LOW_FUEL:  # a white tick above the slot: low fuel reads without colour too
        pygame.draw.line(surf, PAPER, (slot.x - 1, slot.y - 1), (slot.right, slot.y - 1), 2)


_sprites: dict[Look, pygame.Surface] = {}


def counter_sprite(hex_size: float, colour: tuple, symbol: str, size_name: str, strength: float, supplied: bool,
                   selected: bool = False, spent: bool = False, fuel: float | None = None,
                   **more: Any) -> pygame.Surface:
    """The counter as a cached transparent sprite, centred on its surface; ``more`` are the
    other fields of :class:`Look` (figures, men_k, stack, entrench, fort).

    Strength and fuel are rounded to twentieths, so a handful of sprites serve a whole army
    and a frame blits them instead of drawing every line again.
    """
    strength = round(max(0.0, min(1.0, strength)) * 20) / 20
    fuel = None if fuel is None else round(max(0.0, min(1.0, fuel)) * 20) / 20
    look = Look(hex_size, tuple(colour), symbol, size_name, strength, supplied, selected, spent, fuel, **more)
    sprite = _sprites.get(look)
    if sprite is None:
        if len(_sprites) > 4000:  # a long game at many zoom levels: start again rather than grow
            _sprites.clear()
        w, h = counter_size(hex_size)
        sprite = pygame.Surface((w + 4, h + 4), pygame.SRCALPHA)
        draw_counter(sprite, ((w + 4) / 2, (h + 4) / 2), look)
        _sprites[look] = sprite
    return sprite
