"""How many inputs a Soviet day takes with operational command, and how it goes.

Run: ``python benchmarks/bench_command.py [--seeds 0,1] [--per-army] [--days N]``. It plays the first
Soviet day of ``august_storm_1945`` headless (SDL's dummy driver) through the map screen's
event handler, as a player would with the keyboard: B opens the order of battle, and each front
(Transbaikal, 1st and 2nd Far Eastern) and the Pacific Fleet gets a standing order (O, then
Enter: attack along the plan's axes, so each army follows its own axis under its front's AI
commander); Left closes a front's rows and Down goes to the next; Esc closes the browser and
Enter ends the day. No hand moves are needed. ``--per-army`` gives every army, corps and group
its own order instead (more inputs; shown for comparison).

Each key press or click counts as one input. After the Japanese reply it prints both sides'
points next to those of the computer playing the whole Soviet side from the same start (same
seed), and the time the day took. With ``--days N`` the player then only ends each further day
(Enter: the standing orders are carried out at the start of each Soviet day), and the points
after day N are compared with the computer's over the same days. The last line is
``inputs per Soviet day: N`` (goal: 25 or fewer) for the first seed's front orders.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from engine.ai import policy as ai_policy  # noqa: E402
from engine.policy import play_game  # noqa: E402
from engine.scenario import load_scenario, new_game  # noqa: E402
from engine.victory import scores  # noqa: E402
from game.app import GameUI  # noqa: E402

SCENARIO = "august_storm_1945"


class Player:
    """Feeds key presses to the map screen and counts them."""

    def __init__(self, ui: GameUI) -> None:
        self.ui, self.inputs = ui, 0

    def press(self, key: int, times: int = 1) -> None:
        for _ in range(times):
            self.inputs += 1
            self.ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))

    def row(self) -> tuple[str, str]:
        r = self.ui.oob.rows(self.ui)[self.ui.oob.cursor]
        return r.kind, r.id


def front_orders(p: Player) -> list[str]:
    """B, then for each front: Down onto it, O, Enter, Left to close its rows."""
    given: list[str] = []
    p.press(pygame.K_b)
    while p.ui.oob.cursor < len(p.ui.oob.rows(p.ui)) - 1:  # the player sees the last row
        p.press(pygame.K_DOWN)
        kind, fid = p.row()
        if kind != "formation" or fid in given:
            break
        p.press(pygame.K_o)
        p.press(pygame.K_RETURN)
        given.append(fid)
        if fid in p.ui.oob.expanded:
            p.press(pygame.K_LEFT)
    p.press(pygame.K_ESCAPE)
    return given


def army_orders(p: Player) -> list[str]:
    """B, then Down through the rows; every army, corps or group (and formation with no armies
    under it) gets O, Enter."""
    st, forms = p.ui.state, p.ui.scn.formations
    given: list[str] = []
    p.press(pygame.K_b)
    rows = p.ui.oob.rows(p.ui)
    while p.ui.oob.cursor < len(rows) - 1:
        p.press(pygame.K_DOWN)
        kind, fid = p.row()
        has_sub = any(f.parent == fid and f.side == st.side for f in forms.values()
                      if any(u.formation == f.id for u in st.units.values()))
        if kind == "formation" and (forms[fid].kind not in ("command", "front") or not has_sub):
            p.press(pygame.K_o)
            p.press(pygame.K_RETURN)
            given.append(fid)
        rows = p.ui.oob.rows(p.ui)
    p.press(pygame.K_ESCAPE)
    return given


def play_days(scn, seed: int, per_army: bool, days: int) -> tuple[int, list[str], dict, float]:
    """The player's days through the UI; the points after the Japanese reply on the last day."""
    ui = GameUI(scn, new_game(scn, seed), side="soviet", view=(1280, 800), fog=True)
    p = Player(ui)
    after: list[dict] = []
    carry_out = ui.carry_out_standing

    def points_then_carry_out() -> None:  # the day's points, before the next day's orders
        after.append(scores(ui.state))
        carry_out()

    ui.carry_out_standing = points_then_carry_out
    t = time.perf_counter()
    given = (army_orders if per_army else front_orders)(p)
    for _ in range(days):
        p.press(pygame.K_RETURN)  # end the day; the next begins with the AI commanders' orders
    return p.inputs, given, after[days - 1], time.perf_counter() - t


def computer_days(scn, seed: int, days: int) -> dict:
    ai = ai_policy()
    return scores(play_game(new_game(scn, seed), {s: ai for s in scn.side_order}, max_turns=days))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0", help="comma-separated seeds (default 0)")
    ap.add_argument("--per-army", action="store_true", help="also give every army its own order")
    ap.add_argument("--days", type=int, default=1, help="days to play (default 1)")
    args = ap.parse_args(argv)
    pygame.display.init()
    pygame.font.init()
    scn = load_scenario(SCENARIO)
    seeds = [int(s) for s in args.seeds.split(",")]
    first = None
    modes = [False, True] if args.per_army else [False]
    days = max(1, args.days)
    for seed in seeds:
        ai = computer_days(scn, seed, days)
        for per_army in modes:
            n, given, pts, secs = play_days(scn, seed, per_army, days)
            how = "army orders" if per_army else "front orders"
            print(f"seed {seed}, {how}: {n} inputs over {days} day(s) ({len(given)} formations: "
                  f"{', '.join(given)}), {secs:.1f} s")
            print(f"  points after day {days}, player: Soviet {pts['soviet']}, Japanese {pts['japanese']}; "
                  f"computer playing the Soviet side: Soviet {ai['soviet']}, Japanese {ai['japanese']}")
            if first is None and not per_army:
                first = n - (days - 1)  # the later days took one input each (Enter)
    print(f"inputs per Soviet day: {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
