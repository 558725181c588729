"""Scenario folders and saves come from other players: every file is read within bounds, and
each refusal is a ``file:line: problem`` error, never a traceback, a hang or exhausted memory."""
import json
import os
import resource
import shutil
import time
from pathlib import Path

import pytest

from engine.safefile import FileRefused, load_json, parse_json, read_text
from engine.saves import SaveError, load_game, save_game
from engine.scenario import load_scenario
from engine.yamlio import ScenarioLoadError, load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent


def alias_bomb(levels: int = 7, width: int = 10) -> str:
    """width ** levels leaves from a file of a few hundred bytes."""
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def errors_of(text, name="t.yaml"):
    with pytest.raises(ScenarioLoadError) as exc:
        parse_yaml(text, name)
    return [str(e) for e in exc.value.errors]


@pytest.fixture
def border(tmp_path):
    """A copy of test_border with the shared rules next to it, to damage."""
    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", tmp_path / "test_border")
    return tmp_path / "test_border"


def test_a_ten_million_leaf_alias_bomb_is_refused_at_once_and_cheaply():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    errs = errors_of(alias_bomb(7, 10), "bomb.yaml")
    assert time.perf_counter() - t0 < 2.0
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 200  # MB
    assert errs[0].startswith("bomb.yaml:6: refused: more than")  # a5 alone holds a million
    assert "alias" in errs[0]


def test_nesting_deeper_than_the_limit_is_refused_with_its_line():
    assert errors_of("a:\n  b: " + "[" * 500 + "]" * 500)[0].startswith("t.yaml:2: refused: nested more than")
    assert "refused: nested" in errors_of("[" * 200_000)[0]


@pytest.mark.parametrize("text, problem", [
    ("start_date: 1945-02-30\n", "t.yaml:1: invalid date '1945-02-30'"),
    ("start_date: 1945-08-32\n", "t.yaml:1: invalid date '1945-08-32'"),
    ("men: .nan\n", "t.yaml:1: '.nan' is not a finite number"),
    ("men: -.inf\n", "t.yaml:1: '-.inf' is not a finite number"),
    ("men: 1.0e+400\n", "t.yaml:1: '1.0e+400' is not a finite number"),
    ("men: " + "9" * 400 + "\n", "t.yaml:1: the number 9999"),
    ("men: " + "9" * 5000 + "\n", "t.yaml:1: invalid value"),
])
def test_impossible_dates_and_numbers_are_errors_at_load(text, problem):
    assert errors_of(text)[0].startswith(problem)


def test_a_device_or_a_folder_is_not_read(tmp_path):
    with pytest.raises(FileRefused, match="not a regular file"):
        read_text("/dev/zero", "map.yaml")
    with pytest.raises(FileRefused, match="not a regular file"):
        read_text(tmp_path, "units.yaml")


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "map.yaml"
    big.write_text("x: 1\n" * 100)
    with pytest.raises(ScenarioLoadError, match="map.yaml: refused: 500 bytes, more than the limit of 100"):
        load_yaml(big, "map.yaml", limit=100)


def test_scenario_files_must_lie_in_the_scenario_folder(border, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(border / "units.yaml", outside)
    text = (border / "scenario.yaml").read_text()
    (border / "scenario.yaml").write_text(text.replace("units: units.yaml", f"units: {outside}"))
    with pytest.raises(ScenarioLoadError, match="elsewhere.yaml: refused: the file lies outside"):
        load_scenario(border)


def test_a_symbolic_link_to_a_device_is_refused(border):
    (border / "map.yaml").unlink()
    os.symlink("/dev/zero", border / "map.yaml")
    with pytest.raises(ScenarioLoadError, match="map.yaml: refused: the file lies outside"):
        load_scenario(border)


def test_units_pointing_at_dev_urandom_are_refused(border):
    text = (border / "scenario.yaml").read_text()
    (border / "scenario.yaml").write_text(text.replace("units: units.yaml", "units: /dev/urandom"))
    with pytest.raises(ScenarioLoadError, match="refused"):
        load_scenario(border)


def test_a_rules_file_that_is_not_yaml_text_is_an_error(border):
    (border / "extra.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    text = (border / "scenario.yaml").read_text()
    (border / "scenario.yaml").write_text(text.replace("rules: [../rules/base.yaml]",
                                                       "rules: [../rules/base.yaml, extra.yaml]"))
    with pytest.raises(ScenarioLoadError, match="extra.yaml:1: not UTF-8 text"):
        load_scenario(border)


@pytest.mark.parametrize("projection, problem", [
    ("{lat_0: 44.0, lon_0: 131.0, lat_1: 40.0, lat_2: -40.0}", "flat cone"),
    ("{lat_0: 90.0, lon_0: 131.0, lat_1: 40.0, lat_2: 48.0}", "too close to a pole"),
    ("{lat_0: 44.0, lon_0: 131.0, lat_1: 40.0, lat_2: 48.0, x_0: 1.0e+9}", "false origin"),
])
def test_a_degenerate_projection_is_an_error_not_a_crash(border, projection, problem):
    text = (border / "map.yaml").read_text()
    start = text.index("projection:")
    end = text.index("\n", start)
    (border / "map.yaml").write_text(text[:start] + f"projection: {projection}" + text[end:])
    with pytest.raises(ScenarioLoadError, match=rf"map\.yaml:\d+: projection: .*{problem}"):
        load_scenario(border)


def test_json_nesting_nan_and_huge_numbers_are_refused():
    with pytest.raises(FileRefused, match="s.json:1: refused: nested 100000 levels"):
        parse_json(b"[" * 100_000 + b"]" * 100_000, "s.json")
    with pytest.raises(FileRefused, match="not a number"):
        parse_json(b'{"seed": NaN}', "s.json")
    with pytest.raises(FileRefused, match="not a number"):
        parse_json(b'{"seed": Infinity}', "s.json")
    with pytest.raises(FileRefused, match="too large"):
        parse_json(b'{"seed": ' + b"9" * 400 + b"}", "s.json")
    with pytest.raises(FileRefused, match="out of range"):
        parse_json(b'{"men": 1e400}', "s.json")
    assert parse_json(b'{"s": "[[[[", "n": [1, 2.5]}', "s.json") == {"s": "[[[[", "n": [1, 2.5]}


def test_a_save_with_a_deeply_nested_log_is_refused_with_a_reason(lab, tmp_path):
    path = save_game(lab, tmp_path / "g.json")
    doc = json.loads(path.read_text())
    deep = '"log":[' + "[" * 5000 + "]" * 5000 + ","
    path.write_text(json.dumps(doc, separators=(",", ":")).replace('"log":[', deep, 1))
    with pytest.raises(SaveError, match="refused: nested"):
        load_game(path)


def test_a_save_outside_the_allowed_folder_is_refused(lab, tmp_path):
    path = save_game(lab, tmp_path / "elsewhere" / "g.json")
    with pytest.raises(SaveError, match="outside"):
        load_game(path, roots=[tmp_path / "saves"])
    assert load_json(path, roots=[tmp_path / "elsewhere"])["format"] == "august-storm-save"


def test_the_start_screen_leaves_out_a_bad_scenario_folder_and_says_why(tmp_path, monkeypatch):
    from game.screens.start import find_scenarios

    for name, text in (("bomb", alias_bomb()), ("baddate", "id: x\nstart_date: 1945-02-30\n"),
                       ("deep", "name: " + "[" * 300 + "]" * 300 + "\n"), ("good", "name: Good one\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "scenario.yaml").write_text(text)
    monkeypatch.setenv("AUGUST_STORM_SCENARIOS", str(tmp_path))
    skipped = []
    names = [s.ref for s in find_scenarios(skipped=skipped)]
    assert "good" in names and "test_border" in names
    assert not {"bomb", "baddate", "deep"} & set(names)
    assert len(skipped) == 3 and all("left out" in line for line in skipped)
    assert any("scenario.yaml:2: invalid date '1945-02-30'" in line for line in skipped)


def test_the_load_list_marks_a_bad_save_unreadable_and_lists_the_rest(lab, tmp_path, monkeypatch):
    from game import saves_folder

    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path))
    save_game(lab, saves_folder.saves_dir() / "good.json")
    (saves_folder.saves_dir() / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (saves_folder.saves_dir() / "inf.json").write_text('{"format": "august-storm-save", "state": {"seed": Infinity}}')
    listed = {e.path.name: e for e in saves_folder.list_saves()}
    assert listed["good.json"].ok and listed["good.json"].summary.startswith("Rules laboratory  ·  09 Aug 1945, turn 1")
    assert not listed["deep.json"].ok and "nested" in listed["deep.json"].summary
    assert not listed["inf.json"].ok and "Infinity" in listed["inf.json"].summary


def test_the_load_list_survives_a_save_naming_a_bad_scenario_folder(lab, tmp_path, monkeypatch):
    from game import saves_folder

    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path / "data"))
    bomb = tmp_path / "bomb"
    bomb.mkdir()
    (bomb / "scenario.yaml").write_text(alias_bomb())
    path = save_game(lab, saves_folder.saves_dir() / "g.json")
    doc = json.loads(path.read_text())
    doc["scenario_path"] = str(bomb)
    path.write_text(json.dumps(doc))
    (entry,) = saves_folder.list_saves()
    assert entry.ok and entry.summary.startswith("lab")
    with pytest.raises(SaveError, match="refused: more than"):
        saves_folder.read(path)


def test_a_file_name_with_a_nul_character_is_refused(border):
    text = (border / "scenario.yaml").read_text()
    (border / "scenario.yaml").write_text(text.replace("map: map.yaml", 'map: "map\\0.yaml"'))
    with pytest.raises(ScenarioLoadError, match=r"map\\0\.yaml: refused: not a valid file name"):
        load_scenario(border)


def test_a_map_hex_at_the_projection_s_apex_is_an_error_not_a_crash_later(border):
    from engine.hexes import Projection, hex_to_km

    _, _, rho0 = Projection(44.4, 130.8, 42.0, 47.0)._cone()
    x, y = hex_to_km((0, 0), 20)  # put the cone's apex, where no latitude can be had, on hex (0, 0)
    text = (border / "map.yaml").read_text()
    (border / "map.yaml").write_text(text.replace(
        "projection: {lat_0: 44.4, lon_0: 130.8, lat_1: 42.0, lat_2: 47.0}",
        f"projection: {{lat_0: 44.4, lon_0: 130.8, lat_1: 42.0, lat_2: 47.0, x_0: {x!r}, y_0: {y + rho0!r}}}"))
    with pytest.raises(ScenarioLoadError, match=r"map\.yaml:\d+: terrain: hex \[0, 0\] lies beyond the projection"):
        load_scenario(border)


def test_a_long_unterminated_string_in_a_save_is_scanned_in_linear_time_and_little_memory():
    from engine.safefile import json_depth

    data = b'{"log": "' + b"a" * 20_000_000  # a regular expression over strings backtracked: 14 s, 3.5 GB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    assert json_depth(data) == (1, 1)
    assert time.perf_counter() - t0 < 3.0
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 300  # MB
