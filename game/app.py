"""The map screen: a :class:`GameUI` that turns clicks and keys into engine orders.

``GameUI`` holds the state, the selection, the attack plan, the undo stack, the camera, the
overlays and the fog-of-war viewer, and has plain methods (``click_hex``, ``shift_click``,
``commit_attack``, ``undo``, ``end_turn``, ``draw``...) so tests drive it without an event loop
or a real window. Its parts are functions of it in their own modules (see the class docstring). Every
change to the game goes through ``engine.orders.execute``; the UI never edits the state itself
(undo and load replace it with another state). The window loop and the start screen live in
:mod:`game.window` (its ``run_game`` opens the window).
"""
from __future__ import annotations

import time
from typing import Any

import pygame

from engine.ai import policy
from engine.combat import Breakdown, Prediction
from engine.hexes import Hex, neighbours
from engine.movement import Reach, enemy_zoc
from engine.orders import EndTurn, execute
from engine.policy import play_part
from engine.scenario import Scenario, new_game
from engine.state import GameState
from engine.supply import in_supply, supply_costs, unit_supply_hexes
from engine.visibility import seen_hexes

from . import aar_maps, briefing_ui, command_ui, commands, enemy_turn, frame, saves_folder, saves_ui
from . import input as screen_input
from .camera import PANEL_W, STATUS_H, ZOOMS, Camera
from .command_ui import OrderDraft
from .memo import ViewMemo
from .render.mapview import MapView
from .render.minimap import Minimap
from .render.scene import SceneCache
from .screens.loadlist import LoadList
from .screens.oob import OobBrowser
from .undo import UndoStack

__all__ = ["PANEL_W", "STATUS_H", "ZOOMS", "GameUI", "WindowUnavailable", "render_screenshot",
           "window_surface"]


STATUS_SECONDS = 8.0


class WindowUnavailable(Exception):
    """No window could be opened (pygame.display.set_mode failed); the message says why."""


def window_surface() -> pygame.Surface:
    """The open window's surface, which the game loops draw into (there is one once a window opened)."""
    surf = pygame.display.get_surface()
    if surf is None:
        raise WindowUnavailable("the window is gone")
    return surf


class GameUI:
    """One game on screen; ``side`` is one of the scenario's sides, "both" (hot-seat) or "watch".

    The camera is a part it owns (``self.camera``, :class:`game.camera.Camera`: zoom, pan, screen
    to hex); drawing and input are functions of this screen in :mod:`game.frame` and
    :mod:`game.input`; so are :mod:`game.commands` (selection, orders, attack plans, undo),
    :mod:`game.command_ui` (standing orders, the order of battle) and :mod:`game.saves_ui` (save
    and load), bound below as its methods. This class declares all the screen's state, holds the
    game and decides who sees what and who moves next.
    """

    # -- selection, orders, attack plans, undo (game.commands): functions of this screen, bound as its methods
    my_turn = commands.my_turn
    _commandable = commands._commandable
    select = commands.select
    deselect = commands.deselect
    hover_hex = commands.hover_hex
    planned_path = commands.planned_path
    attackers = commands.attackers
    attack_targets = commands.attack_targets
    _predict = commands._predict
    click_hex = commands.click_hex
    _march = commands._march
    shift_click = commands.shift_click
    _toggle_one = commands._toggle_one
    commit_attack = commands.commit_attack
    _order = commands._order
    dig_in = commands.dig_in
    special_order = commands.special_order
    undo = commands.undo
    cancel = commands.cancel

    # -- standing orders, the order of battle, Tab (game.command_ui): functions of this screen, bound as its methods
    open_order_panel = command_ui.open_order_panel
    _draft_from_state = command_ui._draft_from_state
    order_panel_key = command_ui.order_panel_key
    toggle_draft_place = command_ui.toggle_draft_place
    give_standing_order = command_ui.give_standing_order
    release_order = command_ui.release_order
    close_order_panel = command_ui.close_order_panel
    _name = command_ui._name
    go_to = command_ui.go_to
    carry_out = command_ui.carry_out
    carry_out_standing = command_ui.carry_out_standing
    order_text = command_ui.order_text
    command_event = command_ui.command_event
    _oob_action = command_ui._oob_action
    centre_on_row = command_ui.centre_on_row
    draw_command = command_ui.draw_command
    toggle_oob = command_ui.toggle_oob
    walk_units = command_ui.walk_units
    _walkable = command_ui._walkable
    _oob_rank = command_ui._oob_rank

    # -- save and load (game.saves_ui): functions of this screen, bound as its methods
    quick_save = saves_ui.quick_save
    save_as = saves_ui.save_as
    player = saves_ui.player
    _save = saves_ui._save
    save_on_quit = saves_ui.save_on_quit
    quick_load = saves_ui.quick_load
    open_load_list = saves_ui.open_load_list
    load = saves_ui.load
    adopt = saves_ui.adopt

    def save_report(self) -> str:
        """The result screen's H: write this game's after-action report, its maps drawn by this
        class (game.aar_maps cannot import it: this screen writes reports); returns what to tell
        the player."""
        return aar_maps.save_report(self.state, GameUI)

    def __init__(self, scn: Scenario, state: GameState, side: str = "soviet", view: tuple[int, int] = (1280, 800),
                 difficulty: str = "normal", fog: bool = False, autosave: bool = False,
                 briefings: bool = False) -> None:
        modes = list(scn.side_order) + ["both", "watch"]
        if side not in modes:
            raise ValueError(f"side must be one of {', '.join(modes)}, not {side!r}")
        self.mode, self.difficulty, self.fog, self.autosave = side, difficulty, fog, autosave
        self.briefings = briefings  # show each side's briefing before its first turn (game.briefing_ui)
        self.briefed: set[str] = set()
        self.camera = Camera(view)  # zoom, position and screen <-> hex
        self.overlays: set[str] = set()
        self.minimap_on = True
        self.modal: str | None = None  # "help", "handover", "endgame", "loads" or "quit"
        self.load_list: LoadList | None = None
        self.undo_stack = UndoStack()
        self.clock = time.monotonic  # the status line's age is read from this (tests move it on)
        self._status, self._status_at = "", 0.0  # the status line and when it was set (see status)
        self.status = ""
        self.enemy_turn: enemy_turn.TurnSummary | None = None  # what the player saw of the enemy's last part of the day
        self.log_scroll = 0
        self.result_scroll = 0  # rows of the result screen's table scrolled past
        # the modal screens': lines scrolled past, the side briefed, the report button, where Esc goes back to
        self.report_scroll = self.sources_scroll = self.briefing_scroll = self.timeline_scroll = 0
        self.briefing_side: str | None = None
        self.report_button: pygame.Rect | None = None
        self._quit_from: str | None = None
        self.version = 0
        self._press: tuple[tuple[int, int], int] | None = None  # left button down: position, modifier keys
        self._dragged = False
        self._panel_rect: pygame.Rect | None = None  # where the order panel was last drawn
        self._walk: tuple = ((), ())  # (focus, turn, side) and the units Tab has visited since
        self._setup(scn, state)
        self.play_computer()
        self._changed()
        if self.enemy_turn is not None and self.my_turn():
            self.status = self.enemy_turn.line()
        if self._hot_seat_hidden():
            self.modal = "handover"
        briefing_ui.maybe_brief(self)

    @property
    def status(self) -> str:
        """The status line: the answer to the player's last input, until the next input or for
        :data:`STATUS_SECONDS` (then the line shows what is under the mouse again)."""
        if self._status and self.clock() - self._status_at > STATUS_SECONDS:
            self._status = ""
        return self._status

    @status.setter
    def status(self, text: str) -> None:
        self._status, self._status_at = text, self.clock()

    def _setup(self, scn: Scenario, state: GameState) -> None:
        """(Re)build everything that depends on the scenario."""
        self.scn, self.state = scn, state
        self.map = MapView(scn)
        self.minimap = Minimap(scn, self.map.bounds)
        self.scene = SceneCache()
        self.camera.show_map(self.map.bounds, scn.graph)
        self.selected: str | None = None
        self.group: list[str] = []
        self.target: Hex | None = None
        self.reach: list[Hex] = []
        self._reach: Reach | None = None  # the selected unit's reach, planned on what its side sees
        self.hover: Hex | None = None  # the hex cursor: follows the mouse, moved by keys too
        self.prediction: Prediction | None = None
        self.odds_factors: Breakdown | None = None  # the planned attack's odds explained
        self.full = {u.id: max(1, u.men) for u in scn.initial_units}  # strength bars measure against these
        self.memo = ViewMemo()  # what the screen derives from the game (shared with game.render)
        self._status_img: tuple[tuple, pygame.Surface] | None = None
        self._end_shown = state.over
        self._autosaved_turn = state.turn
        # they name the old game's formations: the order being written in the panel, the order of
        # battle browser (and the one put away while the panel is open), the formation Tab walks
        self.draft: OrderDraft | None = None
        self.oob: OobBrowser | None = None
        self._oob_back: OobBrowser | None = None
        self._oob_last: OobBrowser | None = None  # the browser that stepped aside for a centred row
        self.focus: str | None = None
        self.opening_view()

    # -- drawing (game.frame) ---------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        """Draw the whole window into ``surf`` (a frame with nothing new is one blit and a few lines)."""
        frame.draw(self, surf)

    def panel_rect(self) -> pygame.Rect:
        """The side panel, on the window's right."""
        return frame.panel_rect(self)

    def scene_key(self) -> tuple:
        """Everything the cached map picture depends on but the view's position (and the mouse)."""
        return frame.scene_key(self)

    # -- input (game.input) ------------------------------------------------------------------
    def handle_event(self, e: pygame.event.Event) -> bool:
        """React to one pygame event; False means quit."""
        return screen_input.handle_event(self, e)

    def pan_held_keys(self, keys: Any, dt: float) -> None:
        """Smooth panning while arrow keys or WASD are held."""
        screen_input.pan_held_keys(self, keys, dt)

    def cycle_unit(self, step: int) -> None:
        """Walk the selected formation's units on the player's turn, else the units shown."""
        screen_input.cycle_unit(self, step)

    def toggle_overlay(self, name: str) -> None:
        """Switch an overlay (supply, zoc, objectives, history) or the minimap on or off."""
        screen_input.toggle_overlay(self, name)

    @property
    def view(self) -> tuple[int, int]:
        """The window size (the camera's)."""
        return self.camera.view

    @view.setter
    def view(self, size: tuple[int, int]) -> None:
        self.camera.view = size

    def opening_view(self) -> None:
        """The view a game opens on: the whole map when its counters can be read at that zoom (or
        when watching), else a closer look at the player's own forces."""
        side = self.state.side if self.mode == "both" else self.mode  # hot-seat: the side to move
        self.camera.look_at([u.hex for u in self.state.units.values() if u.side == side])

    def minimap_shown(self) -> bool:
        """The minimap shows when it is on and the map does not fit in the view."""
        return self.minimap_on and not self.camera.whole_map_shown()

    def minimap_hit(self, pos: tuple[int, int]) -> bool:
        """Whether a screen position is on the shown minimap."""
        return self.minimap_shown() and self.minimap.rect(self.camera.map_rect()).collidepoint(pos)

    # -- who sees what ---------------------------------------------------------------------
    @property
    def human(self) -> set[str]:
        """The sides players command here."""
        return set(self.scn.side_order) if self.mode == "both" else set() if self.mode == "watch" else {self.mode}

    @property
    def viewer(self) -> str | None:
        """The side whose eyes the map uses, or None when everything is shown."""
        if not self.fog or self.mode == "watch" or self.state.over:
            return None
        return self.state.side if self.mode == "both" else self.mode

    def seen(self) -> set[Hex] | None:
        """Hexes the viewer sees (None: no fog, everything is shown)."""
        v = self.viewer
        if v is None:
            return None
        return self.memo.get("seen", (self.version, v), lambda: seen_hexes(self.state, v))

    def shown_units(self) -> list:
        """Units on the map as the viewer sees them (own units and enemies in sight)."""
        seen, v = self.seen(), self.viewer
        if seen is None:
            return list(self.state.units.values())
        return [u for u in self.state.units.values() if u.side == v or u.hex in seen]

    def shown_at(self, h: Hex) -> list:
        """The shown units in hex ``h``, by id."""
        return sorted((u for u in self.shown_units() if u.hex == h), key=lambda u: u.id)

    def supply_hexes(self) -> set[Hex]:
        """Hexes in supply for the viewer (or the side to move), for the supply overlay: with one
        of the side's units selected, where that unit would be in supply (a field depot feeds
        only its own army), else where any of the side's lines reach."""
        side, seen = self.viewer or self.state.side, self.seen()
        u = self.state.units.get(self.selected) if self.selected else None
        if u is not None and u.side == side:
            return self.memo.get("supply", (self.version, side, seen is None, u.id, u.formation),
                                 lambda: unit_supply_hexes(self.state, u, seen))
        # under fog only the enemies in sight cut the lines drawn (the game itself uses the truth)
        return self.memo.get("supply", (self.version, side, seen is None),
                          lambda: in_supply(self.state, side, supply_costs(self.state, side, seen=seen)))

    def zoc_hexes(self) -> set[Hex]:
        """Zones of control of the enemies of the viewer (or of the side to move), as seen."""
        side = self.viewer or self.state.side

        def make() -> set[Hex]:
            if self.seen() is None:
                return enemy_zoc(self.state, side)
            types, g = self.scn.rules.unit_types, self.scn.graph
            return {n for u in self.shown_units() if u.side != side and types[u.type].zoc
                    for n in neighbours(u.hex) if n in g}

        return self.memo.get("zoc", (self.version, side, self.viewer), make)

    def _hot_seat_hidden(self) -> bool:
        return self.mode == "both" and bool(self.fog) and not self.state.over

    # -- the turn ---------------------------------------------------------------------------
    def end_turn(self) -> None:
        """End the player's part of the turn (in 'watch' mode: play the next side's part)."""
        if self.state.over:
            self.status = f"Game over: {self.state.end_reason}"
            return
        if self.mode == "watch":
            self._computer_move()
        elif self.my_turn():
            execute(self.state, EndTurn())
            self.play_computer()
        self.undo_stack.clear("a new turn began")
        self.status = ""
        self._changed()
        self.deselect()
        self.close_order_panel()
        self.carry_out_standing()  # the AI commanders act at the start of the player's day
        if self.enemy_turn is not None and self.my_turn() and not self.status:
            self.status = self.enemy_turn.line()
        if self._hot_seat_hidden():
            self.modal = "handover"
        briefing_ui.maybe_brief(self)

    def play_computer(self) -> None:
        """Let the computer play every side the player does not command (none in 'watch' mode),
        and sum up what the player saw of it (:mod:`game.enemy_turn`; key 7 shows it)."""
        if not (self.human and not self.state.over and self.state.side not in self.human):
            return
        side = self.mode if self.mode in self.scn.side_order else None
        was = enemy_turn.before(self.state, side, self.seen()) if side else None
        while self.human and not self.state.over and self.state.side not in self.human:
            self._computer_move()
        if was is not None:
            self.version += 1  # what is seen changed: the memo of seen hexes must not be reused
            self.enemy_turn = enemy_turn.summarise(self.state, was, self.seen())

    def _computer_move(self) -> None:
        play_part(self.state, policy(self.difficulty))

    def _changed(self) -> None:
        """After any change of the state: new version, new units' full strength, game over, autosave."""
        self.version += 1
        for u in self.state.units.values():
            self.full.setdefault(u.id, max(1, u.men))
        if self.state.over and not self._end_shown:
            self._end_shown = True
            self.modal = "endgame"
        if self.autosave and self.state.turn != self._autosaved_turn and (self.my_turn() or self.mode == "watch"):
            self._autosaved_turn = self.state.turn
            try:
                saves_folder.write(self.state, saves_folder.AUTO, self.player())
            except OSError as exc:
                self.status = f"autosave failed: {exc}"

    def refresh(self) -> None:
        """Call after changing the state from outside the UI (tests)."""
        self._changed()
        self.select(self.selected if self.selected in self.state.units else None)

def render_screenshot(scn: Scenario, out: str, size: tuple[int, int], seed: int = 0, turn: int = 1) -> str:
    """Play the computer against itself up to ``turn``, draw the map view and save it as PNG."""
    pygame.display.init()
    pygame.font.init()
    state = new_game(scn, seed)
    while not state.over and state.turn < turn:
        play_part(state, policy())
    surf = pygame.Surface(size)
    ui = GameUI(scn, state, side="watch", view=size)
    ui.modal = None  # a screenshot shows the map, even of a finished game
    ui.draw(surf)
    pygame.image.save(surf, out)
    return out
