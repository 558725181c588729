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


def test_place_names_keep_clear_of_each_other_and_lie_under_the_counters(ui, big):
    gap = 3  # pixels at least between two names, so they read as two
    for z in ui.zooms:
        rects = [r for _, r in ui.map.name_layout(z)]
        assert len(rects) > 10
        for i, a in enumerate(rects):
            assert a.inflate(2 * gap, 2 * gap).collidelist(rects[i + 1:]) < 0, (z, i)
    # counters are drawn over the names: a counter on a named place reads whole
    ui.zoom_i = ui.zooms.index(26)
    vlad = next(p for p in big.map.places.values() if p.name == "Vladivostok")
    ui.center_on(vlad.hex)
    surf = pygame.Surface(VIEW)
    ui.draw(surf)
    from game.render.scene import unit_sprites

    ox, oy = ui.origin
    shown = [(s, r.move(ox, oy)) for s, r in unit_sprites(ui)]
    names = [r.move(ox + round(ui.map.bounds[0] * ui.layout.size), oy + round(ui.map.bounds[1] * ui.layout.size))
             for _, r in ui.map.name_layout(ui.layout.size)]
    checked = 0
    for k, (sprite, r) in enumerate(shown):
        if r.collidelist([q for _, q in shown[k + 1:]]) >= 0 or not ui.map_rect().contains(r):
            continue  # partly under another counter of its stack, or cut by the view's edge
        for n in names:
            over = r.clip(n)
            for x in range(over.x, over.right):
                for y in range(over.y, over.bottom):
                    mine = sprite.get_at((x - r.x, y - r.y))
                    if mine.a == 255:
                        assert surf.get_at((x, y))[:3] == mine[:3], (x, y)
                        checked += 1
    assert checked > 0
