"""Saving and loading: a game survives a round trip; a broken save gives a reason, not a crash."""
import json

import pytest

from engine.orders import Move, execute
from engine.saves import SaveError, load_game, save_game


def test_a_saved_game_loads_to_the_same_state(lab, tmp_path):
    execute(lab, Move("rifle", (2, 1)))
    path = save_game(lab, tmp_path / "saves" / "game.json")
    back = load_game(path)
    assert back.state_hash() == lab.state_hash()
    assert back.rng.random() == lab.rng.random()  # the dice go on the same way


def test_a_save_from_before_desertion_was_counted_loads_with_none_deserted(lab, tmp_path):
    path = save_game(lab, tmp_path / "old.json")
    d = json.loads(path.read_text())
    for side in d["state"]["losses"].values():
        del side["deserted"]
    path.write_text(json.dumps(d))
    assert all(v["deserted"] == 0 for v in load_game(path).losses.values())


@pytest.mark.parametrize("content, reason", [
    ("{not json", r"bad\.json:1: broken JSON"),
    ('{"format": "something else"}', "not an August Storm save"),
    ('[1, 2, 3]', "not an August Storm save"),
])
def test_a_broken_save_file_is_refused_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SaveError, match=reason):
        load_game(path)


def test_a_save_with_damaged_state_is_refused(lab, tmp_path):
    path = save_game(lab, tmp_path / "g.json")
    doc = json.loads(path.read_text())
    doc["state"]["units"][0]["hex"] = [99, 99]
    path.write_text(json.dumps(doc))
    with pytest.raises(SaveError, match="off the map"):
        load_game(path)


def test_a_missing_save_is_named(tmp_path):
    with pytest.raises(SaveError, match="no such save file"):
        load_game(tmp_path / "nothing.json")
