"""The early-rains variant folder: a derived scenario of under 40 lines that changes the weather and
adds one division, and is otherwise the historical scenario."""
import datetime as dt

import pytest
from conftest import ROOT

from engine.scenario import load_scenario, new_game
from engine.simulate import run_one

FOLDER = ROOT / "scenarios" / "august_storm_1945_early_rains"


@pytest.fixture(scope="module")
def early():
    return load_scenario("august_storm_1945_early_rains")


@pytest.fixture(scope="module")
def historical():
    return load_scenario("august_storm_1945")


def test_the_variant_folder_is_under_40_lines():
    assert sum(len(p.read_text().splitlines()) for p in FOLDER.iterdir() if p.is_file()) < 40


def test_the_rains_stop_three_days_sooner_and_the_mud_comes_on_the_12th(early, historical):
    ev, base = {e["id"]: e for e in early.events}, {e["id"]: e for e in historical.events}
    assert ev["rains_east"]["date"] == dt.date(1945, 8, 9)
    assert {m["modifier"]["turns"] for m in ev["rains_east"]["effects"]} == {3}  # 9-11 Aug, not 9-14
    assert ev["rains_khingan"]["date"] == dt.date(1945, 8, 9)  # 9-11 Aug, not 11-14
    assert {m["modifier"]["turns"] for m in ev["rains_khingan"]["effects"]} == {3}
    assert ev["mud_east"]["date"] == ev["mud_central_plain"]["date"] == dt.date(1945, 8, 12)
    # same factors and areas as the historical rains, only shorter
    strip = [{k: v for k, v in m["modifier"].items() if k != "turns"} for m in ev["rains_east"]["effects"]]
    assert strip == [{k: v for k, v in m["modifier"].items() if k != "turns"} for m in base["rains_east"]["effects"]]
    assert ev["mud_east"]["effects"] == base["mud_east"]["effects"] and ev["mud_east"]["source"]


def test_the_120th_division_stands_at_pyongyang_and_every_other_unit_is_the_historical_one(early, historical):
    units = {u.id: u for u in early.initial_units}
    assert units["j_120d"].hex == early.map.places["pyongyang"].hex and units["j_120d"].side == "japanese"
    assert "knowledgr_120th_div" in units["j_120d"].source and "knowledgr_120th_div" in early.bibliography
    assert [u.to_dict() for u in early.initial_units if u.id != "j_120d"] == \
           [u.to_dict() for u in historical.initial_units]


def test_the_variant_plays_and_keeps_the_historical_variants(early):
    assert set(early.available_variants) == set(load_scenario("august_storm_1945").available_variants)
    result = run_one(early, 0, 3)
    assert result["turns_played"] == 3
    state = new_game(early, 0)
    assert state.scenario.id == "august_storm_1945_early_rains"


def test_the_variant_renders(early, tmp_path):
    import pygame

    from game.app import render_screenshot

    out = tmp_path / "early.png"
    render_screenshot(early, str(out), (800, 500), seed=0, turn=1)
    assert pygame.image.load(str(out)).get_size() == (800, 500)
