"""Forward detachments: a corps sends a fully fuelled part of itself ahead (engine order, the
AI's use of it, and the rules file's checks)."""
import dataclasses
import shutil

import pytest
from conftest import LAB, ROOT, put

from engine.ai.context import make_context
from engine.ai.detachments import rejoin_detachments, send_detachments
from engine.orders import Detach, EndTurn, execute, order_from_dict, to_dict
from engine.scenario import load_scenario, new_game
from engine.yamlio import ScenarioLoadError


def detachment_of(state, uid):
    found = [u for u in state.units.values() if u.id.startswith(uid + "-fd")]
    return found[0] if found else None


def test_a_corps_sends_its_share_ahead_fuelled_from_the_whole_corps(lab):
    t = put(lab, "tank", (3, 0), fuel=6.0)
    share = lab.scenario.rules.unit_types["tank_corps"].detachment["share"]
    men, tanks, guns = t.men, t.tanks, t.guns
    res = execute(lab, Detach("tank"))
    assert res.ok, res.reason
    d = lab.units[res.data["detachment"]]
    assert d.hex == t.hex and d.side == t.side and d.formation == t.formation
    assert (d.men, d.tanks, d.guns) == (round(men * share), round(tanks * share), round(guns * share))
    assert (t.men + d.men, t.tanks + d.tanks, t.guns + d.guns) == (men, tanks, guns)
    # 6 points of the corps' fuel fill a tenth-sized detachment with 60, capped at its capacity
    cap = lab.scenario.rules.unit_types[d.type].fuel_capacity
    assert d.fuel == min(cap, 6.0 / share)
    assert t.fuel == pytest.approx(6.0 - d.fuel * share)
    assert d.mp_left == lab.scenario.rules.unit_types[d.type].movement and not d.moved


def test_a_corps_has_one_forward_detachment_at_a_time(lab):
    assert execute(lab, Detach("tank")).ok
    res = execute(lab, Detach("tank"))
    assert not res.ok and "already has a forward detachment" in res.reason


def test_only_unit_types_with_a_detachment_can_send_one(lab):
    res = execute(lab, Detach("para"))
    assert not res.ok and "cannot form a forward detachment" in res.reason


def test_a_rifle_divisions_detachment_rides_the_armys_trucks_filled_on_the_supply_line(lab):
    r = lab.units["rifle"]
    assert r.supplied and lab.scenario.rules.unit_types[r.type].fuel_capacity == 0
    res = execute(lab, Detach("rifle"))
    assert res.ok, res.reason
    d = lab.units[res.data["detachment"]]
    dtype = lab.scenario.rules.unit_types[d.type]
    assert dtype.mobility == "motorised" and d.fuel == dtype.fuel_capacity
    assert r.men + d.men == 10000 and d.men == 1000


def test_a_rifle_division_out_of_supply_has_no_trucks_for_a_detachment(lab):
    lab.units["rifle"].supplied = False
    res = execute(lab, Detach("rifle"))
    assert not res.ok and "out of supply" in res.reason


def test_a_dry_corps_cannot_fuel_a_detachment(lab):
    put(lab, "tank", (3, 0), fuel=0.0)
    res = execute(lab, Detach("tank"))
    assert not res.ok and "no fuel" in res.reason


def test_a_detach_order_survives_a_save(lab):
    assert order_from_dict(to_dict(Detach("tank"))) == Detach("tank")


def test_a_detachment_is_numbered_anew_after_the_first_is_lost(lab):
    first = lab.units[execute(lab, Detach("tank")).data["detachment"]]
    del lab.units[first.id]
    lab.eliminated[first.id] = {"turn": 1, "date": "1945-08-09", "reason": "destroyed", "side": "soviet",
                                "name": first.name}
    execute(lab, EndTurn())
    execute(lab, EndTurn())
    second = execute(lab, Detach("tank"))
    assert second.ok, second.reason
    assert second.data["detachment"] != first.id


def slow_lab():
    """A private lab whose tank corps makes only 6 MP a day, so Westtown (10 MP away from the far
    corner of the small lab map) lies beyond a day's move."""
    scn = load_scenario(LAB)
    types = scn.rules.unit_types
    types["tank_corps"] = dataclasses.replace(types["tank_corps"], movement=6)
    return new_game(scn, 1)


def test_the_ai_sends_a_detachment_from_a_corps_stalled_beyond_supply():
    lab = slow_lab()
    t = put(lab, "tank", (3, 2), fuel=5.0)
    t.supplied = False
    send_detachments(make_context(lab, "normal"))
    d = detachment_of(lab, "tank")
    assert d is not None and d.fuel > t.fuel


def test_the_ai_keeps_a_corps_whole_when_it_has_a_days_fuel_or_supply():
    lab = slow_lab()
    t = put(lab, "tank", (3, 2), fuel=20.0)
    t.supplied = False
    send_detachments(make_context(lab, "normal"))
    assert detachment_of(lab, "tank") is None
    t.fuel, t.supplied = 5.0, True
    send_detachments(make_context(lab, "normal"))
    assert detachment_of(lab, "tank") is None


def test_an_unknown_detachment_type_is_named_with_its_file_and_line(tmp_path):
    shutil.copytree(LAB, tmp_path / "lab")
    s = tmp_path / "lab" / "scenario.yaml"
    text = s.read_text().replace("../../../scenarios", str(ROOT / "scenarios"))
    old = "  supply: {air_supply_range: 3}"
    assert text.count(old) == 1
    typo = "\n  unit_types:\n    tank_corps: {detachment: {type: forward_detachmnet, share: 0.1}}"
    s.write_text(text.replace(old, old + typo))
    line = next(i for i, t in enumerate(s.read_text().splitlines(), 1) if "forward_detachmnet" in t)
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(tmp_path / "lab")
    errs = [str(e) for e in exc.value.errors]
    assert any(f"scenario.yaml:{line}:" in e and "unknown detachment type 'forward_detachmnet'" in e
               and "did you mean 'forward_detachment'" in e for e in errs), errs


def test_the_ai_sends_a_marching_divisions_truck_borne_head_ahead_from_the_supply_line(lab):
    put(lab, "rifle", (3, 2))
    send_detachments(make_context(lab, "normal"))
    d = detachment_of(lab, "rifle")
    assert d is not None and d.fuel > 0


def test_the_ai_sends_no_detachment_from_a_marching_division_cut_off_from_supply(lab):
    r = put(lab, "rifle", (3, 2))
    r.supplied = False
    send_detachments(make_context(lab, "normal"))
    assert detachment_of(lab, "rifle") is None


def test_a_detachment_rejoins_its_corps_with_its_men_and_the_fuel_it_carries(lab):
    from engine.orders import Rejoin

    t = put(lab, "tank", (3, 0), fuel=6.0)
    men, tanks, guns = t.men, t.tanks, t.guns
    d = lab.units[execute(lab, Detach("tank")).data["detachment"]]
    d.fuel = 20.0
    fuel_before = t.fuel
    share = lab.scenario.rules.unit_types["tank_corps"].detachment["share"]
    res = execute(lab, Rejoin(d.id))
    assert res.ok, res.reason
    assert d.id not in lab.units and d.id not in lab.eliminated
    assert (t.men, t.tanks, t.guns) == (men, tanks, guns)
    assert t.fuel == pytest.approx(fuel_before + 20.0 * share)


def test_a_detachment_rejoins_only_in_its_corps_hex(lab):
    from engine.orders import Move, Rejoin

    d = lab.units[execute(lab, Detach("tank")).data["detachment"]]
    to = next(n for n in lab.scenario.graph[d.hex] if not lab.units_at(n))
    assert execute(lab, Move(d.id, to)).ok
    res = execute(lab, Rejoin(d.id))
    assert not res.ok and "same hex" in res.reason
    res = execute(lab, Rejoin("tank"))
    assert not res.ok and "not a forward detachment" in res.reason


def test_a_corps_whose_detachment_rejoined_may_send_a_new_one_with_a_new_name(lab):
    from engine.orders import Rejoin

    first = execute(lab, Detach("tank")).data["detachment"]
    assert execute(lab, Rejoin(first)).ok
    execute(lab, EndTurn())
    execute(lab, EndTurn())
    second = execute(lab, Detach("tank"))
    assert second.ok, second.reason
    assert second.data["detachment"] != first


def test_a_rejoin_order_survives_a_save(lab):
    from engine.orders import Rejoin

    assert order_from_dict(to_dict(Rejoin("tank-fd1"))) == Rejoin("tank-fd1")


def test_the_ai_folds_back_a_dry_detachment_its_division_has_caught_up_with(lab):
    put(lab, "rifle", (3, 2))
    assert execute(lab, Detach("rifle")).ok
    d = detachment_of(lab, "rifle")
    men = lab.units["rifle"].men + d.men
    d.fuel = 1.0  # less than a day's move
    rejoin_detachments(make_context(lab, "normal"))
    assert detachment_of(lab, "rifle") is None and lab.units["rifle"].men == men


def test_the_ai_leaves_a_fuelled_detachment_or_one_ahead_of_its_division_in_the_field(lab):
    put(lab, "rifle", (3, 2))
    assert execute(lab, Detach("rifle")).ok
    d = detachment_of(lab, "rifle")
    rejoin_detachments(make_context(lab, "normal"))  # full tanks: it goes on ahead
    assert detachment_of(lab, "rifle") is d
    d.fuel = 1.0
    put(lab, d.id, (2, 2))  # dry, but a hex ahead of the division
    rejoin_detachments(make_context(lab, "normal"))
    assert detachment_of(lab, "rifle") is d
