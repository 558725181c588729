"""Drawing the map screen: the cached picture (map and panel), then what follows the mouse
(hover outline, move path), the status line and any modal screen on top.

A mixin of :class:`game.app.GameUI`; the cached parts live in
:class:`game.render.scene.SceneCache`.
"""
from __future__ import annotations

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


class FrameMixin:
    """Drawing for :class:`game.app.GameUI`."""

    def panel_rect(self) -> pygame.Rect:
        """The side panel, on the window's right."""
        return pygame.Rect(self.view[0] - PANEL_W, 0, PANEL_W, self.view[1])

    def scene_key(self) -> tuple:
        """Everything the cached map picture depends on but the view's position (and the mouse)."""
        cam = self.camera
        return (self.view, cam.zooms[cam.zoom_i], self.version, self.selected, tuple(self.group), self.target,
                frozenset(self.overlays), self.viewer, id(self.state))

    def draw(self, surf: pygame.Surface) -> None:
        """Draw the whole window into ``surf`` (a frame with nothing new is one blit and a few lines)."""
        self.view = surf.get_size()
        if self.modal == "handover" or (self.modal == "quit" and getattr(self, "_quit_from", None) == "handover"):
            st = self.state
            draw_handover(surf, self.scn.sides[st.side]["name"], side_colour(self.scn.side_order, st.side),
                          f"{st.date:%d %B %Y}, turn {st.turn}")
            if self.modal == "quit":
                draw_quit(surf, st.over)
            return
        area = self.camera.map_rect()
        self.scene.prepare(self.view, area, self.panel_rect())
        self.scene.update_map(self)
        self._update_panel()
        surf.blit(self.scene.frame, (0, 0))
        surf.set_clip(area)
        draw_minimap(surf, self)
        lay = self.camera.layout
        if self.hover is not None:
            path = self.planned_path()
            if path:
                draw_path(surf, lay, path, self._reach.cost.get(self.hover))
            self.map.outline(surf, lay, [self.hover], INK, 3, 1.0)
            self.map.outline(surf, lay, [self.hover], PAPER, 1, 1.0)
        surf.set_clip(None)
        self.draw_command(surf, area)
        self._draw_status(surf, area)
        if self.modal == "help":
            draw_help(surf)
        elif self.modal == "legend":
            draw_legend(surf, self.scn)
        elif self.modal == "timeline":
            self.timeline_scroll = draw_timeline(surf, self.state, self.timeline_scroll)[1]
        elif self.modal == "briefing":
            self.briefing_scroll = draw_briefing(surf, self.scn, self.briefing_side, self.briefing_scroll)[1]
        elif self.modal == "sources":
            self.sources_scroll = draw_sources(surf, self.state, getattr(self, "sources_scroll", 0))[1]
        elif self.modal == "report":
            self.report_scroll = draw_report(surf, self.state, getattr(self, "report_scroll", 0))[1]
        elif self.modal == "endgame":
            r, self.result_scroll, _ = draw_endgame(surf, self.state, self.result_scroll, self.status)
            self.report_button = report_button(r)
        elif self.modal == "loads" and self.load_list is not None:
            self.load_list.draw(surf)
        elif self.modal == "quit":
            draw_quit(surf, self.state.over)

    def _draw_status(self, surf: pygame.Surface, area: pygame.Rect) -> None:
        line = self.status or self._hover_text()
        key = (line, bool(self.status), area.w)
        if self._status_img is None or self._status_img[0] != key:
            img = new_surface((area.w, STATUS_H))
            img.fill((22, 24, 30))
            f = font(20)
            while len(line) > 4 and f.size(line)[0] > area.w - 16:  # too long for the window: cut
                line = line[:-5] + "..."
            img.blit(f.render(line, True, HIGHLIGHT if self.status else PAPER), (8, 6))
            self._status_img = (key, img)
        surf.blit(self._status_img[1], (0, area.bottom))

    def _update_panel(self) -> None:
        """Redraw the panel into the cached frame when what it shows has changed."""
        st = self.state
        who = "you" if st.side in self.human else "computer"
        label = "Next side (Space)" if self.mode == "watch" else "End turn (Enter)"
        hints = ["F1: keys   Tab: next unit   Z: undo" + (f" ({len(self.undo_stack)})" if self.undo_stack else "")]
        if self.overlays:
            hints.append("Overlays: " + ", ".join(o for o in OVERLAYS if o in self.overlays))
        if self.fog:
            hints.append("Fog of war: on" + ("" if self.viewer else " (all shown)"))
        pred = self.prediction
        key = (self.view, self.version, id(st), self.selected, tuple(self.attackers()),
               (pred.target, tuple(pred.attackers)) if pred else None, who, label, self.log_scroll, tuple(hints))
        if self.scene.panel_key != key:
            part = self.scene.panel_part
            self.log_scroll = draw_panel(part, part.get_rect(), st, self.selected, pred, who, label,
                                         self.attackers(), self.log_scroll, tuple(hints),
                                         getattr(self, "odds_factors", None))
            self.scene.panel_key = key[:8] + (self.log_scroll,) + key[9:]

    def _where(self, h: Hex) -> str:
        return self.scn.map.describe(h)

    def _hover_text(self) -> str:
        if self.hover is None:
            return ("Click: select / move / attack   Shift+click: plan an attack   Tab: next unit   "
                    "Enter: end turn   F1: all keys")
        d = self.scn.graph.nodes[self.hover]
        owner = self.state.control.get(self.hover)
        bits = [d["terrain"]]
        bits += [f"held by {self.scn.sides[owner]['name']}"] if owner else []
        bits += [u.name for u in self.shown_at(self.hover)]
        if self._reach is not None and self.hover in self.reach:
            bits.append(f"move cost {self._reach.cost[self.hover]:.1f} MP")
        return f"{self._where(self.hover)}: " + ", ".join(bits)
