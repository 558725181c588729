"""The operational AI: plays one side's part of a turn through the orders API only.

Each turn it reads the scenario's hints for its side (posture, objectives with priorities and
dates, axes of advance by formation or unit, withdrawals, places to fall back on) and judges
the position itself, in this order:
- air lifts (:mod:`.airlift`): fuel and ammunition to the strongest stalled units;
- landings (:mod:`.landings`): airborne and seaborne forces where they can be relieved;
- attacks (:mod:`.attacks`): every enemy hex weighed with the engine's own outcome effects,
  the best attack first; fortresses are besieged by the few units containing them;
- forward detachments (:mod:`.detachments`): a corps stalled for fuel beyond supply sends a
  fully fuelled part of itself ahead; a detachment standing dry in its corps' hex rejoins it;
- movement (:mod:`.moves`, :mod:`.axes`, :mod:`.encircle`): every other unit towards its axis
  or the goal cheapest to reach, minding supply, fuel and the enemy's threat, and closing the
  ways out of enemy units;
- field depots (:mod:`.depots`): each follows its army's troops as far as the convoys reach it;
- a defender (:mod:`.defence`) holds its line, garrisons objectives, carries out the hints'
  withdrawals and fallback, and digs in.
What it knows at the start of the turn is in :mod:`.context`; difficulty levels in
:mod:`.judgement`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..orders import EndTurn, execute
from .airlift import fly_fuel
from .attacks import make_attacks
from .context import make_context
from .defence import dig_in_rest
from .depots import move_depots
from .detachments import rejoin_detachments, send_detachments
from .judgement import DIFFICULTIES
from .landings import make_landings
from .moves import move_units

if TYPE_CHECKING:
    from ..state import GameState


def play_side(state: GameState, difficulty: str = "normal") -> None:
    """Play the active side's whole part of the turn, ending with EndTurn."""
    if state.over:
        return
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty '{difficulty}': one of {', '.join(DIFFICULTIES)}")
    ctx = make_context(state, difficulty)
    fly_fuel(ctx)
    make_landings(ctx)
    make_attacks(ctx)
    rejoin_detachments(ctx)
    send_detachments(ctx)
    move_units(ctx)
    move_depots(ctx)
    ctx.changed()
    make_attacks(ctx)
    dig_in_rest(ctx)
    if not state.over:
        execute(state, EndTurn())


def policy(difficulty: str = "normal") -> Callable[[GameState], None]:
    """A policy function for :func:`engine.policy.play_game`."""
    def _play(state: GameState) -> None:
        play_side(state, difficulty)
    _play.__name__ = f"ai_{difficulty}"
    return _play
