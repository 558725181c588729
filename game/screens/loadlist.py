"""The load list: saved games, newest first; Up/Down and Enter or a click picks one."""
from __future__ import annotations

from pathlib import Path

import pygame

from ..render import HIGHLIGHT, INK, PAPER
from ..saves_folder import SaveInfo, saves_dir
from . import MUTED, box, dim, text

ROW_H = 44  # two lines: what the save holds, then its file and time


class LoadList:
    """The choice among ``entries``; ``handle_key``/``click`` return a path to load, "close" or None."""

    def __init__(self, entries: list[SaveInfo]) -> None:
        self.entries = entries
        self.index = 0
        self._rows: list[tuple[int, pygame.Rect]] = []

    def handle_key(self, key: int) -> Path | str | None:
        if key == pygame.K_ESCAPE or key == pygame.K_l:
            return "close"
        if not self.entries:
            return "close" if key in (pygame.K_RETURN, pygame.K_KP_ENTER) else None
        if key in (pygame.K_UP, pygame.K_w, pygame.K_k):
            self.index = (self.index - 1) % len(self.entries)
        elif key in (pygame.K_DOWN, pygame.K_s, pygame.K_j):
            self.index = (self.index + 1) % len(self.entries)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.entries[self.index].path
        return None

    def click(self, pos: tuple[int, int]) -> Path | str | None:
        for i, r in self._rows:
            if r.collidepoint(pos):
                self.index = i
                return self.entries[i].path
        return "close"

    def draw(self, surf: pygame.Surface) -> None:
        dim(surf)
        r = box(surf, 820, 560, "Load a saved game")
        text(surf, f"from {saves_dir()}", (r.x + 20, r.y + 50), MUTED, 16)
        y = r.y + 76
        self._rows = []
        if not self.entries:
            text(surf, "No saved games yet (F5 saves; the game also saves itself each turn).", (r.x + 20, y), PAPER)
        room = max(1, (r.bottom - 50 - y) // ROW_H)
        first = max(0, min(self.index - room + 1, len(self.entries) - room))
        for i, e in enumerate(self.entries[first:first + room], start=first):
            row = pygame.Rect(r.x + 14, y, r.w - 28, ROW_H - 2)
            chosen = i == self.index
            if chosen:
                pygame.draw.rect(surf, HIGHLIGHT, row, border_radius=3)
            ink = INK if chosen else (PAPER if e.ok else (255, 140, 130))
            text(surf, e.summary, (row.x + 6, row.y + 3), ink, 19)
            text(surf, f"{e.path.name}   saved {e.modified:%d %b %H:%M}", (row.x + 6, row.y + 22),
                 ink if chosen else MUTED, 16)
            self._rows.append((i, row))
            y += ROW_H
        text(surf, "Up/Down: choose   Enter or click: load   Esc: back", (r.x + 20, r.bottom - 30), MUTED, 18)
