"""Held keys in the window: a key whose action steps on (the hex cursor) repeats while held; a
held Enter ends one day, not one day for each of pygame's repeats. (tests/conftest.py makes SDL
headless.)"""
import pygame
import pytest

from engine.scenario import new_game
from game.app import GameUI
from game.held_keys import HeldKeys

VIEW = (1280, 800)


@pytest.fixture
def ui(border_scenario):
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode(VIEW)
    return GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW)


def _key(kind, key):
    return pygame.event.Event(kind, key=key, mod=0, unicode="", scancode=0)


def _feed(ui, held, events):
    for e in events:
        if held.passes(e):
            ui.handle_event(e)


def test_a_held_enter_ends_one_day_however_often_it_repeats(ui):
    day = ui.state.turn
    # the press, six repeats while the computer played the enemy's day, then the key comes up
    _feed(ui, HeldKeys(), [_key(pygame.KEYDOWN, pygame.K_RETURN)] * 7 + [_key(pygame.KEYUP, pygame.K_RETURN)])
    assert ui.state.turn == day + 1 and ui.state.side == "soviet"


def test_enter_pressed_again_after_it_came_up_ends_the_next_day(ui):
    day = ui.state.turn
    press = [_key(pygame.KEYDOWN, pygame.K_RETURN), _key(pygame.KEYUP, pygame.K_RETURN)]
    _feed(ui, HeldKeys(), press + press)
    assert ui.state.turn == day + 2


def test_a_held_cursor_key_steps_on_with_each_repeat(ui):
    start = next(h for h in sorted(ui.scn.graph) if all((h[0] + i, h[1]) in ui.scn.graph for i in range(4)))
    ui.hover_hex(start)
    _feed(ui, HeldKeys(), [_key(pygame.KEYDOWN, pygame.K_k)] * 3)
    assert ui.hover == (start[0] + 3, start[1])


def test_a_press_counts_again_once_the_window_lost_the_keyboard():
    held = HeldKeys()
    enter = _key(pygame.KEYDOWN, pygame.K_RETURN)
    assert held.passes(enter) and not held.passes(enter)
    # the key may have come up in another window: the next press is a new one
    assert held.passes(pygame.event.Event(pygame.WINDOWFOCUSLOST)) and held.passes(enter)


def test_the_window_drops_the_repeats_of_enter(ui):
    from game.window import window_loop

    day = ui.state.turn
    for e in [_key(pygame.KEYDOWN, pygame.K_RETURN)] * 7 + [_key(pygame.KEYUP, pygame.K_RETURN)]:
        pygame.event.post(e)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert window_loop(ui.handle_event, lambda dt: None, ui.draw) == 0  # the loop closes pygame
    assert ui.state.turn == day + 1
