"""Combat rules: strengths and modifiers, the outcome model, predict against resolve."""
import dataclasses
import math

import numpy as np
import pytest
from conftest import change_rules, put

from engine.combat import attack_strength, defence_strength, outcome_probabilities, predict
from engine.orders import Attack, execute
from engine.rules import OUTCOMES


def test_outcome_probabilities_sum_to_one_and_improve_with_odds(lab):
    previous = None
    for odds in (0.25, 0.5, 1, 2, 3, 5, 8, 20):
        p = outcome_probabilities(lab, odds)
        assert math.isclose(sum(p.values()), 1.0, abs_tol=1e-12)
        forced_back = p["retreat"] + p["rout"] + p["surrender"]
        if previous is not None:
            assert forced_back > previous
        previous = forced_back


def test_at_the_retreat_threshold_the_defender_is_forced_back_half_the_time(lab):
    t = lab.scenario.rules.combat.thresholds["retreat"]
    p = outcome_probabilities(lab, t)
    assert math.isclose(p["retreat"] + p["rout"] + p["surrender"], 0.5, abs_tol=1e-12)


def test_fortifications_add_the_works_strength_and_multiply_the_defence(lab):
    from engine.combat import raw_strength

    c = lab.scenario.rules.combat
    u = put(lab, "jinf", (-1, 0))
    open_ground = defence_strength(lab, u)
    put(lab, "jinf", (-2, 0))  # fortification level 2
    raw = raw_strength(lab, u)
    expected = (open_ground * (raw + 2 * c.fortification_points_per_level) / raw
                * (1 + 2 * c.fortification_per_level))
    assert math.isclose(defence_strength(lab, u), expected)
    assert defence_strength(lab, u) > open_ground * (1 + 2 * c.fortification_per_level) or \
        c.fortification_points_per_level == 0


def test_hills_help_the_defender(lab):
    u = put(lab, "jinf", (-1, 0))
    flat = defence_strength(lab, u)
    put(lab, "jinf", (0, 0))  # hills
    assert defence_strength(lab, u) == pytest.approx(flat * lab.scenario.rules.terrain["hills"].defence)


def test_attacking_across_a_river_weakens_the_attacker(lab):
    put(lab, "jinf", (1, 1))
    dry = attack_strength(lab, put(lab, "rifle", (1, 2)), (1, 1))
    wet = attack_strength(lab, put(lab, "rifle", (2, 1)), (1, 1))  # across the brook
    assert wet == pytest.approx(dry * lab.scenario.rules.rivers["minor"].attack)


def test_green_troops_and_low_readiness_fight_worse(lab):
    u = lab.units["jinf"]
    base = defence_strength(lab, u)
    u.experience = "green"
    assert defence_strength(lab, u) < base
    u.experience = "regular"
    u.readiness = 0.5
    assert defence_strength(lab, u) == pytest.approx(base * 0.5)


def test_an_event_modifier_changes_a_sides_strength(lab):
    u = lab.units["jinf"]
    base = defence_strength(lab, u)
    lab.modifiers.append({"side": "japanese", "stat": "defence", "factor": 0.8, "until_turn": 1, "mobility": []})
    assert defence_strength(lab, u) == pytest.approx(base * 0.8)


def test_predict_matches_what_resolve_draws(lab):
    """Sampling resolve from many seeds reproduces predict's distribution and mean losses."""
    put(lab, "jinf", (1, 0))
    put(lab, "jinf2", (-4, 2))
    put(lab, "tank", (2, 0))
    put(lab, "rifle", (2, -1))
    pred = predict(lab, (1, 0), ["tank", "rifle"])
    assert 0.5 < pred.odds < 10
    n = 1500
    counts = dict.fromkeys(OUTCOMES, 0)
    def_men = []
    att_men = []
    base = lab.to_dict()
    for seed in range(n):
        s = type(lab).from_dict(lab.scenario, base)
        s.rng = np.random.Generator(np.random.PCG64(seed))
        res = execute(s, Attack((1, 0), ("tank", "rifle")))
        assert res.ok, res.reason
        counts[res.data["outcome"]] += 1
        d = res.data["defender_losses"]
        def_men.append(d["men"] + d["captured"])
        att_men.append(res.data["attacker_losses"]["men"])
    for k in OUTCOMES:
        p = pred.probabilities[k]
        sigma = math.sqrt(p * (1 - p) / n) + 1e-9
        assert abs(counts[k] / n - p) <= 4 * sigma + 1e-3, (k, counts[k] / n, p)
    expected_def = pred.expected_losses["defender"]["men"] + pred.expected_losses["defender"]["captured"]
    assert np.mean(def_men) == pytest.approx(expected_def, rel=0.1)
    assert np.mean(att_men) == pytest.approx(pred.expected_losses["attacker"]["men"], rel=0.1)


def test_a_defender_that_cannot_retreat_surrenders(lab):
    put(lab, "jinf", (-3, -1))  # lake to the north, map edge to the west
    # surrounded on the four open sides (a second Soviet unit borrowed for the set-up)
    put(lab, "tank", (-2, -1))
    put(lab, "rifle", (-3, 0))
    put(lab, "para", (-2, -2))
    put(lab, "jinf2", (-4, 0), side="soviet")
    pred = predict(lab, (-3, -1), ["tank", "rifle", "para"])
    men = lab.units["jinf"].men
    for outcome in ("retreat", "rout", "surrender"):
        assert pred.losses[outcome]["defender"]["captured"] == men
    assert pred.losses["held"]["defender"]["captured"] == 0


def test_a_fortified_region_forced_back_holds_on_and_bleeds_but_is_lost_when_routed(lab):
    put(lab, "jinf", (1, 0), type="fortified_region")
    put(lab, "tank", (2, 0))
    pred = predict(lab, (1, 0), ["tank"])
    men = lab.units["jinf"].men
    factor = lab.scenario.rules.combat.static_hold_loss_factor
    assert pred.losses["retreat"]["defender"]["captured"] == 0
    fd = lab.scenario.rules.combat.losses["retreat"].defender * pred.odds ** 0.5
    assert pred.losses["retreat"]["defender"]["men"] == int(men * min(1.0, min(0.6, fd) * factor) + 0.5)
    assert pred.losses["rout"]["defender"]["captured"] == men


def test_a_beaten_defender_retreats_and_the_attacker_advances(lab):
    put(lab, "jinf", (1, 0), men=2000, guns=10, readiness=0.4)
    put(lab, "jinf2", (-4, 2))
    put(lab, "tank", (2, 0))
    lab.rng = np.random.Generator(np.random.PCG64(3))
    res = execute(lab, Attack((1, 0), ("tank",)))
    assert res.ok
    assert res.data["outcome"] in ("retreat", "rout", "surrender")
    assert lab.units["tank"].hex == (1, 0)
    assert lab.control[(1, 0)] == "soviet"
    if "jinf" in lab.units:
        assert lab.units["jinf"].hex != (1, 0)


def test_a_unit_attacks_only_once_a_turn_and_only_when_adjacent(lab):
    put(lab, "jinf", (1, 0))
    put(lab, "tank", (3, 0))
    res = execute(lab, Attack((1, 0), ("tank",)))
    assert not res.ok and "not next to" in res.reason
    put(lab, "tank", (2, 0))
    lab.units["jinf"].men = 50000  # hold firm
    assert execute(lab, Attack((1, 0), ("tank",))).ok
    res = execute(lab, Attack((1, 0), ("tank",)))
    assert not res.ok and "already attacked" in res.reason


def test_attacking_an_empty_hex_is_refused(lab):
    res = execute(lab, Attack((2, 0), ("tank",)))
    assert not res.ok and "no enemy" in res.reason


def test_losses_are_booked_to_each_side(lab):
    put(lab, "jinf", (1, 0))
    put(lab, "tank", (2, 0))
    execute(lab, Attack((1, 0), ("tank",)))
    total_j = sum(lab.losses["japanese"].values())
    total_s = sum(lab.losses["soviet"].values())
    assert total_j > 0 and total_s > 0


def test_a_garrison_in_strong_works_is_never_broken_by_one_assault(lab):
    put(lab, "jinf", (-2, 0), type="fortified_region")  # Westtown: works of level 2
    put(lab, "tank", (-1, 0))
    pred = predict(lab, (-2, 0), ["tank"])
    men = lab.units["jinf"].men
    for outcome in ("rout", "surrender"):
        assert pred.losses[outcome]["defender"]["captured"] == 0
        assert 0 < pred.losses[outcome]["defender"]["men"] < men


def test_a_garrison_too_few_to_man_its_works_is_taken_when_routed(lab):
    put(lab, "jinf", (-2, 0), type="fortified_region")  # Westtown: works of level 2
    put(lab, "tank", (-1, 0))
    need = lab.scenario.rules.combat.works_manning[2]
    lab.units["jinf"].men = need - 1
    pred = predict(lab, (-2, 0), ["tank"])
    for outcome in ("rout", "surrender"):
        assert pred.losses[outcome]["defender"]["captured"] == need - 1
    lab.units["jinf"].men = need
    pred = predict(lab, (-2, 0), ["tank"])
    assert pred.losses["rout"]["defender"]["captured"] == 0


def test_works_with_no_manning_figure_are_held_to_the_last_man():
    from conftest import LAB

    from engine.scenario import load_scenario, new_game

    scn = load_scenario(LAB)  # a private copy: its rules are changed below
    change_rules(scn, "combat", works_manning={})
    state = new_game(scn, 1)
    put(state, "jinf", (-2, 0), type="fortified_region", men=20)
    put(state, "tank", (-1, 0))
    pred = predict(state, (-2, 0), ["tank"])
    assert pred.losses["surrender"]["defender"]["captured"] == 0
    assert 0 < pred.losses["surrender"]["defender"]["men"] <= 20


def test_the_log_says_when_a_garrison_forced_back_holds_its_works(lab):
    put(lab, "jinf", (-2, 0), type="fortified_region")  # Westtown: works of level 2
    put(lab, "tank", (-1, 0))
    lab.units["jinf"].men = 300  # a big defeat: retreat or worse
    res = execute(lab, Attack((-2, 0), ("tank",)))
    assert res.ok, res.reason
    entry = [e for e in lab.log if e["kind"] == "combat"][-1]
    assert entry["outcome"] in ("retreat", "rout", "surrender")
    assert "jinf" in lab.units and lab.units["jinf"].hex == (-2, 0)
    assert entry["text"].endswith("(the garrison holds its works)")


def test_a_small_garrison_engages_only_as_many_attackers_as_the_engaged_ratio():
    from conftest import LAB

    from engine.combat import outcome_effects
    from engine.scenario import load_scenario, new_game

    scn = load_scenario(LAB)  # a private copy: its rules are changed below
    ratio = 6
    change_rules(scn, "combat", engaged_ratio=ratio)
    lab = new_game(scn, 1)
    defender = lab.units["jinf"]
    small, big = lab.units["rifle"], lab.units["tank"]
    defender.men = 1000
    small.men = int(ratio * 1000)  # exactly the men the garrison can engage
    big.men = 4 * small.men
    target = defender.hex
    lost_small = outcome_effects(lab, target, [small], [defender], "held", 2.0)["att_loss"][small.id]["men"]
    lost_big = outcome_effects(lab, target, [big], [defender], "held", 2.0)["att_loss"][big.id]["men"]
    # at the same odds, four times the men in the attack lose the same number of men
    assert lost_small > 0 and abs(lost_big - lost_small) <= 1
    change_rules(scn, "combat", engaged_ratio=0)  # off: the loss share applies to every attacking man
    lost_big_all = outcome_effects(lab, target, [big], [defender], "held", 2.0)["att_loss"][big.id]["men"]
    assert abs(lost_big_all - 4 * lost_small) <= 2


def test_the_odds_breakdown_names_each_effect_and_multiplies_out_to_the_prediction(border_scenario):
    import math

    from conftest import put

    from engine.combat import _common, breakdown, predict, raw_strength
    from engine.scenario import new_game

    st = new_game(border_scenario, 0)
    types = border_scenario.rules.unit_types
    put(st, "s_72rc", (-3, -1))  # across the major river from the 126th Division
    put(st, "s_65rc", (-3, -2))
    for target, group in (((-4, -1), ["s_72rc"]), ((-4, -1), ["s_72rc", "s_65rc"]),
                          (st.units["j_fr_suifenhe"].hex, ["s_257tb"])):
        if group == ["s_257tb"]:
            put(st, "s_257tb", next(h for h in ((2, 0), (3, 0)) if h != target))
        bd = breakdown(st, target, group)
        pred = predict(st, target, group)
        assert bd.prediction.odds == pred.odds  # the very odds the attack is resolved with
        if len(group) == 1:
            u = st.units[group[0]]
            base = raw_strength(st, u) * types[u.type].attack * _common(st, u)
            assert math.isclose(base * math.prod(f for _, f in bd.attack), pred.attack, rel_tol=1e-9)
        if len(pred.defenders) == 1:
            d = st.units[pred.defenders[0]]
            base = raw_strength(st, d) * types[d.type].defence * _common(st, d)
            assert math.isclose(base * math.prod(f for _, f in bd.defence), pred.defence, rel_tol=1e-9)
    names = [n for n, _ in breakdown(st, (-4, -1), ["s_72rc"]).attack]
    assert "attack across a major river" in names and "surprise (defence)" in \
        [n for n, _ in breakdown(st, (-4, -1), ["s_72rc"]).defence]
    fort = [n for n, _ in breakdown(st, st.units["j_fr_suifenhe"].hex, ["s_257tb"]).defence]
    assert any(n.startswith("terrain:") for n in fort) and any(n.startswith("works") for n in fort)
    assert any(n.startswith("dug in") for n in fort)


# -- the combat rules as a typed object ---------------------------------------------------------

def test_the_combat_rules_have_one_typed_field_for_every_combat_key_of_the_schema(lab_scenario):
    from dataclasses import fields

    from engine.rules import COMBAT, Combat

    assert {f.name for f in fields(Combat)} == set(COMBAT.fields) - {"source"}
    assert isinstance(lab_scenario.rules.combat, Combat)


def test_a_combat_table_refuses_changes_in_play(lab_scenario):
    tables = lab_scenario.rules.combat
    with pytest.raises(TypeError):
        tables.experience["regular"] = 2.0
    with pytest.raises(TypeError):
        tables.works_manning.update({2: 1})
    with pytest.raises(dataclasses.FrozenInstanceError):
        tables.slope = 1.0  # type: ignore[misc]


def test_the_combat_rules_survive_pickling_as_the_dask_executor_ships_them(lab_scenario):
    import pickle

    c = lab_scenario.rules.combat
    back = pickle.loads(pickle.dumps(c))
    assert back == c and hash(back) == hash(c)
    with pytest.raises(TypeError):
        back.dispersal["clear"] = 0.5  # still read-only after the trip


def test_absent_optional_combat_keys_take_the_schema_defaults(lab_scenario):
    from engine.rules import build_combat

    section = {f: v for f, v in lab_scenario.rules.raw["combat"].items()
               if f not in ("dispersal", "works_manning", "max_loss")}
    c = build_combat(section)
    assert c.dispersal == {} and c.works_manning == {} and c.max_loss == 0.6
