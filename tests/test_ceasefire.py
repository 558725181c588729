"""A side ordered to cease fire: its garrisons surrender to an airlanding on their hex, its troops
attack no one, holdout areas fight on, and the order survives a save."""
import shutil

from conftest import LAB, ROOT, change_hints, put

from engine.ai.context import make_context
from engine.ai.landings import make_landings
from engine.orders import AirborneLanding, Attack, EndTurn, execute
from engine.scenario import load_scenario, new_game
from engine.scenario.hints import Axis
from engine.state import GameState


def ceasefire(state, holdouts=()):
    state.ceasefire["japanese"] = [dict(a) for a in holdouts]


def box_around(state, h):
    lat, lon = state.scenario.latlon(h)
    return {"north": lat + 0.05, "south": lat - 0.05, "west": lon - 0.05, "east": lon + 0.05}


def lab_with_order(tmp_path, effect):
    """A copy of the lab whose events give the Japanese a cease-fire order on turn 2 (``effect``
    is the order's YAML mapping); returns its events file."""
    shutil.copytree(LAB, tmp_path / "lab")
    s = tmp_path / "lab" / "scenario.yaml"
    s.write_text(s.read_text().replace("../../../scenarios", str(ROOT / "scenarios")))
    ev = tmp_path / "lab" / "events.yaml"
    ev.write_text(ev.read_text() + f"""
  - id: order
    name: Cease-fire
    turn: 2
    message: "Lay down your arms."
    source: "test fixture"
    effects:
      - ceasefire: {effect}
""")
    return ev


def test_before_a_cease_fire_no_one_lands_on_a_garrison(lab):
    put(lab, "jinf", (-1, 1))
    put(lab, "tank", (0, 1))  # in sight (a garrison out of sight is met over the drop zone instead)
    res = execute(lab, AirborneLanding("para", (-1, 1)))
    assert not res.ok and "held by the enemy" in res.reason


def test_a_garrison_ordered_to_cease_fire_lays_down_its_arms_to_an_airlanding(lab):
    put(lab, "jinf", (-1, 1))
    men = lab.units["jinf"].men
    ceasefire(lab)
    res = execute(lab, AirborneLanding("para", (-1, 1)))
    assert res.ok, res.reason
    assert "jinf" not in lab.units and lab.eliminated["jinf"]["reason"] == "capitulated"
    assert lab.losses["japanese"]["captured"] == men
    assert lab.units["para"].hex == (-1, 1) and lab.control[(-1, 1)] == "soviet"


def test_a_holdout_garrison_does_not_surrender_to_an_airlanding(lab):
    put(lab, "jinf", (-1, 1))
    put(lab, "tank", (0, 1))  # in sight
    ceasefire(lab, [box_around(lab, (-1, 1))])
    res = execute(lab, AirborneLanding("para", (-1, 1)))
    assert not res.ok and "held by the enemy" in res.reason
    assert "jinf" in lab.units


def test_troops_ordered_to_cease_fire_attack_no_one(lab):
    put(lab, "jinf", (2, 1))  # next to the rifle division at (3, 1)
    execute(lab, EndTurn())  # the Japanese part of the turn
    assert lab.side == "japanese"
    ceasefire(lab)
    res = execute(lab, Attack((3, 1), ("jinf",)))
    assert not res.ok and "cease fire" in res.reason
    ceasefire(lab, [box_around(lab, (2, 1))])  # a holdout still fights
    assert execute(lab, Attack((3, 1), ("jinf",))).ok


def test_the_ai_flies_a_landing_party_to_take_a_garrisons_surrender(lab):
    town = lab.scenario.map.places["westtown"].hex
    put(lab, "jinf", town)
    put(lab, "jinf2", (-4, 2))
    put(lab, "rifle", (0, 0))  # ground troops within a relief march
    make_landings(make_context(lab, "normal"))
    assert lab.units["para"].hex != town  # no landing among enemy troops before the cease-fire
    ceasefire(lab)
    make_landings(make_context(lab, "normal"))
    assert lab.units["para"].hex == town and "jinf" not in lab.units


def test_a_cease_fire_event_gives_the_order_and_a_save_keeps_it(tmp_path):
    ev = lab_with_order(tmp_path, "{side: japanese, exclude: [{north: 90, south: -90, west: -180, east: 124.4}]}")
    state = new_game(load_scenario(ev.parent), 1)
    west, east = (-4, 2), (-1, 1)
    assert state.scenario.latlon(west)[1] < 124.4 < state.scenario.latlon(east)[1]
    assert not state.under_ceasefire("japanese", east)
    execute(state, EndTurn())
    execute(state, EndTurn())  # turn 2: the order is given
    assert state.under_ceasefire("japanese", east) and not state.under_ceasefire("japanese", west)
    back = GameState.from_dict(state.scenario, state.to_dict())
    assert back.ceasefire == state.ceasefire and back.state_hash() == state.state_hash()


def test_a_coastal_garrison_under_the_order_surrenders_to_a_seaborne_landing(lab):
    from engine.orders import AmphibiousLanding

    put(lab, "rifle", (3, -2))  # the lab's port
    put(lab, "jinf", (-2, -2))  # on the lake shore
    put(lab, "tank", (-1, -2))  # in sight
    assert not execute(lab, AmphibiousLanding("rifle", (-2, -2))).ok
    ceasefire(lab)
    res = execute(lab, AmphibiousLanding("rifle", (-2, -2)))
    assert res.ok, res.reason
    assert "jinf" not in lab.units and lab.units["rifle"].hex == (-2, -2)


def test_a_landing_force_lands_on_the_next_place_of_its_axis_before_a_richer_goal(lab):
    from engine.ai.landings import make_landings as land

    scn = lab.scenario
    west, near = scn.map.places["westtown"].hex, (1, 1)
    before = scn.ai["soviet"].axes
    from engine.mapgraph import Place

    scn.map.places["nearby"] = Place(id="nearby", name="Nearby", hex=near, lat=0.0, lon=0.0, types=["town"], vp=1,
                                     source="test fixture", aliases=[])
    try:
        put(lab, "rifle", (1, 2))  # ground troops close to both
        del lab.units["jinf"], lab.units["jinf2"]  # no enemy troops left to make either landing unsafe
        lab.control[near] = "japanese"
        change_hints(scn, "soviet", axes=(Axis("Coast", ("para",), ("nearby", "westtown")),))
        ctx = make_context(lab, "normal")
        ctx.goals = [(west, 5.0), (near, 0.1)]  # Westtown is worth far more
        land(ctx)
        assert lab.units["para"].hex == near
    finally:
        del scn.map.places["nearby"]
        change_hints(scn, "soviet", axes=before)


def test_a_cease_fire_for_an_unknown_side_is_named_with_its_file_and_line(tmp_path):
    import pytest

    from engine.yamlio import ScenarioLoadError

    ev = lab_with_order(tmp_path, "{side: japanse}")
    line = next(i for i, t in enumerate(ev.read_text().splitlines(), 1) if "japanse" in t)
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(ev.parent)
    errs = [str(e) for e in exc.value.errors]
    assert any(f"events.yaml:{line}:" in e and "unknown side 'japanse'" in e for e in errs), errs


def test_a_save_with_a_broken_cease_fire_order_is_refused_with_a_reason(lab):
    import pytest

    ceasefire(lab)
    d = lab.to_dict()
    d["ceasefire"] = {"japanese": [{"north": 50}]}
    with pytest.raises(ValueError, match="north, south, west and east"):
        GameState.from_dict(lab.scenario, d)
    d["ceasefire"] = {"nobody": []}
    with pytest.raises(ValueError, match="unknown side 'nobody'"):
        GameState.from_dict(lab.scenario, d)
