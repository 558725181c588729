"""Supply rules: tracing, cutting, captured railways, river boats, effects, air resupply."""
import pytest
from conftest import LAB, change_rules, put, refresh_supply

from engine.combat import attack_strength, defence_strength
from engine.movement import reachable
from engine.orders import AirSupply, EndTurn, Move, execute
from engine.scenario import load_scenario, new_game
from engine.supply import depot_status, in_supply, supply_costs


def test_units_near_their_railhead_are_in_supply(lab):
    refresh_supply(lab)
    assert all(u.supplied for u in lab.units.values())


def test_supply_runs_out_beyond_the_cost_limit(lab):
    costs = supply_costs(lab, "soviet")
    limit = lab.scenario.rules.supply.max_cost
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
    carried = lab.scenario.rules.supply.carried_turns
    assert carried > 0
    u.supplied = True
    full = attack_strength(lab, u, target)
    cut_off(u, carried)
    assert attack_strength(lab, u, target) == full
    cut_off(u, carried + 1)
    half = attack_strength(lab, u, target)
    assert half == full * lab.scenario.rules.combat.out_of_supply.attack


def test_a_unit_whose_carried_stocks_are_spent_defends_weaker(lab):
    u = lab.units["jinf"]
    u.supplied = True
    full = defence_strength(lab, u)
    cut_off(u, 1)
    assert defence_strength(lab, u) == full
    cut_off(u, lab.scenario.rules.supply.carried_turns + 1)
    assert defence_strength(lab, u) < full


def test_out_of_supply_units_get_no_fuel_and_lose_readiness_once_their_stocks_are_spent(lab):
    put(lab, "jinf", (2, -1))
    put(lab, "jinf2", (2, 1))
    put(lab, "tank", (-1, 1), fuel=5.0, readiness=0.9)  # behind the Japanese screen
    carried = lab.scenario.rules.supply.carried_turns
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
    assert lab.units["tank"].fuel == cap * lab.scenario.rules.supply.fuel_refill


def lift_for(lab, uid: str) -> float:
    """The fuel points one air lift gives the unit: a load shared by its stacking points."""
    ut = lab.scenario.rules.unit_types[lab.units[uid].type]
    return lab.scenario.rules.supply.air_fuel_per_lift / ut.stack


def test_an_air_lift_fills_a_corps_half_as_far_as_a_division(lab):
    """A lift is a load of fuel: a corps of two stacking points gets half the fuel points a
    division of one gets from the same lift."""
    types = lab.scenario.rules.unit_types
    corps = put(lab, "tank", (3, 0), fuel=0.0)
    assert types[corps.type].stack == 2
    assert execute(lab, AirSupply("tank")).ok
    assert corps.fuel == lab.scenario.rules.supply.air_fuel_per_lift / 2


def test_fuel_can_be_flown_to_a_unit_near_a_friendly_airfield(lab):
    put(lab, "tank", (3, 0), fuel=0.0)
    res = execute(lab, AirSupply("tank"))
    assert res.ok, res.reason
    assert lab.units["tank"].fuel == lift_for(lab, "tank")
    assert execute(lab, Move("tank", (2, 0))).ok  # it can move again
    res = execute(lab, AirSupply("tank"))
    assert not res.ok and "air transport" in res.reason  # one lift a turn in the lab


def test_air_supply_needs_an_airfield_in_range(lab):
    put(lab, "tank", (-2, 2), fuel=0.0)
    res = execute(lab, AirSupply("tank"))
    assert not res.ok and "airfield" in res.reason


def test_an_air_lift_also_restores_a_cut_off_units_carried_stocks(lab):
    carried = lab.scenario.rules.supply.carried_turns
    t = put(lab, "tank", (3, 0), fuel=5.0)
    cut_off(t, carried + 1)  # stocks spent: it attacks at reduced strength
    target = (2, 0)
    weak = attack_strength(lab, t, target)
    res = execute(lab, AirSupply("tank"))
    assert res.ok, res.reason
    assert t.fuel == 5.0 + lift_for(lab, "tank")
    assert t.turns_out_of_supply == 0  # ammunition and food came with the fuel
    assert attack_strength(lab, t, target) > weak


def test_a_unit_with_full_tanks_in_supply_is_refused_an_air_lift(lab):
    cap = lab.scenario.rules.unit_types["tank_corps"].fuel_capacity
    put(lab, "tank", (3, 0), fuel=cap, supplied=True, turns_out_of_supply=0)
    res = execute(lab, AirSupply("tank"))
    assert not res.ok and "full tanks" in res.reason
    assert lab.used.get("soviet:air", 0) == 0  # the lift is not spent
    put(lab, "rifle", (3, 1), supplied=True, turns_out_of_supply=0)
    res = execute(lab, AirSupply("rifle"))
    assert not res.ok and "not cut off" in res.reason


def test_a_cut_off_unit_without_fuel_capacity_can_receive_an_air_lift(lab):
    assert lab.scenario.rules.unit_types["rifle_division"].fuel_capacity == 0
    r = put(lab, "rifle", (3, 1))
    cut_off(r, 2)
    res = execute(lab, AirSupply("rifle"))
    assert res.ok, res.reason
    assert r.turns_out_of_supply == 0
    assert r.fuel == 0.0  # no tanks to fill
    assert lab.used.get("soviet:air", 0) == 1


def test_a_full_tank_corps_that_is_cut_off_can_still_be_flown_ammunition(lab):
    cap = lab.scenario.rules.unit_types["tank_corps"].fuel_capacity
    t = put(lab, "tank", (3, 0), fuel=cap)
    cut_off(t, 1)
    res = execute(lab, AirSupply("tank"))
    assert res.ok, res.reason
    assert t.fuel == cap and t.turns_out_of_supply == 0


# -- river boats --------------------------------------------------------------------------------

MARSH = (4, 1)  # marsh next to the railhead at (4, 0): supply cost 3 by land
BANK = (3, 1)   # clear, next to both


def lab_with_river(kind, edges):
    """A private lab whose ``edges`` carry a river of class ``kind``."""
    scn = load_scenario(LAB)
    for a, b in edges:
        scn.graph.edges[a, b]["river"] = kind
    scn.cache.clear()  # river banks and movement costs are cached on the scenario
    return new_game(scn, 1)


# a major river south of the marsh and its neighbour: both on its north bank, the step between
# them does not cross it
SOUTH_BANK_EDGES = [(BANK, (3, 2)), (MARSH, (3, 2))]


def test_a_step_along_a_major_river_between_banks_the_side_holds_costs_the_boat_rate(lab):
    by_land = supply_costs(lab, "soviet")
    assert by_land[MARSH] == lab.scenario.rules.terrain["marsh"].supply_cost
    state = lab_with_river("major", SOUTH_BANK_EDGES)
    along = state.scenario.rules.rivers["major"].supply_along
    assert along < by_land[MARSH] - by_land[BANK]
    costs = supply_costs(state, "soviet")
    assert costs[BANK] == by_land[BANK]
    assert costs[MARSH] == by_land[BANK] + along


def test_river_boats_do_not_serve_a_bank_the_enemy_holds():
    state = lab_with_river("major", SOUTH_BANK_EDGES)
    state.control[MARSH] = "japanese"
    assert supply_costs(state, "soviet")[MARSH] == state.scenario.rules.terrain["marsh"].supply_cost


def test_a_minor_river_carries_no_boats(lab):
    assert lab.scenario.rules.rivers["minor"].supply_along is None
    state = lab_with_river("minor", SOUTH_BANK_EDGES)
    assert supply_costs(state, "soviet")[MARSH] == state.scenario.rules.terrain["marsh"].supply_cost



def test_boats_run_only_along_one_stretch_of_river(lab):
    # the bank hex and the marsh each touch a major river, but the two river hexsides face
    # different hexes ((3, 2) and the railhead): the step between them is overland
    by_land = supply_costs(lab, "soviet")
    state = lab_with_river("major", [(BANK, (3, 2)), (MARSH, (4, 0))])
    marsh = state.scenario.rules.terrain["marsh"].supply_cost
    assert supply_costs(state, "soviet")[MARSH] == by_land[BANK] + marsh


def truck_lab(max_cost=3.0):
    """A lab of its own whose supply reaches only ``max_cost`` from the railhead."""
    scn = load_scenario(LAB)
    change_rules(scn, "supply", max_cost=max_cost)
    return new_game(scn, 1)


def test_beyond_the_supply_reach_trucks_bring_less_fuel_the_further_out():
    from engine.supply import truck_fuel_share

    state = truck_lab()
    limit = state.scenario.rules.supply.max_cost
    reach = state.scenario.rules.supply.truck_fuel_reach
    assert reach == 1.75
    h = (4, 0)
    assert truck_fuel_share(state, "soviet", h, limit) == 1.0
    assert truck_fuel_share(state, "soviet", h, limit * (1 + reach) / 2) == pytest.approx(0.5)
    assert truck_fuel_share(state, "soviet", h, limit * reach) == 0.0
    assert truck_fuel_share(state, "soviet", h, None) == 0.0  # no line at all (cut off)


def test_a_tank_corps_just_beyond_supply_gets_fuel_but_no_food_or_ammunition():
    from engine.supply import supply_phase

    state = truck_lab()
    reach = state.scenario.rules.supply.truck_fuel_reach
    costs = supply_costs(state, "soviet", reach)
    limit = state.scenario.rules.supply.max_cost
    beyond = min((h for h, c in costs.items() if limit < c < reach * limit and not state.units_at(h)),
                 key=lambda h: (costs[h], h))
    t = put(state, "tank", beyond, fuel=0.0)
    supply_phase(state, "soviet")
    assert not t.supplied and t.turns_out_of_supply == 1  # still living on its carried stocks
    assert 0 < t.fuel < state.scenario.rules.supply.fuel_refill * 30


def test_without_truck_reach_a_unit_beyond_supply_gets_no_fuel():
    from engine.supply import supply_phase

    state = truck_lab()
    change_rules(state.scenario, "supply", truck_fuel_reach=1.0)
    costs = supply_costs(state, "soviet", 2.0)
    limit = state.scenario.rules.supply.max_cost
    beyond = min(h for h, c in costs.items() if limit < c < 2 * limit and not state.units_at(h))
    t = put(state, "tank", beyond, fuel=0.0)
    supply_phase(state, "soviet")
    assert t.fuel == 0.0


# -- field depots -------------------------------------------------------------------------------

def depot_lab():
    """The lab with a supply reach of 1: the railway along the middle row carries supply to
    the front line, the hexes off it are beyond reach. The paratroops stand in for a depot."""
    scn = load_scenario(LAB)
    change_rules(scn, "supply", max_cost=1.0)
    return new_game(scn, 1)


def test_a_field_depot_the_convoys_reach_supplies_the_troops_around_it():
    state = depot_lab()
    assert (0, -1) not in in_supply(state, "soviet")
    put(state, "para", (0, 0), type="field_depot")
    assert supply_costs(state, "soviet", 1.0)[(0, 0)] == 0.0
    assert (0, -1) in in_supply(state, "soviet")
    put(state, "rifle", (0, -1))
    refresh_supply(state)
    assert state.units["rifle"].supplied


def test_a_field_depot_beyond_the_convoys_reach_supplies_nothing():
    state = depot_lab()
    before = in_supply(state, "soviet")
    convoys = state.scenario.rules.unit_types["field_depot"].depot_reach  # times the supply reach of 1
    far = (1, -1)  # up in the hills
    assert supply_costs(state, "soviet", convoys + 1)[far] > convoys
    put(state, "para", far, type="field_depot")
    assert in_supply(state, "soviet") == before


def test_a_field_depot_in_an_enemy_zone_of_control_supplies_nothing():
    state = depot_lab()
    put(state, "jinf", (-1, 0))  # next to the depot
    before = in_supply(state, "soviet")
    put(state, "para", (0, 0), type="field_depot")
    assert (0, -1) not in in_supply(state, "soviet")
    assert in_supply(state, "soviet") <= before | {(0, 0)}


def test_a_field_depot_moves_only_through_hexes_its_side_holds(lab):
    put(lab, "para", (1, 0), type="field_depot")
    assert lab.control[(-1, 0)] == "japanese" and not lab.units_at((-1, 0))
    r = execute(lab, Move("para", (-1, 0)))
    assert not r.ok and "field depot" in r.reason
    assert all(lab.control[h] == "soviet" for h in reachable(lab, "para").cost)
    assert execute(lab, Move("para", (2, -1))).ok


def test_the_player_is_told_whether_a_field_depot_works_and_why():
    state = depot_lab()
    put(state, "para", (0, 0), type="field_depot")
    assert depot_status(state, state.units["para"]) == (True, "Depot working: it supplies the troops around it")
    put(state, "para", (1, -1))
    assert depot_status(state, state.units["para"]) == (False, "Depot idle: beyond its convoys' reach")
    put(state, "para", (0, 0))
    put(state, "jinf", (-1, 0))
    assert depot_status(state, state.units["para"]) == (False, "Depot idle: in an enemy zone of control")


def depot_fed_lab(tanks, lift=None):
    """The lab with a supply reach of 1: a field depot west of the railway's end, within its
    convoys' reach, and ``tanks`` dry tank corps west of it that only it feeds."""
    from dataclasses import replace

    scn = load_scenario(LAB)
    change_rules(scn, "supply", max_cost=1.0)
    if lift is not None:
        scn.rules.unit_types["field_depot"] = replace(scn.rules.unit_types["field_depot"], fuel_lift=lift)
    state = new_game(scn, 1)
    put(state, "jinf", (-5, 2))
    put(state, "jinf2", (-4, 2))
    put(state, "para", (-1, 0), type="field_depot")
    for uid, h in zip(("tank", "rifle"), ((-2, 0), (-1, -1))):
        if uid in tanks:
            put(state, uid, h, type="tank_corps", fuel=0.0)
    return state


def test_the_units_a_field_depot_feeds_share_its_daily_fuel_lift():
    from engine.supply import supply_phase

    lift = 30.0
    state = depot_fed_lab(("tank", "rifle"), lift=lift)
    rules = state.scenario.rules
    refill = rules.supply.fuel_refill * rules.unit_types["tank_corps"].fuel_capacity
    supply_phase(state, "soviet")
    assert state.units["tank"].supplied and state.units["rifle"].supplied
    want = 2 * refill * rules.unit_types["tank_corps"].stack  # two corps' refills, by stacking weight
    assert want > lift
    for uid in ("tank", "rifle"):
        assert state.units[uid].fuel == pytest.approx(refill * lift / want)


@pytest.mark.parametrize("lift", [100.0, 0.0])
def test_a_field_depot_whose_lift_is_enough_or_unlimited_gives_the_full_refill(lift):
    from engine.supply import supply_phase

    state = depot_fed_lab(("tank", "rifle"), lift=lift)
    supply_phase(state, "soviet")
    rules = state.scenario.rules
    for uid in ("tank", "rifle"):
        assert state.units[uid].fuel == rules.supply.fuel_refill * rules.unit_types["tank_corps"].fuel_capacity


def test_a_field_depot_feeds_only_the_troops_of_its_own_army():
    from engine.supply import supply_phase

    state = depot_fed_lab(("tank", "rifle"))
    state.units["para"].formation = "army"
    state.units["rifle"].formation = "front"  # a corps of the front's own, not of the army
    supply_phase(state, "soviet")
    assert state.units["tank"].supplied
    assert not state.units["rifle"].supplied  # the railway does not reach it and the depot is not its own


def test_a_fronts_field_depot_feeds_every_army_of_the_front():
    from engine.supply import supply_phase

    state = depot_fed_lab(("tank", "rifle"))
    state.units["para"].formation = "front"
    supply_phase(state, "soviet")
    assert state.units["tank"].supplied and state.units["rifle"].supplied


def test_the_computer_judges_supply_by_the_depots_that_feed_each_unit():
    from engine.ai.context import make_context

    state = depot_fed_lab(("tank", "rifle"))
    state.units["para"].formation = "army"
    state.units["rifle"].formation = "front"
    ctx = make_context(state, "normal")
    near_depot = (-2, 0)
    assert near_depot in ctx.supply_for(state.units["tank"])
    assert near_depot not in ctx.supply_for(state.units["rifle"])
