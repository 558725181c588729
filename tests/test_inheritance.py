"""Scenario inheritance: ``base:`` in scenario.yaml, the overlay of a derived scenario's files,
``game:`` names, and the refusals of bad chains (each with file and line)."""
import datetime as dt
import textwrap

import pytest

from engine.scenario import load_scenario
from engine.scenario.bases import MAX_BASES
from engine.yamlio import ScenarioLoadError


def derived(tmp_path, name="derived", base="test_border", **files):
    """A scenario folder in tmp_path based on ``base``; ``files`` maps file names (``_`` for ``.``)
    to their text; scenario.yaml gets ``id`` and ``base`` in front of what it is given."""
    folder = tmp_path / name
    folder.mkdir()
    head = f"id: {name}\nbase: {base}\n"
    (folder / "scenario.yaml").write_text(head + textwrap.dedent(files.pop("scenario_yaml", "")))
    for fname, text in files.items():
        (folder / fname.replace("_yaml", ".yaml")).write_text(textwrap.dedent(text))
    return folder


def errors_of(folder, variants=()):
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(folder, variants)
    return [str(e) for e in exc.value.errors]


def test_a_scenario_with_base_and_nothing_else_is_its_base_under_its_own_id(tmp_path, border_scenario):
    scn = load_scenario(derived(tmp_path))
    assert scn.id == "derived" and scn.name == border_scenario.name
    assert [u.to_dict() for u in scn.initial_units] == [u.to_dict() for u in border_scenario.initial_units]
    assert [e["id"] for e in scn.events] == [e["id"] for e in border_scenario.events]
    assert scn.victory == border_scenario.victory and scn.rules.unit_types == border_scenario.rules.unit_types


def test_a_scenario_with_base_inherits_the_bases_units_and_replaces_the_ones_it_names(tmp_path, border_scenario):
    scn = load_scenario(derived(tmp_path, units_yaml="""
        remove_units: [j_fr_dongning]
        units:
          - {id: j_126id, men: 9000, at: muling}
          - {id: j_new, name: New Division, side: japanese, type: infantry_division, formation: j5a,
             at: mudanjiang, men: 11000, source: "test fixture"}
        """))
    units = {u.id: u for u in scn.initial_units}
    base = {u.id: u for u in border_scenario.initial_units}
    assert "j_fr_dongning" not in units and "j_new" in units
    assert units["j_126id"].men == 9000 and units["j_126id"].guns == base["j_126id"].guns
    assert units["j_126id"].hex == scn.map.places["muling"].hex  # a new position replaces the old
    assert set(units) - {"j_new"} == set(base) - {"j_fr_dongning"}


def test_a_derived_events_file_adds_removes_and_redates_events(tmp_path):
    scn = load_scenario(derived(tmp_path, events_yaml="""
        remove_events: [surprise]
        events:
          - {id: rains, date: 1945-08-10}
          - {id: mudanjiang_falls, -condition: ~, turn: 4}
          - {id: late_news, name: Late news, turn: 2, message: "News.", source: "test fixture"}
        """))
    events = {e["id"]: e for e in scn.events}
    assert "surprise" not in events and "late_news" in events
    assert events["rains"]["date"] == dt.date(1945, 8, 10) and len(events["rains"]["effects"]) == 2
    assert events["mudanjiang_falls"]["condition"] is None and events["mudanjiang_falls"]["turn"] == 4


def test_scenario_yaml_mappings_merge_key_by_key_and_other_values_are_replaced(tmp_path, border_scenario):
    scn = load_scenario(derived(tmp_path, scenario_yaml="""
        turns: 9
        sides: {japanese: {rail_moves_per_turn: 3}}
        victory: {points_to_win: 9}
        """))
    assert scn.turns == 9 and scn.sides["japanese"]["rail_moves_per_turn"] == 3
    assert scn.sides["japanese"]["name"] == border_scenario.sides["japanese"]["name"]
    assert scn.victory["points_to_win"] == 9 and scn.victory["objectives"] == border_scenario.victory["objectives"]


def test_a_derived_scenarios_rule_files_are_merged_after_the_bases(tmp_path):
    folder = derived(tmp_path, scenario_yaml="rules: [more.yaml]\n",
                     more_yaml="stacking: {limit: 7}\n")
    assert load_scenario(folder).rules.stacking_limit == 7


def test_a_problem_in_an_inherited_value_names_the_bases_file_and_one_in_the_overlay_its_own(tmp_path):
    folder = derived(tmp_path, scenario_yaml="turns: 4\n", units_yaml="""
        units:
          - {id: j_126id, men: lots}
        """)
    msgs = errors_of(folder)
    assert any("derived/units.yaml:3: units.[6].men: expected a whole number" in m for m in msgs), msgs
    # the base's objective dated 16 August now falls after the shortened game: the base's line is named
    assert any("test_border/scenario.yaml:34:" in m and "outside the game" in m for m in msgs), msgs


def test_removing_an_unknown_record_is_an_error_at_its_line_with_a_suggestion(tmp_path):
    msgs = errors_of(derived(tmp_path, units_yaml="remove_units: [j_126]\n"))
    assert any("units.yaml:1: remove_units: the base has no 'j_126' (did you mean 'j_126id'?)" in m for m in msgs)


def test_an_inheritance_cycle_is_refused_with_file_and_line(tmp_path):
    derived(tmp_path, "a", base="b")
    derived(tmp_path, "b", base="a")
    msgs = errors_of(tmp_path / "a")
    assert any("b/scenario.yaml:2: base: inheritance cycle (a -> b -> a)" in m for m in msgs), msgs


def test_a_scenario_cannot_be_its_own_base(tmp_path):
    msgs = errors_of(derived(tmp_path, "selfish", base="selfish"))
    assert any("selfish/scenario.yaml:2: base: inheritance cycle" in m for m in msgs), msgs


def test_a_chain_of_bases_deeper_than_the_limit_is_refused(tmp_path):
    derived(tmp_path, "v0")
    for i in range(1, MAX_BASES + 2):
        derived(tmp_path, f"v{i}", base=f"v{i - 1}")
    assert load_scenario(tmp_path / f"v{MAX_BASES - 1}").id == f"v{MAX_BASES - 1}"
    msgs = errors_of(tmp_path / f"v{MAX_BASES + 1}")
    assert any(f"base: more than {MAX_BASES} scenarios deep" in m for m in msgs), msgs


def test_a_base_is_an_id_never_a_path(tmp_path):
    msgs = errors_of(derived(tmp_path, base="../test_border"))
    assert any("scenario.yaml:2: base: expected a scenario id" in m for m in msgs), msgs


def test_an_unknown_base_is_named_with_a_suggestion(tmp_path):
    msgs = errors_of(derived(tmp_path, base="test_bordr"))
    assert any("scenario.yaml:2: base: no scenario 'test_bordr' (did you mean 'test_border'?)" in m for m in msgs)


def test_a_derived_scenario_needs_its_own_id(tmp_path):
    folder = derived(tmp_path)
    (folder / "scenario.yaml").write_text("base: test_border\n")
    msgs = errors_of(folder)
    assert any("needs its own 'id'" in m for m in msgs), msgs


def test_a_mod_outside_the_game_names_the_games_scenario_and_rules_with_game(tmp_path):
    folder = derived(tmp_path, base="game:test_border", scenario_yaml="rules: [game:rules/base.yaml]\n")
    assert load_scenario(folder).id == "derived"


def test_a_game_name_cannot_leave_the_games_scenarios_folder(tmp_path):
    (tmp_path / "secret.yaml").write_text("stacking: {limit: 1}\n")
    folder = derived(tmp_path, scenario_yaml=f"rules: ['game:../../../../../../../..{tmp_path}/secret.yaml']\n")
    msgs = errors_of(folder)
    assert any("refused" in m or "not found" in m for m in msgs), msgs


EARLY = """
variants:
  early:
    name: Early rain
    description: The rain two days earlier, one more event, no surprise.
    source: "test fixture"
    disable_events: [surprise]
    event_changes:
      rains: {-date: ~, turn: 1}
    add_events:
      - {id: late_news, name: Late news, turn: 2, message: "News.", source: "test fixture"}
"""


def test_a_variant_can_redate_add_and_remove_events(tmp_path):
    folder = derived(tmp_path, scenario_yaml=EARLY)
    events = {e["id"]: e for e in load_scenario(folder, ("early",)).events}
    assert "surprise" not in events and events["late_news"]["turn"] == 2
    assert events["rains"]["date"] is None and events["rains"]["turn"] == 1
    plain = {e["id"]: e for e in load_scenario(folder).events}
    assert "surprise" in plain and "late_news" not in plain and plain["rains"]["turn"] is None


def test_a_bad_event_change_names_the_variants_line(tmp_path):
    folder = derived(tmp_path, scenario_yaml=EARLY.replace("rains: {", "rain: {"))
    msgs = errors_of(folder, ("early",))
    assert any("scenario.yaml:11: variant changes unknown event 'rain' (did you mean 'rains'?)" in m for m in msgs)
    folder = derived(tmp_path, "second", scenario_yaml=EARLY.replace("-date: ~, turn: 1", "dat: 1945-08-10, turn: 0"))
    msgs = errors_of(folder, ("early",))
    assert any("scenario.yaml:11: event_changes.rains: unknown field 'dat' (did you mean 'date'?)" in m for m in msgs)
    assert any("scenario.yaml:11: event_changes.rains.turn: 0 is below the minimum 1" in m for m in msgs), msgs


def test_an_unknown_variant_of_a_scenario_without_variants_is_refused():
    with pytest.raises(ScenarioLoadError, match="unknown variant 'x'; variants of this scenario: none"):
        load_scenario("test_border", ("x",))


def test_a_unit_type_that_inherits_takes_the_other_types_fields_and_overrides_those_it_gives(tmp_path):
    folder = derived(tmp_path, scenario_yaml="rules: [types.yaml]\n", types_yaml="""
        unit_types:
          guards_division: {inherits: rifle_division, name: Guards division, attack: 1.3}
          guards_corps: {inherits: guards_division, stack: 2, detachment: {share: 0.2}}
        """)
    types = load_scenario(folder).rules.unit_types
    base = types["rifle_division"]
    assert types["guards_division"].attack == 1.3 and types["guards_division"].movement == base.movement
    assert types["guards_division"].label == "Guards division" and types["guards_corps"].attack == 1.3
    assert types["guards_corps"].stack == 2
    assert types["guards_corps"].detachment == {**base.detachment, "share": 0.2}  # merged key by key


def test_a_unit_type_inheritance_cycle_is_refused_with_file_and_line(tmp_path):
    folder = derived(tmp_path, scenario_yaml="rules: [types.yaml]\n", types_yaml="""
        unit_types:
          a_type: {inherits: b_type, movement: 4, mobility: foot}
          b_type: {inherits: a_type}
          c_type: {inherits: infantry_divison}
        """)
    msgs = errors_of(folder)
    assert any("types.yaml:4: unit type 'b_type': inherits: inheritance cycle (a_type -> b_type -> a_type)" in m
               for m in msgs), msgs
    assert any("types.yaml:5: unit type 'c_type': inherits: unknown unit type 'infantry_divison' "
               "(did you mean 'infantry_division'?)" in m for m in msgs), msgs


def test_a_yaml_merge_key_is_overridden_by_the_keys_written_beside_it():
    from engine.yamlio import parse_yaml

    doc = parse_yaml("a: &x {p: 1, q: 2}\nb: {<<: *x, q: 3}\n", "t.yaml")
    assert doc["b"] == {"p": 1, "q": 3}
    with pytest.raises(ScenarioLoadError, match="t.yaml:1: duplicate key 'q'"):
        parse_yaml("b: {p: 1, q: 3, q: 4}\n", "t.yaml")


def test_the_start_screen_lists_a_derived_scenario_with_its_bases_sides_and_variants(tmp_path, monkeypatch):
    from game.screens.start import find_scenarios

    derived(tmp_path, scenario_yaml="name: Derived\n" + EARLY)
    monkeypatch.setenv("AUGUST_STORM_SCENARIOS", str(tmp_path))
    info = next(i for i in find_scenarios() if i.ref == "derived")
    assert info.name == "Derived" and [s for s, _ in info.sides] == ["soviet", "japanese"]
    assert [v[0] for v in info.variants] == ["early"]


def test_a_mod_kept_outside_the_game_names_the_games_files_in_its_fingerprint_by_game_names(tmp_path):
    scn = load_scenario(derived(tmp_path, base="game:test_border"))
    assert "game:test_border/units.yaml" in scn.fingerprint and "game:rules/base.yaml" in scn.fingerprint
    assert "scenario.yaml" in scn.fingerprint and not any(".." in k for k in scn.fingerprint)
    assert set(load_scenario("test_border").fingerprint) == {"scenario.yaml", "../rules/base.yaml", "map.yaml",
                                                             "units.yaml", "events.yaml"}  # as saves recorded it


def test_a_loaded_scenario_is_frozen_and_what_the_engine_derives_from_it_lives_in_its_cache(border_scenario):
    import dataclasses

    from engine.movement import static_costs
    from engine.scenario.model import ScenarioCache

    with pytest.raises(dataclasses.FrozenInstanceError):
        border_scenario.turns = 3
    assert isinstance(border_scenario.cache, ScenarioCache)
    costs = static_costs(border_scenario, "foot")
    assert border_scenario.cache["move:foot"] is costs and static_costs(border_scenario, "foot") is costs
    assert border_scenario.cache.memo("answer", lambda: 42) == 42 == border_scenario.cache.memo("answer", lambda: 0)
    del border_scenario.cache["answer"]


def test_a_derived_map_changes_places_by_id_and_a_derived_units_file_adds_formations(tmp_path, border_scenario):
    scn = load_scenario(derived(tmp_path, map_yaml="""
        places:
          - {id: muling, vp: 7}
        """, units_yaml="""
        formations:
          - {id: j3a, name: 3rd Army, side: japanese, kind: army, parent: kwa, source: "test fixture"}
          - {id: j5a, aircraft: 0}
        """))
    assert scn.map.places["muling"].vp == 7 and scn.map.places["muling"].hex == border_scenario.map.places["muling"].hex
    assert set(scn.map.places) == set(border_scenario.map.places)
    assert scn.formations["j3a"].parent == "kwa" and scn.formations["j5a"].aircraft == 0
    assert scn.formations["j5a"].name == border_scenario.formations["j5a"].name


def test_keep_units_keeps_only_the_bases_units_it_names_and_new_ones_join_them(tmp_path, border_scenario):
    base = [u.id for u in border_scenario.initial_units]
    kept = [base[-1], base[0]]
    scn = load_scenario(derived(tmp_path, units_yaml=f"""
        keep_units: [{kept[0]}, {kept[1]}]
        units:
          - {{id: j_new, name: New Division, side: japanese, type: infantry_division, formation: j5a,
             at: mudanjiang, men: 11000, source: "test fixture"}}
        """))
    assert [u.id for u in scn.initial_units] == [base[0], base[-1], "j_new"]  # the base's order, then new ones


def test_keeping_an_unknown_record_is_an_error_at_its_line_with_a_suggestion(tmp_path):
    msgs = errors_of(derived(tmp_path, units_yaml="keep_units: [j_126]\n"))
    assert any("units.yaml:1: keep_units: the base has no 'j_126' (did you mean 'j_126id'?)" in m for m in msgs)
