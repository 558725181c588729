"""Supply rules: tracing, cutting, captured railways, effects, air resupply."""
from conftest import put, refresh_supply

from engine.combat import attack_strength, defence_strength
from engine.orders import AirSupply, EndTurn, Move, execute
from engine.supply import in_supply, supply_costs


def test_units_near_their_railhead_are_in_supply(lab):
    refresh_supply(lab)
    assert all(u.supplied for u in lab.units.values())


def test_supply_runs_out_beyond_the_cost_limit(lab):
    costs = supply_costs(lab, "soviet")
    limit = lab.scenario.rules.supply["max_cost"]
    assert all(c <= limit for c in costs.values())
    assert (4, 1) in costs  # marsh next to the railhead


def test_enemy_units_and_their_zones_cut_supply(lab):
    open_line = in_supply(lab, "soviet")
    assert (-1, 2) in open_line or (0, 2) in open_line
    # a screen of Japanese units across the plain east of the hills cuts everything behind it
    put(lab, "jinf", (2, -1))
    put(lab, "jinf2", (2, 1))
    cut = in_supply(lab, "soviet")
    assert (0, 2) not in cut and (-1, 1) not in cut
    assert (4, 0) in cut


def test_a_friendly_unit_in_an_enemy_zone_keeps_supply_flowing_through_it(lab):
    put(lab, "jinf", (1, 1))
    put(lab, "jinf2", (-4, 2))
    costs_without = supply_costs(lab, "soviet")
    put(lab, "rifle", (2, 0))  # in the zone of the unit at (1, 1)
    costs_with = supply_costs(lab, "soviet")
    assert (2, 0) in costs_with
    assert len(costs_with) >= len(costs_without)


def test_captured_railway_extends_the_attackers_supply(lab):
    far_west = (-3, 0)  # on the railway, held by the Japanese
    put(lab, "jinf", (-4, 2))
    put(lab, "jinf2", (-3, 2))
    lab.scenario.rules.supply  # base limit
    before = supply_costs(lab, "soviet").get(far_west)
    for h in [(-3, 0), (-2, 0), (-1, 0), (0, 0)]:
        lab.control[h] = "soviet"
    after = supply_costs(lab, "soviet").get(far_west)
    assert after is not None
    assert before is None or after < before


def cut_off(u, days):
    u.supplied = False
    u.turns_out_of_supply = days


def test_a_unit_cut_off_fights_on_its_carried_stocks_then_attacks_at_reduced_strength(lab):
    put(lab, "rifle", (-2, 1))
    u = lab.units["rifle"]
    target = (-3, 1)
    carried = lab.scenario.rules.supply["carried_turns"]
    assert carried > 0
    u.supplied = True
    full = attack_strength(lab, u, target)
    cut_off(u, carried)
    assert attack_strength(lab, u, target) == full
    cut_off(u, carried + 1)
    half = attack_strength(lab, u, target)
    assert half == full * lab.scenario.rules.combat["out_of_supply"]["attack"]


def test_a_unit_whose_carried_stocks_are_spent_defends_weaker(lab):
    u = lab.units["jinf"]
    u.supplied = True
    full = defence_strength(lab, u)
    cut_off(u, 1)
    assert defence_strength(lab, u) == full
    cut_off(u, lab.scenario.rules.supply["carried_turns"] + 1)
    assert defence_strength(lab, u) < full


def test_out_of_supply_units_get_no_fuel_and_lose_readiness_once_their_stocks_are_spent(lab):
    put(lab, "jinf", (2, -1))
    put(lab, "jinf2", (2, 1))
    put(lab, "tank", (-1, 1), fuel=5.0, readiness=0.9)  # behind the Japanese screen
    carried = lab.scenario.rules.supply["carried_turns"]
    t = lab.units["tank"]
    for day in range(1, carried + 2):
        execute(lab, EndTurn())
        execute(lab, EndTurn())  # next Soviet supply phase
        assert not t.supplied and t.turns_out_of_supply == day
        assert t.fuel == 5.0
        assert t.readiness == (0.9 if day <= carried else 0.8)


def test_supplied_units_refuel(lab):
    put(lab, "tank", (3, 0), fuel=0.0)
    execute(lab, EndTurn())
    execute(lab, EndTurn())
    cap = lab.scenario.rules.unit_types["tank_corps"].fuel_capacity
    assert lab.units["tank"].fuel == cap * lab.scenario.rules.supply["fuel_refill"]


def test_fuel_can_be_flown_to_a_unit_near_a_friendly_airfield(lab):
    put(lab, "tank", (3, 0), fuel=0.0)
    res = execute(lab, AirSupply("tank"))
    assert res.ok, res.reason
    assert lab.units["tank"].fuel == lab.scenario.rules.supply["air_fuel_per_lift"]
    assert execute(lab, Move("tank", (2, 0))).ok  # it can move again
    res = execute(lab, AirSupply("tank"))
    assert not res.ok and "air transport" in res.reason  # one lift a turn in the lab


def test_air_supply_needs_an_airfield_in_range(lab):
    put(lab, "tank", (-2, 2), fuel=0.0)
    res = execute(lab, AirSupply("tank"))
    assert not res.ok and "airfield" in res.reason
