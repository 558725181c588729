"""NATO-style unit counters: a side-coloured block with a unit symbol, size marks and a strength bar.

The symbol frame is light with black lines on every side's colour, so the symbol reads the same
whichever side it belongs to; supply trouble is a red dot ringed in white to stand out on red-orange.
Motorised and tracked units carry a fuel gauge on the counter's right edge: a dark slot filling
upwards in light paper colour, turning to a white-ringed red when the tanks are nearly dry.
Counters are drawn once per look into small sprites (:func:`counter_sprite`) and then blitted.
"""
from __future__ import annotations

import pygame

from . import HIGHLIGHT, INK, PAPER, font

SIZE_MARKS = {"brigade": "X", "division": "XX", "corps": "XXX", "army": "XXXX"}


def _symbol(surf: pygame.Surface, kind: str, box: pygame.Rect, w: int) -> None:
    """Draw the NATO symbol ``kind`` inside the frame ``box`` (line width ``w``)."""
    if kind in ("infantry", "mechanised", "airborne"):
        pygame.draw.line(surf, INK, box.topleft, box.bottomright, w)
        pygame.draw.line(surf, INK, box.bottomleft, box.topright, w)
    if kind in ("armour", "mechanised"):
        pygame.draw.ellipse(surf, INK, box.inflate(-box.w * 0.3, -box.h * 0.4), w)
    if kind == "cavalry":
        pygame.draw.line(surf, INK, box.bottomleft, box.topright, w)
    if kind == "airborne":  # the wing arc under the crossed lines
        wing = pygame.Rect(0, 0, box.w * 0.5, box.h * 0.5)
        wing.midtop = (box.centerx, box.bottom - box.h * 0.3)
        pygame.draw.arc(surf, INK, wing, 0.3, 2.84, w)
    if kind == "supply":  # a bar across the foot of the frame
        pygame.draw.rect(surf, INK, (box.x, box.bottom - box.h * 0.3, box.w + 1, box.h * 0.3 + 1))
    if kind == "fortified":  # battlements hanging from the top of the frame (the size mark sits above it)
        step = box.w / 5
        for i in (0, 2, 4):
            pygame.draw.rect(surf, INK, (box.x + i * step, box.y, step + 1, box.h * 0.3))


def draw_counter(surf: pygame.Surface, centre: tuple[float, float], hex_size: float, colour: tuple,
                 symbol: str, size_name: str, strength: float, supplied: bool, selected: bool = False,
                 spent: bool = False, fuel: float | None = None) -> pygame.Rect:
    """One counter centred on ``centre``; returns its rectangle. ``strength`` is 0..1 of full;
    ``fuel`` is 0..1 of a full tank, or None for units that need no fuel."""
    rect = pygame.Rect(0, 0, max(14, round(hex_size * 1.15)), max(10, round(hex_size * 0.85)))
    rect.center = (round(centre[0]), round(centre[1]))
    # units that have moved or fought are shaded, so the player sees who can still act
    pygame.draw.rect(surf, tuple(int(c * 0.7) for c in colour) if spent else colour, rect, border_radius=2)
    pygame.draw.rect(surf, HIGHLIGHT if selected else INK, rect, 3 if selected else 1, border_radius=2)
    box = pygame.Rect(0, 0, rect.w * 0.6, rect.h * 0.42)
    box.midtop = (rect.centerx, rect.y + rect.h * 0.26)
    pygame.draw.rect(surf, PAPER, box)
    pygame.draw.rect(surf, INK, box, 1)
    _symbol(surf, symbol, box, 1 if hex_size < 30 else 2)
    if hex_size >= 18 and size_name in SIZE_MARKS:
        mark = font(max(10, round(hex_size * 0.38))).render(SIZE_MARKS[size_name], True, INK)
        surf.blit(mark, mark.get_rect(midbottom=(rect.centerx, box.y + 1)))
    bar = pygame.Rect(box.x, rect.bottom - max(3, rect.h * 0.16), box.w, max(2, rect.h * 0.1))
    pygame.draw.rect(surf, INK, bar)
    pygame.draw.rect(surf, PAPER, (bar.x, bar.y, round(bar.w * max(0.0, min(1.0, strength))), bar.h))
    if not supplied:
        dot = (rect.x + max(3, rect.w // 8), rect.y + max(3, rect.h // 6))
        pygame.draw.circle(surf, PAPER, dot, max(3, hex_size // 8) + 1)
        pygame.draw.circle(surf, (200, 0, 0), dot, max(3, hex_size // 8))
    if fuel is not None:
        _fuel_gauge(surf, rect, max(0.0, min(1.0, fuel)))
    return rect


LOW_FUEL = 0.25


def _fuel_gauge(surf: pygame.Surface, rect: pygame.Rect, fuel: float) -> None:
    """A vertical slot inside the counter's right edge, filled from the bottom."""
    w = max(3, rect.w // 10)
    slot = pygame.Rect(rect.right - w - 2, rect.y + 3, w, rect.h - 6)
    pygame.draw.rect(surf, INK, slot)
    fill = round((slot.h - 2) * fuel)
    if fill:
        colour = PAPER if fuel > LOW_FUEL else (230, 40, 30)
        pygame.draw.rect(surf, colour, (slot.x + 1, slot.bottom - 1 - fill, slot.w - 2, fill))
    if fuel <= LOW_FUEL:  # a white tick above the slot: low fuel reads without colour too
        pygame.draw.line(surf, PAPER, (slot.x - 1, slot.y - 1), (slot.right, slot.y - 1), 2)


_sprites: dict[tuple, pygame.Surface] = {}


def counter_sprite(hex_size: float, colour: tuple, symbol: str, size_name: str, strength: float, supplied: bool,
                   selected: bool = False, spent: bool = False, fuel: float | None = None) -> pygame.Surface:
    """The counter as a cached transparent sprite, centred on its surface.

    Strength and fuel are rounded to twentieths, so a handful of sprites serve a whole army
    and a frame blits them instead of drawing every line again.
    """
    strength = round(max(0.0, min(1.0, strength)) * 20) / 20
    fuel = None if fuel is None else round(max(0.0, min(1.0, fuel)) * 20) / 20
    key = (hex_size, colour, symbol, size_name, strength, supplied, selected, spent, fuel)
    sprite = _sprites.get(key)
    if sprite is None:
        if len(_sprites) > 4000:  # a long game at many zoom levels: start again rather than grow
            _sprites.clear()
        w, h = max(14, round(hex_size * 1.15)) + 4, max(10, round(hex_size * 0.85)) + 4
        sprite = pygame.Surface((w, h), pygame.SRCALPHA)
        draw_counter(sprite, (w / 2, h / 2), hex_size, colour, symbol, size_name, strength, supplied, selected,
                     spent, fuel)
        _sprites[key] = sprite
    return sprite
