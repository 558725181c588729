"""The operational AI: plays through orders only, judges better than the baseline, follows hints."""
import importlib
import pkgutil

import pytest
from conftest import LAB, put

import engine.ai
from engine.ai import DIFFICULTIES, play_side, policy
from engine.hexes import distance
from engine.orders import execute
from engine.policy import play_game
from engine.scenario import load_scenario, new_game
from engine.victory import scores


def test_the_ai_changes_the_game_only_through_orders(border_scenario, monkeypatch):
    """Replaying the orders the AI gave reproduces its game exactly."""
    given = []

    def recording_execute(state, order):
        given.append(order)
        return execute(state, order)

    for m in pkgutil.iter_modules(engine.ai.__path__):  # every AI module that gives orders
        mod = importlib.import_module(f"engine.ai.{m.name}")
        if hasattr(mod, "execute"):
            monkeypatch.setattr(mod, "execute", recording_execute)
    state = new_game(border_scenario, seed=5)
    for _ in range(6):  # three turns, both sides
        play_side(state)
    replay = new_game(border_scenario, seed=5)
    for order in given:
        execute(replay, order)
    assert replay.state_hash() == state.state_hash()
    assert any(type(o).__name__ == "Attack" for o in given)


def test_the_ai_is_deterministic(border_scenario):
    a = play_game(new_game(border_scenario, 3), {s: policy() for s in border_scenario.side_order})
    b = play_game(new_game(border_scenario, 3), {s: policy() for s in border_scenario.side_order})
    assert a.state_hash() == b.state_hash()


def _soviet_points(scn, pols, seeds):
    return sum(scores(play_game(new_game(scn, s), dict(pols)))["soviet"] for s in seeds)


def test_the_ai_attacks_better_than_the_baseline(border_scenario):
    seeds = range(8)
    assert _soviet_points(border_scenario, {"soviet": policy()}, seeds) > _soviet_points(border_scenario, {}, seeds)


def test_the_ai_defends_better_than_the_baseline(border_scenario):
    """Against the baseline attacker, the AI defender concedes fewer points than the baseline."""
    seeds = range(12)
    assert _soviet_points(border_scenario, {"japanese": policy()}, seeds) < _soviet_points(border_scenario, {}, seeds)


def test_difficulty_changes_judgement_not_the_dice(border_scenario):
    easy = play_game(new_game(border_scenario, 2), {"soviet": policy("easy")})
    hard = play_game(new_game(border_scenario, 2), {"soviet": policy("hard")})
    assert easy.seed == hard.seed and easy.state_hash() != hard.state_hash()
    assert DIFFICULTIES["hard"].want_odds > DIFFICULTIES["easy"].want_odds
    with pytest.raises(ValueError, match="unknown difficulty"):
        play_side(new_game(border_scenario, 0), "impossible")


def test_the_ai_flies_fuel_to_a_dry_tank_corps_near_an_airfield(lab):
    put(lab, "tank", (3, 0), fuel=0.0)
    play_side(lab)
    assert lab.units["tank"].fuel > 0
    assert any(e["kind"] == "air_supply" for e in lab.log)


def test_a_defender_told_to_fall_back_heads_for_its_fallback_place():
    scn = load_scenario(LAB, ("fall_back",))
    state = new_game(scn, 1)
    put(state, "jinf2", (1, 2))
    goal = scn.map.places["westtown"].hex
    before = distance(state.units["jinf2"].hex, goal)
    play_side(state)  # Soviet part
    play_side(state)  # Japanese part: falls back
    assert distance(state.units["jinf2"].hex, goal) < before


def test_an_attacking_ai_advances_on_its_objectives(border_scenario):
    state = play_game(new_game(border_scenario, 1), {s: policy() for s in border_scenario.side_order}, max_turns=3)
    assert state.captures  # the Soviets have taken something by the third day
