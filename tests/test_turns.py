"""The turn loop, events, victory, serialisation and determinism."""
import datetime as dt
import json

import pytest
from conftest import put

from engine.orders import DigIn, EndTurn, Move, execute, order_from_dict, to_dict
from engine.policy import play_game
from engine.scenario import new_game
from engine.state import GameState
from engine.victory import score


def test_sides_move_in_the_scenarios_order_and_a_turn_is_a_day(lab):
    assert lab.side == "soviet" and lab.turn == 1 and lab.date == dt.date(1945, 8, 9)
    execute(lab, EndTurn())
    assert lab.side == "japanese" and lab.turn == 1
    execute(lab, EndTurn())
    assert lab.side == "soviet" and lab.turn == 2 and lab.date == dt.date(1945, 8, 10)


def test_a_scheduled_event_fires_on_its_turn_and_its_modifier_expires(lab):
    assert "mud" not in lab.fired
    execute(lab, EndTurn())
    execute(lab, EndTurn())
    assert "mud" in lab.fired
    assert any(m["event"] == "mud" for m in lab.modifiers)
    assert any(e["kind"] == "event" and e["source"] for e in lab.log)
    execute(lab, EndTurn())
    execute(lab, EndTurn())
    assert not any(m["event"] == "mud" for m in lab.modifiers)


def test_conditional_event_fires_when_its_condition_holds(border_scenario):
    state = new_game(border_scenario, seed=0)
    mud = border_scenario.map.places["mudanjiang"].hex
    assert "mudanjiang_falls" not in state.fired
    state.control[mud] = "soviet"
    execute(state, EndTurn())
    execute(state, EndTurn())
    assert "mudanjiang_falls" in state.fired
    assert state.vp_bonus["soviet"] == 2


def test_reinforcements_arrive_by_event(border_scenario):
    state = new_game(border_scenario, seed=0)
    for _ in range(4):
        execute(state, EndTurn())
    assert state.turn == 3 and "j_imb" in state.units


def test_digging_in_raises_entrenchment_once_a_turn(lab):
    assert execute(lab, DigIn("rifle")).ok
    assert lab.units["rifle"].entrenchment == 1
    assert not execute(lab, DigIn("rifle")).ok
    assert not execute(lab, Move("rifle", (2, 1))).ok  # its turn is spent


def test_capturing_a_place_records_the_date_and_scores(lab):
    put(lab, "jinf", (-4, 2))
    put(lab, "jinf2", (-3, 2))
    put(lab, "rifle", (-1, 0))
    assert score(lab, "soviet") == 0
    assert execute(lab, Move("rifle", (-2, 0))).ok
    assert lab.captures["westtown"] == "1945-08-09"
    assert score(lab, "soviet") == 5  # the place's victory points


def test_the_game_ends_after_the_last_turn_with_a_winner(lab):
    for _ in range(2 * lab.scenario.turns):
        execute(lab, EndTurn())
    assert lab.over and lab.winner == "japanese"  # the Soviets took nothing
    assert not execute(lab, EndTurn()).ok


def test_a_dated_objective_counts_only_if_held_on_its_date(lab):
    put(lab, "jinf", (-4, 2))
    put(lab, "jinf2", (-3, 2))
    put(lab, "rifle", (-1, 0))
    execute(lab, Move("rifle", (-2, 0)))
    for _ in range(4):
        execute(lab, EndTurn())  # through 10 August, the objective's date
    assert score(lab, "soviet") == 5 + 3


def test_state_round_trips_through_plain_data(lab):
    execute(lab, Move("rifle", (2, 1)))
    d = lab.to_dict()
    text = json.dumps(d)
    back = GameState.from_dict(lab.scenario, json.loads(text))
    assert back.state_hash() == lab.state_hash()
    assert back.rng.random() == lab.rng.random()


def test_a_corrupt_save_gives_a_reason_not_a_crash(lab):
    d = lab.to_dict()
    del d["units"]
    with pytest.raises(ValueError, match="malformed"):
        GameState.from_dict(lab.scenario, d)
    d = lab.to_dict()
    d["scenario"] = "other"
    with pytest.raises(ValueError, match="scenario"):
        GameState.from_dict(lab.scenario, d)


def test_orders_round_trip_through_plain_data():
    from engine.orders import Attack, RailMove

    for o in (Move("a", (1, 2)), Attack((0, 0), ("a", "b")), RailMove("x", (3, -1)), EndTurn()):
        assert order_from_dict(json.loads(json.dumps(to_dict(o)))) == o
    with pytest.raises(ValueError):
        order_from_dict({"kind": "teleport"})


def test_same_seed_and_orders_give_the_same_state_hash(border_scenario):
    a = play_game(new_game(border_scenario, seed=7))
    b = play_game(new_game(border_scenario, seed=7))
    assert a.state_hash() == b.state_hash()


def test_different_seeds_give_different_games(border_scenario):
    hashes = {play_game(new_game(border_scenario, seed=s)).state_hash() for s in range(4)}
    assert len(hashes) == 4


def test_a_baseline_game_plays_to_the_end(border_scenario):
    state = play_game(new_game(border_scenario, seed=1))
    assert state.over and state.winner in ("soviet", "japanese")
    assert state.turn == border_scenario.turns
    assert state.captures  # the Soviets take something


def test_a_unit_can_be_placed_by_latitude_and_longitude(tmp_path):
    import shutil

    from conftest import ROOT

    from engine.scenario import load_scenario

    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", tmp_path / "test_border")
    units = tmp_path / "test_border" / "units.yaml"
    units.write_text(units.read_text().replace("at: voroshilov, men: 13000", "lat: 43.80, lon: 131.95, men: 13000"))
    scn = load_scenario(tmp_path / "test_border")
    mech = next(u for u in scn.initial_units if u.id == "s_10mc")
    assert mech.hex == scn.map.places["voroshilov"].hex
