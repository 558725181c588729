"""Shared test set-up: headless SDL before any pygame import, and small-scenario fixtures."""
import dataclasses
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEO_DRIVER", "dummy")  # the SDL3 name
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from engine.scenario import load_scenario, new_game  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LAB = ROOT / "tests" / "data" / "lab"


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path_factory, monkeypatch):
    """Saves written by the game (quitting saves it) go to a folder of the test run, never to the
    user's own data folder; tests about the folder set the variable themselves."""
    if "AUGUST_STORM_DATA" not in os.environ:
        monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path_factory.getbasetemp() / "data"))


@pytest.fixture(scope="session")
def lab_scenario():
    return load_scenario(LAB)


@pytest.fixture(scope="session")
def border_scenario():
    return load_scenario("test_border")


@pytest.fixture
def lab(lab_scenario):
    """A fresh game on the rules laboratory, Soviet side to move."""
    return new_game(lab_scenario, seed=1)


def put(state, uid, hex_, **changes):
    """Set up a position for a rule test (tests only; play goes through orders)."""
    u = state.units[uid]
    u.hex = tuple(hex_)
    for k, v in changes.items():
        setattr(u, k, v)
    return u


def refresh_supply(state):
    from engine.supply import supply_phase

    for side in state.scenario.side_order:
        supply_phase(state, side)


def change_rules(scn, section, **values):
    """Give a test scenario's frozen rules other values in one typed section (``supply``,
    ``capitulation``, ``combat``; a combat table may be given as a plain dict): a rule test's set-up,
    never play."""
    rules = scn.rules
    object.__setattr__(rules, section, dataclasses.replace(getattr(rules, section), **values))


def change_hints(scn, side, **values):
    """Give a test scenario's frozen AI hints of one side other values (typed records from
    engine/scenario/hints.py: ``axes=(Axis(...),)``): a test's set-up, never play."""
    from engine.rules import Table

    object.__setattr__(scn, "ai", Table({**scn.ai, side: dataclasses.replace(scn.ai[side], **values)}))
