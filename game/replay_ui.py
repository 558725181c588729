"""Stepping through a replay in the game window (``august-storm replay FILE --watch``).

:class:`ReplayUI` is the game screen in 'watch' mode, except that the end-turn key (Enter,
Space or the panel's button) carries out the next side's recorded orders instead of letting
the computer choose: the replay goes on one side's part of a turn at a time, with the map, the
message log and every overlay of the game. An order the engine refuses (the replay does not
play out as recorded) stops the replay with the reason in the status line.
"""
from __future__ import annotations

import sys
from typing import Any

import pygame

from engine.replay import ReplayError, steps

from .app import GameUI


class ReplayUI(GameUI):
    """The game screen driven by a replay's orders (``doc`` from :func:`engine.replay.read_replay`)."""

    def __init__(self, doc: dict[str, Any], view: tuple[int, int] = (1280, 800), allow_changed: bool = False):
        self._steps = steps(doc, allow_changed)
        _, _, state = next(self._steps)
        self.total = len(doc["orders"])
        self.done = 0
        self._note = ""  # what the last step says, for the status line
        super().__init__(state.scenario, state, "watch", view, fog=False, autosave=False)
        self.status = f"Replay of {self.total} orders: Enter or Space plays the next side's part of the turn"

    def save_on_quit(self) -> bool:
        """A replay is not a game of the player's: quitting leaves the autosave alone."""
        return True

    def end_turn(self) -> None:
        """The end-turn key: the next side's part, then where the replay stands."""
        self._note = ""
        super().end_turn()
        if self._note:
            self.status = self._note

    def _computer_move(self) -> None:
        """The next side's recorded orders, up to and with its end of turn."""
        if self.done >= self.total:
            self._note = "End of the replay"
            return
        try:
            for i, order, _ in self._steps:
                self.done = i + 1
                if order.get("kind") == "end_turn":
                    break
        except ReplayError as exc:
            self.done = self.total
            self._note = f"The replay stops: {exc}"
            return
        self._note = f"Replay: {self.done} of {self.total} orders"


def run_replay(doc: dict[str, Any], allow_changed: bool = False) -> int:
    """Open the window on a replay and step through it until the player quits."""
    from .window import open_game_window, window_loop

    screen = open_game_window()
    try:
        ui = ReplayUI(doc, screen.get_size(), allow_changed)
    except ReplayError as exc:
        pygame.quit()
        print(exc, file=sys.stderr)
        return 1
    pygame.display.set_caption(f"August Storm: replay of {ui.scn.name}")
    return window_loop(ui.handle_event, lambda dt: ui.pan_held_keys(pygame.key.get_pressed(), dt), ui.draw)
