"""Replays: a game is its scenario, seed and orders, so a recorded game plays out again to the
same state, hash for hash; a replay that does not is reported with the order where it parts."""
import json
import shutil

import pytest
from conftest import ROOT

from engine.ai import play_side
from engine.orders import CarryOut, Command, EndTurn, Move, execute
from engine.replay import ReplayError, read_replay, replay, write_replay
from engine.saves import load_game, save_game
from engine.scenario import load_scenario, new_game


def computer_game(scn, seed, turns, difficulty="normal", sides=10 ** 6):
    """The computer plays both sides up to the end of ``turns`` (or for ``sides`` side-turns)."""
    state = new_game(scn, seed)
    while not state.over and state.turn <= turns and sides > 0:
        play_side(state, difficulty)
        sides -= 1
    return state


# the whole small game; the historical one's first side-turn (150 units) keeps the suite quick
@pytest.mark.parametrize("scenario, turns, sides", [("test_border", 99, 10 ** 6), ("august_storm_1945", 1, 1)])
def test_a_recorded_game_of_each_scenario_replays_to_the_same_hash(tmp_path, scenario, turns, sides):
    state = computer_game(load_scenario(scenario), 5, turns, "hard", sides)
    path = write_replay(state, tmp_path / "game.replay.json")
    again = replay(read_replay(path))  # a fresh scenario load, a fresh game, the same orders
    assert again.state_hash() == state.state_hash()
    assert len(state.orders) > 10 and again.orders == state.orders


def test_the_orders_a_standing_order_gives_are_replayed_by_the_standing_order(border_scenario, tmp_path):
    state = new_game(border_scenario, 2)
    for order in (Command("5a", "attack", ("dongning", "muling")), CarryOut("5a"), EndTurn(), EndTurn(),
                  CarryOut("5a")):
        assert execute(state, order).ok
    assert [o["kind"] for o in state.orders] == ["command", "carry_out", "end_turn", "end_turn", "carry_out"]
    assert replay(read_replay(write_replay(state, tmp_path / "r.json"))).state_hash() == state.state_hash()


def test_a_refused_order_does_not_join_the_log(border_scenario):
    state = new_game(border_scenario, 0)
    assert not execute(state, Move("s_72rc", (99, 99))).ok
    assert state.orders == []


def test_a_saved_game_keeps_its_order_log_and_replays_from_the_save(border_scenario, tmp_path):
    state = computer_game(border_scenario, 8, 2)
    path = save_game(state, tmp_path / "g.json")
    loaded = load_game(path)
    assert loaded.orders == state.orders
    play_side(loaded)
    assert len(loaded.orders) > len(state.orders)
    assert replay(read_replay(path)).state_hash() == state.state_hash()


def test_an_undo_snapshot_keeps_the_order_log(border_scenario):
    state = computer_game(border_scenario, 9, 1)
    snap = state.copy()
    assert snap.orders == state.orders and snap.orders is not state.orders


def test_a_tampered_order_is_reported_where_the_replay_parts(border_scenario, tmp_path):
    path = write_replay(computer_game(border_scenario, 3, 2), tmp_path / "r.json")
    doc = json.loads(path.read_text())
    i = next(i for i, o in enumerate(doc["orders"]) if o["kind"] == "move")
    doc["orders"][i]["to"] = [99, 99]
    path.write_text(json.dumps(doc))
    with pytest.raises(ReplayError, match=rf"order {i + 1} .* was refused on turn 1: .*not a hex on the map"):
        replay(read_replay(path))


def test_a_different_seed_does_not_reach_the_recorded_state(border_scenario, tmp_path):
    path = write_replay(computer_game(border_scenario, 3, 1), tmp_path / "r.json")
    doc = json.loads(path.read_text())
    doc["orders"] = [o for o in doc["orders"] if o["kind"] == "end_turn"]  # legal whatever the dice
    path.write_text(json.dumps(doc))
    with pytest.raises(ReplayError, match="did not play out the same"):
        replay(read_replay(path))


def test_a_replay_of_a_changed_scenario_is_refused_unless_allowed(tmp_path):
    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", tmp_path / "test_border")
    state = computer_game(load_scenario(tmp_path / "test_border"), 4, 1)
    path = write_replay(state, tmp_path / "r.json")
    (tmp_path / "test_border" / "map.yaml").write_text((tmp_path / "test_border" / "map.yaml").read_text() + "\n#\n")
    with pytest.raises(ReplayError, match=r"has changed since this game was recorded \(map.yaml\)"):
        replay(read_replay(path))
    assert replay(read_replay(path), allow_changed=True).state_hash() == state.state_hash()


@pytest.mark.parametrize("content, reason", [
    ("[1]", "neither an August Storm replay nor a save"),
    ('{"format": "august-storm-replay", "format_version": 1, "scenario": "test_border", "seed": -1, "orders": []}',
     "'seed' must be a whole number from 0"),
    ('{"format": "august-storm-replay", "format_version": 1, "scenario": "test_border", "seed": 1, "orders": {}}',
     "'orders' must be a list"),
    ('{"format": "august-storm-replay", "format_version": 1, "scenario": "test_border", "seed": 1, '
     '"orders": [{"kind": "launch_missiles"}]}', "order 1 .* is malformed"),
])
def test_a_broken_replay_file_is_refused_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "r.json"
    path.write_text(content)
    with pytest.raises(ReplayError, match=reason):
        replay(read_replay(path), allow_changed=True)


def test_the_replay_command_checks_a_recorded_game(tmp_path, capsys):
    from game.cli import main

    assert main(["headless", "--scenario", "test_border", "--seed", "6", "--turns", "2",
                 "--record", str(tmp_path / "r.json")]) == 0
    assert main(["replay", str(tmp_path / "r.json"), "--each-turn"]) == 0
    out = capsys.readouterr().out
    assert "turn 2 (1945-08-10): " in out and ", the recorded state" in out
    doc = json.loads((tmp_path / "r.json").read_text())
    doc["seed"] = 7
    (tmp_path / "r.json").write_text(json.dumps(doc))
    assert main(["replay", str(tmp_path / "r.json")]) == 1
    assert "play out" in capsys.readouterr().err


def test_the_window_steps_through_a_replay_one_side_at_a_time(border_scenario, tmp_path):
    import pygame

    from game.replay_ui import ReplayUI

    state = computer_game(border_scenario, 10, 3)
    doc = read_replay(write_replay(state, tmp_path / "r.json"))
    pygame.display.init()
    pygame.font.init()
    ui = ReplayUI(doc, (1024, 700))
    assert ui.state.turn == 1 and ui.state.active == 0
    ui.end_turn()  # the end-turn key: the Soviet side's recorded orders
    assert ui.state.turn == 1 and ui.state.active == 1
    ui.draw(pygame.Surface((1024, 700)))
    while ui.done < ui.total:
        ui.end_turn()
    assert ui.state.state_hash() == state.state_hash()
    ui.end_turn()
    assert ui.status == "End of the replay"
