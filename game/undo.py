"""Undo for the player's moves: a stack of state snapshots with the rule that ends it.

A snapshot (``state.copy()``) is pushed before each move or dig-in. The stack is cleared, and
so undo refused, as soon as something the player could not take back happens: dice were rolled
(an attack, or any order that drew from the random generator), a move revealed an enemy unit
that was hidden before, or the turn ended. The UI asks :meth:`UndoStack.pop` for the previous
state and replaces its own; the engine never sees undo.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class UndoStack:
    snapshots: list[tuple[Any, str | None]] = field(default_factory=list)
    why_not: str = "nothing to undo"

    def push(self, snapshot: Any, selected: str | None) -> None:
        """Remember ``snapshot`` (a state copy taken before the order) and the selection then."""
        self.snapshots.append((snapshot, selected))

    def pop(self) -> tuple[Any, str | None] | None:
        """The latest snapshot and selection, or None (then ``why_not`` says why)."""
        if not self.snapshots:
            return None
        return self.snapshots.pop()

    def clear(self, why: str) -> None:
        """Forget every snapshot; ``why`` is what the player reads when trying to undo."""
        self.snapshots.clear()
        self.why_not = why

    def __len__(self) -> int:
        return len(self.snapshots)


def rng_fingerprint(state: Any) -> tuple:
    """Something that changes whenever the state's random generator was used."""
    st = state.rng.bit_generator.state
    return (st["state"]["state"], st["state"]["inc"], st["has_uint32"], st["uinteger"])
