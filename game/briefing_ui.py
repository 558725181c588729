"""When the briefing shows: before each human side's first turn (in a game opened in the window)
and on key 9. A small helper of :class:`game.app.GameUI`, kept apart from its other parts; the screen
itself is :mod:`game.screens.briefing`.
"""
from __future__ import annotations

from typing import Any


def maybe_brief(ui: Any) -> None:
    """Open the briefing of the side to move if it is a player's first turn and it has not been
    shown yet (after the hot-seat hand-over, which comes first)."""
    st = ui.state
    if not getattr(ui, "briefings", False) or ui.modal is not None or not ui.my_turn() or st.turn != 1:
        return
    if st.side in ui.briefed or st.side not in ui.scn.briefings:
        return
    ui.briefed.add(st.side)
    open_briefing(ui, st.side)


def open_briefing(ui: Any, side: str | None = None) -> None:
    """Key 9: the briefing of ``side``, or of the side the player sees the war as."""
    if side is None:
        side = ui.viewer or (ui.state.side if ui.state.side in ui.human or not ui.human else sorted(ui.human)[0])
    ui.briefing_side, ui.briefing_scroll, ui.modal = side, 0, "briefing"
    if side not in ui.scn.briefings:
        ui.status = f"{ui.scn.name} has no briefing for {ui.scn.sides[side]['name']}"
