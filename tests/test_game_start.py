"""The start screen: its choices (by keyboard and by mouse) produce the right game; the command
line skips it when the side is given."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402
from conftest import LAB  # noqa: E402

from engine.scenario import new_game  # noqa: E402
from game import cli, saves_folder  # noqa: E402
from game.app import GameUI  # noqa: E402
from game.screens.start import GameConfig, StartScreen, find_scenarios  # noqa: E402
from game.window import Shell  # noqa: E402

VIEW = (1280, 800)


@pytest.fixture
def shell(tmp_path, monkeypatch):
    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path))
    pygame.display.init()
    pygame.font.init()
    return Shell(VIEW, start=StartScreen(find_scenarios("test_border"), GameConfig("test_border")))


def press(shell, *keys):
    for k in keys:
        assert shell.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))


def test_the_scenarios_are_found_with_their_sides():
    found = {s.ref: s for s in find_scenarios(str(LAB))}
    assert "test_border" in found and str(LAB) in found
    assert found["test_border"].name == "Test: the Suifenhe gap"
    assert [k for k, _ in found["test_border"].sides] == ["soviet", "japanese"]


def test_keyboard_choices_make_the_game(shell):
    surf = pygame.Surface(VIEW)
    shell.draw(surf)
    assert shell.game is None
    press(shell, pygame.K_DOWN, pygame.K_RIGHT)  # side: Japan
    press(shell, pygame.K_DOWN, pygame.K_BACKSPACE, pygame.K_4, pygame.K_2)  # seed 42
    press(shell, pygame.K_DOWN, pygame.K_RIGHT)  # fog off
    assert shell.start.config() == GameConfig("test_border", "japanese", 42, False)
    press(shell, pygame.K_RETURN)
    g = shell.game
    assert g is not None and g.mode == "japanese" and not g.fog and g.autosave
    assert g.scn.id == "test_border" and g.state.seed == 42
    assert g.state.side == "japanese"  # the computer has played the Soviet part of turn 1
    shell.draw(surf)


def test_mouse_choices_make_a_hot_seat_game(shell):
    surf = pygame.Surface(VIEW)
    shell.draw(surf)
    hits = shell.start._hits

    def click(name):
        shell.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=hits[name].center, button=1))
        shell.draw(surf)

    click("side:1")
    click("side:1")  # Soviet -> Japan -> both
    click("seed:1")
    assert shell.start.config() == GameConfig("test_border", "both", 1, True)
    click("start")
    g = shell.game
    assert g.mode == "both" and g.fog and g.modal == "handover"
    assert g.state.state_hash() == new_game(g.scn, 1).state_hash()  # nothing played yet
    shell.draw(surf)


def test_watch_mode_and_another_scenario(shell):
    press(shell, pygame.K_LEFT)  # scenarios wrap: pick one other than test_border, then come back
    assert shell.start.scenario.ref != "test_border" or len(shell.start.scenarios) == 1
    press(shell, pygame.K_RIGHT, pygame.K_DOWN, pygame.K_LEFT)  # side: watch (wraps backwards)
    assert shell.start.config().side == "watch"
    press(shell, pygame.K_RETURN)
    assert shell.game.mode == "watch" and shell.game.human == set()


def test_a_scenario_that_fails_to_load_keeps_the_start_screen_with_the_reason(shell):
    shell.start.scenarios.insert(0, type(shell.start.scenario)("no_such_scenario", "Missing"))
    shell.start.scenario_i = 0
    press(shell, pygame.K_RETURN)
    assert shell.game is None and "no such scenario" in shell.start.error
    shell.draw(pygame.Surface(VIEW))


def test_loading_a_saved_game_from_the_start_screen(shell, border_scenario):
    state = new_game(border_scenario, 5)
    saves_folder.write(state, "quicksave.json")
    press(shell, pygame.K_l)
    assert shell.loads is not None
    shell.draw(pygame.Surface(VIEW))
    press(shell, pygame.K_RETURN)
    assert shell.game is not None and shell.game.state.state_hash() == state.state_hash()


def test_a_save_loaded_from_the_start_screen_is_played_as_the_side_that_saved_it(shell, border_scenario):
    jap = GameUI(border_scenario, new_game(border_scenario, 2), "japanese", VIEW, fog=False, difficulty="hard")
    jap.quick_save()
    assert shell.start.config().side == "soviet" and shell.start.config().fog  # the start screen's choices
    press(shell, pygame.K_l, pygame.K_RETURN)
    game = shell.game
    assert game is not None and game.state.state_hash() == jap.state.state_hash()
    assert (game.mode, game.fog, game.difficulty) == ("japanese", False, "hard")
    # and F9 in a running game takes the save's side too
    sov = GameUI(border_scenario, new_game(border_scenario, 2), "soviet", VIEW)
    assert sov.quick_load() and sov.mode == "japanese" and not sov.fog


def test_quit_from_the_start_screen(shell):
    assert not shell.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode=""))


@pytest.mark.parametrize("argv, start_screen, side", [
    ([], True, "soviet"),
    (["play"], True, "soviet"),
    (["play", "--side", "japanese", "--seed", "3"], False, "japanese"),
    (["play", "--no-start-screen", "--no-fog"], False, "soviet"),
])
def test_the_command_line_shows_the_start_screen_unless_the_side_is_given(monkeypatch, argv, start_screen, side):
    import game.window

    seen = {}

    def fake_run(scenario, **kw):
        seen.update(kw, scenario=scenario)
        return 0

    monkeypatch.setattr(cli, "display_problem", lambda: None)
    monkeypatch.setattr(game.window, "run_game", fake_run)
    assert cli.main(argv) == 0
    assert seen["start_screen"] is start_screen and seen["side"] == side
    assert seen["fog"] is ("--no-fog" not in argv)


def test_the_window_opens_on_the_start_screen_and_quits(monkeypatch, capsys):
    from game.window import run_game

    monkeypatch.setattr(pygame.event, "get", lambda *a, **k: [pygame.event.Event(pygame.QUIT)])
    assert run_game("test_border", start_screen=True) == 0
    assert run_game("test_border", side="japan") == 2
    assert "--side must be one of soviet, japanese, both, watch" in capsys.readouterr().err


def test_the_load_list_shows_each_saves_scenario_side_and_date(shell, border_scenario):
    state = new_game(border_scenario, 2)
    GameUI(border_scenario, state, "japanese", VIEW).quick_save()
    saves_folder.write(new_game(border_scenario, 3), "old.json")  # a save that does not say its side
    rows = {i.path.name: i.summary for i in saves_folder.list_saves()}
    assert rows["quicksave.json"].startswith(f"{border_scenario.name}  ·  as Japan  ·  09 Aug 1945, turn 1")
    assert rows["old.json"].startswith(f"{border_scenario.name}  ·  09 Aug 1945, turn 1")
    press(shell, pygame.K_l)
    shell.draw(pygame.Surface(VIEW))


def test_the_start_screen_chooses_the_difficulty_and_a_variant(monkeypatch, tmp_path):
    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path))
    pygame.display.init()
    pygame.font.init()
    shell = Shell(VIEW, start=StartScreen(find_scenarios(str(LAB)), GameConfig(str(LAB))))
    assert shell.start.config().difficulty == "normal" and shell.start.config().variants == ()
    press(shell, pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN)  # difficulty
    press(shell, pygame.K_RIGHT)
    press(shell, pygame.K_DOWN, pygame.K_RIGHT)  # the first variant
    cfg = shell.start.config()
    assert cfg.difficulty == "hard" and cfg.variants == ("fall_back",)
    assert shell.start.values()["variants"] == "Fall back"
    assert shell.start.description().startswith("Variant: The Japanese fall back")
    shell.draw(pygame.Surface((1024, 640)))
    press(shell, pygame.K_RETURN)
    g = shell.game
    assert g.difficulty == "hard" and g.scn.variants == ("fall_back",)
