"""Scenario variants, cease-fire capitulation and area-limited event effects."""
import datetime as dt

import pytest
from conftest import LAB, put

from engine.events import capitulate
from engine.movement import reachable
from engine.orders import EndTurn, execute
from engine.scenario import AI_SIDE, load_scenario, new_game
from engine.scenario.hints import build_ai
from engine.state import GameState
from engine.yamlio import ScenarioLoadError


def test_a_variant_changes_units_and_rules():
    scn = load_scenario(LAB, ("full_fuel",))
    tank = next(u for u in scn.initial_units if u.id == "tank")
    assert tank.fuel == 60
    assert tank.hex == scn.map.projection.to_hex(45.0, 125.5, scn.map.hex_km)
    assert scn.rules.unit_types["tank_corps"].fuel_capacity == 60
    assert scn.rules.supply.max_cost == 12
    base = load_scenario(LAB)
    assert base.rules.supply.max_cost == 8


def test_a_variant_can_disable_events_and_swap_units():
    scn = load_scenario(LAB, ("dry",))
    ids = {u.id for u in scn.initial_units}
    assert "jinf2" not in ids and "jres" in ids
    assert all(e["id"] != "mud" for e in scn.events)
    state = new_game(scn, 1)
    for _ in range(2):
        execute(state, EndTurn())
    assert "mud" not in state.fired


def test_an_unknown_variant_is_refused_with_a_suggestion():
    with pytest.raises(ScenarioLoadError, match="unknown variant 'full_feul' \\(did you mean 'full_fuel'\\?\\)"):
        load_scenario(LAB, ("full_feul",))


def test_a_save_remembers_its_variants():
    scn = load_scenario(LAB, ("dry",))
    d = new_game(scn, 1).to_dict()
    assert d["variants"] == ["dry"]
    with pytest.raises(ValueError, match="variants"):
        GameState.from_dict(load_scenario(LAB), d)


def test_a_bad_value_in_a_variant_names_the_variants_line(tmp_path):
    import shutil

    shutil.copytree(LAB, tmp_path / "lab")
    f = tmp_path / "lab" / "scenario.yaml"
    f.write_text(f.read_text().replace("tank: {fuel: 60,", "tank: {fuel: lots,").replace(
        "../../../scenarios", str(LAB.parent.parent.parent / "scenarios")))
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(tmp_path / "lab", ("full_fuel",))
    msgs = [str(e) for e in exc.value.errors]
    assert any("scenario.yaml" in m and "fuel: expected a number, got text 'lots'" in m for m in msgs), msgs


def test_a_cease_fire_takes_a_share_of_a_sides_units_reproducibly(lab):
    a = lab.copy()
    gone = capitulate(lab, {"side": "japanese", "share": 0.5}, "ceasefire")
    assert len(gone) == 1 and gone[0] not in lab.units
    assert lab.eliminated[gone[0]]["reason"] == "capitulated"
    assert lab.losses["japanese"]["captured"] == 12000
    assert capitulate(a, {"side": "japanese", "share": 0.5}, "ceasefire") == gone


def test_a_cease_fire_limited_to_an_area_spares_units_outside_it(lab):
    put(lab, "jinf", (-3, 0))
    put(lab, "jinf2", (1, -2))
    west_lat, west_lon = lab.scenario.latlon((-3, 0))
    east_lat, east_lon = lab.scenario.latlon((1, -2))
    area = {"north": 90, "south": -90, "west": 0, "east": (west_lon + east_lon) / 2}
    gone = capitulate(lab, {"side": "japanese", "share": 1.0, "area": area}, "local")
    assert gone == ["jinf"] and "jinf2" in lab.units


def test_a_modifier_limited_to_an_area_applies_only_there(lab):
    lat, lon = lab.scenario.latlon((4, -1))
    lab.modifiers.append({"side": "soviet", "stat": "move_cost", "factor": 2.0, "until_turn": 5, "mobility": [],
                          "area": {"north": lat + 0.05, "south": lat - 0.05, "west": lon - 0.05,
                                   "east": lon + 0.05}})
    put(lab, "tank", (4, -1))
    inside = reachable(lab, "tank").cost[(3, -1)]
    put(lab, "tank", (3, -1))
    outside = reachable(lab, "tank").cost[(2, -1)]
    assert inside == 2 * outside


def test_a_cease_fire_does_not_reach_holdout_areas(lab):
    lat, lon = lab.scenario.latlon(lab.units["jinf"].hex)
    holdout = {"north": lat + 0.05, "south": lat - 0.05, "west": lon - 0.05, "east": lon + 0.05}
    gone = capitulate(lab, {"side": "japanese", "share": 1.0, "exclude": [holdout]}, "ceasefire")
    assert gone == ["jinf2"] and "jinf" in lab.units


def test_a_modifier_does_not_reach_holdout_areas(lab):
    from engine.combat import defence_strength

    holdout_hex = lab.units["jinf"].hex
    lat, lon = lab.scenario.latlon(holdout_hex)
    holdout = {"north": lat + 0.05, "south": lat - 0.05, "west": lon - 0.05, "east": lon + 0.05}
    before = {uid: defence_strength(lab, lab.units[uid], at=None) for uid in ("jinf", "jinf2")}
    lab.modifiers.append({"side": "japanese", "stat": "defence", "factor": 0.5, "until_turn": 5, "mobility": [],
                          "exclude": [holdout]})
    assert defence_strength(lab, lab.units["jinf"], at=None) == pytest.approx(before["jinf"])
    assert defence_strength(lab, lab.units["jinf2"], at=None) == pytest.approx(0.5 * before["jinf2"])
    assert lab.max_modifier("japanese", "defence") == 1.0  # the holdouts still defend at full strength


def test_a_small_share_of_a_small_pool_is_rounded_fairly(lab):
    taken = 0
    for seed in range(200):
        s = lab.copy()
        import numpy as np
        s.rng = np.random.Generator(np.random.PCG64(seed))
        taken += len(capitulate(s, {"side": "japanese", "share": 0.1}, "x"))
    assert 20 <= taken <= 60  # 0.1 x 2 units x 200 games = 40 expected, not 200


def test_a_variants_hints_replace_only_the_keys_it_writes():
    base = load_scenario("august_storm_1945").ai["japanese"]
    last_man = load_scenario("august_storm_1945", ("no_ceasefire",)).ai["japanese"]
    assert last_man.withdrawals == base.withdrawals != ()  # not written: the scenario's kept
    assert [o.place for o in last_man.objectives][:2] == ["tonghua", "jilin"] != [o.place for o in base.objectives][:2]
    assert last_man.fallback == ("tonghua", "dunhua", "yanji")
    assert (last_man.fallback_from, last_man.min_attack_odds) == (dt.date(1945, 8, 16), 2.5)
    redeployed = load_scenario("august_storm_1945", ("japanese_redeployed",)).ai["japanese"]
    assert redeployed.withdrawals == ()  # `withdrawals: []` removes the scenario's


def test_a_side_without_hints_attacks_with_the_schemas_defaults():
    hints = build_ai(["soviet", "japanese"], {"japanese": {"posture": "defend"}}, [])
    assert hints["soviet"].attacking and not hints["japanese"].attacking
    assert hints["soviet"].min_attack_odds == AI_SIDE.fields["min_attack_odds"].default
    assert hints["soviet"].objectives == hints["soviet"].axes == hints["soviet"].withdrawals == ()
