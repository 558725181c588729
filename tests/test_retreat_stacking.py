"""Defenders forced back together share the hexes they fall back into: the stacking limit holds
for the whole group, not for each unit on its own (three defenders once retreated into one hex
and overfilled it)."""
from conftest import put

from engine.combat import outcome_effects, predict
from engine.units import Unit


def crowded_retreat(lab):
    """Three Japanese units (2 + 1 + 1 stacking points) in a hex whose only way back leads to a
    hex already holding a fourth; attacked from the three other open sides."""
    put(lab, "jinf", (-3, -1), type="tank_corps")  # 2 points
    put(lab, "jinf2", (-3, -1))  # 1 point
    for uid, h in (("jinf3", (-3, -1)), ("jinf4", (-4, 0))):
        twin = Unit.from_dict({**lab.units["jinf2"].to_dict(), "id": uid, "hex": list(h)})
        lab.units[uid] = twin
    put(lab, "tank", (-2, -1))
    put(lab, "rifle", (-3, 0))
    put(lab, "para", (-2, -2))
    return [lab.units[i] for i in ("jinf", "jinf2", "jinf3")], [lab.units[i] for i in ("tank", "rifle", "para")]


def test_defenders_retreating_together_never_overfill_the_hex_they_fall_back_into(lab):
    defenders, attackers = crowded_retreat(lab)
    rules = lab.scenario.rules
    eff = outcome_effects(lab, (-3, -1), attackers, defenders, "retreat", 3.0)
    arriving = sum(rules.unit_types[lab.units[uid].type].stack for uid, route in eff["routes"].items()
                   if route[-1] == (-4, 0))
    assert rules.unit_types["infantry_division"].stack + arriving <= rules.stacking_limit
    assert eff["routes"] and eff["caught"]  # some get through, the rest are caught against the crowd


def test_the_prediction_counts_the_defenders_caught_by_a_full_hex(lab):
    defenders, _ = crowded_retreat(lab)
    pred = predict(lab, (-3, -1), ["tank", "rifle", "para"])
    assert pred.losses["retreat"]["defender"]["captured"] > 0
