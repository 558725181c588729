"""Input on the map screen: pygame events and key actions, the hex cursor, unit cycling and
overlay toggles.

Functions of the :class:`game.app.GameUI` they drive (``ui.handle_event`` calls
:func:`handle_event`). Keys are looked up in :mod:`game.keys` and run through :func:`do`; a
left click acts on release unless the mouse was dragged (then it panned); Shift+click plans an
attack. While a modal screen (help, hand-over, end of game,
load list) is up, only its own keys work.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pygame

from engine.hexes import DIRECTIONS, Hex

from . import briefing_ui
from .keys import action_for
from .render.panel import button_rect

CURSOR_KEYS = {"cursor_e": DIRECTIONS[0], "cursor_ne": DIRECTIONS[1], "cursor_nw": DIRECTIONS[2],
               "cursor_w": DIRECTIONS[3], "cursor_sw": DIRECTIONS[4], "cursor_se": DIRECTIONS[5]}

if TYPE_CHECKING:
    from .app import GameUI


def move_cursor(ui: GameUI, d: Hex) -> None:
    """Step the hex cursor one hex in direction ``d`` (it appears first on the selected unit)."""
    start = ui.hover
    if start is None:
        u = ui.state.units.get(ui.selected or "")
        start = u.hex if u else ui.camera.layout.pixel_to_hex(ui.camera.map_rect().center)
        if start not in ui.scn.graph:
            start = min(ui.scn.graph.nodes)
        nxt = start
    else:
        nxt = (start[0] + d[0], start[1] + d[1])
    if nxt in ui.scn.graph:
        ui.hover_hex(nxt)
        ui.camera.ensure_visible(nxt)


def cycle_unit(ui: GameUI, step: int) -> None:
    """On the player's turn, walk the selected formation's units (see
    ``game.command_ui.walk_units``); otherwise select the next (or previous) unit shown."""
    st = ui.state
    if ui.my_turn():
        ui.walk_units(step)
        return
    pool = ui.shown_units()
    if not pool:
        ui.status = "no units to cycle through"
        return
    ids = [u.id for u in sorted(pool, key=lambda u: (u.hex[1], u.hex[0], u.id))]
    i = (ids.index(ui.selected) + step) % len(ids) if ui.selected in ids else 0 if step > 0 else -1
    ui.select(ids[i])
    h = st.units[ids[i]].hex
    ui.hover_hex(h)
    ui.camera.ensure_visible(h)


def toggle_overlay(ui: GameUI, name: str) -> None:
    """Switch an overlay (supply, zoc, objectives, history) or the minimap on or off."""
    if name == "minimap":
        ui.minimap_on = not ui.minimap_on
        ui.status = f"minimap {'on' if ui.minimap_on else 'off'}" + \
            (" (it shows when the map is larger than the view)" if ui.camera.whole_map_shown() else "")
        return
    ui.overlays ^= {name}
    on = name in ui.overlays
    ui.status = f"{name} overlay {'on' if on else 'off'}"
    if on and name == "history" and ui.scn.history is None:
        ui.status = "this scenario has no documented history to show"
    if on and name == "enemy":
        ui.status = ui.enemy_turn.line() if ui.enemy_turn else "the enemy has not moved since you began"
    if on and name == "objectives" and not ui.scn.victory["objectives"]:
        ui.status = "this scenario has no dated victory objectives"


def do(ui: GameUI, action: str) -> None:
    """Run a key binding's action (see :mod:`game.keys`)."""
    if action in CURSOR_KEYS:
        move_cursor(ui, CURSOR_KEYS[action])
    elif action.startswith("overlay_"):
        toggle_overlay(ui, action[len("overlay_"):])
    elif action in ("act", "act_onto"):
        if ui.mode == "watch":
            ui.end_turn()
        elif ui.hover is not None:
            ui.click_hex(ui.hover, onto_own=action == "act_onto")
    elif action == "group":
        if ui.hover is not None:
            ui.shift_click(ui.hover)
    elif action == "dig_in":
        if ui.state.over:
            ui.modal = "endgame"  # E: entrench in play, the result screen once it is over
        elif ui._commandable(ui.selected):
            ui.dig_in()
    elif action in ("rail", "air", "land", "detach", "rejoin"):
        ui.special_order(action)
    elif action == "center":
        if ui.hover is not None:
            ui.camera.center_on(ui.hover)
    elif action in ("log_up", "log_down"):
        ui.log_scroll = max(0, ui.log_scroll + (8 if action == "log_up" else -8))
    elif action == "help":
        ui.modal = "help"
    elif action == "legend":
        ui.modal = "legend"
    elif action == "report":
        ui.modal, ui.report_scroll = "report", 0
    elif action == "sources":
        ui.modal, ui.sources_scroll = "sources", 0
    elif action == "briefing":
        briefing_ui.open_briefing(ui)
    elif action == "timeline":
        ui.modal, ui.timeline_scroll = "timeline", 0
        if ui.scn.history is None:
            ui.status = "this scenario has no documented history or timeline"
    elif action == "orders":
        ui.open_order_panel()
    elif action == "oob":
        ui.toggle_oob()
    elif action == "goto":
        ui.go_to()
    else:
        cam = ui.camera
        simple = {"zoom_in": lambda: cam.zoom(1), "zoom_out": lambda: cam.zoom(-1), "fit": cam.fit,
                  "next_unit": lambda: cycle_unit(ui, 1), "prev_unit": lambda: cycle_unit(ui, -1),
                  "commit": ui.commit_attack, "undo": ui.undo, "cancel": ui.cancel,
                  "end_turn": ui.end_turn, "quick_save": ui.quick_save, "quick_load": ui.quick_load,
                  "save_as": ui.save_as, "load_list": ui.open_load_list}
        fn = simple.get(action)
        if fn is not None:
            fn()


def handle_event(ui: GameUI, e: pygame.event.Event) -> bool:
    """React to one pygame event; False means quit."""
    if e.type == pygame.QUIT:  # the window's close button: nothing is lost either
        ui.save_on_quit()
        return False
    if ui.modal is not None:
        return _modal_event(ui, e)
    if ui.command_event(e):
        return True  # the order panel or the order-of-battle browser used it (game.command_ui)
    if e.type == pygame.KEYDOWN:
        action = action_for(e.key, getattr(e, "mod", 0), getattr(e, "unicode", ""))
        if action:
            ui.status = ""  # a new input: the answer to the last one is old news
        if action == "quit":
            ask_quit(ui)
        elif action:
            do(ui, action)
    elif e.type == pygame.MOUSEWHEEL and e.y:
        pos = pygame.mouse.get_pos()
        if ui.panel_rect().collidepoint(pos):
            ui.log_scroll = max(0, ui.log_scroll + 3 * e.y)
        else:
            ui.camera.zoom(1 if e.y > 0 else -1, pos)
    elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
        if button_rect(ui.panel_rect()).collidepoint(e.pos):
            ui.end_turn()
        elif ui.minimap_hit(e.pos):
            ui.camera.center_on_point(*ui.minimap.to_map(e.pos, ui.camera.map_rect()))
        elif ui.camera.map_rect().collidepoint(e.pos):
            ui._press, ui._dragged = (e.pos, pygame.key.get_mods()), False
    elif e.type == pygame.MOUSEBUTTONUP and e.button == 1:
        press, ui._press = ui._press, None
        if press is not None and not ui._dragged and (h := ui.camera.hex_at(e.pos)) is not None:
            mod = press[1] | getattr(e, "mod", 0)  # the keys held when the button went down count
            if mod & pygame.KMOD_SHIFT:
                ui.shift_click(h)
            else:
                ui.click_hex(h, onto_own=bool(mod & pygame.KMOD_CTRL))
    elif e.type == pygame.MOUSEMOTION:
        if e.buttons[0] and ui._press is not None:
            px, py = ui._press[0]
            if ui._dragged or abs(e.pos[0] - px) + abs(e.pos[1] - py) > 5:
                ui._dragged = True  # a left drag pans and does not click
                ui.camera.pan(*e.rel)
        elif e.buttons[1] or e.buttons[2]:  # middle- or right-drag pans
            ui.camera.pan(*e.rel)
        ui.hover_hex(ui.camera.hex_at(e.pos))
    elif e.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
        surf = pygame.display.get_surface()
        if surf is not None:
            ui.view = surf.get_size()
    return True


_ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
# the text screens that scroll: the GameUI attribute holding the scroll, the lines of a page, the
# keys that close the screen (its own key among them, so the key that opened it closes it)
_SCROLLED = {"report": ("report_scroll", 8, (pygame.K_ESCAPE, pygame.K_p)),
             "sources": ("sources_scroll", 10, (pygame.K_ESCAPE, pygame.K_8)),
             "timeline": ("timeline_scroll", 10, (pygame.K_ESCAPE, pygame.K_0)),
             "briefing": ("briefing_scroll", 10, (pygame.K_ESCAPE, pygame.K_9, *_ENTER))}


def _scrolled(ui: GameUI, e: pygame.event.Event, key: int | None, attr: str, page: int) -> bool:
    """Scroll a text screen a line, a page or three lines a wheel notch; whether ``e`` scrolled it."""
    steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -page, pygame.K_PAGEDOWN: page}
    if key in steps:
        step = steps[key]
    elif e.type == pygame.MOUSEWHEEL and e.y:
        step = -3 * e.y
    else:
        return False
    setattr(ui, attr, max(0, getattr(ui, attr) + step))
    return True


def _modal_event(ui: GameUI, e: pygame.event.Event) -> bool:
    key = e.key if e.type == pygame.KEYDOWN else None
    click = e.type == pygame.MOUSEBUTTONDOWN and e.button == 1
    if ui.modal == "quit":
        return _quit_event(ui, key, click)
    if key == pygame.K_q and ui.modal != "loads":
        ask_quit(ui)
    elif ui.modal == "loads" and ui.load_list is not None:
        choice = ui.load_list.handle_key(key) if key is not None else ui.load_list.click(e.pos) if click \
            else None
        if choice == "close":
            ui.modal = None
        elif choice is not None:
            ui.modal = None
            ui.load(choice)
    elif ui.modal in _SCROLLED:
        attr, page, closing = _SCROLLED[ui.modal]
        if not _scrolled(ui, e, key, attr, page) and (click or key in closing):
            ui.modal = None
    elif ui.modal in ("help", "legend"):
        if click or action_for(key or 0, getattr(e, "mod", 0), getattr(e, "unicode", "")) in ("help", "cancel",
                                                                                             "legend"):
            ui.modal = None
    elif ui.modal == "handover":
        if click or key in _ENTER:
            ui.modal = None
            briefing_ui.maybe_brief(ui)
    elif ui.modal == "endgame":
        if _scrolled(ui, e, key, "result_scroll", 10):
            pass
        elif key == pygame.K_h or (click and ui.report_button and
                                   ui.report_button.collidepoint(e.pos)):
            ui.status = ui.save_report()
        elif key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_e) or click:
            ui.modal = None
        elif key == pygame.K_l:
            ui.open_load_list()
        elif key == pygame.K_F9:
            ui.modal = None
            ui.quick_load()
    return True


def ask_quit(ui: GameUI) -> None:
    """Q: ask before quitting (the answer saves the game first, see :meth:`_quit_event`)."""
    ui._quit_from, ui.modal = ui.modal, "quit"  # Esc goes back there (the hot-seat screen too)


def _quit_event(ui: GameUI, key: int | None, click: bool) -> bool:
    """The quit question: Enter, Y or Q saves and quits, N quits without saving, Esc (or a
    click) goes back to the game. A save that fails keeps the game open and says why."""
    if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y, pygame.K_q):
        if ui.save_on_quit():
            return False
        ui.modal = ui._quit_from
    elif key == pygame.K_n:
        return False
    elif key == pygame.K_ESCAPE or click:
        ui.modal = ui._quit_from
    return True


def pan_held_keys(ui: GameUI, keys: Sequence[bool], dt: float) -> None:
    """Smooth panning while arrow keys or WASD are held (no other key uses W, A, S or D)."""
    if ui.modal is not None or ui.draft or ui.oob or pygame.key.get_mods() & pygame.KMOD_CTRL:
        return  # the order panel and the browser use the arrow keys
    speed = 600 * dt
    dx = (keys[pygame.K_LEFT] or keys[pygame.K_a]) - (keys[pygame.K_RIGHT] or keys[pygame.K_d])
    dy = (keys[pygame.K_UP] or keys[pygame.K_w]) - (keys[pygame.K_DOWN] or keys[pygame.K_s])
    if dx or dy:
        ui.camera.pan(dx * speed, dy * speed)
