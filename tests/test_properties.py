"""Property-based tests (hypothesis): whatever bytes a scenario file or a save holds, the loader
and the save reader answer with a value or a ``file:line`` refusal, never another exception."""
import json
import shutil

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.safefile import FileRefused, parse_json
from engine.scenario import load_scenario, new_game
from engine.state import GameState
from engine.yamlio import ScenarioLoadError, parse_yaml

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# printable text: PyYAML's emitter itself mangles control characters such as NEL (U+0085)
printable = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 12, 10 ** 12),
                    st.floats(-1e12, 1e12, allow_nan=False), st.text(printable, max_size=20))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(printable, min_size=1, max_size=8), inner, max_size=5)),
    max_leaves=30)


@FAST
@given(st.text(max_size=400))
def test_any_text_parses_or_is_refused_with_a_line(text):
    try:
        parse_yaml(text, "any.yaml")
    except ScenarioLoadError as exc:
        assert exc.errors and all(str(e).startswith("any.yaml") for e in exc.errors)


@FAST
@given(documents)
def test_a_document_written_as_yaml_reads_back_the_same(doc):
    text = yaml.safe_dump({"root": doc}, allow_unicode=True)
    assert parse_yaml(text, "doc.yaml") == {"root": doc}


@FAST
@given(st.lists(st.tuples(st.integers(0, 10 ** 6), st.sampled_from(["", "[", "]", "{", "}", ":", "-", "&a", "*a",
                                                                     "\n", "  ", "'", '"', "1945-02-30", ".nan",
                                                                     "9" * 30, "<<: *a", "!!python/object:x"])),
                min_size=1, max_size=6))
def test_a_damaged_scenario_file_loads_or_lists_its_problems(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("scn")
    shutil.copytree(ROOT / "scenarios" / "rules", root / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", root / "test_border")
    for i, (pos, piece) in enumerate(edits):
        name = ("scenario.yaml", "map.yaml", "units.yaml", "events.yaml")[i % 4]
        text = (root / "test_border" / name).read_text()
        at = pos % (len(text) + 1)
        (root / "test_border" / name).write_text(text[:at] + piece + text[at + len(piece) // 2:])
    try:
        load_scenario(root / "test_border")
    except ScenarioLoadError as exc:
        assert exc.errors and all(":" in str(e) for e in exc.errors)


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_as_a_save_parse_or_are_refused(data):
    try:
        parse_json(data, "save.json")
    except FileRefused as exc:
        assert str(exc).startswith("save.json")


@FAST
@given(st.lists(st.sampled_from([b"[", b"]", b"{", b"}", b'"', b"\\", b"a", b"\n", b",", b":"]), max_size=80),
       st.integers(1, 9))
def test_the_depth_of_a_json_text_does_not_depend_on_where_the_chunks_fall(pieces, chunk):
    from engine.safefile import json_depth

    data = b"".join(pieces)
    assert json_depth(data, chunk=chunk) == json_depth(data)


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70),
                                     st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=10)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                           max_leaves=8)


def _paths(value, prefix=()):
    """Every path to a value inside nested dicts and lists."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


@pytest.fixture(scope="module")
def saved(lab_scenario):
    state = new_game(lab_scenario, 5)
    doc = json.loads(json.dumps(state.to_dict()))
    return doc, list(_paths(doc))[1:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_tampered_save_is_rebuilt_only_with_values_the_rules_allow(lab_scenario, saved, data):
    doc, paths = saved
    doc = json.loads(json.dumps(doc))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(json_values)
    target = doc
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value
    try:
        state = GameState.from_dict(lab_scenario, doc)
    except ValueError:
        return
    again = GameState.from_dict(lab_scenario, state.to_dict())
    assert again.state_hash() == state.state_hash()
    rules = lab_scenario.rules
    for u in state.units.values():
        assert u.side in lab_scenario.side_order and u.type in rules.unit_types
        assert u.men >= 0 and 0.0 <= u.readiness <= 1.0 and isinstance(state.over, bool)
