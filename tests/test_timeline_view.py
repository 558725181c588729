"""The timeline view (key 0) sets the political timeline, the documented dates and this game's
dates side by side, date by date, with today marked."""
import datetime as dt

import pygame

from engine.scenario import load_scenario, new_game
from game.app import GameUI
from game.screens.timeline import draw_timeline, timeline_rows

VIEW = (1280, 800)


def test_each_date_lists_politics_history_and_this_game_side_by_side():
    scn = load_scenario("august_storm_1945")
    state = new_game(scn, 0)
    state.captures["hailar"] = "1945-08-13"  # as if the game had taken Hailar three days late
    rows = {r["date"]: r for r in timeline_rows(state)}
    assert "Yalta" in rows[dt.date(1945, 2, 11)]["politics"]
    assert "Hailar reached" in rows[dt.date(1945, 8, 10)]["history"]
    assert "Hailar (3d late)" in rows[dt.date(1945, 8, 13)]["game"]
    assert rows[scn.start_date]["today"] and sum(r["today"] for r in rows.values()) == 1
    assert list(rows) == sorted(rows)


def test_key_0_opens_the_timeline_and_esc_closes_it(border_scenario):
    pygame.font.init()
    ui = GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW)
    ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_0, mod=0, unicode="0"))
    assert ui.modal == "timeline" and "no documented history" in ui.status  # test_border has none
    ui.draw(pygame.Surface(VIEW))
    ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode=""))
    assert ui.modal is None


def test_the_view_scrolls_and_stops_at_its_last_page():
    pygame.font.init()
    scn = load_scenario("august_storm_1945")
    _, scroll = draw_timeline(pygame.Surface((1000, 400)), new_game(scn, 0), 10_000)
    assert 0 < scroll < 10_000
