"""Capitulation through the chain of command: an order to lay down arms goes down headquarter by
headquarter, reaches units in supply sooner than cut-off ones, passes slowly through a
headquarters driven from its seat, and a unit that obeys stands down and surrenders to the first
troops who come up. Nothing is scheduled: the dates follow from the state of the command."""
import shutil

import pytest
from conftest import LAB, ROOT, put

from engine.capitulation import campaign_over, issue_order, relay_orders, sign_surrender, spread_order
from engine.orders import Attack, EndTurn, Move, execute
from engine.scenario import ScenarioLoadError, load_scenario, new_game
from engine.state import GameState
from engine.turn import begin_impulse

CERTAIN = {"relay": 1.0, "relay_overrun": 1.0, "obey_connected": 1.0, "obey_cut_off": 1.0, "obey_besieged": 1.0,
           "besieged_works": 3}


def lab_with_chain(tmp_path, capitulation=None, events=""):
    """The lab with a Japanese chain of command: an area army (seat: Westtown) over the test army,
    the rules' capitulation chances given (all certain by default), and extra events."""
    shutil.copytree(LAB, tmp_path / "lab")
    s = tmp_path / "lab" / "scenario.yaml"
    chances = ", ".join(f"{k}: {v}" for k, v in (capitulation or CERTAIN).items())
    s.write_text(s.read_text().replace("../../../scenarios", str(ROOT / "scenarios"))
                 .replace("\nrule_overrides:\n", f"\nrule_overrides:\n  capitulation: {{{chances}}}\n", 1))
    u = tmp_path / "lab" / "units.yaml"
    u.write_text(u.read_text().replace(
        "  - {id: jarmy, name: Japanese Test Army, side: japanese, kind: army, source: \"test fixture\"}",
        "  - {id: jcmd, name: Japanese Command, side: japanese, kind: command, source: \"test fixture\"}\n"
        "  - {id: jarea, name: Japanese Area Army, side: japanese, kind: area_army, parent: jcmd, hq: westtown,"
        " source: \"test fixture\"}\n"
        "  - {id: jarmy, name: Japanese Test Army, side: japanese, kind: army, parent: jarea,"
        " source: \"test fixture\"}"))
    ev = tmp_path / "lab" / "events.yaml"
    ev.write_text(ev.read_text() + events)
    return tmp_path / "lab"


def to_japanese_turn(state):
    """End the Soviet part of the day: the Japanese part begins (supply, the order spreads)."""
    execute(state, EndTurn())
    assert state.side == "japanese"


def test_an_order_goes_down_one_headquarters_a_day(tmp_path):
    state = new_game(load_scenario(lab_with_chain(tmp_path)), 1)
    issue_order(state, "japanese", "jcmd")  # the command decides today and sends it at once
    assert relay_orders(state, "japanese") == ["jarea"]
    assert "jarmy" not in state.capitulation["japanese"]["orders"]  # the area army passes it on tomorrow
    assert spread_order(state, "japanese") == []  # and the divisions hear it from their army later still


def test_units_whose_army_holds_the_order_stand_down_and_attack_no_one(tmp_path):
    state = new_game(load_scenario(lab_with_chain(tmp_path)), 1)
    state.capitulation["japanese"] = {"orders": {"jcmd": "1945-08-01", "jarea": "1945-08-01", "jarmy": "1945-08-08"},
                                      "stood_down": {}, "signed": ""}
    put(state, "jinf", (1, 0))
    put(state, "tank", (2, 0))
    to_japanese_turn(state)
    # next to the tank corps when it stood down: it has laid down its arms to it at once
    assert "jinf" not in state.units and state.eliminated["jinf"]["reason"] == "capitulated"
    assert state.losses["japanese"]["captured"] == 12000
    assert "jinf2" in state.capitulation["japanese"]["stood_down"]
    res = execute(state, Move("jinf2", (-2, 2)))
    assert not res.ok and "cease fire" in res.reason


def test_troops_who_come_up_to_a_unit_that_has_stood_down_take_its_surrender(lab):
    put(lab, "jinf", (0, 0))
    put(lab, "rifle", (2, 0))
    lab.capitulation["japanese"] = {"orders": {}, "stood_down": {"jinf": "1945-08-09"}, "signed": ""}
    assert not execute(lab, Attack(("0", "0"), ["rifle"])).ok  # no attack on troops who stood down
    res = execute(lab, Move("rifle", (1, 0)))
    assert res.ok and res.data["took"] == ["jinf"]
    assert "jinf" not in lab.units and lab.losses["japanese"]["captured"] == 12000


def test_a_unit_that_has_stood_down_exerts_no_zone_of_control(lab):
    from engine.movement import enemy_zoc

    put(lab, "jinf", (0, 0))
    assert (1, 0) in enemy_zoc(lab, "soviet")
    lab.capitulation["japanese"] = {"orders": {}, "stood_down": {"jinf": "1945-08-09"}, "signed": ""}
    assert (1, 0) not in enemy_zoc(lab, "soviet")


def test_a_headquarters_driven_from_its_seat_passes_the_order_on_more_slowly(tmp_path):
    slow = dict(CERTAIN, relay_overrun=0.2)
    got = {"held": 0, "overrun": 0}
    for seed in range(40):
        state = new_game(load_scenario(lab_with_chain(tmp_path / str(seed), slow)), seed)
        state.capitulation["japanese"] = {"orders": {"jcmd": "1945-08-01"}, "stood_down": {}, "signed": ""}
        got["held"] += "jarea" in relay_orders(state, "japanese")
        state.capitulation["japanese"]["orders"] = {"jcmd": "1945-08-01"}
        state.control[state.scenario.map.places["westtown"].hex] = "soviet"
        got["overrun"] += "jarea" in relay_orders(state, "japanese")
    assert got["held"] == 40 and 2 <= got["overrun"] <= 16


def test_a_unit_cut_off_from_supply_hears_the_order_later_than_one_in_supply(tmp_path):
    chances = dict(CERTAIN, obey_connected=0.9, obey_cut_off=0.2)
    heard = {True: 0, False: 0}
    for seed in range(30):
        state = new_game(load_scenario(lab_with_chain(tmp_path / str(seed), chances)), seed)
        state.capitulation["japanese"] = {"orders": {"jarmy": "1945-08-01"}, "stood_down": {}, "signed": ""}
        state.units["jinf"].supplied, state.units["jinf2"].supplied = True, False
        got = spread_order(state, "japanese")
        heard[True] += "jinf" in got
        heard[False] += "jinf2" in got
    assert heard[True] >= 22 and heard[False] <= 12


def test_a_besieged_garrison_in_underground_works_depends_on_an_emissary(tmp_path):
    from engine.capitulation import obey_chance

    state = new_game(load_scenario(lab_with_chain(tmp_path, dict(CERTAIN, obey_cut_off=0.5, obey_besieged=0.1,
                                                                   besieged_works=1))), 1)
    u = put(state, "jinf", (0, 0), supplied=False)
    state.scenario.graph.nodes[(0, 0)]["fortification"], old = 2, state.scenario.graph.nodes[(0, 0)]["fortification"]
    try:
        far = {(5, 5)}
        assert obey_chance(state, u, far) == 0.5  # cut off, but nobody at the gates
        assert obey_chance(state, u, {(1, 0)}) == 0.1
    finally:
        state.scenario.graph.nodes[(0, 0)]["fortification"] = old


def test_no_order_no_capitulation(tmp_path):
    state = new_game(load_scenario(lab_with_chain(tmp_path)), 1)
    to_japanese_turn(state)
    assert state.capitulation == {} and not state.stood_down(state.units["jinf"])


def test_the_signing_takes_every_unit_that_stood_down_and_the_holdouts_fight_on(tmp_path):
    state = new_game(load_scenario(lab_with_chain(tmp_path)), 1)
    state.capitulation["japanese"] = {"orders": {}, "stood_down": {"jinf": "1945-08-09"}, "signed": ""}
    assert sign_surrender(state, "japanese") == ["jinf"]
    assert "jinf2" in state.units and campaign_over(state) is None
    del state.units["jinf2"]
    assert campaign_over(state) == "Japan"


def order_event(formation: str) -> str:
    """events.yaml lines: ``formation`` orders its troops to lay down their arms on turn 2."""
    return ("\n  - {id: order, name: Cease-fire, turn: 2, message: Lay down your arms., source: test fixture,\n"
            f"     effects: [{{surrender_order: {{side: japanese, formation: {formation}}}}}]}}\n")


def test_an_order_event_spreads_in_play_and_a_save_keeps_it(tmp_path):
    state = new_game(load_scenario(lab_with_chain(tmp_path, events=order_event("jcmd"))), 1)
    for _ in range(8):  # to the Japanese part of turn 4
        execute(state, EndTurn())
    c = state.capitulation["japanese"]
    # decided on turn 2 (10 Aug), the area army has it that day, the army the next, the units the day after
    assert c["orders"] == {"jcmd": "1945-08-09", "jarea": "1945-08-10", "jarmy": "1945-08-11"}
    assert c["stood_down"] == {"jinf": "1945-08-12", "jinf2": "1945-08-12"}
    back = GameState.from_dict(state.scenario, state.to_dict())
    assert back.capitulation == state.capitulation and back.state_hash() == state.state_hash()
    d = state.to_dict()
    d["capitulation"]["japanese"]["orders"]["nobody"] = "1945-08-10"
    with pytest.raises(ValueError, match="unknown formation 'nobody'"):
        GameState.from_dict(state.scenario, d)


def test_an_order_from_an_unknown_headquarters_is_named_with_its_file_and_line(tmp_path):
    with pytest.raises(ScenarioLoadError) as err:
        load_scenario(lab_with_chain(tmp_path, events=order_event("jcmdd")))
    assert "events.yaml" in str(err.value) and "unknown formation 'jcmdd' (did you mean 'jcmd'?)" in str(err.value)


def test_the_historical_scenario_schedules_no_capitulation():
    """No event of the historical scenario makes a place fall or a unit give up on a date: the
    surrender events carry orders, and nothing names a place, an area or a share."""
    scn = load_scenario("august_storm_1945")
    for ev in scn.events:
        for eff in ev["effects"]:
            assert not eff.get("capitulate") and not eff.get("ceasefire"), ev["id"]
    for o in scn.ai["japanese"].objectives:
        assert o.until is None, o


def test_begin_impulse_spreads_the_order_after_supply(tmp_path):
    state = new_game(load_scenario(lab_with_chain(tmp_path)), 1)
    state.capitulation["japanese"] = {"orders": {"jarmy": "1945-08-01"}, "stood_down": {}, "signed": ""}
    state.active = 1
    begin_impulse(state)
    assert set(state.capitulation["japanese"]["stood_down"]) == {"jinf", "jinf2"}


def test_the_political_timeline_frames_the_game_in_the_message_log():
    """The history's entries before the start appear on the first day, the later ones on their day."""
    from engine.orders import EndTurn

    scn = load_scenario("august_storm_1945")
    state = new_game(scn, 0)
    first = [e["text"] for e in state.log if e["kind"] == "timeline"]
    assert first[0].startswith("1941-04-13, Neutrality Pact") and any("Nagasaki" in t for t in first)
    assert not any("Sino-Soviet" in t for t in first)
    while state.date.isoformat() < "1945-08-14":
        execute(state, EndTurn())
    assert any(e["kind"] == "timeline" and "Sino-Soviet" in e["text"] for e in state.log)


def test_rules_without_a_capitulation_section_relay_and_obey_at_once_and_lose_no_men():
    from engine.rules import build_capitulation

    c = build_capitulation({})
    assert (c.relay, c.relay_overrun, c.obey_connected, c.obey_cut_off, c.obey_besieged) == (1.0,) * 5
    assert c.drift == 0.0 and c.besieged_works == 99
    assert build_capitulation({"drift": 0.2, "obey_besieged": 0.1}).drift == 0.2
