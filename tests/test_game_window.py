"""The pygame front end, headless (SDL dummy driver): clicks become orders, the window draws a map."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.hexes import distance  # noqa: E402
from engine.scenario import new_game  # noqa: E402
from game.app import GameUI, WindowUnavailable  # noqa: E402
from game.render.layout import Layout  # noqa: E402
from game.theme import theme  # noqa: E402
from game.window import run_game  # noqa: E402


@pytest.fixture(scope="module")
def screen():
    pygame.init()
    yield pygame.display.set_mode((1280, 800))
    pygame.quit()


@pytest.fixture
def ui(border_scenario, screen):
    return GameUI(border_scenario, new_game(border_scenario, 0), "soviet", screen.get_size())


def test_fonts_stay_usable_whatever_the_order_of_pygame_shutdowns():
    from game.render import font

    for _ in range(3):  # each pygame.quit() kills the fonts made before it, the second one too
        pygame.init()
        assert font(23).render("XX", True, (0, 0, 0)).get_width() > 0
        pygame.quit()
    pygame.font.init()
    assert font(23).size("XXX")[0] > 0
    pygame.font.quit()


def test_pixel_to_hex_inverts_hex_to_pixel():
    hexes = [(q, r) for q in range(-12, 13) for r in range(-12, 13)]
    for lay in (Layout(10), Layout(26.5, (400.0, -73.25)), Layout(50, (-1000, 300))):
        assert all(lay.pixel_to_hex(lay.hex_to_pixel(h)) == h for h in hexes)
        # a point well inside the hex (but off its centre) still picks it
        x, y = lay.hex_to_pixel((3, -2))
        assert lay.pixel_to_hex((x + lay.size * 0.6, y - lay.size * 0.3)) == (3, -2)


def test_selecting_a_soviet_unit_shows_where_it_can_go(ui):
    assert ui.state.side == "soviet"
    ui.click_hex(ui.state.units["s_72rc"].hex)
    assert ui.selected == "s_72rc"
    assert ui.reach and all(h in ui.scn.graph for h in ui.reach)


def test_clicking_a_reachable_hex_moves_the_unit(ui):
    ui.click_hex(ui.state.units["s_72rc"].hex)
    dest = ui.reach[0]
    before = ui.state.state_hash()
    ui.click_hex(dest)
    assert ui.state.units["s_72rc"].hex == dest
    assert ui.state.units["s_72rc"].moved
    assert ui.state.state_hash() != before


def test_an_illegal_click_changes_nothing_and_says_why(ui):
    start = ui.state.units["s_72rc"].hex
    ui.click_hex(start)
    far = max((h for h in ui.scn.graph if not ui.state.units_at(h)), key=lambda h: distance(h, start))
    assert far not in ui.reach
    before = ui.state.state_hash()
    status = ui.click_hex(far)
    assert ui.state.state_hash() == before
    assert status and ui.status == status
    assert ui.state.units["s_72rc"].hex == start


def test_hovering_an_adjacent_enemy_predicts_and_clicking_attacks(ui, screen):
    ui.click_hex(ui.state.units["s_72rc"].hex)
    target = ui.attack_targets()[0]
    ui.hover_hex(target)
    assert ui.prediction is not None and ui.prediction.odds > 0
    assert sum(ui.prediction.probabilities.values()) == pytest.approx(1.0)
    ui.draw(screen)  # the panel draws the prediction without error
    fights = len([e for e in ui.state.log if e["kind"] == "combat"])
    ui.click_hex(target)
    assert len([e for e in ui.state.log if e["kind"] == "combat"]) == fights + 1
    assert ui.status.startswith("Attack at")


def test_end_turn_lets_the_computer_play_japan_and_comes_back(ui):
    dug = {u.id: u.entrenchment for u in ui.state.units_of("japanese")}
    ui.end_turn()
    assert ui.state.turn == 2 and ui.state.side == "soviet"
    # the computer's defending Japanese dug in during their part of turn 1
    assert any(u.entrenchment > dug[u.id] for u in ui.state.units_of("japanese"))


def test_hot_seat_and_watch_modes(border_scenario):
    seat = GameUI(border_scenario, new_game(border_scenario, 0), "both")
    seat.end_turn()
    assert (seat.state.turn, seat.state.side) == (1, "japanese")  # no computer: Japan's player moves
    watch = GameUI(border_scenario, new_game(border_scenario, 0), "watch")
    assert (watch.state.turn, watch.state.side) == (1, "soviet")  # nothing happens until asked
    watch.end_turn()
    assert watch.state.side == "japanese"
    watch.end_turn()
    assert (watch.state.turn, watch.state.side) == (2, "soviet")
    jap = GameUI(border_scenario, new_game(border_scenario, 0), "japanese")
    assert jap.state.side == "japanese"  # the computer has already played the Soviet part


def test_keys_and_mouse_events(ui, screen):
    ui.click_hex(ui.state.units["s_72rc"].hex)
    z = ui.camera.zoom_i
    assert ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_MINUS, mod=0))
    assert ui.camera.zoom_i == z - 1
    ox = ui.camera.origin[0]
    ui.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=(500, 400), rel=(30, 0), buttons=(0, 0, 1)))
    assert ui.camera.origin[0] == ox + 30
    ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_e, mod=0))
    assert ui.state.units["s_72rc"].attacked  # dug in (E: entrench)
    ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
    assert ui.selected is None
    b = ui.panel_rect().x + 40, 100  # the End turn button
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=b, button=1))
    assert ui.state.turn == 2
    assert ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_q, mod=0))  # asks first
    assert not ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_n, mod=0))
    assert not ui.handle_event(pygame.event.Event(pygame.QUIT))


def test_draw_shows_a_map_and_a_panel(ui, screen, tmp_path):
    ui.click_hex(ui.state.units["s_72rc"].hex)
    ui.draw(screen)
    tiles = ui.map.builds
    ui.click_hex(ui.state.units["s_65rc"].hex)
    ui.draw(screen)
    assert tiles > 0 and ui.map.builds == tiles  # the terrain was rendered once and then reused
    terrain = {theme().terrain_colour(t) for t in ui.scn.rules.terrain}
    area = ui.camera.map_rect()
    seen = {tuple(screen.get_at((x, y)))[:3] for x in range(0, area.w, 7) for y in range(0, area.h, 7)}
    assert len(seen & terrain) >= 4
    panel = ui.panel_rect()
    panel_px = {tuple(screen.get_at((x, y)))[:3] for x in range(panel.x + 5, panel.right, 9)
                for y in range(0, panel.h, 9)}
    assert not panel_px & terrain  # the panel is not map
    assert len(panel_px) > 3  # and it has text on it
    shot = tmp_path / "window.png"
    pygame.image.save(screen, str(shot))
    assert shot.is_file() and shot.stat().st_size > 1000


def test_run_game_opens_and_quits(monkeypatch):
    monkeypatch.setattr(pygame.event, "get", lambda *a, **k: [pygame.event.Event(pygame.QUIT)])
    assert run_game("test_border") == 0


def test_the_window_cannot_be_made_smaller_than_the_layouts_allow(screen):
    from game.window import MIN_WINDOW, open_window

    open_window()
    with pytest.warns(DeprecationWarning):  # pygame-ce's note that from_display_module will go
        assert pygame.Window.from_display_module().minimum_size == MIN_WINDOW


def test_run_game_reports_a_bad_scenario_and_a_missing_window(monkeypatch, capsys):
    assert run_game("no_such_scenario") == 1
    assert "no such scenario" in capsys.readouterr().err

    def refuse(*a, **k):
        raise pygame.error("no available video device")

    monkeypatch.setattr(pygame.display, "set_mode", refuse)
    with pytest.raises(WindowUnavailable, match="no available video device"):
        run_game("test_border")


def test_the_screenshot_command_renders_the_map_to_a_png(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    out = tmp_path / "shot.png"
    res = subprocess.run([sys.executable, "-m", "game", "screenshot", "--scenario", "test_border", "--out", str(out),
                          "--size", "800x500", "--turn", "2"], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    img = pygame.image.load(str(out))
    assert img.get_size() == (800, 500)
    colours = {tuple(img.get_at((x, y)))[:3] for x in range(0, 500, 7) for y in range(0, 500, 7)}
    assert len(colours) > 5  # terrain, rivers, counters: not a blank image
