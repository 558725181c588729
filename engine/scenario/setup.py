"""Starting a game from a loaded scenario: its units made from their entries, the first turn begun."""
from __future__ import annotations

import numpy as np

from ..state import GameState, new_losses
from ..turn import begin_turn
from ..units import Unit
from .model import Scenario


def new_game(scn: Scenario, seed: int = 0) -> GameState:
    """A fresh game on ``scn`` with the random generator seeded by ``seed``; turn 1 begins."""
    state = GameState(
        scenario=scn, seed=int(seed), rng=np.random.Generator(np.random.PCG64(int(seed))), turn=1,
        date=scn.start_date, active=0, units={u.id: Unit.from_dict(u.to_dict()) for u in scn.initial_units},
        control=dict(scn.initial_control), losses={s: new_losses() for s in scn.side_order},
        used={}, vp_bonus={s: 0 for s in scn.side_order},
    )
    begin_turn(state)
    return state

