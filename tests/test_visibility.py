"""Fog of war (engine.visibility): a side sees within its units' recon range, at least their neighbours."""
import dataclasses

from conftest import put

from engine.hexes import distance, neighbours
from engine.visibility import hidden_units, seen_hexes, sight_radius, visible_units


def test_a_side_sees_exactly_the_hexes_within_recon_of_its_units(lab):
    seen = seen_hexes(lab, "soviet")
    own = lab.units_of("soviet")
    for h in lab.scenario.graph.nodes:
        expected = any(distance(h, u.hex) <= sight_radius(lab, u) for u in own)
        assert (h in seen) == expected, h
    assert all(u.hex in seen for u in own)


def test_an_enemy_far_from_every_own_unit_is_hidden_and_a_close_one_is_seen(lab):
    put(lab, "jinf", (-4, 0))
    put(lab, "jinf2", (2, 0))  # next to the tank corps at (3, 0)
    hidden = hidden_units(lab, "soviet")
    assert "jinf" in hidden and "jinf2" not in hidden
    ids = {u.id for u in visible_units(lab, "soviet")}
    assert {"tank", "rifle", "para", "jinf2"} <= ids and "jinf" not in ids
    # and the other way round: the Japanese division next to the tanks sees them
    assert "tank" not in hidden_units(lab, "japanese")


def test_units_in_contact_always_see_each_other_even_without_recon(lab, monkeypatch):
    types = lab.scenario.rules.unit_types
    for uid in ("tank", "rifle", "para"):
        t = lab.units[uid].type
        monkeypatch.setitem(types, t, dataclasses.replace(types[t], recon=0))
    u = lab.units["rifle"]
    assert sight_radius(lab, u) == 1
    seen = seen_hexes(lab, "soviet")
    assert all(n in seen for n in neighbours(u.hex) if n in lab.scenario.graph)
    assert all(min(distance(h, x.hex) for x in lab.units_of("soviet")) <= 1 for h in seen)


def test_visibility_does_not_change_the_state(lab):
    before = lab.state_hash()
    seen_hexes(lab, "soviet")
    hidden_units(lab, "japanese")
    assert lab.state_hash() == before


def _without_hidden_enemies(state, side):
    """The state as the side knows it: the enemies it does not see taken off the map."""
    known = state.copy()
    for uid in hidden_units(state, side):
        del known.units[uid]
    return known


def test_the_reach_a_player_is_shown_knows_nothing_of_hidden_enemies(lab):
    from engine.movement import reachable

    seen = seen_hexes(lab, "soviet")
    assert hidden_units(lab, "soviet") == {"jinf", "jinf2"}
    shown = reachable(lab, "tank", seen)
    known = reachable(_without_hidden_enemies(lab, "soviet"), "tank")
    assert shown.cost == known.cost and shown.endable == known.endable
    truth = reachable(lab, "tank")
    assert set(truth.cost) != set(shown.cost)  # the truth would have drawn the hidden division's outline


def test_the_supply_picture_under_fog_knows_nothing_of_hidden_enemies(lab):
    from engine.supply import supply_costs

    put(lab, "jinf", (-3, -1))  # out of sight, across Soviet supply lines to the west
    seen = seen_hexes(lab, "soviet")
    assert "jinf" in hidden_units(lab, "soviet")
    shown = supply_costs(lab, "soviet", seen=seen)
    assert shown == supply_costs(_without_hidden_enemies(lab, "soviet"), "soviet")
    assert shown != supply_costs(lab, "soviet")  # the truth is cut by the division


def test_a_march_planned_in_the_fog_stops_on_meeting_a_hidden_enemy(lab):
    from engine.movement import march_stop, reachable
    from engine.orders import Move, execute

    seen = seen_hexes(lab, "soviet")
    plan = reachable(lab, "tank", seen)
    dest = min((h for h in plan.endable if distance(h, lab.units["jinf"].hex) == 1), key=plan.cost.get)
    stop = march_stop(lab, "tank", plan.path(dest))
    assert stop in plan.path(dest) and stop in reachable(lab, "tank").endable
    # it stops where the hidden division's zone of control begins, and the Move there is legal
    assert any(distance(stop, e.hex) == 1 for e in lab.units.values() if e.side == "japanese")
    assert execute(lab, Move("tank", stop)).ok
    assert "jinf" not in hidden_units(lab, "soviet") or "jinf2" not in hidden_units(lab, "soviet")


def test_a_landing_on_a_garrison_out_of_sight_is_called_off_not_refused(lab):
    from engine.orders import AirborneLanding, execute

    put(lab, "jinf", (-1, 1))
    assert (-1, 1) not in seen_hexes(lab, "soviet")
    start = lab.units["para"].hex
    res = execute(lab, AirborneLanding("para", (-1, 1)))
    assert res.ok and res.data["called_off"]  # no refusal that would tell what the fog hides...
    para = lab.units["para"]
    assert para.hex == start and para.moved and para.attacked  # ...but the drop turns back
    assert "jinf" in lab.units and lab.control[(-1, 1)] != "soviet"
    assert "called off" in lab.log[-1]["text"] and "[" not in lab.log[-1]["text"]
    assert not execute(lab, AirborneLanding("para", (-1, 2))).ok  # the lift and the day are spent


def test_a_landing_on_a_garrison_in_sight_is_refused(lab):
    from engine.orders import AirborneLanding, execute

    put(lab, "jinf", (3, -1))  # next to the tank corps: seen
    put(lab, "para", (4, 0))
    res = execute(lab, AirborneLanding("para", (3, -1)))
    assert not res.ok and "held by the enemy" in res.reason
