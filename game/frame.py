"""Drawing the map screen: the cached picture (map and panel), then what follows the mouse
(hover outline, move path), the status line and any modal screen on top.

Functions of the :class:`game.app.GameUI` they draw (``ui.draw`` calls :func:`draw`); the
cached parts live in :class:`game.render.scene.SceneCache`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from engine.hexes import Hex

from .camera import PANEL_W, STATUS_H
from .render import HIGHLIGHT, INK, PAPER, font, new_surface, side_colour
from .render.overlays import OVERLAYS, draw_path
from .render.panel import draw_panel
from .render.scene import draw_minimap
from .screens.briefing import draw_briefing
from .screens.endgame import draw_endgame, report_button
from .screens.handover import draw_handover
from .screens.help import draw_help
from .screens.legend import draw_legend
from .screens.quit import draw_quit
from .screens.report import draw_report
from .screens.sources import draw_sources
from .screens.timeline import draw_timeline

if TYPE_CHECKING:
    from .app import GameUI


def panel_rect(ui: GameUI) -> pygame.Rect:
    """The side panel, on the window's right."""
    return pygame.Rect(ui.view[0] - PANEL_W, 0, PANEL_W, ui.view[1])


def scene_key(ui: GameUI) -> tuple:
    """Everything the cached map picture depends on but the view's position (and the mouse)."""
    cam = ui.camera
    return (ui.view, cam.zooms[cam.zoom_i], ui.version, ui.selected, tuple(ui.group), ui.target,
            frozenset(ui.overlays), ui.viewer, id(ui.state))


def draw(ui: GameUI, surf: pygame.Surface) -> None:
    """Draw the whole window into ``surf`` (a frame with nothing new is one blit and a few lines)."""
    ui.view = surf.get_size()
    if ui.modal == "handover" or (ui.modal == "quit" and ui._quit_from == "handover"):
        st = ui.state
        draw_handover(surf, ui.scn.sides[st.side]["name"], side_colour(ui.scn.side_order, st.side),
                      f"{st.date:%d %B %Y}, turn {st.turn}")
        if ui.modal == "quit":
            draw_quit(surf, st.over)
        return
    area = ui.camera.map_rect()
    picture, panel = ui.scene.prepare(ui.view, area, panel_rect(ui))
    ui.scene.update_map(ui)
    _update_panel(ui, panel)
    surf.blit(picture, (0, 0))
    surf.set_clip(area)
    draw_minimap(surf, ui)
    lay = ui.camera.layout
    if ui.hover is not None:
        path = ui.planned_path()
        if path and ui._reach is not None:  # a path is planned within the selected unit's reach
            draw_path(surf, lay, path, ui._reach.cost.get(ui.hover))
        ui.map.outline(surf, lay, [ui.hover], INK, 3, 1.0)
        ui.map.outline(surf, lay, [ui.hover], PAPER, 1, 1.0)
    surf.set_clip(None)
    ui.draw_command(surf, area)
    _draw_status(ui, surf, area)
    if ui.modal == "help":
        draw_help(surf)
    elif ui.modal == "legend":
        draw_legend(surf, ui.scn)
    elif ui.modal == "timeline":
        ui.timeline_scroll = draw_timeline(surf, ui.state, ui.timeline_scroll)[1]
    elif ui.modal == "briefing" and ui.briefing_side is not None:
        ui.briefing_scroll = draw_briefing(surf, ui.scn, ui.briefing_side, ui.briefing_scroll)[1]
    elif ui.modal == "sources":
        ui.sources_scroll = draw_sources(surf, ui.state, ui.sources_scroll)[1]
    elif ui.modal == "report":
        ui.report_scroll = draw_report(surf, ui.state, ui.report_scroll)[1]
    elif ui.modal == "endgame":
        r, ui.result_scroll, _ = draw_endgame(surf, ui.state, ui.result_scroll, ui.status)
        ui.report_button = report_button(r)
    elif ui.modal == "loads" and ui.load_list is not None:
        ui.load_list.draw(surf)
    elif ui.modal == "quit":
        draw_quit(surf, ui.state.over)


def _draw_status(ui: GameUI, surf: pygame.Surface, area: pygame.Rect) -> None:
    line = ui.status or hover_text(ui)
    key = (line, bool(ui.status), area.w)
    if ui._status_img is None or ui._status_img[0] != key:
        img = new_surface((area.w, STATUS_H))
        img.fill((22, 24, 30))
        f = font(20)
        while len(line) > 4 and f.size(line)[0] > area.w - 16:  # too long for the window: cut
            line = line[:-5] + "..."
        img.blit(f.render(line, True, HIGHLIGHT if ui.status else PAPER), (8, 6))
        ui._status_img = (key, img)
    surf.blit(ui._status_img[1], (0, area.bottom))


def _update_panel(ui: GameUI, part: pygame.Surface) -> None:
    """Redraw the panel into its part of the cached frame when what it shows has changed."""
    st = ui.state
    who = "you" if st.side in ui.human else "computer"
    label = "Next side (Space)" if ui.mode == "watch" else "End turn (Enter)"
    hints = ["F1: keys   Tab: next unit   Z: undo" + (f" ({len(ui.undo_stack)})" if ui.undo_stack else "")]
    if ui.overlays:
        hints.append("Overlays: " + ", ".join(o for o in OVERLAYS if o in ui.overlays))
    if ui.fog:
        hints.append("Fog of war: on" + ("" if ui.viewer else " (all shown)"))
    pred = ui.prediction
    key = (ui.view, ui.version, id(st), ui.selected, tuple(ui.attackers()),
           (pred.target, tuple(pred.attackers)) if pred else None, who, label, ui.log_scroll, tuple(hints))
    if ui.scene.panel_key != key:
        ui.log_scroll = draw_panel(part, part.get_rect(), st, ui.selected, pred, who, label,
                                   ui.attackers(), ui.log_scroll, tuple(hints), ui.odds_factors)
        ui.scene.panel_key = key[:8] + (ui.log_scroll,) + key[9:]


def _where(ui: GameUI, h: Hex) -> str:
    return ui.scn.map.describe(h)


def hover_text(ui: GameUI) -> str:
    """The status line when the player has not just done something: what is under the cursor."""
    if ui.hover is None:
        return ("Click: select / move / attack   Shift+click: plan an attack   Tab: next unit   "
                "Enter: end turn   F1: all keys")
    d = ui.scn.graph.nodes[ui.hover]
    owner = ui.state.control.get(ui.hover)
    bits = [d["terrain"]]
    bits += [f"held by {ui.scn.sides[owner]['name']}"] if owner else []
    bits += [u.name for u in ui.shown_at(ui.hover)]
    if ui._reach is not None and ui.hover in ui.reach:
        bits.append(f"move cost {ui._reach.cost[ui.hover]:.1f} MP")
    return f"{_where(ui, ui.hover)}: " + ", ".join(bits)
