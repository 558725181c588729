"""The documented course of the war and the comparison of a game with it."""
import shutil

import pytest
from conftest import LAB, ROOT

from engine.history import compare_captures
from engine.scenario import load_scenario
from engine.yamlio import ScenarioLoadError


def test_the_history_file_is_loaded_with_the_scenario(lab_scenario):
    h = lab_scenario.history
    assert h is not None and len(h.captures) == 2
    assert h.first_dates()["westtown"].isoformat() == "1945-08-09"  # reached before taken
    assert h.losses["soviet"]["killed"] == 100


def test_a_game_is_compared_with_history_date_by_date(lab_scenario):
    rows = compare_captures(lab_scenario.history, {"westtown": "1945-08-12"})
    assert rows == [{"place": "westtown", "event": "reached", "documented": "1945-08-09", "game": "1945-08-12",
                     "days_late": 3}]
    assert compare_captures(lab_scenario.history, {})[0]["days_late"] is None


def test_a_documented_arrival_is_matched_by_the_first_attack_on_the_place(lab_scenario):
    # westtown was first reached on 9 August, then taken; the game fought for it on the 10th
    rows = compare_captures(lab_scenario.history, {"westtown": "1945-08-12"}, {"westtown": "1945-08-10"})
    assert rows[0]["game"] == "1945-08-10" and rows[0]["days_late"] == 1


def garrison_with_rifle_next_to_it(lab):
    """A Japanese garrison in Westtown and a Soviet rifle division next to it; returns both."""
    from conftest import put

    town = lab.scenario.map.places["westtown"].hex
    defender = next(u for u in lab.units.values() if u.side == "japanese")
    put(lab, defender.id, town)
    rifle = next(u for u in lab.units.values() if u.side == "soviet" and u.type == "rifle_division")
    put(lab, rifle.id, next(n for n in lab.scenario.graph[town] if not lab.units_at(n)))
    return town, rifle


def test_an_attack_records_the_day_troops_reached_a_place(lab):
    from engine.orders import Attack, execute

    town, attacker = garrison_with_rifle_next_to_it(lab)
    assert "westtown" not in lab.reached
    res = execute(lab, Attack(town, (attacker.id,)))
    assert res.ok, res.reason
    assert lab.reached["westtown"] == lab.date.isoformat()


def test_troops_ending_their_move_next_to_a_garrisoned_place_have_reached_it(lab):
    # a siege of works that hold counts as arriving, though no assault is made
    from engine.orders import EndTurn, execute

    garrison_with_rifle_next_to_it(lab)
    assert lab.side == "soviet" and "westtown" not in lab.reached
    execute(lab, EndTurn())
    assert lab.reached["westtown"] == lab.date.isoformat()


def test_troops_two_hexes_away_have_not_reached_a_place(lab):
    from conftest import put

    from engine.hexes import distance
    from engine.orders import EndTurn, execute

    town = lab.scenario.map.places["westtown"].hex
    defender = next(u for u in lab.units.values() if u.side == "japanese")
    put(lab, defender.id, town)
    for u in lab.units.values():
        if u.side == "soviet":
            assert distance(u.hex, town) > 1
    execute(lab, EndTurn())
    assert "westtown" not in lab.reached


def test_the_overlay_shows_what_was_documented_by_a_date(lab_scenario):
    import datetime as dt

    assert len(lab_scenario.history.as_of(dt.date(1945, 8, 9))) == 1
    assert len(lab_scenario.history.as_of(dt.date(1945, 8, 10))) == 2


def test_an_unknown_place_in_the_history_is_named(tmp_path):
    shutil.copytree(LAB, tmp_path / "lab")
    s = tmp_path / "lab" / "scenario.yaml"
    s.write_text(s.read_text().replace("../../../scenarios", str(ROOT / "scenarios")))
    h = tmp_path / "lab" / "history.yaml"
    h.write_text(h.read_text().replace("place: westtown, date: 1945-08-10", "place: westown, date: 1945-08-10"))
    message = r"history\.yaml:2: unknown place 'westown' \(did you mean 'westtown'\?\)"
    with pytest.raises(ScenarioLoadError, match=message):
        load_scenario(tmp_path / "lab")
