"""The headless command line: info, simulate, validate, headless, and the no-display message."""
import json
import os
import re
import subprocess
import sys

from conftest import ROOT


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, env=e,
                          stdin=subprocess.DEVNULL)


def test_info_lists_places_with_coordinates_and_totals_per_side_and_front():
    out = run("info", "--scenario", "test_border", "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["map"]["hexes"] > 50
    mud = next(p for p in info["places"] if p["id"] == "mudanjiang")
    assert mud["lat"] == 44.59 and mud["lon"] == 129.62 and "Mutanchiang" in mud["aliases"]
    sov = info["totals"]["sides"]["soviet"]
    assert sov["men"] == sum(u["men"] for u in info["units"] if u["side"] == "soviet")
    assert sov["aircraft"] == 120
    fronts = info["totals"]["fronts"]
    assert fronts["1fef"]["men"] == sov["men"] and fronts["1fef"]["name"] == "1st Far Eastern Front"


def test_info_prints_a_readable_table():
    out = run("info", "--scenario", "test_border")
    assert out.returncode == 0
    assert "Soviet Union" in out.stdout and "1st Far Eastern Front" in out.stdout and "Mudanjiang" in out.stdout


def test_info_timeline_prints_the_political_frame_and_the_phases():
    out = run("info", "--scenario", "august_storm_1945", "--timeline")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    pact = next(i for i, line in enumerate(lines) if "Neutrality Pact" in line)
    signed = next(i for i, line in enumerate(lines) if "The surrender signed" in line)
    assert pact < signed and lines[signed].startswith(" * ")  # during the game
    assert "Wikipedia" in out.stdout and "https://" not in out.stdout  # readable citations
    assert "Phase 'collapse' 1945-08-17 to 1945-09-02" in out.stdout
    out = run("info", "--scenario", "test_border", "--timeline")
    assert out.returncode == 0 and "has no timeline" in out.stdout


def test_simulate_writes_the_report_and_is_repeatable(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path in (a, b):
        out = run("simulate", "--scenario", "test_border", "--seeds", "3", "--json", str(path))
        assert out.returncode == 0, out.stderr
    ra, rb = json.loads(a.read_text()), json.loads(b.read_text())
    assert len(ra["runs"]) == 3
    for run_ in ra["runs"]:
        assert {"seed", "turns_played", "winner", "captures", "losses", "state_hash"} <= set(run_)
        assert set(run_["losses"]) == {"soviet", "japanese"}
        assert {"men", "tanks", "guns"} <= set(run_["losses"]["soviet"])
        for _place, date in run_["captures"].items():
            assert date.startswith("1945-08")
    assert [r["state_hash"] for r in ra["runs"]] == [r["state_hash"] for r in rb["runs"]]
    assert len({r["state_hash"] for r in ra["runs"]}) == 3


def test_simulate_can_stop_early_and_start_at_any_seed(tmp_path):
    path = tmp_path / "r.json"
    out = run("simulate", "--scenario", "test_border", "--seeds", "2", "--start-seed", "10", "--turns", "2",
              "--json", str(path))
    assert out.returncode == 0, out.stderr
    runs = json.loads(path.read_text())["runs"]
    assert [r["seed"] for r in runs] == [10, 11]
    assert all(r["turns_played"] == 2 and r["winner"] is None for r in runs)


def test_headless_mode_plays_the_days_out_in_the_terminal():
    out = run("headless", "--scenario", "test_border", "--turns", "2")
    assert out.returncode == 0, out.stderr
    assert "Turn 1" in out.stdout and "Turn 2" in out.stdout and "Victory points" in out.stdout


def test_every_day_of_the_headless_game_is_headed_with_its_date_even_a_quiet_one():
    out = run("headless", "--scenario", "test_border")  # turn 7 of seed 0 has nothing to report
    heads = [line for line in out.stdout.splitlines() if line.startswith("== Turn")]
    assert len(heads) >= 7
    for n, line in enumerate(heads, start=1):
        assert re.fullmatch(rf"== Turn {n}, 1945-08-\d\d ==", line), line


def test_without_a_display_the_game_says_so_and_offers_the_headless_mode():
    out = run(env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "SDL_VIDEODRIVER": ""})
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "cannot open a window" in out.stderr and "august-storm headless" in out.stderr


def test_parallel_batches_give_the_same_games_as_serial_ones():
    from engine.batch import run_seeds

    serial = run_seeds("test_border", (), range(3), turns=3, jobs=1)
    parallel = run_seeds("test_border", (), range(3), turns=3, jobs=2)
    assert [r["state_hash"] for r in serial] == [r["state_hash"] for r in parallel]


def test_the_batch_summary_compares_with_the_documented_history(tmp_path):
    path = tmp_path / "lab.json"
    out = run("simulate", "--scenario", "tests/data/lab", "--seeds", "3", "--json", str(path), "--quiet")
    assert out.returncode == 0, out.stderr
    assert "documented" in out.stdout and "Westtown" in out.stdout
    summary = json.loads(path.read_text())["summary"]
    westtown = summary["places"][0]
    assert westtown["place"] == "westtown" and westtown["documented"] == "1945-08-09"
    assert 0 <= westtown["taken_share"] <= 1
    assert summary["documented_losses"]["soviet"]["killed"] == 100


def test_a_bad_side_policy_is_refused_clearly():
    out = run("simulate", "--scenario", "test_border", "--side-policy", "japan=ai")
    assert out.returncode == 2 and "SIDE=ai" in out.stderr
