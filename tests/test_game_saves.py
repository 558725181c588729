"""Saving and loading from the game window: the data folder, quick save/load, the load list,
autosave, and a corrupt save that is reported without harming the running game."""
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.scenario import new_game  # noqa: E402
from game import saves_folder  # noqa: E402
from game.app import GameUI  # noqa: E402

VIEW = (1280, 800)


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path))
    return tmp_path


@pytest.fixture
def ui(border_scenario, data):
    pygame.display.init()
    pygame.font.init()
    return GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW)


def key(ui, k, mod=0):
    return ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""))


def move_something(ui):
    ui.click_hex(ui.state.units["s_10mc"].hex)
    ui.click_hex(ui.reach[0])


def test_the_data_folder_follows_the_platform_and_the_override(monkeypatch, tmp_path):
    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path / "x"))
    assert saves_folder.saves_dir() == tmp_path / "x" / "saves"
    monkeypatch.delenv("AUGUST_STORM_DATA")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert saves_folder.saves_dir() == tmp_path / "xdg" / "august-storm" / "saves"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert saves_folder.data_dir() == Path.home() / ".local" / "share" / "august-storm"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    assert saves_folder.data_dir() == tmp_path / "roaming" / "august-storm"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert saves_folder.data_dir() == Path.home() / "Library" / "Application Support" / "august-storm"


def test_quick_save_and_quick_load_restore_the_game(ui, data):
    move_something(ui)
    saved = ui.state.state_hash()
    key(ui, pygame.K_F5)
    assert (data / "saves" / "quicksave.json").is_file()
    assert "saved" in ui.status
    ui.end_turn()
    assert ui.state.state_hash() != saved
    key(ui, pygame.K_F9)
    assert ui.state.state_hash() == saved
    assert ui.state.scenario is ui.scn  # the same scenario object: the map caches are kept
    assert ui.status.startswith("loaded")


def test_a_corrupt_save_says_why_and_keeps_the_running_game(ui, data):
    (data / "saves").mkdir(parents=True)
    (data / "saves" / "quicksave.json").write_text("{this is not json", encoding="utf-8")
    move_something(ui)
    before = ui.state.state_hash()
    key(ui, pygame.K_F9)
    assert "could not load" in ui.status and "broken JSON" in ui.status
    assert ui.state.state_hash() == before
    (data / "saves" / "quicksave.json").write_text('{"format": "something else"}', encoding="utf-8")
    key(ui, pygame.K_F9)
    assert "not an August Storm save" in ui.status
    (data / "saves" / "quicksave.json").unlink()
    key(ui, pygame.K_F9)
    assert "no such save file" in ui.status
    assert ui.state.state_hash() == before
    ui.draw(pygame.Surface(VIEW))  # the status line shows it; nothing crashes


def test_the_load_list_shows_saves_newest_first_and_loads_by_keyboard(ui, data):
    key(ui, pygame.K_s, pygame.KMOD_CTRL)  # save as a new file
    first = ui.state.state_hash()
    move_something(ui)
    key(ui, pygame.K_F5)
    (data / "saves" / "broken.json").write_text("nonsense", encoding="utf-8")
    os.utime(data / "saves" / "broken.json", (1, 1))  # the oldest
    key(ui, pygame.K_l)
    assert ui.modal == "loads"
    names = [e.path.name for e in ui.load_list.entries]
    assert names[0] == "quicksave.json" and names[-1] == "broken.json" and len(names) == 3
    assert names[1].startswith("save-test_border-t01-")
    assert not ui.load_list.entries[-1].ok
    ui.draw(pygame.Surface(VIEW))
    key(ui, pygame.K_DOWN)
    key(ui, pygame.K_RETURN)
    assert ui.modal is None and ui.state.state_hash() == first
    key(ui, pygame.K_l)
    key(ui, pygame.K_UP)  # wraps to the broken file
    key(ui, pygame.K_RETURN)
    assert "could not load" in ui.status and ui.state.state_hash() == first


def test_autosave_each_turn(border_scenario, data):
    ui = GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW, autosave=True)
    assert not (data / "saves" / "autosave.json").exists()  # nothing to save before the first turn ends
    ui.end_turn()
    path = data / "saves" / "autosave.json"
    assert path.is_file()
    assert saves_folder.read(path).state_hash() == ui.state.state_hash()
    assert saves_folder.read(path).turn == 2


def test_loading_a_save_of_another_scenario_switches_the_map(ui, lab_scenario, data):
    other = new_game(lab_scenario, 3)
    saves_folder.write(other, "lab.json")
    assert ui.load(data / "saves" / "lab.json")
    assert ui.scn.id == "lab" and ui.state.state_hash() == other.state_hash()
    ui.draw(pygame.Surface(VIEW))
