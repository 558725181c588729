"""The 6th Guards Tank Army's fuel crisis beyond the Khingan comes from the rules: its field
depot's limited fuel lift and the air lift, not from an event that stops it on a date."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.policy import play_part
from engine.scenario import load_scenario, new_game
from engine.simulate import policies_for

CORPS = ("s_5gtc", "s_7mc", "s_9gmc")


def corps_fuel_on(variants: tuple[str, ...], day: dt.date, seed: int = 0) -> dict[str, float]:
    """The tank army's corps' fuel when the Soviet side begins its part of ``day`` (after the
    day's refill), with the computer playing both sides."""
    scn = load_scenario("august_storm_1945", variants)
    state = new_game(scn, seed)
    policies = policies_for(scn)
    while not (state.date == day and state.side == "soviet"):
        play_part(state, policies[state.side])
    return {uid: state.units[uid].fuel for uid in CORPS if uid in state.units}


@pytest.fixture(scope="module")
def historical() -> dict[str, float]:
    return corps_fuel_on((), dt.date(1945, 8, 13))


@pytest.fixture(scope="module")
def full_fuel() -> dict[str, float]:
    return corps_fuel_on(("gta_full_fuel",), dt.date(1945, 8, 13))


def test_the_tank_army_comes_down_from_the_khingan_short_of_fuel(historical):
    # 1945: 0.25-0.5 of a refill (capacity 30 is 1-1.5 refills: at most 15 points), one corps dry
    assert set(historical) == set(CORPS)
    assert all(f <= 15 for f in historical.values()), historical


def test_with_the_rear_columns_keeping_up_the_corps_have_fuel_to_go_on(full_fuel, historical):
    assert all(f >= 20 for f in full_fuel.values()), full_fuel
    assert sum(full_fuel.values()) > 2 * sum(historical.values())


def test_the_fuel_crisis_is_the_depots_lift_not_an_event():
    scn = load_scenario("august_storm_1945")
    depot = scn.rules.unit_types[next(u.type for u in scn.initial_units if u.id == "s_6gta_depot")]
    assert depot.fuel_lift > 0
    full = load_scenario("august_storm_1945", ("gta_full_fuel",))
    assert full.rules.unit_types[next(u.type for u in full.initial_units if u.id == "s_6gta_depot")].fuel_lift == 0
