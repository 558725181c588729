"""Honest books: men lost in combat are booked as killed, wounded and missing by the side's
shares; a broken unit with no way back is taken less the men who slip away; the men of units that
stood down drift away while they wait; an underground fortress opens to at most a few points of
attack; and the batch report judges a game's books against documented ranges, phase by phase."""
import pytest
from conftest import LAB, change_rules, put

from engine.combat import book_losses, predict
from engine.scenario import load_scenario, new_game


def private_lab():
    """A lab game whose scenario (rules, sides) the test may change."""
    return new_game(load_scenario(LAB), 1)


def test_men_lost_in_combat_are_booked_as_killed_wounded_and_missing_by_the_sides_shares():
    state = private_lab()
    state.scenario.sides["japanese"]["casualties"] = {"killed": 0.5, "wounded": 0.45, "missing": 0.05}
    book_losses(state, "japanese", {"men": 1000, "tanks": 2, "guns": 3})
    books = state.losses["japanese"]
    assert (books["men"], books["killed"], books["wounded"], books["missing"]) == (1000, 500, 450, 50)
    assert books["killed"] + books["wounded"] + books["missing"] == books["men"]
    assert (books["tanks"], books["guns"], books["captured"]) == (2, 3, 0)


def test_the_split_never_books_more_men_than_were_lost():
    state = private_lab()
    state.scenario.sides["soviet"]["casualties"] = {"killed": 0.5, "wounded": 0.0, "missing": 0.5}
    book_losses(state, "soviet", {"men": 1})
    books = state.losses["soviet"]
    assert books["killed"] + books["missing"] + books["wounded"] == 1 and books["wounded"] >= 0


def test_a_broken_unit_with_no_way_back_is_taken_less_those_who_slip_away_in_the_hills():
    state = private_lab()
    change_rules(state.scenario, "combat", dispersal={"clear": 0.1})
    put(state, "jinf", (-3, -1))  # lake to the north, map edge to the west
    put(state, "tank", (-2, -1))
    put(state, "rifle", (-3, 0))
    put(state, "para", (-2, -2))
    put(state, "jinf2", (-4, 0), side="soviet")
    terrain = state.scenario.graph.nodes[(-3, -1)]["terrain"]
    change_rules(state.scenario, "combat", dispersal={terrain: 0.25})
    men = state.units["jinf"].men
    pred = predict(state, (-3, -1), ["tank", "rifle", "para"])
    lost = pred.losses["surrender"]["defender"]
    assert lost["dispersed"] == men // 4 and lost["captured"] == men - men // 4
    change_rules(state.scenario, "combat", dispersal={})
    assert predict(state, (-3, -1), ["tank", "rifle", "para"]).losses["surrender"]["defender"]["captured"] == men


def assault_on_westtown():
    """A lab game with a garrison in Westtown's works (level 2) and two units next to it; the odds
    of their assault without a cap."""
    state = private_lab()
    put(state, "jinf", (-2, 0), type="fortified_region")
    put(state, "tank", (-1, 0))
    put(state, "rifle", (-2, 1))
    return state, predict(state, (-2, 0), ["tank", "rifle"]).odds


def test_an_underground_fortress_opens_to_no_more_than_its_odds_cap():
    state, free = assault_on_westtown()
    change_rules(state.scenario, "combat", works_max_odds={2: free / 2})
    capped = predict(state, (-2, 0), ["tank", "rifle"])
    assert capped.odds == pytest.approx(free / 2)
    state.units["jinf"].men = 10  # too few to man the works: the cap no longer protects them
    assert predict(state, (-2, 0), ["tank", "rifle"]).odds > free / 2


def test_men_of_units_that_stood_down_drift_away_while_they_wait():
    from engine.capitulation import drift

    state = private_lab()
    change_rules(state.scenario, "capitulation", drift=0.1)
    c = {"orders": {}, "stood_down": {"jinf": "1945-08-08", "jinf2": "1945-08-09"}, "signed": ""}
    men = state.units["jinf"].men
    assert drift(state, "japanese", c) == men // 10
    assert state.units["jinf"].men == men - men // 10
    assert state.units["jinf2"].men == 12000  # stood down only today: nobody has left yet
    assert state.losses["japanese"]["dispersed"] == men // 10


def test_the_batch_report_judges_the_books_against_documented_ranges_and_by_phase():
    from engine.report import format_summary, summarize

    scn = load_scenario("august_storm_1945")
    assert [p["name"] for p in scn.history.phases] == ["fighting", "collapse"]
    run = {"seed": 0, "winner": "soviet", "turns_played": 25, "victory_points": {"soviet": 1, "japanese": 0},
           "captures": {"hailar": "1945-08-10", "hutou": "1945-08-30"}, "reached": {},
           "losses": {"soviet": {"men": 30000}, "japanese": {"captured": 700000, "killed": 40000}}}
    summary = summarize([run], scn)
    verdicts = {(y["side"], y["heading"]): y["verdict"] for y in summary["yardsticks"]}
    assert verdicts == {("soviet", "men"): "within", ("japanese", "killed"): "within",
                        ("japanese", "captured"): "above"}
    fighting, collapse = summary["phases"]
    assert fighting["within"] == 2 and "hailar" not in fighting["missed"]
    assert collapse["within"] == 3 and "hutou" in collapse["missed"]  # four days late
    text = format_summary(summary, scn)
    assert "prisoners: 700,000 against 525,356-540,356 documented (above)" in text
    assert "collapse (1945-08-17 to 1945-09-02)" in text


def test_a_history_phase_that_ends_before_it_begins_is_named_with_its_file(tmp_path):
    import shutil

    from engine.scenario import ScenarioLoadError

    shutil.copytree(LAB, tmp_path / "lab")
    s = tmp_path / "lab" / "scenario.yaml"
    from conftest import ROOT

    s.write_text(s.read_text().replace("../../../scenarios", str(ROOT / "scenarios")))
    h = tmp_path / "lab" / "history.yaml"
    h.write_text(h.read_text() + "\nphases:\n  - {name: late, from: 1945-08-12, until: 1945-08-10}\n")
    with pytest.raises(ScenarioLoadError) as err:
        load_scenario(tmp_path / "lab")
    assert "history.yaml" in str(err.value) and "phase 'late' ends before it begins" in str(err.value)


def test_the_odds_breakdown_names_the_works_cap_when_it_binds():
    from engine.combat import breakdown

    state, free = assault_on_westtown()
    change_rules(state.scenario, "combat", works_max_odds={2: free / 2})
    b = breakdown(state, (-2, 0), ["tank", "rifle"])
    names = dict(b.attack)
    cap = next(n for n in names if n.startswith("works open to at most"))
    assert names[cap] == pytest.approx(0.5)
