"""The map screen on the full 1945 scenario, headless: the whole map on Home, the opening view,
place names that never overlap."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.scenario import load_scenario, new_game  # noqa: E402
from game.app import GameUI  # noqa: E402

VIEW = (1280, 800)


@pytest.fixture(scope="module")
def big():
    pygame.display.init()
    pygame.font.init()
    return load_scenario("august_storm_1945")


@pytest.fixture
def ui(big):
    return GameUI(big, new_game(big, 0), "soviet", VIEW)


def key(ui, k, mod=0):
    return ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""))


def test_home_shows_the_whole_map_even_when_it_is_bigger_than_the_smallest_zoom(ui):
    key(ui, pygame.K_PLUS)
    key(ui, pygame.K_PLUS)
    ui.pan(400, -300)
    assert not ui.whole_map_shown()
    key(ui, pygame.K_HOME)
    assert ui.whole_map_shown()
    # and zooming in from there goes back to the ordinary zoom levels
    key(ui, pygame.K_PLUS)
    assert ui.zooms[ui.zoom_i] == 8


def test_home_fits_the_window_it_is_in_after_a_resize(ui):
    surf = pygame.Surface((900, 640))
    ui.draw(surf)
    key(ui, pygame.K_HOME)
    assert ui.whole_map_shown()


def test_the_result_screen_scrolls_to_every_place_of_the_history(ui):
    surf = pygame.Surface(VIEW)
    ui.modal = "endgame"
    ui.draw(surf)
    from game.screens.endgame import draw_endgame, result_lines

    names = [ui.scn.map.places[r["place"]].name for r in result_lines(ui.state)["history"]]
    assert len(names) > 20
    _, _, first = draw_endgame(surf, ui.state, 0)
    assert first == names[:len(first)] and len(first) < len(names)
    seen = list(first)
    while seen[-1] != names[-1]:
        before = ui.result_scroll
        key(ui, pygame.K_DOWN)
        ui.draw(surf)
        _, used, shown = draw_endgame(surf, ui.state, ui.result_scroll)
        assert used > before, "the table stopped scrolling before its last place"
        seen += [n for n in shown if n not in seen]
    assert seen == names  # every place, in order, none cut off
    key(ui, pygame.K_PAGEDOWN)
    ui.draw(surf)
    assert draw_endgame(surf, ui.state, ui.result_scroll)[2][-1] == names[-1]  # no scrolling past the end
