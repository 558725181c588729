"""The window as one cached picture: the map (terrain, control, overlays, counters, names,
minimap) and the side panel.

:class:`SceneCache` redraws the map part only when something it shows changes (the camera,
the game state's version, the selection, the overlays, the fog viewer), and the panel only
when its content changes; otherwise a frame is a single blit of the cached picture plus the
few things that follow the mouse (hover outline, move path, status line), which
``GameUI.draw`` adds on top. Counters come from cached sprites.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from engine.combat import ratings

from ..theme import theme
from . import BACKGROUND, HIGHLIGHT, INK, PAPER, new_surface, side_colour
from .counters import counter_sprite
from .layout import Layout, px
from .overlays import draw_enemy_turn, draw_history, draw_objectives, draw_supply, draw_zoc
from .standing import draw_standing

if TYPE_CHECKING:
    from engine.units import Unit

    from ..app import GameUI

STACK_STEP = 4  # pixels between the counters of a stack


def on_top(selected: str | None) -> Callable[[Unit], tuple[bool, int, str]]:
    """The order a stack is drawn in, last on top: the selected unit, else the strongest (a depot
    or a detachment must not hide a corps); the others peek out behind it."""
    return lambda u: (u.id == selected, u.men, u.id)


def men_thousands(men: int) -> str:
    """Men in thousands as a counter shows them: "50", "2.4", "0.6"."""
    return f"{men / 1000:.0f}" if men >= 9500 else f"{men / 1000:.1f}"


class SceneCache:
    """The window's picture of everything but the mouse-following bits and the status line.

    ``frame`` is one window-sized surface; the map picture and the panel are drawn into
    subsurfaces of it when their keys change, so an unchanged frame is a single blit.
    """

    def __init__(self) -> None:
        self.frame: pygame.Surface | None = None
        self.map_part: pygame.Surface | None = None
        self.panel_part: pygame.Surface | None = None
        self.key: tuple | None = None
        self.origin: tuple[int, int] | None = None
        self.panel_key: tuple | None = None
        self.rebuilds = 0  # full redraws of the map picture (tests and the benchmark read them)
        self.scrolls = 0  # pans served by scrolling the picture and redrawing the uncovered strips

    def prepare(self, view: tuple[int, int], area: pygame.Rect,
                panel: pygame.Rect) -> tuple[pygame.Surface, pygame.Surface]:
        """(Re)allocate the frame for a window size; returns it and its panel part."""
        if self.frame is None or self.frame.get_size() != tuple(view):
            self.frame = new_surface(view)
            self.frame.fill(BACKGROUND)
            self.map_part = self.frame.subsurface(area.clip(self.frame.get_rect()))
            self.panel_part = self.frame.subsurface(panel.clip(self.frame.get_rect()))
            self.key = self.panel_key = None
        assert self.panel_part is not None  # made with the frame
        return self.frame, self.panel_part

    def update_map(self, ui: GameUI) -> None:
        """Bring the map picture up to date: nothing to do, a scroll with the uncovered strips
        redrawn (when only the view moved), or a full redraw."""
        key, origin = ui.scene_key(), (round(ui.camera.origin[0]), round(ui.camera.origin[1]))
        if key == self.key and origin == self.origin:
            return
        part = self.map_part
        assert part is not None, "prepare() makes the map part before the map is drawn"
        w, h = part.get_size()
        if key == self.key and self.origin is not None:
            dx, dy = origin[0] - self.origin[0], origin[1] - self.origin[1]
            if abs(dx) < w // 2 and abs(dy) < h // 2:
                part.scroll(dx, dy)
                strips = [pygame.Rect(0 if dx > 0 else w + dx, 0, abs(dx), h),
                          pygame.Rect(0, 0 if dy > 0 else h + dy, w, abs(dy))]
                for r in strips:
                    if r.w and r.h:
                        part.set_clip(r)
                        build(part, ui)
                part.set_clip(None)
                self.origin = origin
                self.scrolls += 1
                return
        build(part, ui)
        self.key, self.origin = key, origin
        self.rebuilds += 1

    def invalidate(self) -> None:
        self.key = self.panel_key = None


def unit_sprites(ui: GameUI) -> list[tuple[pygame.Surface, pygame.Rect]]:
    """Every counter shown, as (sprite, rectangle relative to the layout's origin), in drawing
    order; kept until the state, the selection, the fog viewer or the zoom changes."""

    def make() -> list[tuple[pygame.Surface, pygame.Rect]]:
        st = ui.state
        lay = Layout(ui.camera.layout.size)  # origin (0, 0): positions relative to the view's origin
        types, order = ui.scn.rules.unit_types, ui.scn.side_order
        marked = set(ui.group) | ({ui.selected} if ui.selected else set())
        stacks: dict = {}
        for u in ui.shown_units():
            stacks.setdefault(u.hex, []).append(u)
        out = []
        g = ui.scn.graph
        for h in sorted(stacks):
            x, y = lay.hex_to_pixel(h)
            stack = stacks[h]
            stack.sort(key=on_top(ui.selected))
            for k, u in enumerate(stack):
                off = (len(stack) - 1 - k) * STACK_STEP
                ut = types[u.type]
                fuel = u.fuel / ut.fuel_capacity if ut.fuel_capacity > 0 else None
                a, d, m = ratings(st, u)
                sprite = counter_sprite(lay.size, side_colour(order, u.side), theme().symbol_of(ut), ut.size,
                                        u.men / ui.full.get(u.id, max(1, u.men)), u.supplied, u.id in marked,
                                        u.side == st.side and (u.moved or u.attacked) and not st.over, fuel,
                                        figures=f"{a:.0f}-{d:.0f}-{m:.0f}", men_k=men_thousands(u.men),
                                        stack=len(stack) if k == len(stack) - 1 else 1, entrench=u.entrenchment,
                                        fort=int(g.nodes[h].get("fortification", 0)), stood_down=st.stood_down(u))
                out.append((sprite, sprite.get_rect(center=(px(x + off), px(y - off)))))
        return out

    key = (ui.version, id(ui.state), ui.viewer, ui.selected, tuple(ui.group), ui.camera.layout.size)
    return ui.memo.get("sprites", key, make)


def draw_units(surf: pygame.Surface, ui: GameUI) -> None:
    """Blit the counters that touch the clip rectangle (the view's origin is in whole pixels)."""
    ox, oy = px(ui.camera.origin[0]), px(ui.camera.origin[1])
    clip = surf.get_clip().move(-ox, -oy)
    for sprite, rect in unit_sprites(ui):
        if rect.colliderect(clip):
            surf.blit(sprite, rect.move(ox, oy))


def build(surf: pygame.Surface, ui: GameUI) -> None:
    """Draw the map area into ``surf`` (the size of ``ui.camera.map_rect()``, at its origin), only
    inside its clip rectangle: the same pixels there as a full redraw would give."""
    st, lay = ui.state, ui.camera.layout
    area = surf.get_clip()
    ui.map.draw(surf, lay, st.control, (ui.version, id(st)))  # and the background where the map does not reach
    if "supply" in ui.overlays:
        draw_supply(surf, lay, area, ui.scn.graph, ui.supply_hexes())
    if "zoc" in ui.overlays:
        draw_zoc(surf, lay, area, ui.zoc_hexes())
    ui.map.outline(surf, lay, ui.reach, PAPER)
    ui.map.outline(surf, lay, ui.attack_targets(), HIGHLIGHT, 3)
    if ui.target is not None:
        ui.map.outline(surf, lay, [ui.target], INK, 6, 0.95)
        ui.map.outline(surf, lay, [ui.target], HIGHLIGHT, 3, 0.95)
    ui.map.draw_names(surf, lay)  # under the counters, which must read whole
    draw_units(surf, ui)
    draw_standing(surf, ui)
    if "objectives" in ui.overlays:
        draw_objectives(surf, lay, area, st)
    if "history" in ui.overlays:
        draw_history(surf, lay, area, st)
    if "enemy" in ui.overlays and ui.enemy_turn is not None:
        enemy = next((s for s in ui.scn.side_order if s != ui.enemy_turn.side), None)
        draw_enemy_turn(surf, lay, ui.enemy_turn, side_colour(ui.scn.side_order, enemy))


def draw_minimap(surf: pygame.Surface, ui: GameUI) -> None:
    """The minimap over the map's corner (drawn each frame: it stays put while the map scrolls)."""
    if ui.minimap_shown():
        order = ui.scn.side_order
        ui.minimap.draw(surf, ui.camera.map_rect(), ui.camera.layout, lambda: [(u.hex, side_colour(order, u.side))
                                                                 for u in ui.shown_units()],
                        (ui.version, ui.viewer, id(ui.state)))
