"""Checks across fields and files: a scenario that no single value's type betrays as wrong is
refused with every problem in one pass, each at the file and line where it must be fixed."""
import re
import shutil

import pytest
from conftest import ROOT

from engine.scenario import load_scenario
from engine.yamlio import ScenarioLoadError


@pytest.fixture
def edit(tmp_path):
    """Copy test_border and the rules into tmp_path; ``edit(file, old, new)`` changes one file."""
    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", tmp_path / "test_border")
    folder = tmp_path / "test_border"

    def change(name, old, new):
        text = (folder / name).read_text()
        assert old in text, f"{old!r} not in {name}"
        (folder / name).write_text(text.replace(old, new, 1))
        return folder

    change.folder = folder
    return change


def errors_of(folder, variants=()):
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(folder, variants)
    return [str(e) for e in exc.value.errors]


def line_of(folder, name, needle):
    return next(i for i, line in enumerate((folder / name).read_text().splitlines(), 1) if needle in line)


def test_a_unit_placed_by_hex_on_water_is_refused(edit):
    folder = edit("map.yaml", '    - "hhmmfffhh...."\n    - "hhhmffhc....."',
                  '    - "hhmmfffhh~..."\n    - "hhhmffhc....."')
    errs = errors_of(folder)
    assert any(re.search(rf"units\.yaml:{line_of(folder, 'units.yaml', 's_65rc')}: unit 's_65rc' starts in "
                         r"water \(hex \[3, 1\]\)", e) for e in errs), errs


def test_units_over_the_stacking_limit_at_the_start_are_refused(edit):
    folder = edit("units.yaml", "formation: 5a, hex: [3, 1]", "formation: 5a, at: grodekovo")
    folder = edit("units.yaml", "formation: 5a, hex: [3, 0]", "formation: 5a, at: grodekovo")
    folder = edit("units.yaml", "type: mechanised_corps, formation: 5a, at: voroshilov",
                  "type: mechanised_corps, formation: 5a, at: grodekovo")
    errs = errors_of(folder)
    assert any(re.search(r"units\.yaml:\d+: unit '\w+' brings hex \[\d+, -?\d+\] to [\d.]+ stacking points, "
                         r"more than the limit of 4", e) for e in errs), errs


def test_hostile_units_may_not_share_a_hex_at_the_start(edit):
    folder = edit("units.yaml", "formation: j5a, hex: [0, 0]", "formation: j5a, at: grodekovo")
    errs = errors_of(folder)
    line = line_of(folder, "units.yaml", "j_124id")
    assert any(re.search(rf"units\.yaml:{line}: unit 'j_124id' starts in hex \[-?\d+, -?\d+\] with the enemy "
                         r"unit 's_72rc'", e) for e in errs), errs


def test_entrenchment_and_fortification_above_the_rules_maxima_are_refused(edit):
    edit("units.yaml", "experience: regular, entrenchment: 2, source", "experience: regular, entrenchment: 4, source")
    folder = edit("map.yaml", "{hex: [1, 0], fortification: 1,", "{hex: [1, 0], fortification: 5,")
    errs = errors_of(folder)
    assert any(re.search(r"units\.yaml:\d+: unit 'j_fr_suifenhe': entrenchment 4 is above the rules' "
                         r"max_entrenchment 2", e) for e in errs), errs
    assert any(re.search(rf"map\.yaml:{line_of(folder, 'map.yaml', 'fortification: 5')}: hex \[1, 0\]: "
                         r"fortification 5 is above the rules' max_fortification 3", e) for e in errs), errs


def test_a_reinforcement_reusing_an_id_names_both_places(edit):
    folder = edit("events.yaml", "{id: j_imb,", "{id: j_126id,")
    errs = errors_of(folder)
    assert any(re.search(rf"events\.yaml:{line_of(folder, 'events.yaml', 'j_126id')}: reinforcement 'j_126id' "
                         rf"reuses the id of the unit at .*units\.yaml:{line_of(folder, 'units.yaml', 'j_126id')}", e)
               for e in errs), errs


@pytest.mark.parametrize("bad_id", ["../../x/evil", "a/b", ".hidden", "c:evil", "dots..dots"])
def test_a_scenario_id_must_be_safe_in_a_file_name(edit, bad_id):
    folder = edit("scenario.yaml", "id: test_border", f"id: '{bad_id}'")
    assert any(re.search(r"scenario\.yaml:\d+: scenario id .* may hold only letters", e) for e in errors_of(folder))


def test_events_and_objectives_dated_outside_the_game_are_refused(edit):
    edit("events.yaml", "date: 1945-08-11", "date: 1945-09-30")
    edit("events.yaml", "    turn: 3\n", "    turn: 30\n")
    folder = edit("scenario.yaml", "by: 1945-08-10", "by: 1945-07-01")
    errs = errors_of(folder)
    span = "the game runs from 1945-08-09 to 1945-08-16"
    assert any(e.endswith(f"events.yaml:{line_of(folder, 'events.yaml', '1945-09-30')}: event 'rains': date "
                          f"1945-09-30 is outside the game ({span})") for e in errs), errs
    assert any(e.endswith(f"events.yaml:{line_of(folder, 'events.yaml', 'turn: 30')}: event 'reserve': turn 30 is "
                          "after the last turn 8") for e in errs), errs
    assert any(e.endswith(f"scenario.yaml:{line_of(folder, 'scenario.yaml', '1945-07-01')}: objective 'suifenhe': "
                          f"date 1945-07-01 is outside the game ({span})") for e in errs), errs


def test_a_game_that_would_run_past_the_calendar_is_refused(edit):
    folder = edit("scenario.yaml", "start_date: 1945-08-09", "start_date: 9999-12-28")
    assert any(re.search(r"scenario\.yaml:\d+: a game of 8 turns from 9999-12-28 would run past", e)
               for e in errors_of(folder))


def test_a_road_over_water_is_refused(edit):
    folder = edit("map.yaml", '    - "hhmmfffhh...."', '    - "hhmm~ffhh...."')
    errs = errors_of(folder)
    assert any(re.search(r"map\.yaml:\d+: road 'Mudanjiang - Dongning road' runs over water at hex \[-2, 1\]", e)
               for e in errs), errs


def test_a_variant_error_names_the_line_in_scenario_yaml(edit):
    with open(edit.folder / "scenario.yaml", "a") as fh:
        fh.write("variants:\n  bad:\n    name: Bad\n    description: a broken variant\n    source: test\n"
                 "    unit_changes:\n      s_72rc: {type: rifle_crops}\n")
    errs = errors_of(edit.folder, ("bad",))
    line = line_of(edit.folder, "scenario.yaml", "rifle_crops")
    assert any(e.endswith(f"scenario.yaml:{line}: unit 's_72rc': unknown unit type 'rifle_crops' "
                          "(did you mean 'rifle_corps'?)") for e in errs), errs


def test_type_errors_and_reference_errors_come_in_one_pass(edit):
    edit("units.yaml", "men: 24000", "men: lots")
    edit("events.yaml", "place: mudanjiang}}", "place: mudanjaing}}")
    folder = edit("scenario.yaml", "points_to_win: 15", "points_to_win: many")
    errs = errors_of(folder)
    assert any(re.search(r"units\.yaml:\d+: .*men: expected a whole number", e) for e in errs), errs
    assert any(re.search(r"scenario\.yaml:\d+: victory\.points_to_win: expected a whole number", e) for e in errs), errs
    assert any(re.search(r"events\.yaml:\d+: unknown place 'mudanjaing' \(did you mean 'mudanjiang'\?\)", e)
               for e in errs), errs
    assert not any("None" in e for e in errs), errs


def test_a_reference_error_does_not_hide_a_problem_of_the_start_positions(edit):
    edit("units.yaml", "type: rifle_corps, formation: 5a, at: grodekovo",
         "type: rifle_crops, formation: 5a, at: grodekovo")
    folder = edit("units.yaml", "formation: j5a, hex: [0, 0]", "formation: j5a, at: voroshilov")
    errs = errors_of(folder)
    assert any("unknown unit type 'rifle_crops'" in e for e in errs), errs
    assert any("unit 'j_124id' starts in hex" in e and "with the enemy unit 's_10mc'" in e for e in errs), errs
