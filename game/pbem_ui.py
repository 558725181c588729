"""Play by e-mail in the window (``august-storm pbem play TURN_FILE --out NEXT``) and its commands.

:class:`PbemUI` is the game screen for the side a checked turn file (:mod:`engine.pbem`) is
addressed to, always under fog of war: the player gives their orders, and ending the turn writes
the next turn file instead of letting the computer play the other side; the screen then shows
only that the file was written (the other side's view is never drawn). The last link sent is
kept in the data folder (``pbem/<game>.txt``) so the answer can be checked against it.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pygame

from engine.orders import EndTurn, execute
from engine.pbem import TurnFileError, last_link, read_turn, write_turn

from .app import GameUI
from .saves_folder import data_dir


def sent_path(game: str, side: str) -> Path:
    """Where this machine keeps the last link it sent as ``side`` in ``game``."""
    return data_dir() / "pbem" / f"{game}-{side}.txt"


def remembered_link(path: str) -> tuple[Any, str, str | None]:
    """The game of a turn file, its name and the last link this machine sent in it as the side
    to move, if any (the file is checked against that link)."""
    state, game = read_turn(path)
    mine = sent_path(game, state.side)
    sent = mine.read_text().strip() if mine.is_file() else None
    if sent is not None:
        state, game = read_turn(path, sent)
    return state, game, sent


class PbemUI(GameUI):
    """The game screen of one side of a game by e-mail; ending the turn writes ``out``."""

    def __init__(self, state: Any, game: str, out: str, view: tuple[int, int] = (1280, 800)) -> None:
        self.game, self.out, self.sent = game, out, ""
        super().__init__(state.scenario, state, state.side, view, fog=True, autosave=False)
        self.carry_out_standing()  # the player's AI commanders act at the start of the day, as in a game
        self.status = f"Play by e-mail: your turn as {self.scn.sides[state.side]['name']}; Enter writes {out}"

    def save_on_quit(self) -> bool:
        return True  # the turn file is the game: nothing to autosave

    def end_turn(self) -> None:
        if self.sent or not self.my_turn():
            return
        side = self.state.side
        execute(self.state, EndTurn())
        path = write_turn(self.state, self.out, self.game)
        mine = sent_path(self.game, side)
        mine.parent.mkdir(parents=True, exist_ok=True)
        mine.write_text(last_link(self.state) + "\n")
        self.sent = f"Turn file written to {path}: send it to your opponent. Q quits."
        self.status = self.sent

    def draw(self, surf: pygame.Surface) -> None:
        if not self.sent:
            super().draw(surf)
            return
        from .render import BACKGROUND, HIGHLIGHT, PAPER, font

        surf.fill(BACKGROUND)  # nothing of the map: the other side is on the move now
        w, h = surf.get_size()
        for i, (line, px, colour) in enumerate((("Your turn is done", 40, HIGHLIGHT), (self.sent, 20, PAPER))):
            img = font(px).render(line, True, colour)
            surf.blit(img, img.get_rect(center=(w // 2, h // 2 - 30 + 50 * i)))


def run_pbem(path: str, out: str) -> int:
    """Check a turn file, open the window for its side, and write ``out`` when the turn ends."""
    from .window import open_game_window, window_loop

    try:
        state, game, _ = remembered_link(path)
    except TurnFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    screen = open_game_window()
    ui = PbemUI(state, game, out, screen.get_size())
    pygame.display.set_caption(f"August Storm by e-mail: {ui.scn.name}")

    def handle(e: pygame.event.Event) -> bool:
        if ui.sent and e.type == pygame.KEYDOWN:  # the turn is sent: only a key to close the window
            return e.key not in (pygame.K_q, pygame.K_ESCAPE)
        return ui.handle_event(e)

    return window_loop(handle, lambda dt: ui.pan_held_keys(pygame.key.get_pressed(), dt), ui.draw)
