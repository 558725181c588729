"""The window and what it shows: the start screen (with its load list), then the game.

:class:`Shell` switches between the :class:`~game.screens.start.StartScreen` and a
:class:`~game.app.GameUI`; it takes pygame events and draws, so tests drive it headless just
like the game. :func:`run_game` opens the window and runs the loop.
"""
from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pygame

from engine.scenario import load_scenario, new_game
from engine.yamlio import ScenarioLoadError

from . import saves_folder
from .app import GameUI, WindowUnavailable, window_surface
from .held_keys import HeldKeys
from .render import BACKGROUND, PAPER, font
from .screens.loadlist import LoadList
from .screens.start import GameConfig, StartScreen, find_scenarios
from .theme import theme

WINDOW = (1280, 800)
MIN_WINDOW = (1024, 640)  # the smallest window whose panel, help and result screens are laid out to fit
FPS = 60


def start_game(config: GameConfig, view: tuple[int, int], autosave: bool = True) -> GameUI | str:
    """A new game as ``config`` says, or the reason it cannot start."""
    try:
        scn = load_scenario(config.scenario, config.variants)
    except ScenarioLoadError as exc:
        return str(exc)
    side = config.side if config.side in list(scn.side_order) + ["both", "watch"] else scn.side_order[0]
    return GameUI(scn, new_game(scn, config.seed), side, view, difficulty=config.difficulty, fog=config.fog,
                  autosave=autosave, briefings=True)


def resume_game(path: str | Path, config: GameConfig, view: tuple[int, int], autosave: bool = True) -> GameUI | str:
    """A saved game, played as it was saved (side, fog, difficulty); a save that does not say
    takes the start screen's choices. Returns the game or the reason it cannot load."""
    try:
        state = saves_folder.read(path)
    except saves_folder.SaveError as exc:
        return str(exc)
    scn = state.scenario
    player = saves_folder.player_of(path)
    modes = list(scn.side_order) + ["both", "watch"]
    side = next((s for s in (player.get("side"), config.side) if s in modes), "watch")
    return GameUI(scn, state, side, view, difficulty=player.get("difficulty", config.difficulty),
                  fog=player.get("fog", config.fog), autosave=autosave, briefings=True)


class Shell:
    """The start screen until a game starts, then the game."""

    def __init__(self, view: tuple[int, int], start: StartScreen | None = None, game: GameUI | None = None,
                 autosave: bool = True) -> None:
        self.view, self.start, self.game, self.autosave = view, start, game, autosave
        self.loads: LoadList | None = None

    def handle_event(self, e: pygame.event.Event) -> bool:
        """React to one event; False means quit."""
        if self.game is not None:
            return self.game.handle_event(e)
        if e.type == pygame.QUIT:
            return False
        assert self.start is not None  # a shell without a game has its start screen
        if self.loads is not None:
            choice = None
            if e.type == pygame.KEYDOWN:
                choice = self.loads.handle_key(e.key)
            elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
                choice = self.loads.click(e.pos)
            if choice == "close":
                self.loads = None
            elif choice is not None:
                self.loads = None
                self._begin(resume_game(choice, self.start.config(), self.view, self.autosave))
            return True
        what = self.start.handle_event(e)
        if what == "quit":
            return False
        if what == "load":
            self.loads = LoadList(saves_folder.list_saves())
        elif what == "start":
            self._loading()
            self._begin(start_game(self.start.config(), self.view, self.autosave))
        return True

    def _begin(self, result: GameUI | str) -> None:
        if isinstance(result, str):
            assert self.start is not None  # only the start screen begins games
            self.start.error = result
        else:
            self.game = result

    def _loading(self) -> None:
        """Show 'Loading...' at once: a big scenario takes a moment to load."""
        surf = pygame.display.get_surface()
        if surf is not None and self.start is not None:
            surf.fill(BACKGROUND)
            t = font(40).render(f"Loading {self.start.scenario.name}...", True, PAPER)
            surf.blit(t, t.get_rect(center=(surf.get_width() // 2, surf.get_height() // 2)))
            pygame.display.flip()

    def update(self, dt: float) -> None:
        """Per-frame work besides events: smooth panning with held keys."""
        if self.game is not None:
            self.game.pan_held_keys(pygame.key.get_pressed(), dt)

    def draw(self, surf: pygame.Surface) -> None:
        """Draw the start screen (with its load list) or the game."""
        self.view = surf.get_size()
        if self.game is not None:
            self.game.draw(surf)
        elif self.start is not None:
            self.start.draw(surf)
            if self.loads is not None:
                self.loads.draw(surf)


def set_icon() -> None:
    """The theme's icon for the window (set before the window opens, as some systems need)."""
    pygame.display.set_icon(pygame.image.load(theme().icon))


def open_window() -> pygame.Surface:
    """The resizable game window, which cannot be made smaller than :data:`MIN_WINDOW`."""
    set_icon()
    screen = pygame.display.set_mode(WINDOW, pygame.RESIZABLE)
    with warnings.catch_warnings():  # pygame-ce warns that from_display_module will go; it is still the way
        warnings.simplefilter("ignore", DeprecationWarning)
        pygame.Window.from_display_module().minimum_size = MIN_WINDOW
    return screen


def open_game_window() -> pygame.Surface:
    """Start pygame's display and fonts and open the game window (held keys repeat); raises
    WindowUnavailable, with pygame's reason, where no window can open."""
    pygame.display.init()  # not pygame.init(): the game has no sound, and audio probing only adds noise
    pygame.font.init()
    try:
        screen = open_window()
    except pygame.error as exc:
        pygame.quit()
        raise WindowUnavailable(f"pygame could not open a window ({exc})") from None
    pygame.key.set_repeat(300, 60)  # held cursor keys step on (the others: game.held_keys)
    return screen


def window_loop(handle: Callable[[pygame.event.Event], bool], update: Callable[[float], None],
                draw: Callable[[pygame.Surface], None]) -> int:
    """Run the window until ``handle`` returns False for an event: each frame the events, then
    ``update`` with the seconds since the last frame, then ``draw``. Closes pygame; returns 0."""
    clock, running, held = pygame.time.Clock(), True, HeldKeys()
    while running:
        dt = clock.tick(FPS) / 1000
        for e in pygame.event.get():
            if held.passes(e):
                running = handle(e) and running
        update(dt)
        draw(window_surface())
        pygame.display.flip()
    pygame.quit()
    return 0


def run_game(scenario_ref: str, seed: int = 0, side: str | None = "soviet", variants: tuple[str, ...] = (),
             fog: bool = True, start_screen: bool = False) -> int:
    """Open the window and play until the player quits; returns the exit code.

    With ``start_screen`` the window opens on the start screen (the other arguments are its
    initial choices); otherwise the game starts at once on ``scenario_ref`` as ``side``.
    """
    assert getattr(pygame, "IS_CE", False), "August Storm needs pygame-ce, not the 'pygame' distribution"
    scn = None
    if not start_screen:
        try:
            scn = load_scenario(scenario_ref, variants)
        except ScenarioLoadError as exc:
            print(exc, file=sys.stderr)
            return 1
        modes = list(scn.side_order) + ["both", "watch"]
        if (side or "soviet") not in modes:
            print(f"--side must be one of {', '.join(modes)}, not {side!r}", file=sys.stderr)
            return 2
    screen = open_game_window()
    pygame.display.set_caption("August Storm" + (f": {scn.name}" if scn else ""))
    if scn is None:
        config = GameConfig(scenario_ref, side or "soviet", seed, fog, tuple(variants))
        skipped: list[str] = []
        start = StartScreen(find_scenarios(scenario_ref, skipped), config)
        start.error = "\n".join(skipped)  # scenario folders left out of the list, and why
        shell = Shell(screen.get_size(), start=start)
    else:
        shell = Shell(screen.get_size(), game=GameUI(scn, new_game(scn, seed), side or "soviet", screen.get_size(),
                                                    fog=fog, autosave=True, briefings=True))
    return window_loop(shell.handle_event, shell.update, shell.draw)
