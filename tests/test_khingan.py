"""The Khingan crossing, a short historical scenario for a class period: one front, five days,
under 20 units a side, built on the historical campaign (its map, rules, events and sources)
without copying it."""
import datetime as dt

import pytest
from conftest import ROOT

from engine.scenario import load_scenario
from engine.simulate import run_one

FOLDER = ROOT / "scenarios" / "khingan_1945"


@pytest.fixture(scope="module")
def khingan():
    return load_scenario("khingan_1945")


@pytest.fixture(scope="module")
def historical():
    return load_scenario("august_storm_1945")


def test_it_is_five_days_of_one_front_with_under_20_units_a_side(khingan):
    assert khingan.start_date == dt.date(1945, 8, 9) and khingan.turns == 5
    for side in khingan.side_order:
        assert 0 < sum(u.side == side for u in khingan.initial_units) < 20
    soviet_armies = {u.formation for u in khingan.initial_units if u.side == "soviet"}
    assert soviet_armies == {"tbf_6gta", "tbf_39a"}  # the Transbaikal Front's Khingan armies only


def test_its_forces_are_the_historical_scenarios_units_as_they_stood(khingan, historical):
    base = {u.id: u.to_dict() for u in historical.initial_units}
    assert all(u.to_dict() == base[u.id] for u in khingan.initial_units)


def test_it_builds_on_the_campaign_instead_of_copying_it(khingan, historical):
    files = [p for p in FOLDER.iterdir() if p.suffix == ".yaml" and p.name != "briefing.yaml"]  # data, not prose
    assert not (FOLDER / "map.yaml").exists() and sum(len(p.read_text().splitlines()) for p in files) < 150
    assert khingan.map.places.keys() == historical.map.places.keys()
    assert {e["id"] for e in khingan.events} <= {e["id"] for e in historical.events}


def test_its_documented_dates_fall_in_its_days_and_cite_the_bibliography(khingan):
    history = khingan.history
    assert history.captures and all(khingan.start_date <= c.date <= dt.date(1945, 8, 13) for c in history.captures)
    assert all("[" in c.source for c in history.captures)
    assert {o["place"] for o in khingan.victory["objectives"]} == {c.place for c in history.captures}


def test_the_computer_plays_it_to_the_end(khingan):
    result = run_one(khingan, 0)
    assert result["turns_played"] == 5 and result["winner"] in khingan.side_order
    assert set(result["captures"]) | set(result["reached"]) >= {"arxan"}


def test_its_briefings_are_its_own_not_the_campaigns(khingan):
    from engine.briefing import briefing_of

    for side in khingan.side_order:
        text = " ".join(s["text"] for s in briefing_of(khingan, side).sections)
        assert "Khingan" in text and "Hutou" not in text  # the campaign's briefing speaks of Hutou


def test_it_renders(khingan, tmp_path):
    import pygame

    from game.app import render_screenshot

    out = tmp_path / "khingan.png"
    render_screenshot(khingan, str(out), (800, 500), seed=0, turn=1)
    assert pygame.image.load(str(out)).get_size() == (800, 500)
