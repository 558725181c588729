"""A short soak: computer against computer on test_border, the engine's invariants checked after
every side's part of every turn (stacking, no enemies sharing a hex, values in range, men
accounted for, the state surviving its own save checks)."""
import pytest

from engine.ai import play_side
from engine.policy import baseline_orders
from engine.scenario import new_game
from engine.state import GameState


def men_in_play(state):
    """Men of each side on the map plus every man the books say it lost."""
    out = {}
    for side in state.scenario.side_order:
        book = state.losses[side]
        out[side] = (sum(u.men for u in state.units_of(side)) + book["men"] + book["captured"]
                     + book["deserted"])
    return out


def arrived(state):
    """Men each side received from reinforcement events fired so far."""
    out = {s: 0 for s in state.scenario.side_order}
    for ev in state.scenario.events:
        if ev["id"] in state.fired:
            for eff in ev["effects"]:
                for entry in eff.get("reinforce") or []:
                    out[entry["side"]] += entry["men"]
    return out


def check_invariants(state, start_men):
    scn, rules = state.scenario, state.scenario.rules
    stack, sides_at = {}, {}
    for u in state.units.values():
        assert u.hex in scn.graph, f"{u.id} off the map"
        assert rules.terrain[scn.graph.nodes[u.hex]["terrain"]].passable, f"{u.id} on impassable ground"
        assert u.men >= 0 and u.tanks >= 0 and u.guns >= 0, f"{u.id} has negative strength"
        assert 0.0 <= u.readiness <= 1.0 and u.fuel >= 0.0
        assert 0 <= u.entrenchment <= rules.combat.max_entrenchment
        stack[u.hex] = stack.get(u.hex, 0.0) + rules.unit_types[u.type].stack
        sides_at.setdefault(u.hex, set()).add(u.side)
    over = {h: s for h, s in stack.items() if s > rules.stacking_limit + 1e-9}
    assert not over, f"turn {state.turn}: stacking limit broken at {over}"
    shared = [h for h, sides in sides_at.items() if len(sides) > 1]
    assert not shared, f"turn {state.turn}: enemies share hexes {shared}"
    got, came = men_in_play(state), arrived(state)
    assert all(got[s] == start_men[s] + came[s] for s in got), f"turn {state.turn}: men do not add up"
    assert GameState.from_dict(scn, state.to_dict()).state_hash() == state.state_hash()


@pytest.mark.parametrize("seed, difficulty, baseline_side", [(11, "hard", None), (12, "normal", "japanese"),
                                                            (13, "easy", "soviet")])
def test_computer_games_keep_the_invariants_after_every_side_turn(border_scenario, seed, difficulty, baseline_side):
    state = new_game(border_scenario, seed)
    start_men = men_in_play(state)
    sides_played = 0
    while not state.over:
        if state.side == baseline_side:
            baseline_orders(state)
        else:
            play_side(state, difficulty)
        sides_played += 1
        check_invariants(state, start_men)
    assert sides_played >= 2 * min(state.turn, border_scenario.turns) - 1
