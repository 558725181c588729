"""Input on the map screen: pygame events and key actions, the hex cursor, unit cycling and
overlay toggles.

A mixin of :class:`game.app.GameUI`. Keys are looked up in :mod:`game.keys` and run through
:meth:`InputMixin.do`; a left click acts on release unless the mouse was dragged (then it
panned); Shift+click plans an attack. While a modal screen (help, hand-over, end of game,
load list) is up, only its own keys work.
"""
from __future__ import annotations

import pygame

from engine.hexes import DIRECTIONS, Hex

from . import briefing_ui
from .keys import action_for
from .render.panel import button_rect

CURSOR_KEYS = {"cursor_e": DIRECTIONS[0], "cursor_ne": DIRECTIONS[1], "cursor_nw": DIRECTIONS[2],
               "cursor_w": DIRECTIONS[3], "cursor_sw": DIRECTIONS[4], "cursor_se": DIRECTIONS[5]}


class InputMixin:
    """Events, key actions, the hex cursor and toggles for :class:`game.app.GameUI`."""

    def move_cursor(self, d: Hex) -> None:
        """Step the hex cursor one hex in direction ``d`` (it appears first on the selected unit)."""
        start = self.hover
        if start is None:
            u = self.state.units.get(self.selected or "")
            start = u.hex if u else self.camera.layout.pixel_to_hex(self.camera.map_rect().center)
            if start not in self.scn.graph:
                start = min(self.scn.graph.nodes)
            nxt = start
        else:
            nxt = (start[0] + d[0], start[1] + d[1])
        if nxt in self.scn.graph:
            self.hover_hex(nxt)
            self.camera.ensure_visible(nxt)

    def cycle_unit(self, step: int) -> None:
        """On the player's turn, walk the selected formation's units (see
        ``CommandUIMixin.walk_units``); otherwise select the next (or previous) unit shown."""
        st = self.state
        if self.my_turn():
            self.walk_units(step)
            return
        pool = self.shown_units()
        if not pool:
            self.status = "no units to cycle through"
            return
        ids = [u.id for u in sorted(pool, key=lambda u: (u.hex[1], u.hex[0], u.id))]
        i = (ids.index(self.selected) + step) % len(ids) if self.selected in ids else 0 if step > 0 else -1
        self.select(ids[i])
        h = st.units[ids[i]].hex
        self.hover_hex(h)
        self.camera.ensure_visible(h)

    def toggle_overlay(self, name: str) -> None:
        """Switch an overlay (supply, zoc, objectives, history) or the minimap on or off."""
        if name == "minimap":
            self.minimap_on = not self.minimap_on
            self.status = f"minimap {'on' if self.minimap_on else 'off'}" + \
                (" (it shows when the map is larger than the view)" if self.camera.whole_map_shown() else "")
            return
        self.overlays ^= {name}
        on = name in self.overlays
        self.status = f"{name} overlay {'on' if on else 'off'}"
        if on and name == "history" and self.scn.history is None:
            self.status = "this scenario has no documented history to show"
        if on and name == "enemy":
            self.status = self.enemy_turn.line() if self.enemy_turn else "the enemy has not moved since you began"
        if on and name == "objectives" and not self.scn.victory["objectives"]:
            self.status = "this scenario has no dated victory objectives"

    def do(self, action: str) -> None:
        """Run a key binding's action (see :mod:`game.keys`)."""
        if action in CURSOR_KEYS:
            self.move_cursor(CURSOR_KEYS[action])
        elif action.startswith("overlay_"):
            self.toggle_overlay(action[len("overlay_"):])
        elif action in ("act", "act_onto"):
            if self.mode == "watch":
                self.end_turn()
            elif self.hover is not None:
                self.click_hex(self.hover, onto_own=action == "act_onto")
        elif action == "group":
            if self.hover is not None:
                self.shift_click(self.hover)
        elif action == "dig_in":
            if self.state.over:
                self.modal = "endgame"  # E: entrench in play, the result screen once it is over
            elif self._commandable(self.selected):
                self.dig_in()
        elif action in ("rail", "air", "land", "detach", "rejoin"):
            self.special_order(action)
        elif action == "center":
            if self.hover is not None:
                self.camera.center_on(self.hover)
        elif action in ("log_up", "log_down"):
            self.log_scroll = max(0, self.log_scroll + (8 if action == "log_up" else -8))
        elif action == "help":
            self.modal = "help"
        elif action == "legend":
            self.modal = "legend"
        elif action == "report":
            self.modal, self.report_scroll = "report", 0
        elif action == "sources":
            self.modal, self.sources_scroll = "sources", 0
        elif action == "briefing":
            briefing_ui.open_briefing(self)
        elif action == "timeline":
            self.modal, self.timeline_scroll = "timeline", 0
            if self.scn.history is None:
                self.status = "this scenario has no documented history or timeline"
        elif action in ("orders", "oob", "goto"):
            {"orders": self.open_order_panel, "oob": self.toggle_oob, "goto": self.go_to}[action]()
        else:
            cam = self.camera
            simple = {"zoom_in": lambda: cam.zoom(1), "zoom_out": lambda: cam.zoom(-1), "fit": cam.fit,
                      "next_unit": lambda: self.cycle_unit(1), "prev_unit": lambda: self.cycle_unit(-1),
                      "commit": self.commit_attack, "undo": self.undo, "cancel": self.cancel,
                      "end_turn": self.end_turn, "quick_save": self.quick_save, "quick_load": self.quick_load,
                      "save_as": self.save_as, "load_list": self.open_load_list}
            fn = simple.get(action)
            if fn is not None:
                fn()

    def handle_event(self, e: pygame.event.Event) -> bool:
        """React to one pygame event; False means quit."""
        if e.type == pygame.QUIT:  # the window's close button: nothing is lost either
            self.save_on_quit()
            return False
        if self.modal is not None:
            return self._modal_event(e)
        if self.command_event(e):
            return True  # the order panel or the order-of-battle browser used it (game.command_ui)
        if e.type == pygame.KEYDOWN:
            action = action_for(e.key, getattr(e, "mod", 0), getattr(e, "unicode", ""))
            if action:
                self.status = ""  # a new input: the answer to the last one is old news
            if action == "quit":
                self.ask_quit()
            elif action:
                self.do(action)
        elif e.type == pygame.MOUSEWHEEL and e.y:
            pos = pygame.mouse.get_pos()
            if self.panel_rect().collidepoint(pos):
                self.log_scroll = max(0, self.log_scroll + 3 * e.y)
            else:
                self.camera.zoom(1 if e.y > 0 else -1, pos)
        elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
            if button_rect(self.panel_rect()).collidepoint(e.pos):
                self.end_turn()
            elif self.minimap_hit(e.pos):
                self.camera.center_on_point(*self.minimap.to_map(e.pos, self.camera.map_rect()))
            elif self.camera.map_rect().collidepoint(e.pos):
                self._press, self._dragged = (e.pos, pygame.key.get_mods()), False
        elif e.type == pygame.MOUSEBUTTONUP and e.button == 1:
            press, self._press = self._press, None
            if press is not None and not self._dragged and (h := self.camera.hex_at(e.pos)) is not None:
                mod = press[1] | getattr(e, "mod", 0)  # the keys held when the button went down count
                if mod & pygame.KMOD_SHIFT:
                    self.shift_click(h)
                else:
                    self.click_hex(h, onto_own=bool(mod & pygame.KMOD_CTRL))
        elif e.type == pygame.MOUSEMOTION:
            if e.buttons[0] and self._press is not None:
                px, py = self._press[0]
                if self._dragged or abs(e.pos[0] - px) + abs(e.pos[1] - py) > 5:
                    self._dragged = True  # a left drag pans and does not click
                    self.camera.pan(*e.rel)
            elif e.buttons[1] or e.buttons[2]:  # middle- or right-drag pans
                self.camera.pan(*e.rel)
            self.hover_hex(self.camera.hex_at(e.pos))
        elif e.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            surf = pygame.display.get_surface()
            if surf is not None:
                self.view = surf.get_size()
        return True

    def _modal_event(self, e: pygame.event.Event) -> bool:
        key = e.key if e.type == pygame.KEYDOWN else None
        click = e.type == pygame.MOUSEBUTTONDOWN and e.button == 1
        if self.modal == "quit":
            return self._quit_event(key, click)
        if key == pygame.K_q and self.modal != "loads":
            self.ask_quit()
        elif self.modal == "loads" and self.load_list is not None:
            choice = self.load_list.handle_key(key) if key is not None else self.load_list.click(e.pos) if click \
                else None
            if choice == "close":
                self.modal = None
            elif choice is not None:
                self.modal = None
                self.load(choice)
        elif self.modal == "report":
            steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -8, pygame.K_PAGEDOWN: 8}
            if key in steps or (e.type == pygame.MOUSEWHEEL and e.y):
                self.report_scroll = max(0, self.report_scroll + (steps[key] if key in steps else -3 * e.y))
            elif click or key in (pygame.K_ESCAPE, pygame.K_p):
                self.modal = None
        elif self.modal == "sources":
            steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -10, pygame.K_PAGEDOWN: 10}
            if key in steps or (e.type == pygame.MOUSEWHEEL and e.y):
                self.sources_scroll = max(0, self.sources_scroll
                                          + (steps[key] if key in steps else -3 * e.y))
            elif click or key in (pygame.K_ESCAPE, pygame.K_8):
                self.modal = None
        elif self.modal == "timeline":
            steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -10, pygame.K_PAGEDOWN: 10}
            if key in steps or (e.type == pygame.MOUSEWHEEL and e.y):
                self.timeline_scroll = max(0, self.timeline_scroll + (steps[key] if key in steps else -3 * e.y))
            elif click or key in (pygame.K_ESCAPE, pygame.K_0):
                self.modal = None
        elif self.modal == "briefing":
            steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -10, pygame.K_PAGEDOWN: 10}
            if key in steps or (e.type == pygame.MOUSEWHEEL and e.y):
                self.briefing_scroll = max(0, self.briefing_scroll + (steps[key] if key in steps else -3 * e.y))
            elif click or key in (pygame.K_ESCAPE, pygame.K_9, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.modal = None
        elif self.modal in ("help", "legend"):
            if click or action_for(key or 0, getattr(e, "mod", 0), getattr(e, "unicode", "")) in ("help", "cancel",
                                                                                                 "legend"):
                self.modal = None
        elif self.modal == "handover":
            if click or key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.modal = None
                briefing_ui.maybe_brief(self)
        elif self.modal == "endgame":
            steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -10, pygame.K_PAGEDOWN: 10}
            if key in steps or (e.type == pygame.MOUSEWHEEL and e.y):
                self.result_scroll = max(0, self.result_scroll + (steps[key] if key in steps else -3 * e.y))
            elif key == pygame.K_h or (click and self.report_button and
                                       self.report_button.collidepoint(e.pos)):
                from .aar_maps import save_report

                self.status = save_report(self.state)
            elif key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_e) or click:
                self.modal = None
            elif key == pygame.K_l:
                self.open_load_list()
            elif key == pygame.K_F9:
                self.modal = None
                self.quick_load()
        return True

    def ask_quit(self) -> None:
        """Q: ask before quitting (the answer saves the game first, see :meth:`_quit_event`)."""
        self._quit_from, self.modal = self.modal, "quit"  # Esc goes back there (the hot-seat screen too)

    def _quit_event(self, key: int | None, click: bool) -> bool:
        """The quit question: Enter, Y or Q saves and quits, N quits without saving, Esc (or a
        click) goes back to the game. A save that fails keeps the game open and says why."""
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y, pygame.K_q):
            if self.save_on_quit():
                return False
            self.modal = self._quit_from
        elif key == pygame.K_n:
            return False
        elif key == pygame.K_ESCAPE or click:
            self.modal = self._quit_from
        return True

    def pan_held_keys(self, keys, dt: float) -> None:
        """Smooth panning while arrow keys or WASD are held (no other key uses W, A, S or D)."""
        if self.modal is not None or self.draft or self.oob or pygame.key.get_mods() & pygame.KMOD_CTRL:
            return  # the order panel and the browser use the arrow keys
        speed = 600 * dt
        dx = (keys[pygame.K_LEFT] or keys[pygame.K_a]) - (keys[pygame.K_RIGHT] or keys[pygame.K_d])
        dy = (keys[pygame.K_UP] or keys[pygame.K_w]) - (keys[pygame.K_DOWN] or keys[pygame.K_s])
        if dx or dy:
            self.camera.pan(dx * speed, dy * speed)
