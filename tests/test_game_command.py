"""Operational command on the map screen, driven headless: the order-of-battle browser, the
standing-order panel, go-to orders, the marks on the map, undo and Tab by formation."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.hexes import distance  # noqa: E402
from engine.scenario import new_game  # noqa: E402
from game.app import GameUI  # noqa: E402
from game.render.layout import px  # noqa: E402
from game.render.standing import COLOUR  # noqa: E402

VIEW = (1280, 800)


@pytest.fixture(scope="module")
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode(VIEW)
    pygame.display.quit()


@pytest.fixture
def ui(border_scenario, screen):
    return GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW)


def key(ui, k, mod=0):
    return ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""))


def click(ui, pos):
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos, mod=0))


def hex_pos(ui, h):
    x, y = ui.camera.layout.hex_to_pixel(h)
    return px(x), px(y)


def test_the_order_of_battle_lists_fronts_over_armies_over_units_and_a_click_centres(ui, screen):
    key(ui, pygame.K_b)
    rows = ui.oob.rows(ui)
    assert [(r.depth, r.id) for r in rows[:3]] == [(0, "fec"), (1, "1fef"), (2, "5a")]
    key(ui, pygame.K_DOWN)
    key(ui, pygame.K_DOWN)
    key(ui, pygame.K_RIGHT)  # open the 5th Army
    rows = ui.oob.rows(ui)
    units = [r for r in rows if r.kind == "unit"]
    assert {r.id for r in units} == {u.id for u in ui.state.units_of("soviet")}
    assert all(("supplied" in r.info or "OUT" in r.info) and "ready" in r.info for r in units)
    ui.draw(screen)
    row = next(i for i, r in enumerate(rows) if r.id == "s_10mc")
    click(ui, (ui.oob.rect.x + 60, ui.oob.rect.y + 58 + 20 * row + 10))
    assert ui.selected == "s_10mc" and ui.focus == "5a"
    centre = ui.camera.map_rect().center
    assert distance(ui.camera.layout.pixel_to_hex(centre), ui.state.units["s_10mc"].hex) <= 1
    assert ui.oob is None  # the browser steps aside to show the unit on the map
    key(ui, pygame.K_b)  # and B brings it back as it was: the 5th Army open, the row chosen
    assert ui.oob is not None and ui.oob.rows(ui)[ui.oob.cursor].id == "s_10mc"
    key(ui, pygame.K_ESCAPE)
    assert ui.oob is None
    key(ui, pygame.K_b)  # closed with Esc or B, it opens afresh
    assert "5a" not in ui.oob.expanded


def test_the_browser_is_drawn_over_the_map(ui, screen):
    ui.draw(screen)
    before = pygame.image.tobytes(screen, "RGB")
    key(ui, pygame.K_b)
    ui.draw(screen)
    r = ui.oob.rect
    assert pygame.image.tobytes(screen, "RGB") != before
    assert screen.get_at((r.x + 3, r.y + 300))[:3] == (30, 34, 42)  # the box's background


def test_a_formation_on_hold_by_the_panel_stays_put_marked_on_the_map(ui, screen):
    st = ui.state
    ui.click_hex(st.units["s_72rc"].hex)
    before = {u.id: u.hex for u in st.units_of("soviet")}
    key(ui, pygame.K_o)
    assert ui.draft.formation == "5a"
    key(ui, pygame.K_h)
    key(ui, pygame.K_RETURN)
    assert ui.draft is None and ui.state.standing["5a"].posture == "hold"
    assert {u.id: u.hex for u in ui.state.units_of("soviet")} == before
    assert ui.status.startswith("AI commander of the 5th Army (hold")
    assert ui.state.log[-1]["kind"] == "delegated"
    ui.draw(screen)
    x, y = ui.camera.layout.hex_to_pixel(st.units["s_65rc"].hex)
    side = 2 * max(6, round(ui.camera.layout.size * 0.28)) + 6  # the mark's disc and its ring
    mark = pygame.Rect(0, 0, side, side)
    mark.center = (px(x - ui.camera.layout.size * 0.55), px(y - ui.camera.layout.size * 0.5))
    disc = [screen.get_at((i, j))[:3] for i in range(mark.left, mark.right) for j in range(mark.top, mark.bottom)]
    assert disc.count(COLOUR["hold"]) > 10


def test_up_in_the_panel_gives_the_order_to_the_front_and_places_are_clicked_on_the_map(ui, screen):
    ui.click_hex(ui.state.units["s_72rc"].hex)
    key(ui, pygame.K_o)
    key(ui, pygame.K_UP)
    assert ui.draft.formation == "1fef"
    ui.draw(screen)
    dongning = ui.scn.map.places["dongning"].hex
    click(ui, hex_pos(ui, dongning))
    assert ui.draft.places == ["dongning"] and ui.state.units.get("s_72rc").hex != dongning
    key(ui, pygame.K_EQUALS)  # a leash: stay in supply
    key(ui, pygame.K_RETURN)
    o = ui.state.standing["1fef"]
    assert (o.posture, o.places, o.beyond_supply) == ("attack", ("dongning",), 0)


def test_a_delegated_day_without_dice_is_undone_like_a_move(ui):
    st = ui.state
    ui.click_hex(st.units["s_10mc"].hex)
    key(ui, pygame.K_o)
    key(ui, pygame.K_s)  # screen: moves, never attacks
    before = {u.id: u.hex for u in st.units_of("soviet")}
    key(ui, pygame.K_RETURN)
    moved = {u.id for u in ui.state.units_of("soviet") if before.get(u.id) != u.hex}
    assert moved, "the test needs the AI commander to move someone"
    key(ui, pygame.K_z)
    assert {u.id: u.hex for u in ui.state.units_of("soviet")} == before
    assert "5a" in ui.state.standing  # the order itself stays until that is undone too
    key(ui, pygame.K_z)
    assert "5a" not in ui.state.standing


def test_the_ai_commander_acts_again_at_the_start_of_the_players_next_day(ui):
    ui.click_hex(ui.state.units["s_72rc"].hex)
    key(ui, pygame.K_o)
    key(ui, pygame.K_RETURN)
    ui.end_turn()
    today = [e for e in ui.state.log if e["kind"] == "delegated" and e["turn"] == ui.state.turn]
    assert ui.state.turn == 2 and today and today[0]["formation"] == "5a"


def test_r_in_the_panel_takes_the_formation_back(ui):
    ui.click_hex(ui.state.units["s_72rc"].hex)
    key(ui, pygame.K_o)
    key(ui, pygame.K_h)
    key(ui, pygame.K_RETURN)
    ui.click_hex(ui.state.units["s_72rc"].hex)
    key(ui, pygame.K_o)
    assert ui.draft.posture == "hold"  # the panel starts from the order the army has
    key(ui, pygame.K_r)
    assert "5a" not in ui.state.standing and ui.draft is None


def test_t_gives_a_go_to_order_the_unit_follows_day_after_day(ui, screen):
    st = ui.state
    ui.click_hex(st.units["s_257tb"].hex)
    to = (3, -3)
    ui.hover_hex(to)
    key(ui, pygame.K_t)
    start = distance(st.units["s_257tb"].hex, to)
    assert "s_257tb" in ui.state.standing or ui.state.units["s_257tb"].hex == to
    ui.draw(screen)
    if "s_257tb" in ui.state.standing:
        assert screen.get_at(hex_pos(ui, to))[:3] != (0, 0, 0)
    for _ in range(3):
        ui.end_turn()
    assert ui.state.units["s_257tb"].hex == to and "s_257tb" not in ui.state.standing
    assert start > 0


def test_tab_walks_the_formations_units_nearest_first_and_skips_those_under_orders(ui):
    st = ui.state
    ui.click_hex(st.units["s_257tb"].hex)
    ui.hover_hex((3, -3))
    key(ui, pygame.K_t)  # the tank brigade now marches on its own
    ui.click_hex(st.units["s_72rc"].hex)
    seen = []
    for _ in range(3):
        here = ui.state.units[ui.selected].hex
        key(ui, pygame.K_TAB)
        seen.append(ui.selected)
        others = [u for u in ui._walkable("5a") if u.id not in seen and u.id != "s_72rc"]
        assert all(distance(here, ui.state.units[ui.selected].hex) <= distance(here, u.hex) for u in others)
    assert "s_257tb" not in seen
    assert set(seen) == {"s_65rc", "s_10mc", "s_abn"}  # each of the army's other units once
    key(ui, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert ui.selected == seen[-2]


def _today(ui, key):
    st = ui.state
    return [e for e in st.log if e["kind"] == "delegated" and e["turn"] == st.turn and e.get("formation") == key]


def test_a_save_from_before_the_days_orders_were_carried_out_carries_them_out_when_loaded(ui, tmp_path,
                                                                                          monkeypatch):
    from engine.orders import Command, execute
    from game import saves_folder

    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path))
    assert execute(ui.state, Command("5a", "hold")).ok  # given, not yet carried out
    path = saves_folder.write(ui.state, "before", ui.player())
    ui.load(path)
    assert len(_today(ui, "5a")) == 1
    path = saves_folder.write(ui.state, "after", ui.player())
    ui.load(path)
    assert len(_today(ui, "5a")) == 1  # not twice in one day


def test_the_benchmarks_front_orders_command_every_unit_by_keyboard(border_scenario, screen):
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("bench_command", ROOT / "benchmarks" / "bench_command.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    ui = GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW)
    p = bench.Player(ui)
    given = bench.front_orders(p)
    assert given == ["1fef"] and p.inputs == 6  # B, Down, O, Enter, Left (close its rows), Esc
    assert all(u.moved or u.attacked for u in ui.state.units_of("soviet"))


def test_a_click_on_the_order_panel_does_not_reach_the_map_under_it(ui, screen):
    ui.click_hex(ui.state.units["s_72rc"].hex)
    key(ui, pygame.K_o)
    ui.draw(screen)
    x, y = hex_pos(ui, ui.scn.map.places["muling"].hex)  # bring a place under the panel
    ui.camera.pan(ui._panel_rect.centerx - x, ui._panel_rect.centery - y)
    ui.draw(screen)
    assert ui.scn.map.place_at.get(ui.camera.hex_at(ui._panel_rect.center)) == "muling"
    selected, places, before = ui.selected, list(ui.draft.places), ui.state.state_hash()
    click(ui, ui._panel_rect.center)
    assert ui.selected == selected and ui.draft is not None and ui.draft.places == places
    assert ui.state.state_hash() == before


def test_loading_a_game_closes_the_order_panel_and_the_browser(ui, tmp_path, monkeypatch, lab_scenario):
    from game import saves_folder

    monkeypatch.setenv("AUGUST_STORM_DATA", str(tmp_path))
    path = saves_folder.write(new_game(lab_scenario, 1), "lab", {"side": "soviet"})
    key(ui, pygame.K_b)
    ui.click_hex(ui.state.units["s_72rc"].hex)
    key(ui, pygame.K_o)
    assert ui.load(path)
    assert ui.draft is None and ui.oob is None and ui.focus is None
