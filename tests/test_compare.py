"""Comparing two batches of computer games: each place's dates moved game by game when the two
batches played the same seeds, as wholes when they did not; losses and points side by side; a
file that is not a batch of the same scenario is refused with the reason."""
import datetime as dt
import json

import pytest

from engine.compare import compare_batches, format_comparison, seed_text
from engine.scenario import load_scenario
from game.cli import main


@pytest.fixture(scope="module")
def campaign():
    return load_scenario("august_storm_1945")


def batch(scn, seeds, late=None, variants=(), losses=1000):
    """A ``simulate --json`` report of games on ``seeds``, every place on its documented date
    but those in ``late`` (place -> days later, per seed a function or a number)."""
    late = late or {}
    runs = []
    for s in seeds:
        caps = {}
        for p, c in scn.history.first_events().items():
            shift = late.get(p, 0)
            shift = shift(s) if callable(shift) else shift
            if shift is not None:
                caps[p] = (c.date + dt.timedelta(days=shift)).isoformat()
        runs.append({"seed": s, "turns_played": 25, "winner": "soviet", "captures": caps, "reached": {},
                     "losses": {side: {"men": losses, "captured": 2 * losses} for side in scn.side_order},
                     "victory_points": {side: 300 for side in scn.side_order}, "state_hash": "x"})
    return {"scenario": scn.id, "variants": list(variants), "difficulty": "normal", "runs": runs}


def row(result, place):
    return next(p for p in result["places"] if p["place"] == place)


def test_a_batch_set_against_itself_moves_nothing(campaign):
    a = batch(campaign, range(6))
    result = compare_batches(a, a, campaign)
    assert result["paired"]
    assert all(p["mean_shift"] == 0 and p["same"] == 6 and not p["marked"] for p in result["places"])


def test_a_place_a_day_earlier_in_every_twin_game_counts_every_game_earlier(campaign):
    a = batch(campaign, range(4))
    b = batch(campaign, range(4), late={"tongliao": -1, "changchun": lambda s: -1 if s < 2 else 0},
              variants=["gta_full_fuel"])
    result = compare_batches(a, b, campaign)
    tongliao, changchun = row(result, "tongliao"), row(result, "changchun")
    assert (tongliao["earlier"], tongliao["same"], tongliao["later"]) == (4, 0, 0)
    assert tongliao["mean_shift"] == -1 and tongliao["marked"]
    assert (changchun["earlier"], changchun["same"]) == (2, 2) and changchun["mean_shift"] == -0.5
    assert row(result, "hailar")["mean_shift"] == 0
    text = format_comparison(result, campaign)
    assert "B: variant gta_full_fuel (4 games, seeds 0-3)" in text and "each game is set against its twin" in text


def test_twins_are_found_by_seed_whatever_order_the_games_were_written_in(campaign):
    a = batch(campaign, range(3))
    b = batch(campaign, range(3), late={"hailar": lambda s: s})
    b["runs"].reverse()
    hailar = row(compare_batches(a, b, campaign), "hailar")
    assert (hailar["earlier"], hailar["same"], hailar["later"]) == (0, 1, 2)


def test_batches_of_different_seeds_are_compared_as_wholes(campaign):
    a = batch(campaign, range(4))
    b = batch(campaign, range(10, 14), late={"hailar": 2})
    result = compare_batches(a, b, campaign)
    assert not result["paired"] and "earlier" not in row(result, "hailar")
    assert row(result, "hailar")["mean_shift"] == 2
    assert "compared as wholes" in format_comparison(result, campaign)


def test_a_place_never_taken_in_some_games_says_so(campaign):
    a = batch(campaign, range(4))
    b = batch(campaign, range(4), late={"hutou": lambda s: None if s == 0 else 0})
    hutou = row(compare_batches(a, b, campaign), "hutou")
    assert hutou["taken_b"] == 0.75 and hutou["marked"]
    assert "taken in 100% -> 75% of games" in format_comparison(compare_batches(a, b, campaign), campaign)


def test_losses_and_points_stand_side_by_side(campaign):
    result = compare_batches(batch(campaign, range(3)), batch(campaign, range(3), losses=5000), campaign)
    assert result["a"]["losses"]["soviet"]["men"] == 1000 and result["b"]["losses"]["soviet"]["men"] == 5000
    assert "Soviet Union combat losses" in format_comparison(result, campaign)


def test_seeds_are_written_as_ranges():
    assert seed_text([3, 0, 1, 2, 7, 9, 10]) == "0-3, 7, 9-10"


def test_the_compare_command_prints_and_writes_the_comparison(campaign, tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(batch(campaign, range(2))))
    b.write_text(json.dumps(batch(campaign, range(2), late={"tongliao": -1}, variants=["gta_full_fuel"])))
    out = tmp_path / "c.json"
    assert main(["compare", str(a), str(b), "--json", str(out)]) == 0
    assert "Tungliao" in capsys.readouterr().out
    assert json.loads(out.read_text())["places"]


def test_the_compare_command_refuses_what_is_not_a_batch_of_the_same_scenario(campaign, tmp_path, capsys):
    a = tmp_path / "a.json"
    a.write_text(json.dumps(batch(campaign, range(2))))
    other = tmp_path / "other.json"
    other.write_text(json.dumps(dict(batch(campaign, range(2)), scenario="khingan_1945")))
    assert main(["compare", str(a), str(other)]) == 1
    assert "compare batches of one scenario" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    doc = batch(campaign, range(2))
    doc["runs"][1]["losses"]["soviet"]["men"] = "many"
    broken.write_text(json.dumps(doc))
    assert main(["compare", str(a), str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.json" in err and "run 2" in err and "men is not a number" in err
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    assert main(["compare", str(garbage), str(a)]) == 1
    assert "garbage.json" in capsys.readouterr().err


def test_a_scenario_without_a_history_is_compared_by_points_and_losses_only(border_scenario):
    runs = [{"seed": s, "turns_played": 5, "winner": None, "captures": {}, "reached": {},
             "losses": {side: {"men": 100 * (s + 1)} for side in border_scenario.side_order},
             "victory_points": {side: s for side in border_scenario.side_order}} for s in range(3)]
    doc = {"scenario": border_scenario.id, "runs": runs}
    result = compare_batches(doc, doc, border_scenario)
    assert result["places"] == [] and result["a"]["turns"] == 5
    text = format_comparison(result, border_scenario)
    assert "victory points" in text and "documented" not in text  # no table of places


def test_a_place_taken_in_fewer_than_half_the_games_has_no_median_date(campaign):
    a = batch(campaign, range(4))
    b = batch(campaign, range(4), late={"hutou": lambda s: None if s < 3 else 0})
    hutou = row(compare_batches(a, b, campaign), "hutou")
    assert hutou["median_a"] is not None and hutou["median_b"] is None
    assert "never" in format_comparison(compare_batches(a, b, campaign), campaign)


def test_a_report_whose_arrivals_are_not_a_mapping_is_refused(campaign, tmp_path, capsys):
    a = tmp_path / "a.json"
    a.write_text(json.dumps(batch(campaign, range(2))))
    doc = batch(campaign, range(2))
    doc["runs"][0]["reached"] = ["hailar"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    assert main(["compare", str(a), str(bad)]) == 1
    assert "run 1: 'reached' must be a dict" in capsys.readouterr().err
