"""The historical order of battle of "August Storm 1945": sources, scale, documented totals, tree.

Targets and their citations (details and arithmetic: scenarios/august_storm_1945/OOB_NOTES.md):

- Soviet total 1,577,725 men, 5,556 tanks and SP guns, 27,086 guns and mortars, 3,721 combat
  aircraft: [wiki_manchurian_op_2024] (the Manchurian Strategic Offensive Operation infobox; keys
  name the works of scenarios/august_storm_1945/sources.yaml).
- Per front ([glantz1983_lp7, unverified]; checked in OOB_NOTES.md s2): Transbaikal
  654,040 / 2,416 / 9,668 / 1,324; 1st Far Eastern 586,589 / 1,860 / 10,619 / 1,137; 2nd Far
  Eastern 337,096 / 1,280 / 6,799 / 1,260. The map leaves out South Sakhalin and the Kurils, so
  the 2nd Far Eastern Front is entered less the forces committed there: about 20,000 men and 100
  tanks of the 16th Army (es.wikipedia Invasion of South Sakhalin) and 8,821 men landed on Shumshu
  (en.wikipedia Battle of Shumshu), guns in proportion to men (581): 308,275 / 1,180 / 6,218.
- Japanese (one definition, OOB_NOTES.md s4.4): Kwantung Army in Manchuria 665,500 and 290 tanks
  ([wiki_manchurian_op_2024]); Manchukuo army 170,000 ([alchetron_manchukuo_army], lower bound);
  Inner Mongolian (Mengjiang) army 44,000 ([wiki_soviet_japanese_war_ipfs]); plus the units north
  of the 38th parallel and at Kalgan, which are entered one by one with their own sources (61,038 men).
"""
from collections import defaultdict
from pathlib import Path

import pytest

from engine.scenario import load_scenario
from engine.simulate import totals
from engine.units import chain, front_of

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios" / "august_storm_1945"

TOLERANCE = 0.03

SOVIET_DOCUMENTED = {"men": 1_577_725, "tanks": 5_556, "guns": 27_086, "aircraft": 3_721}
FRONTS = {
    # front formation id: (men, tanks and SP guns, guns and mortars, aircraft)
    "tbf": {"men": 654_040, "tanks": 2_416, "guns": 9_668, "aircraft": 1_324},
    "f1": {"men": 586_589, "tanks": 1_860, "guns": 10_619, "aircraft": 1_137},
    # 337,096 / 1,280 / 6,799 less 28,821 men, 100 tanks, 581 guns sent to Sakhalin and the Kurils
    "f2": {"men": 337_096 - 28_821, "tanks": 1_280 - 100, "guns": 6_799 - 581, "aircraft": 1_260},
}
KWANTUNG_MANCHURIA = {"men": 665_500, "tanks": 290}
KWANTUNG_MANCHURIA_FRONTS = ("j_1aa", "j_3aa", "j_4a", "j_kwres")
MANCHUKUO_MEN = 170_000
MENGJIANG_MEN = 44_000
NORTH_KOREA_AND_KALGAN_MEN = 61_038
JAPANESE_MEN = KWANTUNG_MANCHURIA["men"] + MANCHUKUO_MEN + MENGJIANG_MEN + NORTH_KOREA_AND_KALGAN_MEN
SOVIET_DIVISION_TYPES = ("rifle_division", "rifle_corps", "motor_rifle_division", "tank_corps", "mechanised_corps",
                         "tank_division", "cavalry_division", "mongolian_cavalry_division")


def close(value, target):
    return abs(value - target) <= TOLERANCE * target


@pytest.fixture(scope="module")
def scn():
    return load_scenario(SCENARIO_DIR)


def test_every_unit_and_formation_names_a_source(scn):
    assert all(u.source.strip() for u in scn.initial_units)
    assert all(f.source.strip() for f in scn.formations.values())


def test_each_side_commands_50_to_150_units(scn):
    count = defaultdict(int)
    for u in scn.initial_units:
        count[u.side] += 1
    assert set(count) == {"soviet", "japanese"}
    for side, n in count.items():
        assert 50 <= n <= 150, (side, n)


def test_soviet_totals_match_the_documented_figures(scn):
    t = totals(scn)["sides"]["soviet"]
    for k, target in SOVIET_DOCUMENTED.items():
        assert close(t[k], target), (k, t[k], target)


@pytest.mark.parametrize("front", sorted(FRONTS))
def test_soviet_front_totals_match_the_documented_figures(scn, front):
    t = totals(scn)["fronts"][front]
    for k, target in FRONTS[front].items():
        assert close(t[k], target), (front, k, t[k], target)


def test_japanese_totals_match_the_chosen_definition(scn):
    t = totals(scn)
    assert close(t["sides"]["japanese"]["men"], JAPANESE_MEN)
    kw = {k: sum(t["fronts"][f][k] for f in KWANTUNG_MANCHURIA_FRONTS) for k in ("men", "tanks")}
    for k, target in KWANTUNG_MANCHURIA.items():
        assert close(kw[k], target), (k, kw[k], target)

    def under(formation_id):
        return sum(u.men for u in scn.initial_units
                   if formation_id in {f.id for f in chain(scn.formations, u.formation)})
    assert close(under("j_manchukuo"), MANCHUKUO_MEN)
    assert close(under("j_mengjiang"), MENGJIANG_MEN)


def test_unit_figures_given_in_the_cited_works_are_kept(scn):
    men = {u.id: u.men for u in scn.initial_units}
    # the division articles, pwencycl Hailar, Siege of Hutou Fortress, Malinovsky, Tank Archives (units.yaml)
    assert men["j_124d"] == 12_500
    assert men["j_135d"] == 14_288
    assert men["j_127d"] == 13_130
    assert men["j_117d"] == 13_694
    assert men["j_136d"] == 9_000
    assert men["j_125d"] == 10_000
    assert men["j_hailar"] == 6_000
    assert men["j_hutou"] == 1_400
    soviet_mongolians = sum(u.men for u in scn.initial_units if u.id.startswith("s_mpra_"))
    assert soviet_mongolians == 16_000
    gta = sum(u.tanks for u in scn.initial_units if u.formation == "tbf_6gta")
    assert gta == 1_019


def test_soviet_division_and_corps_units_list_their_divisions(scn):
    for u in scn.initial_units:
        if u.side == "soviet" and u.type in SOVIET_DIVISION_TYPES:
            assert u.divisions and all(d.strip() for d in u.divisions), u.id


def test_formations_form_a_tree_ending_in_a_command_for_each_side(scn):
    roots = defaultdict(set)
    for f in scn.formations.values():
        path = chain(scn.formations, f.id)
        assert path[-1].parent is None, f"formation '{f.id}' has a cycle or an unknown parent"
        assert path[-1].kind == "command", f"formation '{f.id}' does not end in a command"
        assert all(p.side == f.side for p in path), f.id
        roots[f.side].add(path[-1].id)
    assert {s: len(r) for s, r in roots.items()} == {"soviet": 1, "japanese": 1}
    for u in scn.initial_units:
        assert front_of(scn.formations, u.formation) is not None, u.id
