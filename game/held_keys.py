"""Which presses of a held key count.

pygame repeats a held key (``set_repeat``), and it keeps repeating while the program is busy and
cannot see the key come up: a day's computer turn, a scenario loading. The keys that step on
(the hex cursor, zoom, scrolling, choosing in a list) should repeat; the others must not: a
held Enter ended a week of the campaign, one day for each repeat. :class:`HeldKeys` drops the
repeats of those keys before the screens see them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pygame

K = pygame
# the keys whose action is a step that a held key should repeat (game/keys.py, the start screen,
# the lists and the text screens)
REPEATING = frozenset({
    K.K_u, K.K_i, K.K_h, K.K_k, K.K_n, K.K_m,  # the hex cursor
    K.K_UP, K.K_DOWN, K.K_LEFT, K.K_RIGHT, K.K_PAGEUP, K.K_PAGEDOWN,  # panning, lists, scrolling
    K.K_PLUS, K.K_MINUS, K.K_EQUALS, K.K_KP_PLUS, K.K_KP_MINUS,  # zoom
})
# after these the window may have missed a key coming up: start afresh
_RESET = frozenset({pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED, pygame.WINDOWENTER})


@dataclass
class HeldKeys:
    """The keys seen going down and not yet up."""

    down: set[int] = field(default_factory=set)

    def passes(self, e: pygame.event.Event) -> bool:
        """Whether ``e`` reaches the screens: every event but a repeated press of a key that
        does not step on."""
        if e.type == pygame.KEYDOWN:
            if e.key in self.down and e.key not in REPEATING:
                return False
            self.down.add(e.key)
        elif e.type == pygame.KEYUP:
            self.down.discard(e.key)
        elif e.type in _RESET:
            self.down.clear()
        return True
