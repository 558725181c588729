"""The operational AI's judgement, rule by rule: air lifts, fortresses on an axis, assaults on
works, landings, garrisons and withdrawals. Each test sets up a position in the lab and asks
the AI's own functions what they would do, or lets them act through orders."""
import dataclasses
import datetime as dt
import shutil

import pytest
from conftest import LAB, ROOT, change_hints, change_rules, put

import engine.ai.landings as ai_landings
from engine.ai.airlift import fly_fuel
from engine.ai.attacks import make_attacks, plan_attack
from engine.ai.axes import CONTAIN_FORTRESS, CONTAIN_RATIO, containers
from engine.ai.axes import axis_goal as _axis_goal
from engine.ai.context import hex_value, make_context
from engine.ai.defence import GARRISON_HEXES
from engine.ai.defence import defender_goal as _defender_goal
from engine.ai.depots import move_depots
from engine.ai.encircle import closing_gain
from engine.ai.fields import cost_field
from engine.ai.judgement import DIFFICULTIES
from engine.ai.landings import make_landings
from engine.ai.moves import _score_destination, _supply_pull, move_units
from engine.combat import predict
from engine.hexes import distance, neighbours
from engine.orders import EndTurn, execute
from engine.scenario import load_scenario, new_game
from engine.scenario.hints import Axis, Withdrawal
from engine.supply import SupplyPicture, supply_costs
from engine.yamlio import ScenarioLoadError

WESTTOWN = (-2, 0)  # the lab's only place: works of level 2, held by the Japanese


def private_lab():
    """A scenario of its own, to change rules, map or hints without touching the shared one."""
    return load_scenario(LAB)


def add_place(scn, pid, hex_):
    """A second place on the lab map (the lab has only Westtown)."""
    scn.map.places[pid] = dataclasses.replace(scn.map.places["westtown"], id=pid, name=pid.title(), hex=hex_, vp=0)
    scn.map.place_at[hex_] = pid
    scn.graph.nodes[hex_]["place"] = pid


def japanese_to_move(state):
    execute(state, EndTurn())
    assert state.side == "japanese"
    return state


def lifts_used(state, side="soviet"):
    return state.used.get(f"{side}:air", 0)


# -- air lifts ----------------------------------------------------------------------------------

def test_when_lifts_are_scarce_the_strongest_stalled_unit_is_supplied_first(lab):
    assert lab.scenario.sides["soviet"]["air_lifts_per_turn"] == 1
    carried = lab.scenario.rules.supply.carried_turns
    put(lab, "tank", (3, 0), fuel=0.0)                                          # dry tank corps
    put(lab, "rifle", (3, 1), supplied=False, turns_out_of_supply=carried)      # stocks spent
    fly_fuel(make_context(lab, "normal"))
    # the tank corps is the stronger (and its id sorts after the rifle division's)
    assert lab.units["tank"].fuel > 0
    assert lab.units["rifle"].turns_out_of_supply == carried
    assert [e["unit"] for e in lab.log if e["kind"] == "air_supply"] == ["tank"]


def test_a_stronger_cut_off_division_gets_the_only_lift_before_a_weaker_dry_tank_corps(lab):
    carried = lab.scenario.rules.supply.carried_turns
    put(lab, "tank", (3, 0), fuel=0.0)
    put(lab, "rifle", (3, 1), supplied=False, turns_out_of_supply=carried, men=40000)
    fly_fuel(make_context(lab, "normal"))
    assert lab.units["rifle"].turns_out_of_supply == 0
    assert lab.units["tank"].fuel == 0.0
    assert [e["unit"] for e in lab.log if e["kind"] == "air_supply"] == ["rifle"]


def test_a_cut_off_unit_whose_carried_stocks_have_run_out_is_flown_supplies(lab):
    carried = lab.scenario.rules.supply.carried_turns
    put(lab, "rifle", (3, 1), supplied=False, turns_out_of_supply=carried)
    fly_fuel(make_context(lab, "normal"))
    assert lab.units["rifle"].turns_out_of_supply == 0
    assert lifts_used(lab) == 1
    assert any(e["kind"] == "air_supply" and e["unit"] == "rifle" for e in lab.log)


def test_a_cut_off_unit_still_living_on_its_carried_stocks_is_not_flown_supplies(lab):
    carried = lab.scenario.rules.supply.carried_turns
    put(lab, "rifle", (3, 1), supplied=False, turns_out_of_supply=carried - 1)
    fly_fuel(make_context(lab, "normal"))
    assert lab.units["rifle"].turns_out_of_supply == carried - 1
    assert lifts_used(lab) == 0


# -- fortresses on an axis ----------------------------------------------------------------------

def fortress_lab(garrison_type="fortified_region", axis_formations=("army",), hold_level=None):
    """Westtown held by one garrison of ``garrison_type``; a Soviet axis through Westtown to
    Farwest; the tank corps far behind. ``hold_level`` overrides combat.works_hold_level."""
    scn = private_lab()
    if hold_level is not None:
        change_rules(scn, "combat", works_hold_level=hold_level)
    add_place(scn, "farwest", (-4, 1))
    change_hints(scn, "soviet", axes=(Axis("West", tuple(axis_formations), ("westtown", "farwest")),))
    state = new_game(scn, 1)
    put(state, "jinf", WESTTOWN, type=garrison_type)
    put(state, "tank", (3, 0))
    return state


def contain(state, uids):
    """Put units next to Westtown."""
    free = [n for n in neighbours(WESTTOWN) if n in state.scenario.graph and not state.units_at(n)]
    for uid, h in zip(uids, free):
        put(state, uid, h)


def test_a_fortress_on_the_axis_is_the_goal_until_enough_units_contain_it():
    state = fortress_lab()
    farwest = state.scenario.map.places["farwest"].hex
    contain(state, ["rifle"])
    assert CONTAIN_FORTRESS == 2  # the lab has two units to spare for it: the rifle division and the paratroops
    assert _axis_goal(make_context(state, "normal"), state.units["tank"]) == WESTTOWN
    contain(state, ["rifle", "para"])
    assert _axis_goal(make_context(state, "normal"), state.units["tank"]) == farwest


def test_one_unit_contains_a_fortress_whose_garrison_it_outnumbers_three_times():
    farwest_goal = {}
    for men in (3000, 4000):  # the rifle division has 10,000 men
        state = fortress_lab()
        state.units["jinf"].men = men
        contain(state, ["rifle"])
        farwest_goal[men] = _axis_goal(make_context(state, "normal"), state.units["tank"])
    assert CONTAIN_RATIO == 3
    assert farwest_goal[3000] == state.scenario.map.places["farwest"].hex  # the tank corps goes past
    assert farwest_goal[4000] == WESTTOWN  # a second unit must come to contain it


def test_units_already_sent_to_a_fortress_count_towards_containing_it():
    state = fortress_lab()
    farwest = state.scenario.map.places["farwest"].hex
    ctx = make_context(state, "normal")
    assert _axis_goal(ctx, state.units["tank"]) == WESTTOWN
    ctx.assigned_ids[WESTTOWN] = {"rifle", "para"}  # sent there earlier this turn, not yet next to it
    assert _axis_goal(ctx, state.units["tank"]) == farwest


def test_a_unit_next_to_a_fortress_and_sent_to_it_counts_once():
    state = fortress_lab()
    contain(state, ["rifle"])
    ctx = make_context(state, "normal")
    ctx.assigned_ids[WESTTOWN] = {"rifle"}
    assert _axis_goal(ctx, state.units["tank"]) == WESTTOWN  # one container so far, not two


def test_a_unit_next_to_a_fortress_keeps_it_as_its_goal():
    state = fortress_lab()
    contain(state, ["rifle", "para"])
    ctx = make_context(state, "normal")
    assert _axis_goal(ctx, state.units["tank"]) != WESTTOWN  # the others go past it...
    assert _axis_goal(ctx, state.units["rifle"]) == WESTTOWN  # ...the units containing it stay
    assert _axis_goal(ctx, state.units["para"]) == WESTTOWN


def test_the_slowest_units_next_to_a_fortress_contain_it_and_a_tank_corps_goes_past():
    state = fortress_lab()
    farwest = state.scenario.map.places["farwest"].hex
    contain(state, ["tank", "rifle", "para"])
    ctx = make_context(state, "normal")
    assert _axis_goal(ctx, state.units["tank"]) == farwest
    assert _axis_goal(ctx, state.units["rifle"]) == WESTTOWN
    assert _axis_goal(ctx, state.units["para"]) == WESTTOWN


def test_a_garrison_that_can_leave_its_works_is_not_bypassed():
    state = fortress_lab(garrison_type="infantry_division")
    contain(state, ["rifle", "para"])
    assert _axis_goal(make_context(state, "normal"), state.units["tank"]) == WESTTOWN


def test_a_garrison_too_few_to_man_its_works_is_no_fortress_and_is_not_bypassed():
    state = fortress_lab()
    state.units["jinf"].men = state.scenario.rules.combat.works_manning[2] - 1
    contain(state, ["rifle", "para"])
    assert _axis_goal(make_context(state, "normal"), state.units["tank"]) == WESTTOWN


def test_a_static_garrison_in_works_below_the_hold_level_is_not_bypassed(lab_scenario):
    weak_works = lab_scenario.graph.nodes[WESTTOWN]["fortification"] + 1  # hold level above Westtown's works
    state = fortress_lab(hold_level=weak_works)
    contain(state, ["rifle", "para"])
    assert _axis_goal(make_context(state, "normal"), state.units["tank"]) == WESTTOWN


def siege_plan(state, uids):
    plan = plan_attack(make_context(state, "normal"), WESTTOWN, [state.units[u] for u in uids])
    assert plan is not None
    return plan


def test_a_fortress_is_assaulted_only_by_as_many_units_as_contain_it(lab_scenario):
    weak_works = lab_scenario.graph.nodes[WESTTOWN]["fortification"] + 1
    plans = {}
    for name, hold in (("fortress", None), ("not a fortress", weak_works)):
        state = fortress_lab(hold_level=hold)
        put(state, "jinf", WESTTOWN, men=3000, guns=0)
        contain(state, ["tank", "rifle", "para"])
        if name == "fortress":
            state.units["rifle"].men = 30000  # strong enough to assault with the paratroops alone
        plans[name] = siege_plan(state, ["tank", "rifle", "para"])
    assert len(plans["not a fortress"].units) == 3  # all three to get the odds it wants
    units = [uid for uid, _ in plans["fortress"].units]
    # the two slow units contain it and make the assault; the tank corps goes on
    assert len(units) == CONTAIN_FORTRESS and "tank" not in units


def test_once_the_units_containing_a_fortress_have_assaulted_it_no_other_unit_next_to_it_does():
    state = fortress_lab()
    del state.units["jinf2"]  # the garrison is the only target
    put(state, "jinf", WESTTOWN, men=1000, guns=0)
    contain(state, ["rifle", "para", "tank"])
    state.units["rifle"].men = 30000  # with the paratroops it outnumbers the garrison three times
    ctx = make_context(state, "normal")
    assert sorted(containers(ctx, WESTTOWN)) == ["para", "rifle"]
    make_attacks(ctx)
    assaults = [e for e in state.log if e["kind"] == "combat"]
    assert assaults and all(tuple(e["target"]) == WESTTOWN for e in assaults)
    assert not state.units["tank"].attacked  # the tank corps goes past; it does not take a turn


def test_no_unit_moves_up_to_join_an_assault_on_a_fortress(lab_scenario):
    weak_works = lab_scenario.graph.nodes[WESTTOWN]["fortification"] + 1
    plans = {}
    for name, hold in (("fortress", None), ("not a fortress", weak_works)):
        state = fortress_lab(hold_level=hold)
        put(state, "jinf", WESTTOWN, men=1000, guns=0)
        put(state, "tank", (0, 0))  # two hexes off: it could move up and attack the same day
        put(state, "rifle", (-1, 0), men=20000)
        plans[name] = siege_plan(state, ["tank", "rifle"])
    assert ("tank", None) not in plans["not a fortress"].units and "tank" in dict(plans["not a fortress"].units)
    assert plans["fortress"].units == [("rifle", None)]


def test_the_units_whose_axis_leads_to_a_fortress_besiege_it_first():
    state = fortress_lab(axis_formations=("para",))  # only the paratroops' axis runs through Westtown
    put(state, "jinf", WESTTOWN, men=3000, guns=0)
    contain(state, ["tank", "rifle", "para"])
    units = [uid for uid, _ in siege_plan(state, ["tank", "rifle", "para"]).units]
    assert "para" in units  # the weakest, but it is there to contain the fortress
    assert len(units) <= CONTAIN_FORTRESS


def test_an_axis_may_name_a_single_unit():
    state = fortress_lab(axis_formations=("tank",))
    contain(state, ["rifle", "para"])
    ctx = make_context(state, "normal")
    assert _axis_goal(ctx, state.units["tank"]) == state.scenario.map.places["farwest"].hex
    assert _axis_goal(ctx, state.units["rifle"]) is None  # not on the axis: neither it nor its army is named


# -- assaults on works --------------------------------------------------------------------------

def assault(static, hold_level=None):
    """The AI's plan for the tank corps and the rifle division, next to Westtown, against a weak
    division in its works (level 2), static or not (the same strength either way);
    ``hold_level`` overrides combat.works_hold_level. Returns the context and the plan."""
    scn = private_lab()
    scn.rules.unit_types["static_division"] = dataclasses.replace(
        scn.rules.unit_types["infantry_division"], name="Static division", static=True)
    if hold_level is not None:
        change_rules(scn, "combat", works_hold_level=hold_level)
    state = new_game(scn, 1)
    # 4,000 men: the rifle division alone does not outnumber them enough to contain them
    put(state, "jinf", WESTTOWN, men=4000, type="static_division" if static else "infantry_division")
    put(state, "tank", (-1, 0))
    put(state, "rifle", (-1, -1))
    ctx = make_context(state, "normal")
    plan = plan_attack(ctx, WESTTOWN, [state.units["tank"], state.units["rifle"]])
    assert plan is not None
    return ctx, plan


def assault_plan(static, hold_level=None):
    return assault(static, hold_level)[1]


def progress_of(static):
    """What the plan counts as progress towards Westtown (how much its score grows per point of
    the town's value; the other terms of the score do not depend on the value), and the share
    of the garrison the attack is expected to kill or take."""
    ctx, plan = assault(static)
    value = hex_value(ctx, WESTTOWN)
    ctx.goals = [(g, pr + 1.0 if g == WESTTOWN else pr) for g, pr in ctx.goals]
    gain = hex_value(ctx, WESTTOWN) - value
    assert gain > 0
    worth_more = plan_attack(ctx, WESTTOWN, [ctx.state.units["tank"], ctx.state.units["rifle"]])
    assert worth_more.odds == plan.odds
    lost = predict(ctx.state, WESTTOWN, [uid for uid, _ in plan.units]).expected_losses["defender"]
    share_lost = (lost["men"] + lost["captured"]) / ctx.state.units["jinf"].men
    return (worth_more.score - plan.score) / gain, share_lost


def test_an_assault_on_a_static_garrison_in_works_is_worth_less_than_one_that_can_clear_the_hex(lab_scenario):
    assert lab_scenario.graph.nodes[WESTTOWN]["fortification"] >= lab_scenario.rules.combat.works_hold_level
    static, mobile = assault_plan(static=True), assault_plan(static=False)
    assert static.odds == mobile.odds  # the same strength on both sides: only the works' hold differs
    assert static.score < mobile.score


def test_against_a_static_garrison_in_works_progress_is_the_expected_share_of_it_lost():
    progress, share_lost = progress_of(static=True)
    assert 0 < share_lost < 0.5
    assert progress == pytest.approx(share_lost)


def test_against_a_garrison_that_can_be_driven_out_progress_counts_clearing_the_hex():
    progress, share_lost = progress_of(static=False)
    assert progress > share_lost + 0.1


def test_works_below_the_hold_level_do_not_make_a_static_garrison_a_long_siege(lab_scenario):
    in_hold = assault_plan(static=True)
    above = assault_plan(static=True, hold_level=lab_scenario.graph.nodes[WESTTOWN]["fortification"] + 1)
    assert in_hold.odds == above.odds
    assert in_hold.score < above.score


# -- landings -----------------------------------------------------------------------------------

def test_an_airborne_unit_lands_beyond_relief_only_where_no_enemy_is_within_a_relief_march(lab, monkeypatch):
    # the lab is too small for an 8-hex relief march: shrink it so the ground troops are out of reach
    monkeypatch.setattr(ai_landings, "RELIEF_HEXES", 4)
    put(lab, "jinf", (4, -2))
    put(lab, "jinf2", (3, 2))
    assert all(distance(lab.units[u].hex, WESTTOWN) > 4 for u in ("tank", "rifle", "jinf", "jinf2"))
    make_landings(make_context(lab, "normal"))
    assert lab.units["para"].hex == WESTTOWN


def test_an_airborne_unit_does_not_land_beyond_relief_near_enemy_troops(lab, monkeypatch):
    monkeypatch.setattr(ai_landings, "RELIEF_HEXES", 4)
    put(lab, "jinf", (4, -2))
    # a detachment too weak to threaten the drop itself, but within a relief march of the town
    put(lab, "jinf2", (-4, 1), men=100, guns=0)
    assert distance((-4, 1), WESTTOWN) <= 4
    make_landings(make_context(lab, "normal"))
    assert lab.units["para"].hex == (4, 0)
    assert not any(e["kind"] == "landing" for e in lab.log)
    # with ground troops within a relief march of the town the same drop is made
    put(lab, "rifle", (1, 0))
    assert distance((1, 0), WESTTOWN) <= 4
    make_landings(make_context(lab, "normal"))
    assert lab.units["para"].hex == WESTTOWN


def test_airborne_troops_waiting_on_an_airfield_are_not_marched_off(lab):
    para = lab.units["para"]
    assert lab.scenario.graph.nodes[para.hex]["airfield"]
    move_units(make_context(lab, "normal"))
    assert para.hex == (4, 0) and not para.moved


def test_airborne_troops_away_from_an_airfield_march_like_infantry(lab):
    put(lab, "para", (3, -1))
    move_units(make_context(lab, "normal"))
    assert lab.units["para"].hex != (3, -1)


def test_airborne_troops_with_no_airborne_lift_march_off_their_airfield():
    scn = private_lab()
    scn.sides["soviet"]["airborne_lifts_per_turn"] = 0
    state = new_game(scn, 1)
    move_units(make_context(state, "normal"))
    assert state.units["para"].hex != (4, 0)


# -- objectives beyond supply -------------------------------------------------------------------

def supply_short_of_westtown(lab, tank_at):
    """The tank corps at ``tank_at`` with Westtown empty; supply reaches only hexes two or more
    steps from the town (as when the town holds the railway the supply would come along)."""
    put(lab, "jinf", (-4, 2))
    put(lab, "jinf2", (-5, 2))
    put(lab, "tank", tank_at)
    ctx = make_context(lab, "normal")
    ctx.supply = {h: c for h, c in ctx.supply.items() if distance(h, WESTTOWN) >= 2}
    ctx.supply_cache = {"picture": SupplyPicture(dict(ctx.supply), [])}  # the lab has no field depots
    assert tank_at in ctx.supply_for(lab.units["tank"]) and WESTTOWN not in ctx.supply_for(lab.units["tank"])
    return ctx


def test_an_attacking_unit_takes_an_empty_objective_it_can_reach_though_supply_does_not_reach_it(lab):
    ctx = supply_short_of_westtown(lab, (0, 0))
    move_units(ctx)
    assert lab.units["tank"].hex == WESTTOWN
    assert lab.control[WESTTOWN] == "soviet"


def test_short_of_its_objective_a_unit_does_not_step_beyond_supply_for_a_little_ground(lab):
    ctx = supply_short_of_westtown(lab, (0, 0))
    u = lab.units["tank"]
    reach = ctx.reach("tank")
    field_ = cost_field(lab.scenario, "tracked", (WESTTOWN,))
    one_step_nearer = (-1, 0)
    assert field_.get(one_step_nearer) < field_.get((0, 0)) and one_step_nearer not in ctx.supply
    pull = _supply_pull(ctx, u)
    assert (_score_destination(ctx, u, one_step_nearer, field_, reach, WESTTOWN, pull)
            < _score_destination(ctx, u, (0, 0), field_, reach, WESTTOWN, pull))


def pull_towards_supply(ctx, u, off_supply, on_supply, goal):
    """How much the score of ``off_supply`` (beyond supply) falls short of what its nearness to
    the goal alone would give, measured against ``on_supply``."""
    reach = ctx.reach(u.id)
    field_ = cost_field(ctx.scn, ctx.scn.rules.unit_types[u.type].mobility, (goal,))
    nearer = field_.get(on_supply) - field_.get(off_supply)
    pull = _supply_pull(ctx, u)
    return nearer - (_score_destination(ctx, u, off_supply, field_, reach, goal, pull)
                     - _score_destination(ctx, u, on_supply, field_, reach, goal, pull))


def mud(state, mobility, factor=2.0):
    state.modifiers.append({"side": "soviet", "stat": "move_cost", "factor": factor, "until_turn": 5,
                            "mobility": [mobility], "event": "test mud"})


def make_context_like(ctx):
    """A fresh context on the same state with the same (cut short) supply."""
    fresh = make_context(ctx.state, "normal")
    fresh.supply, fresh.supply_cache = ctx.supply, ctx.supply_cache
    return fresh


def test_in_the_mud_a_fuelled_column_feels_the_pull_of_supply_as_much_less_as_its_march_is_shorter(lab):
    ctx = supply_short_of_westtown(lab, (0, 0))
    tank = lab.units["tank"]
    dry = pull_towards_supply(ctx, tank, (-1, 0), (0, 0), WESTTOWN)
    mud(lab, "tracked")
    wet = pull_towards_supply(make_context_like(ctx), tank, (-1, 0), (0, 0), WESTTOWN)
    assert dry > 0
    assert wet == pytest.approx(dry / 2)


def test_marching_infantry_keep_the_whole_pull_of_supply_in_the_mud(lab):
    ctx = supply_short_of_westtown(lab, (0, 0))
    put(lab, "rifle", (1, 0))
    rifle = lab.units["rifle"]
    dry = pull_towards_supply(ctx, rifle, (-1, 0), (0, 0), WESTTOWN)
    assert dry > 0
    mud(lab, "foot")
    assert pull_towards_supply(make_context_like(ctx), rifle, (-1, 0), (0, 0), WESTTOWN) == pytest.approx(dry)


def walled_lab():
    """The lab with a lake across the middle (q = 0, rows -1 to 1): the ways west to Westtown
    pass it north, by (0, -2), or south, by (0, 2). Stacking is one unit a hex."""
    scn = private_lab()
    scn = dataclasses.replace(scn, rules=dataclasses.replace(scn.rules, stacking_limit=1.0))
    for h in [(0, -1), (0, 0), (0, 1)]:
        scn.graph.nodes[h]["terrain"] = "water"
        for n in scn.graph[h]:
            scn.graph.edges[h, n]["rail"] = False
    scn.cache.clear()
    state = new_game(scn, 1)
    put(state, "jinf", (-5, 2))
    put(state, "jinf2", (-4, 2))
    return state


def test_a_unit_whose_way_is_full_of_its_own_side_goes_round_the_other_way():
    state = walled_lab()
    field_ = cost_field(state.scenario, "foot", (WESTTOWN,))
    put(state, "rifle", (0, 2))  # in the southern gap, the short way
    put(state, "tank", (-1, 2), attacked=True)  # the next hex on it, full with a unit that stays today
    put(state, "para", (5, -2), attacked=True)
    assert field_.get((-1, 2)) < field_.get((0, 2))
    move_units(make_context(state, "normal"))
    rifle = state.units["rifle"]
    assert distance(rifle.hex, (0, -2)) < distance((0, 2), (0, -2))  # it set off round the north


def test_a_unit_whose_short_way_is_free_takes_it():
    state = walled_lab()
    field_ = cost_field(state.scenario, "foot", (WESTTOWN,))
    put(state, "rifle", (0, 2))
    put(state, "tank", (4, -2), attacked=True)
    put(state, "para", (5, -2), attacked=True)
    move_units(make_context(state, "normal"))
    assert field_.get(state.units["rifle"].hex) < field_.get((0, 2))


# -- field depots -------------------------------------------------------------------------------

def depot_lab():
    """The lab with a supply reach of 1; the paratroops stand in for the army's field depot,
    by the railhead, and the army's rifle division and tank corps stand west of the hills."""
    scn = private_lab()
    change_rules(scn, "supply", max_cost=1.0)
    state = new_game(scn, 1)
    put(state, "para", (4, -1), type="field_depot", mp_left=scn.rules.unit_types["field_depot"].movement)
    put(state, "rifle", (1, 0))
    put(state, "tank", (1, 1))
    put(state, "jinf", (-4, 2))
    put(state, "jinf2", (-5, 2))
    return state


def convoy_costs(state):
    return supply_costs(state, "soviet", 10.0)


def test_a_field_depot_follows_its_army_as_far_as_its_convoys_reach():
    state = depot_lab()
    before = state.units["para"].hex
    move_depots(make_context(state, "normal"))
    depot = state.units["para"]
    troops = [state.units["rifle"].hex, state.units["tank"].hex]
    assert sum(distance(depot.hex, t) for t in troops) < sum(distance(before, t) for t in troops)
    convoys = state.scenario.rules.unit_types["field_depot"].depot_reach
    assert convoy_costs(state)[depot.hex] <= convoys  # times the supply reach of 1


def test_a_field_depot_keeps_out_of_the_enemys_reach():
    state = depot_lab()
    put(state, "jinf", (-1, 1))  # a division that could strike the hexes by the troops
    ctx = make_context(state, "normal")
    move_depots(ctx)
    depot = state.units["para"]
    assert ctx.threat(depot.hex) == 0
    assert distance(depot.hex, (-1, 1)) > 2


# -- garrisons ----------------------------------------------------------------------------------

def test_a_defender_near_an_objective_nobody_holds_goes_to_hold_it_even_unthreatened(lab):
    japanese_to_move(lab)
    del lab.units["tank"]  # the only Soviet unit that could reach the town tomorrow
    near = put(lab, "jinf", (-4, 2))
    far = put(lab, "jinf2", (2, -2))
    assert distance(near.hex, WESTTOWN) <= GARRISON_HEXES < distance(far.hex, WESTTOWN)
    ctx = make_context(lab, "normal")
    assert ctx.threat(WESTTOWN) == 0
    assert all(distance(e.hex, u.hex) > 3 for e in lab.units_of("soviet") for u in (near, far))  # out of contact
    assert _defender_goal(ctx, near, False, []) == WESTTOWN
    assert _defender_goal(ctx, far, False, []) is None  # not a threatened objective: it stays


def test_a_reserve_goes_to_a_threatened_objective_only_if_it_can_be_there_within_two_days(lab):
    japanese_to_move(lab)
    del lab.units["rifle"], lab.units["para"]
    put(lab, "tank", (-4, 2))  # threatens the empty town
    near = put(lab, "jinf", (2, 0))
    far = put(lab, "jinf2", (4, 0))
    ctx = make_context(lab, "normal")
    assert ctx.threat(WESTTOWN) > 0
    two_days = 2 * lab.scenario.rules.unit_types["infantry_division"].movement
    field = cost_field(lab.scenario, "foot", (WESTTOWN,))
    assert field.get(near.hex) <= two_days < field.get(far.hex)
    assert min(distance(near.hex, WESTTOWN), distance(far.hex, WESTTOWN)) > GARRISON_HEXES
    assert _defender_goal(ctx, near, False, []) == WESTTOWN
    assert _defender_goal(ctx, far, False, []) is None  # it would come after the town had fallen


def test_a_defender_does_not_go_to_an_objective_its_side_already_holds(lab):
    japanese_to_move(lab)
    del lab.units["tank"]
    near = put(lab, "jinf", (-4, 2))
    put(lab, "jinf2", WESTTOWN)
    assert _defender_goal(make_context(lab, "normal"), near, False, []) is None


# -- withdrawals --------------------------------------------------------------------------------

def withdrawal_lab(formations=("jarmy",), days_after_start=0):
    """Japanese to move; jinf in contact with the rifle division; a withdrawal to Southtown or
    Westtown (the nearer) from the given day."""
    scn = private_lab()
    add_place(scn, "southtown", (-4, 2))
    back = Withdrawal("Back to the towns", tuple(formations), ("southtown", "westtown"),
                      scn.start_date + dt.timedelta(days=days_after_start))
    change_hints(scn, "japanese", withdrawals=(back,))
    state = japanese_to_move(new_game(scn, 1))
    put(state, "jinf", (0, -1))
    put(state, "rifle", (1, -1))
    put(state, "jinf2", (0, 0))
    return state


def test_a_unit_in_contact_holds_its_ground_without_a_withdrawal(lab):
    japanese_to_move(lab)
    put(lab, "jinf", (0, -1))
    put(lab, "rifle", (1, -1))
    assert _defender_goal(make_context(lab, "normal"), lab.units["jinf"], False, []) is None


def test_a_withdrawing_formation_heads_for_the_nearest_withdrawal_place_even_in_contact():
    state = withdrawal_lab()
    jinf = state.units["jinf"]
    assert distance(jinf.hex, state.units["rifle"].hex) == 1
    southtown = state.scenario.map.places["southtown"].hex
    assert distance(jinf.hex, WESTTOWN) < distance(jinf.hex, southtown)
    assert _defender_goal(make_context(state, "normal"), jinf, False, []) == WESTTOWN


def test_a_withdrawing_unit_leaves_the_line_for_its_withdrawal_place():
    state = withdrawal_lab()
    before = distance(state.units["jinf"].hex, WESTTOWN)
    move_units(make_context(state, "normal"))
    assert distance(state.units["jinf"].hex, WESTTOWN) < before


def test_a_withdrawal_does_not_begin_before_its_date():
    state = withdrawal_lab(days_after_start=1)
    ctx = make_context(state, "normal")
    assert _defender_goal(ctx, state.units["jinf"], False, []) is None
    state.date += dt.timedelta(days=1)
    assert _defender_goal(make_context(state, "normal"), state.units["jinf"], False, []) == WESTTOWN


def test_a_withdrawal_may_name_a_single_unit():
    state = withdrawal_lab(formations=("jinf",))
    ctx = make_context(state, "normal")
    assert _defender_goal(ctx, state.units["jinf"], False, []) == WESTTOWN
    assert _defender_goal(ctx, state.units["jinf2"], False, []) is None  # its army is not withdrawing


def test_a_withdrawing_unit_on_a_withdrawal_place_stays_there():
    state = withdrawal_lab()
    put(state, "jinf", WESTTOWN)
    assert _defender_goal(make_context(state, "normal"), state.units["jinf"], False, []) is None


# -- hints in the scenario file -----------------------------------------------------------------

def lab_with_withdrawal(tmp_path, formations):
    """A copy of the lab folder whose Japanese hints name ``formations`` in a withdrawal."""
    shutil.copytree(LAB, tmp_path / "lab")
    s = tmp_path / "lab" / "scenario.yaml"
    text = s.read_text().replace("../../../scenarios", str(ROOT / "scenarios"))
    old = "  japanese: {posture: defend}\n"
    assert text.count(old) == 1
    s.write_text(text.replace(old, (
        "  japanese:\n"
        "    posture: defend\n"
        "    withdrawals:\n"
        "      - name: Back to the town\n"
        f"        formations: [{', '.join(formations)}]\n"
        "        places: [westtown]\n"
        "        from: 1945-08-10\n")))
    return tmp_path / "lab"


def test_an_unknown_formation_in_a_withdrawal_is_named_with_its_file_and_line(tmp_path):
    folder = lab_with_withdrawal(tmp_path, ["jarmy", "jarmyy"])
    line = next(i for i, t in enumerate((folder / "scenario.yaml").read_text().splitlines(), 1) if "jarmyy" in t)
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(folder)
    errs = [str(e) for e in exc.value.errors]
    assert any(e.endswith(f"scenario.yaml:{line}: ai: unknown formation or unit 'jarmyy' (did you mean 'jarmy'?)")
               for e in errs), errs
    assert len(errs) == 1, errs  # the formation spelt right passes


def test_a_withdrawal_may_name_a_unit_id_in_the_scenario_file(tmp_path):
    scn = load_scenario(lab_with_withdrawal(tmp_path, ["jinf"]))
    w = scn.ai["japanese"].withdrawals
    assert [list(x.formations) for x in w] == [["jinf"]]
    assert w[0].from_ == dt.date(1945, 8, 10)


def test_a_unit_a_variant_removes_may_still_be_named_in_the_base_hints(tmp_path):
    # the lab's 'dry' variant removes jinf2: the base hints naming it must still load
    scn = load_scenario(lab_with_withdrawal(tmp_path, ["jinf2"]), ("dry",))
    assert "jinf2" not in {u.id for u in scn.initial_units}


def test_a_variants_hints_are_checked_like_the_base_hints(tmp_path):
    folder = lab_with_withdrawal(tmp_path, ["jinf"])
    s = folder / "scenario.yaml"
    old = "      japanese: {posture: defend, fallback: [westtown], fallback_from: 1945-08-09}\n"
    text = s.read_text()
    assert text.count(old) == 1
    s.write_text(text.replace(old, "      japanese: {posture: defend, fallback: [westtwon], "
                                   "fallback_from: 1945-08-09}\n"))
    line = next(i for i, t in enumerate(s.read_text().splitlines(), 1) if "westtwon" in t)
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(folder)
    errs = [str(e) for e in exc.value.errors]
    assert any(e.endswith(f"scenario.yaml:{line}: ai: unknown place 'westtwon' (did you mean 'westtown'?)")
               for e in errs), errs


def test_landing_troops_wait_in_a_harbour_their_side_took_for_the_next_landing():
    waiting_to_fly = ai_landings.waiting_to_fly
    scn = private_lab()
    scn.graph.nodes[(-2, -2)]["port"] = True  # a harbour on the far shore, not one of the fleet's bases
    state = new_game(scn, 1)
    put(state, "rifle", (-2, -2))
    state.control[(-2, -2)] = "soviet"
    assert not waiting_to_fly(make_context(state, "normal"), state.units["rifle"])  # a division marches on
    types = scn.rules.unit_types
    types["rifle_division"] = dataclasses.replace(types["rifle_division"], amphibious=True)
    assert waiting_to_fly(make_context(state, "normal"), state.units["rifle"])


# -- encirclement -------------------------------------------------------------------------------

def division_with_one_way_out():
    """The Japanese division on the lab's north shore, (-3, -2): the sea behind it, the map's
    edge to its west, the Soviet rifle division dug in on (-2, -2); its one way out is (-3, -1)."""
    state = new_game(private_lab(), 1)
    put(state, "jinf", (-3, -2))
    put(state, "rifle", (-2, -2), attacked=True)  # dug in this turn: it stays
    return state


def test_closing_the_last_way_out_of_an_enemy_unit_counts_all_its_men():
    state = division_with_one_way_out()
    ctx = make_context(state, "normal")
    tank, men = state.units["tank"], state.units["jinf"].men
    assert closing_gain(ctx, tank, (-3, -1)) == men / 1000
    put(state, "rifle", (3, 1))  # now it has two ways out: closing one counts half
    ctx.changed()
    assert closing_gain(ctx, tank, (-3, -1)) == men / 1000 / 2
    assert closing_gain(ctx, tank, (-1, -1)) == 0  # not a way out of it


def test_the_computer_closes_the_ring_round_a_division_rather_than_going_straight_to_its_goal():
    for level, where in (("easy", WESTTOWN), ("hard", (-3, -1))):
        state = division_with_one_way_out()
        move_units(make_context(state, level))
        assert state.units["tank"].hex == where, level
    assert DIFFICULTIES["easy"].encircle_weight == 0 < DIFFICULTIES["normal"].encircle_weight
