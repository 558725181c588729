"""Scenarios: a folder of YAML files loaded into a :class:`Scenario`, and a game started from it.

A scenario is a folder with ``scenario.yaml`` naming its rule files (merged in order, then
``rule_overrides``), ``map.yaml``, ``units.yaml`` and optionally ``events.yaml``. Every file
goes through the safe YAML loader and the schema checker; all problems are collected and
raised together as :class:`ScenarioLoadError` (``file:line: problem``).

The parts: :mod:`.schemas` (what the files may hold), :mod:`.loading` (finding and reading the
files), :mod:`.variants` (the chosen variants applied), :mod:`.references` (the checks across files,
and the Scenario built), :mod:`.model` (the :class:`Scenario`) and :mod:`.setup` (a new game).
"""
from ..units import make_unit
from ..yamlio import ScenarioError, ScenarioLoadError
from .bases import REPO_SCENARIOS
from .loading import find_scenario, load_scenario, rule_roots
from .model import Scenario
from .schemas import AI_SIDE, SCENARIO, SIDE, UNIT_CHANGE_KEYS, UNITS_FILE, VICTORY
from .setup import new_game

__all__ = ["AI_SIDE", "REPO_SCENARIOS", "SCENARIO", "SIDE", "UNITS_FILE", "UNIT_CHANGE_KEYS", "VICTORY", "Scenario",
           "ScenarioError", "ScenarioLoadError", "find_scenario", "load_scenario", "make_unit", "new_game",
           "rule_roots"]
