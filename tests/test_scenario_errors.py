"""A broken scenario file gives `file:line: problem` and exit 1, never a traceback."""
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from engine.scenario import load_scenario
from engine.yamlio import ScenarioLoadError


@pytest.fixture
def broken(tmp_path):
    """Copy the test scenario and its rules into tmp_path; return an editor for one file."""
    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", tmp_path / "test_border")
    folder = tmp_path / "test_border"

    def edit(name, old, new, count=1):
        path = (tmp_path / name) if name.startswith("rules/") else folder / name
        text = path.read_text()
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, count))
        return folder

    return edit


def errors_of(folder):
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(folder)
    return [str(e) for e in exc.value.errors]


def line_of(folder, name, needle):
    for i, line in enumerate((folder / name).read_text().splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_an_unknown_key_is_named_with_its_line_and_a_suggestion(broken):
    folder = broken("scenario.yaml", "days_per_turn: 1", "days_per_trun: 1")
    errs = errors_of(folder)
    ln = line_of(folder, "scenario.yaml", "days_per_trun")
    assert any(e.endswith(f"scenario.yaml:{ln}: unknown key 'days_per_trun' (did you mean 'days_per_turn'?)")
               for e in errs), errs


def test_a_wrong_type_is_named(broken):
    folder = broken("scenario.yaml", "turns: 8", "turns: eight")
    errs = errors_of(folder)
    ln = line_of(folder, "scenario.yaml", "turns: eight")
    assert any(f"scenario.yaml:{ln}: turns: expected a whole number, got text 'eight'" in e for e in errs), errs


def test_a_dangling_reference_is_named_with_a_suggestion(broken):
    folder = broken("units.yaml", "type: rifle_corps, formation: 5a, at: grodekovo",
                    "type: rifle_crops, formation: 5a, at: grodekovo")
    errs = errors_of(folder)
    ln = line_of(folder, "units.yaml", "rifle_crops")
    assert any(f"units.yaml:{ln}: unit 's_72rc': unknown unit type 'rifle_crops' (did you mean 'rifle_corps'?)"
               in e for e in errs), errs


def test_an_unknown_place_in_a_railway_is_named(broken):
    folder = broken("map.yaml", "path: [mudanjiang, muling, suifenhe", "path: [mudanjiang, mulin, suifenhe")
    errs = errors_of(folder)
    assert any("map.yaml:" in e and "unknown place 'mulin' (did you mean 'muling'?)" in e for e in errs), errs


def test_a_duplicate_key_is_an_error(broken):
    folder = broken("scenario.yaml", "turns: 8\n", "turns: 8\nturns: 9\n")
    errs = errors_of(folder)
    ln = line_of(folder, "scenario.yaml", "turns: 9")
    assert any(f"scenario.yaml:{ln}: duplicate key 'turns' (first given on line {ln - 1})" in e for e in errs), errs


def test_invalid_yaml_is_reported_with_its_line(broken):
    folder = broken("events.yaml", "    turn: 1\n", "    turn: [1\n")
    errs = errors_of(folder)
    assert len(errs) == 1 and re.search(r"events\.yaml:\d+: invalid YAML", errs[0]), errs


def test_an_error_in_a_rules_file_names_that_file(broken):
    folder = broken("rules/base.yaml", "    movement: 12\n", "    movement: fast\n")
    errs = errors_of(folder)
    assert any(re.search(r"rules/base\.yaml:\d+: rules\.unit_types\.tank_corps\.movement: expected a number", e)
               for e in errs), errs


def test_a_unit_off_the_map_is_named(broken):
    folder = broken("units.yaml", "hex: [3, 1]", "hex: [30, 1]")
    errs = errors_of(folder)
    assert any("unit 's_65rc': hex [30, 1] is not on the map" in e for e in errs), errs


def test_a_place_off_the_map_is_named(broken):
    folder = broken("map.yaml", "lat: 44.59, lon: 129.62", "lat: 54.59, lon: 129.62")
    errs = errors_of(folder)
    assert any("place 'mudanjiang'" in e and "not on the map" in e for e in errs), errs


def test_a_bad_terrain_character_is_named(broken):
    folder = broken("map.yaml", '    - "..hh.fffhh.ww"', '    - "..hh.fffhh.wZ"')
    errs = errors_of(folder)
    assert any("character 'Z'" in e and "not in the legend" in e for e in errs), errs


def test_a_missing_file_is_named(broken):
    folder = broken("scenario.yaml", "events: events.yaml", "events: evnts.yaml")
    errs = errors_of(folder)
    assert any("evnts.yaml" in e and "file not found" in e for e in errs), errs


def test_every_problem_of_a_file_is_reported_at_once(broken):
    broken("scenario.yaml", "turns: 8", "turns: -3")
    folder = broken("scenario.yaml", "days_per_turn: 1", "days_per_turn: 1\ncolour: red")
    assert len(errors_of(folder)) >= 2


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_exits_1_with_the_errors_and_no_traceback(broken):
    folder = broken("units.yaml", "formation: 5a, at: grodekovo", "formation: 5aa, at: grodekovo")
    out = run_cli("validate", str(folder))
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    assert re.search(r"units\.yaml:\d+: unit 's_72rc': unknown formation '5aa'", out.stdout), out.stdout


def test_validate_passes_a_good_scenario():
    out = run_cli("validate", "scenarios/test_border")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "ok" in out.stdout


def test_an_unknown_scenario_id_suggests_the_known_ones():
    out = run_cli("info", "--scenario", "test_bordr")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "did you mean 'test_border'" in out.stderr


def test_a_rules_file_that_still_gives_map_colours_or_symbols_is_told_where_they_went(broken):
    broken("rules/base.yaml", "    supply_cost: 1\n", '    supply_cost: 1\n    colour: "#c8d49a"\n')
    folder = broken("rules/base.yaml", "    mobility: foot\n", "    mobility: foot\n    symbol: infantry\n")
    errs = errors_of(folder)
    assert any(re.search(r"base\.yaml:\d+: .*unknown key 'colour': .*assets/theme\.yaml", e) for e in errs), errs
    assert any(re.search(r"base\.yaml:\d+: .*unknown key 'symbol': .*assets/theme\.yaml", e) for e in errs), errs
