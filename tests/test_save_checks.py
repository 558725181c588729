"""Saves are untrusted too: impossible values are refused with the field named, a save of a
changed scenario is refused unless the player goes on knowingly, older formats are migrated,
and writing never leaves a half-written save or a stray temporary file."""
import json
import os
import shutil
import threading
import time

import pytest
from conftest import ROOT

from engine import saves
from engine.saves import SaveError, ScenarioChanged, load_game, save_game
from engine.scenario import load_scenario, new_game


def tampered(lab, tmp_path, change):
    path = save_game(lab, tmp_path / "g.json")
    doc = json.loads(path.read_text())
    change(doc["state"])
    path.write_text(json.dumps(doc))
    return path


def unit0(key, value):
    return lambda st: st["units"][0].__setitem__(key, value)


@pytest.mark.parametrize("change, reason", [
    (unit0("men", -500), r"unit \w+: men -500 is out of range"),
    (unit0("men", 12.5), r"unit \w+: men must be a whole number"),
    (unit0("readiness", 7.5), r"unit \w+: readiness 7.5 is out of range"),
    (unit0("side", "martian"), r"unit \w+: side 'martian' is not a side"),
    (unit0("experience", "godlike"), "unknown experience 'godlike'"),
    (unit0("formation", "nowhere"), "unknown formation 'nowhere'"),
    (unit0("entrenchment", 9), r"entrenchment 9 is out of range \(0..2\)"),
    (unit0("moved", "no"), "moved must be true or false"),
    (unit0("fuel", -1), "fuel -1 is out of range"),
    (unit0("hex", [1, 2, 3]), r"hex must be \[q, r\]"),
    (lambda st: st.__setitem__("over", "false"), "over must be true or false"),
    (lambda st: st.__setitem__("seed", -3), "seed -3 is out of range"),
    (lambda st: st.__setitem__("seed", 2.5), "seed must be a whole number"),
    (lambda st: st.__setitem__("turn", 0), "turn 0 is out of range"),
    (lambda st: st.__setitem__("turn", 99), "turn 99 is out of range"),
    (lambda st: st.__setitem__("date", "1945-08-30"), "is not the date of turn 1"),
    (lambda st: st.__setitem__("date", "1945-02-30"), "is not a date"),
    (lambda st: st.__setitem__("active", 2), "active 2 is out of range"),
    (lambda st: st.__setitem__("winner", "martian"), "winner 'martian' is not a side"),
    (lambda st: st["losses"]["soviet"].__setitem__("men", -1), r"losses.soviet.men -1 is out of range"),
    (lambda st: st["rng"]["state"].__setitem__("inc", -1), r"rng.state.inc -1 is out of range"),
    (lambda st: st["units"].append(dict(st["units"][0])), "appears twice"),
    (lambda st: st["control"].__setitem__("0,0", "martian"), "is not a side"),
    (lambda st: st.__setitem__("log", [{"text": 3}]), r"log\[0\].text must be text"),
])
def test_a_save_with_an_impossible_value_is_refused_naming_it(lab, tmp_path, change, reason):
    with pytest.raises(SaveError, match=reason):
        load_game(tampered(lab, tmp_path, change))


def test_a_save_holding_an_infinite_seed_is_refused(lab, tmp_path):
    path = save_game(lab, tmp_path / "g.json")
    path.write_text(path.read_text().replace(f'"seed":{lab.seed}', '"seed":Infinity'))
    with pytest.raises(SaveError, match="Infinity is not a number a save may hold"):
        load_game(path)


@pytest.fixture
def border_copy(tmp_path):
    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", tmp_path / "test_border")
    return tmp_path / "test_border"


def test_a_save_of_a_changed_scenario_is_refused_unless_allowed(border_copy, tmp_path):
    state = new_game(load_scenario(border_copy), 4)
    path = save_game(state, tmp_path / "saves" / "g.json")
    units = border_copy / "units.yaml"
    units.write_text(units.read_text().replace("men: 24000", "men: 24500"))
    with pytest.raises(ScenarioChanged, match=r"the scenario 'test_border' has changed since this game was saved "
                                              r"\(units.yaml\)") as exc:
        load_game(path)
    assert exc.value.changed == ["units.yaml"]
    assert load_game(path, allow_changed=True).state_hash() == state.state_hash()


def test_a_save_records_a_fingerprint_of_every_scenario_file(border_copy, tmp_path):
    doc = json.loads(save_game(new_game(load_scenario(border_copy), 0), tmp_path / "g.json").read_text())
    assert doc["format_version"] == saves.FORMAT_VERSION
    assert set(doc["fingerprint"]) == {"scenario.yaml", "../rules/base.yaml", "map.yaml", "units.yaml", "events.yaml"}


def test_a_version_1_save_is_migrated_and_loads_after_the_warning(lab, tmp_path):
    path = save_game(lab, tmp_path / "old.json")
    doc = json.loads(path.read_text())
    del doc["format_version"], doc["fingerprint"]
    path.write_text(json.dumps(doc))
    with pytest.raises(ScenarioChanged, match="no fingerprint recorded"):
        load_game(path)
    assert load_game(path, allow_changed=True).state_hash() == lab.state_hash()
    assert saves.migrate(doc)["format_version"] == saves.FORMAT_VERSION


def test_a_save_from_a_newer_game_is_refused(lab, tmp_path):
    path = save_game(lab, tmp_path / "new.json")
    path.write_text(path.read_text().replace('"format_version":2', '"format_version":99'))
    with pytest.raises(SaveError, match="saved by a newer version of the game"):
        load_game(path)


def test_the_game_warns_once_then_loads_a_save_of_a_changed_scenario(border_copy, tmp_path, monkeypatch):
    from game import saves_folder

    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path / "data"))
    state = new_game(load_scenario(border_copy), 1)
    path = saves_folder.write(state, "g.json")
    (border_copy / "events.yaml").write_text((border_copy / "events.yaml").read_text() + "\n# edited\n")
    with pytest.raises(ScenarioChanged, match="Load it again to go on anyway"):
        saves_folder.read(path)
    assert saves_folder.read(path).state_hash() == state.state_hash()


def test_two_games_saving_to_one_file_at_once_leave_a_whole_save(lab, tmp_path):
    target = tmp_path / "quicksave.json"
    errors = []

    def writer():
        try:
            for _ in range(10):
                save_game(lab, target)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert load_game(target).state_hash() == lab.state_hash()
    assert [p.name for p in tmp_path.iterdir()] == ["quicksave.json"]


def test_a_failed_save_keeps_the_previous_one_and_leaves_no_temporary_file(lab, tmp_path, monkeypatch):
    target = save_game(lab, tmp_path / "g.json")
    before = target.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(saves.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save_game(lab, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_a_save_is_flushed_to_disk_before_it_replaces_the_old_one(lab, tmp_path, monkeypatch):
    order = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(saves.os, "fsync", lambda fd: (order.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(saves.os, "replace", lambda a, b: (order.append("replace"), real_replace(a, b)))
    save_game(lab, tmp_path / "g.json")
    assert order[:2] == ["fsync", "replace"]


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(lab, tmp_path):
    stale = tmp_path / ".g.json.abc123.tmp"
    fresh = tmp_path / ".g.json.def456.tmp"
    for p in (stale, fresh):
        p.write_text("{")
    old = time.time() - 2 * saves.STALE_TEMP_SECONDS
    os.utime(stale, (old, old))
    save_game(lab, tmp_path / "g.json")
    assert not stale.exists() and fresh.exists()


def test_a_save_naming_an_unknown_difficulty_loads_at_the_players_level(lab, tmp_path, monkeypatch):
    from game import saves_folder

    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path))
    path = saves_folder.write(lab, "g.json", {"side": "soviet", "fog": True, "difficulty": "godlike"})
    assert saves_folder.player_of(path) == {"side": "soviet", "fog": True}
    path = saves_folder.write(lab, "h.json", {"side": "soviet", "difficulty": "hard"})
    assert saves_folder.player_of(path) == {"side": "soviet", "difficulty": "hard"}
