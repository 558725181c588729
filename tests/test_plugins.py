"""Event effects and orders are registries that installed plugins extend: a scenario names an effect, it
never brings code; an effect nobody registered is refused at its file and line."""
import importlib.metadata
import shutil
import sys
import types
from dataclasses import dataclass, field

import pytest
from conftest import ROOT

from engine import effects, plugins
from engine.effects import register_effect, unregister_effect
from engine.events import fire_due_events
from engine.orders import Move, Result, execute, order_from_dict, register_order, unregister_order
from engine.scenario import load_scenario, new_game
from engine.schema import F, Int, Record, Str
from engine.yamlio import ScenarioLoadError

AIRLIFT = Record({"side": F(Str(), required=True), "lifts": F(Int(1, 9), required=True)})


def _airlift(state, value, event_id):
    """A tiny plugin effect: the side gets extra air lifts for the rest of the game."""
    state.vp_bonus[value["side"]] = state.vp_bonus.get(value["side"], 0) + value["lifts"]


@pytest.fixture
def airlift():
    register_effect("extra_airlift", AIRLIFT, _airlift, check=lambda v, refs: refs.side(v),
                    doc="a test plugin's effect")
    yield
    unregister_effect("extra_airlift")


@pytest.fixture
def scenario(tmp_path):
    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", tmp_path / "test_border")
    folder = tmp_path / "test_border"
    events = folder / "events.yaml"
    events.write_text(events.read_text().replace(
        "      - modifier: {side: japanese, stat: defence, factor: 0.8, turns: 1}\n",
        "      - modifier: {side: japanese, stat: defence, factor: 0.8, turns: 1}\n"
        "      - extra_airlift: {side: soviet, lifts: 3}\n"))
    line = next(i for i, t in enumerate(events.read_text().splitlines(), 1) if "extra_airlift" in t)
    return folder, line


def _errors(folder):
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(folder)
    return [str(e) for e in exc.value.errors]


def test_a_registered_effect_is_checked_and_applied_when_its_event_fires(airlift, scenario):
    folder, _ = scenario
    state = new_game(load_scenario(folder), 0)
    before = state.vp_bonus.get("soviet", 0)
    state.fired.clear()
    assert "surprise" in fire_due_events(state)
    assert state.vp_bonus["soviet"] == before + 3


def test_an_unknown_effect_is_refused_at_its_line_and_says_a_scenario_cannot_bring_code(scenario):
    folder, line = scenario
    errs = _errors(folder)
    assert any(e.startswith(f"{folder / 'events.yaml'}:{line}:") and "unknown effect 'extra_airlift'" in e
               and "install the plugin package that provides it" in e for e in errs), errs


def test_a_plugin_effect_value_is_checked_by_its_schema_and_its_references(airlift, scenario):
    folder, line = scenario
    events = folder / "events.yaml"
    events.write_text(events.read_text().replace("{side: soviet, lifts: 3}", "{side: sovjet, lifts: 30}"))
    errs = _errors(folder)
    assert any(f"events.yaml:{line}:" in e and "30 is above the maximum 9" in e for e in errs), errs
    assert any(f"events.yaml:{line}:" in e and "unknown side 'sovjet' (did you mean 'soviet'?)" in e
               for e in errs), errs


def test_an_effect_name_is_registered_once():
    with pytest.raises(ValueError, match="already registered"):
        register_effect("modifier", AIRLIFT, _airlift)
    with pytest.raises(ValueError, match="lower-case letters"):
        register_effect("Bad Name", AIRLIFT, _airlift)


class FakeEntryPoint:
    def __init__(self, name, value, load, dist=None):
        self.name, self.value, self._load, self.dist = name, value, load, dist

    def load(self):
        return self._load()


def _broken():
    raise ImportError("no module named 'missing_dependency'")


def test_installed_plugins_load_from_their_entry_points_once(monkeypatch, scenario):
    """An installed package's entry point registers its effects; a broken one is named, not fatal."""
    calls = []

    def register():
        calls.append(1)
        register_effect("extra_airlift", AIRLIFT, _airlift)

    module = types.ModuleType("airlift_plugin")
    module.register = register
    monkeypatch.setitem(sys.modules, "airlift_plugin", module)
    points = [FakeEntryPoint("airlift", "airlift_plugin:register", lambda: module.register),
              FakeEntryPoint("broken", "broken_plugin:register", _broken)]
    seen = []

    def entry_points(group):
        seen.append(group)
        return points

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    plugins.reset()
    try:
        folder, _ = scenario
        load_scenario(folder)  # the plugin's effect is known
        load_scenario(folder)
        assert seen == ["august_storm.plugins"] and calls == [1]
        assert plugins.loaded() == ["airlift"]
        assert plugins.problems() == ["plugin 'broken' (broken_plugin:register) failed to load: "
                                      "ImportError: no module named 'missing_dependency'"]
        unregister_effect("extra_airlift")
        errs = _errors(folder)  # and once it is gone, the message says why plugins are missing
        assert any("plugins (airlift) are known" in e and "plugin 'broken'" in e for e in errs), errs
    finally:
        unregister_effect("extra_airlift")
        plugins.reset()


def test_the_engine_effects_apply_in_the_order_they_always_did():
    assert list(effects.registered())[:9] == ["modifier", "readiness", "ceasefire", "capitulate", "surrender_order",
                                             "surrender_signed", "reinforce", "victory_points", "end_game"]


@dataclass(frozen=True)
class Rest:
    """A plugin's order: a unit rests, and gets back a tenth of its readiness."""

    unit: str
    kind: str = field(default="rest", init=False)


def _check_rest(state, order, u, unit_type):
    return "it has moved today" if u.moved else None


def _do_rest(state, order, u):
    u.readiness = min(1.0, u.readiness + 0.1)
    u.moved = True
    return Result(True)


@pytest.fixture
def rest():
    register_order(Rest, _check_rest, _do_rest, unit=True)
    yield
    unregister_order("rest")


def test_a_registered_order_is_checked_carried_out_logged_and_read_back(rest):
    state = new_game(load_scenario("test_border"), 0)
    u = next(x for x in state.units.values() if x.side == state.side)
    enemy = next(x for x in state.units.values() if x.side != state.side)
    u.readiness = 0.5
    assert not execute(state, Rest(enemy.id)).ok  # the engine refuses another side's unit
    assert execute(state, Rest(u.id)).ok and u.readiness == pytest.approx(0.6)
    assert execute(state, Rest(u.id)).reason == "it has moved today"
    assert state.orders[-1] == {"unit": u.id, "kind": "rest"}
    assert order_from_dict(state.orders[-1]) == Rest(u.id)


def test_an_order_nobody_registered_is_refused_with_a_reason():
    state = new_game(load_scenario("test_border"), 0)
    u = next(x for x in state.units.values() if x.side == state.side)
    assert execute(state, Rest(u.id)).reason.startswith("unknown order Rest(")
    with pytest.raises(ValueError, match="unknown order"):
        order_from_dict({"unit": u.id, "kind": "rest"})
    with pytest.raises(ValueError, match="already registered"):
        register_order(Move, _check_rest, _do_rest, unit=True)


# -- the plugins a game was played with ---------------------------------------------------------

@dataclass
class FakeDist:
    name: str
    version: str


@pytest.fixture
def installed(monkeypatch):
    """Install plugins for the test: ``installed({"airlift": "1.0"})`` makes the entry point
    airlift of package airlift-plugin 1.0 the only plugin; ``installed({})`` none."""
    def install(found):
        points = [FakeEntryPoint(name, f"{name}_plugin:register", lambda: (lambda: None),
                                 FakeDist(f"{name}-plugin", version)) for name, version in found.items()]
        monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: points)
        plugins.reset()
    yield install
    plugins.reset()


def test_the_plugins_and_their_versions_are_part_of_the_scenario_fingerprint(installed):
    installed({})
    bare = load_scenario("test_border").fingerprint
    assert not any(k.startswith("plugin:") for k in bare)  # without plugins, fingerprints are as they were
    installed({"airlift": "1.0"})
    assert load_scenario("test_border").fingerprint == {**bare, "plugin:airlift": "airlift-plugin 1.0"}


def test_a_save_made_with_other_plugins_is_refused_saying_which_until_allowed(installed, tmp_path):
    from engine.saves import ScenarioChanged, load_game, save_game

    installed({"airlift": "1.0"})
    state = new_game(load_scenario("test_border"), 0)
    path = save_game(state, tmp_path / "g.json")
    installed({"airlift": "1.1"})
    with pytest.raises(ScenarioChanged, match=r"this game was saved with other plugins than those installed now "
                                              r"\(airlift: airlift-plugin 1.0 then, airlift-plugin 1.1 now\); "
                                              "the game may not go on as it would have"):
        load_game(path)
    installed({})
    with pytest.raises(ScenarioChanged, match=r"\(airlift: airlift-plugin 1.0 then, not installed now\)"):
        load_game(path)
    assert load_game(path, allow_changed=True).state_hash() == state.state_hash()
    installed({"airlift": "1.0"})
    assert load_game(path).state_hash() == state.state_hash()  # the same plugins: no question asked


def test_a_replay_recorded_with_other_plugins_says_it_would_not_play_out_the_same(installed, tmp_path):
    from engine.replay import ReplayError, read_replay, replay, write_replay

    installed({})
    path = write_replay(new_game(load_scenario("test_border"), 0), tmp_path / "r.json")
    installed({"airlift": "1.0"})
    with pytest.raises(ReplayError, match=r"other plugins than those installed now \(airlift: not installed then, "
                                          r"airlift-plugin 1.0 now\): the replay would not play out the same"):
        replay(read_replay(path))
