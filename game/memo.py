"""What the screen derives from the game, kept until the game or the view changes.

Each entry has a name and the key it was worked out for (the game's version, the viewer, ...):
asked again with the same key it is handed back, with another key it is worked out afresh.
The renderer and the game screen share one, owned by :class:`game.app.GameUI` as ``ui.memo``.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ViewMemo:
    """One remembered value per name, for the key it was made for."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Hashable, Any]] = {}

    def get(self, name: str, key: Hashable, make: Callable[[], T]) -> T:
        """The value remembered under ``name`` if it was made for ``key``, else ``make()``'s."""
        hit = self._entries.get(name)
        if hit is None or hit[0] != key:
            hit = (key, make())
            self._entries[name] = hit
        return hit[1]

    def clear(self) -> None:
        self._entries.clear()
