"""Play the first Soviet day of the historical scenario in a real window and save what it shows.

Run by ``tests/test_real_window.py`` under Xvfb (``DISPLAY`` set, ``SDL_VIDEODRIVER=x11``):
opens the game's window, gives each front a standing order through the order-of-battle
browser as a player would (B, Down, O, Enter ...), ends the day, lets the Japanese reply, draws
the map and writes the window's pixels to the PNG named on the command line. Prints the date
the game has reached and the window's driver.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pygame  # noqa: E402
from bench_command import Player, front_orders  # noqa: E402

from engine.scenario import load_scenario, new_game  # noqa: E402
from game.app import GameUI  # noqa: E402


def main(out: str) -> int:
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((1280, 800))
    scn = load_scenario("august_storm_1945")
    ui = GameUI(scn, new_game(scn, 0), side="soviet", view=screen.get_size(), fog=True)
    p = Player(ui)
    front_orders(p)
    p.press(pygame.K_RETURN)  # end the day: the Japanese reply, then the Soviet second day begins
    ui.draw(screen)
    pygame.display.flip()
    pygame.image.save(pygame.display.get_surface(), out)
    print(f"date {ui.state.date.isoformat()} side {ui.state.side} driver {pygame.display.get_driver()} "
          f"inputs {p.inputs}")
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
