"""Movement rules: costs, zones of control, stacking, fuel, rail, and the reachable query."""
import dataclasses

from conftest import LAB, put

from engine.hexes import distance, neighbours
from engine.movement import reachable
from engine.orders import EndTurn, Move, RailMove, execute
from engine.scenario import load_scenario, new_game


def test_a_unit_moves_along_its_cheapest_path_and_pays_for_it(lab):
    res = execute(lab, Move("rifle", (2, 2)))
    assert res.ok, res.reason
    u = lab.units["rifle"]
    assert u.hex == (2, 2)
    # rifle division: 4 MP; clear costs 2 per hex for foot
    assert res.data["cost"] == 2 and u.mp_left == 2
    assert res.data["path"] == [[3, 1], [2, 2]]


def test_crossing_a_river_costs_extra(lab):
    put(lab, "rifle", (3, 1), mp_left=10)
    reach = reachable(lab, "rifle")
    # (2, 1) is on the near bank, (1, 1) across the brook
    assert reach.cost[(2, 1)] == 2
    assert reach.cost[(1, 1)] == 2 + 2 + 1
    assert reach.prev[(1, 1)] == (2, 1)


def test_hills_cost_more_than_clear_ground(lab):
    put(lab, "rifle", (2, -1))
    reach = reachable(lab, "rifle")
    assert reach.cost[(1, -1)] == 3  # hills, foot
    assert reach.cost[(3, -1)] == 2  # clear, foot


def test_a_road_speeds_movement(lab):
    put(lab, "tank", (4, -2))
    reach = reachable(lab, "tank")
    assert reach.cost[(3, -2)] == 1.2  # tracked along a road
    put(lab, "tank", (4, -1))
    assert reachable(lab, "tank").cost[(3, -1)] == 2  # tracked across clear


def test_a_tracked_unit_with_no_fuel_cannot_move(lab):
    put(lab, "tank", (3, 0), fuel=0.0)
    res = execute(lab, Move("tank", (2, 1)))
    assert not res.ok and "fuel" in res.reason
    assert reachable(lab, "tank").destinations() == []


def test_moving_burns_fuel_and_fuel_limits_the_move(lab):
    put(lab, "tank", (4, -1), fuel=3.0)
    reach = reachable(lab, "tank")
    assert max(reach.cost.values()) <= 3.0
    res = execute(lab, Move("tank", (3, -1)))
    assert res.ok
    assert lab.units["tank"].fuel == 1.0  # 2 MP at 1 fuel per MP


def test_a_unit_entering_an_enemy_zone_of_control_must_stop(lab):
    put(lab, "jinf", (0, -1))
    put(lab, "jinf2", (-4, 2))
    put(lab, "rifle", (2, -1), mp_left=40)
    zone = set(neighbours((0, -1)))
    reach = reachable(lab, "rifle")
    assert (1, -1) in reach.endable  # it may enter the zone...
    for h, prev in reach.prev.items():
        # ...but not go on
        assert prev not in zone | set(neighbours((-4, 2))), f"path to {h} runs on through the zone hex {prev}"
    assert (-2, 0) in reach.cost  # going round the zone is allowed


def test_a_fortress_garrison_tied_to_its_works_does_not_stop_columns_passing_by(lab):
    # base.yaml: fortified regions have no zone of control, as the fronts bypassed them in 1945
    assert not lab.scenario.rules.unit_types["fortified_region"].zoc
    put(lab, "jinf", (0, -1), type="fortified_region")
    put(lab, "rifle", (2, -1), mp_left=40)
    reach = reachable(lab, "rifle")
    assert any(prev in set(neighbours((0, -1))) for prev in reach.prev.values())  # it goes on past


def test_no_moving_directly_from_one_enemy_zone_hex_to_another(lab):
    put(lab, "jinf", (0, -1))
    put(lab, "rifle", (1, -1), mp_left=40)  # already in the Japanese zone
    zone = set(neighbours((0, -1)))
    reach = reachable(lab, "rifle")
    assert not any(h in zone for h, prev in reach.prev.items() if prev == (1, -1))
    assert (2, -1) in reach.endable  # stepping out of the zone is fine


def test_enemy_occupied_hexes_cannot_be_entered(lab):
    put(lab, "jinf", (2, 0))
    res = execute(lab, Move("tank", (2, 0)))
    assert not res.ok and "attack" in res.reason


def test_stacking_limit_keeps_units_out_of_a_full_hex(lab):
    put(lab, "tank", (2, -1))
    put(lab, "para", (2, -1), type="tank_corps")  # two corps: 4 stacking points, the limit
    put(lab, "rifle", (3, -1))
    res = execute(lab, Move("rifle", (2, -1)))
    assert not res.ok and "full" in res.reason
    put(lab, "para", (4, 0), type="airborne_brigade")  # now 2 points in the hex
    assert execute(lab, Move("rifle", (2, -1))).ok


def test_units_may_pass_through_a_full_friendly_hex(lab):
    put(lab, "tank", (2, -1))
    put(lab, "para", (2, -1), type="tank_corps")
    put(lab, "rifle", (3, -1), mp_left=10)
    reach = reachable(lab, "rifle")
    assert (2, -1) in reach.cost and (2, -1) not in reach.endable


def test_an_illegal_order_leaves_the_state_untouched(lab):
    before = lab.state_hash()
    for order in (Move("tank", (99, 99)), Move("jinf", (-2, 0)), Move("nobody", (0, 0)),
                  Move("tank", (-4, 0)), RailMove("rifle", (-4, 0))):
        res = execute(lab, order)
        assert not res.ok and res.reason
    assert lab.state_hash() == before


def test_orders_for_the_side_not_to_move_are_refused(lab):
    res = execute(lab, Move("jinf", (-2, 1)))
    assert not res.ok and "not yours" in res.reason


def test_rail_movement_runs_along_friendly_railway(lab):
    res = execute(lab, RailMove("para", (1, 0)))
    assert res.ok, res.reason
    assert lab.units["para"].hex == (1, 0)
    assert lab.units["para"].mp_left == 0
    # rail capacity (one move a turn in the lab) is used up
    res = execute(lab, RailMove("tank", (2, 0)))
    assert not res.ok and "capacity" in res.reason


def test_rail_movement_stops_at_the_front_line(lab):
    res = execute(lab, RailMove("para", (-3, 0)))  # Japanese-held rail
    assert not res.ok


def test_movement_points_come_back_next_turn(lab):
    execute(lab, Move("rifle", (2, 1)))
    execute(lab, EndTurn())
    execute(lab, EndTurn())
    assert lab.turn == 2 and lab.units["rifle"].mp_left == 4


def test_mud_from_an_event_makes_tracked_movement_dearer(lab):
    put(lab, "tank", (4, -1))
    dry = reachable(lab, "tank").cost[(3, -1)]
    execute(lab, EndTurn())
    execute(lab, EndTurn())  # turn 2: the lab's mud event
    put(lab, "tank", (4, -1))
    assert reachable(lab, "tank").cost[(3, -1)] == 2 * dry
    put(lab, "rifle", (4, -1))
    assert reachable(lab, "rifle").cost[(3, -1)] == 2  # foot unaffected


def test_every_reachable_path_is_contiguous_and_within_budget(lab):
    reach = reachable(lab, "tank")
    for h in reach.destinations():
        path = reach.path(h)
        assert path[0] == lab.units["tank"].hex and path[-1] == h
        assert all(b in lab.scenario.graph[a] for a, b in zip(path, path[1:]))
        assert reach.cost[h] <= lab.units["tank"].mp_left


def test_an_airborne_unit_lands_from_a_friendly_airfield_within_range(lab):
    from engine.orders import AirborneLanding

    put(lab, "jinf2", (-4, 2))
    assert not execute(lab, AirborneLanding("rifle", (-1, 1))).ok  # not airborne
    res = execute(lab, AirborneLanding("para", (-1, 1)))  # behind the Japanese lines
    assert res.ok, res.reason
    assert lab.units["para"].hex == (-1, 1) and lab.control[(-1, 1)] == "soviet"
    assert not execute(lab, Move("para", (-1, 2))).ok  # landing is its action for the day


def test_an_airborne_landing_beyond_range_or_onto_the_enemy_is_refused(lab):
    from engine.orders import AirborneLanding

    res = execute(lab, AirborneLanding("para", (-4, 2)))  # 8 hexes away, range 6
    assert not res.ok and "range" in res.reason
    res = execute(lab, AirborneLanding("para", (-3, 0)))  # the Japanese division's hex
    assert not res.ok and "range" in res.reason  # it is out of range (and out of sight: see test_visibility)


def test_an_amphibious_landing_needs_a_port_and_a_coastal_hex(lab):
    from engine.orders import AmphibiousLanding

    res = execute(lab, AmphibiousLanding("rifle", (-2, -2)))
    assert not res.ok and "port" in res.reason
    put(lab, "rifle", (3, -2))  # the lab's port
    res = execute(lab, AmphibiousLanding("rifle", (0, 1)))
    assert not res.ok and "coastal" in res.reason
    res = execute(lab, AmphibiousLanding("rifle", (-2, -2)))  # on the lake shore
    assert res.ok, res.reason
    assert lab.units["rifle"].hex == (-2, -2)


def test_a_side_without_landing_craft_cannot_land(lab):
    from engine.orders import AmphibiousLanding

    execute(lab, EndTurn())
    res = execute(lab, AmphibiousLanding("jinf", (-2, -2)))
    assert not res.ok and "no amphibious lift" in res.reason


def test_landing_craft_sail_only_from_the_fleets_bases(lab):
    from engine.orders import AmphibiousLanding

    put(lab, "rifle", (3, -2))  # the lab's port and supply port
    assert execute(lab, AmphibiousLanding("rifle", (-2, -2))).ok
    execute(lab, EndTurn())
    execute(lab, EndTurn())
    res = execute(lab, AmphibiousLanding("rifle", (-1, -2)))
    assert not res.ok and "supply ports" in res.reason


def sea_lab(**side_changes):
    """A private lab (map and rules may change) with the Soviet side's lift settings changed."""
    scn = load_scenario(LAB)
    scn.sides["soviet"].update(side_changes)
    return scn


def test_landing_craft_reach_no_coast_of_another_water():
    from engine.orders import AmphibiousLanding

    scn = sea_lab()
    scn.graph.nodes[(1, 2)]["terrain"] = "water"  # a pond inland, its shore not on the sea
    state = new_game(scn, 1)
    put(state, "rifle", (3, -2))  # the lab's port, on the sea along the north edge
    res = execute(state, AmphibiousLanding("rifle", (2, 2)))
    assert not res.ok and "no sea links" in res.reason


def test_a_landing_is_in_range_by_the_sea_lane_not_the_straight_line():
    from engine.orders import AmphibiousLanding
    from engine.sea import sea_distance

    probe = load_scenario(LAB)
    sailed = sea_distance(probe, (3, -2), (-2, -2))
    assert sailed >= distance((3, -2), (-2, -2))
    for rng, ok in ((sailed - 1, False), (sailed, True)):
        state = new_game(sea_lab(amphibious_range=rng), 1)
        put(state, "rifle", (3, -2))
        res = execute(state, AmphibiousLanding("rifle", (-2, -2)))
        assert res.ok == ok, res.reason
        if not ok:
            assert "by sea" in res.reason


def test_landing_troops_sail_again_from_a_harbour_they_took():
    from engine.orders import AmphibiousLanding

    scn = sea_lab(amphibious_range=20)
    types = scn.rules.unit_types
    types["rifle_division"] = dataclasses.replace(types["rifle_division"], amphibious=True)
    scn.graph.nodes[(-2, -2)]["port"] = True  # a harbour on the far shore, not one of the fleet's bases
    state = new_game(scn, 1)
    put(state, "rifle", (3, -2))
    assert execute(state, AmphibiousLanding("rifle", (-2, -2))).ok
    execute(state, EndTurn())
    execute(state, EndTurn())
    res = execute(state, AmphibiousLanding("rifle", (0, -2)))
    assert res.ok, res.reason


def test_a_unit_that_has_not_moved_may_always_go_one_hex_spending_its_whole_move(lab):
    # the marsh beyond the river costs the rifle division 5 MP, more than its 4
    u = lab.units["rifle"]
    assert (4, 1) in reachable(lab, "rifle").cost
    res = execute(lab, Move("rifle", (4, 1)))
    assert res.ok, res.reason
    assert u.hex == (4, 1) and u.mp_left == 0


def test_the_one_hex_move_is_not_allowed_after_moving(lab):
    assert execute(lab, Move("rifle", (3, 2))).ok
    assert (4, 1) not in reachable(lab, "rifle").cost


def test_airlanding_troops_land_only_on_an_airfield():
    import dataclasses

    from conftest import LAB

    from engine.orders import AirborneLanding
    from engine.scenario import load_scenario, new_game

    scn = load_scenario(LAB)  # a private copy: the rules and the map are changed below
    types = scn.rules.unit_types
    types["airborne_brigade"] = dataclasses.replace(types["airborne_brigade"], airlanding=True)
    state = new_game(scn, 1)
    res = execute(state, AirborneLanding("para", (2, 0)))
    assert not res.ok and "only on an airfield" in res.reason
    scn.graph.nodes[(2, 0)]["airfield"] = True
    res = execute(state, AirborneLanding("para", (2, 0)))
    assert res.ok, res.reason
