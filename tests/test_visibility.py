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
