"""The headless command line: ``info``, ``simulate`` and ``validate``.

These never touch pygame. ``game.cli`` adds the commands that open a window and dispatches
the rest here.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .guard import MAX_SEED, folder_problem, output_problem, positive_int, run_guarded, seed
from .scenario import Scenario, find_scenario, load_scenario
from .yamlio import ScenarioLoadError


def add_headless_commands(sub: Any) -> None:
    p = sub.add_parser("info", help="describe a scenario: map, places, units, totals")
    p.add_argument("--scenario", required=True, help="scenario id or folder")
    add_variant_option(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--timeline", action="store_true",
                   help="print the campaign's political timeline and phases from its history file instead")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("simulate", help="play a scenario computer against computer")
    p.add_argument("--scenario", required=True)
    add_variant_option(p)
    p.add_argument("--seeds", type=positive_int, default=1, help="number of games")
    p.add_argument("--start-seed", type=seed, default=0)
    p.add_argument("--turns", type=positive_int, default=None, help="stop after this many turns")
    p.add_argument("--json", metavar="PATH", help="write the report to this file")
    p.add_argument("--policy", default="ai", choices=("ai", "baseline"),
                   help="computer player for both sides (default: the operational AI)")
    p.add_argument("--side-policy", action="append", default=[], metavar="SIDE=POLICY",
                   help="a different policy for one side, e.g. japanese=baseline (repeatable)")
    p.add_argument("--difficulty", default="normal", choices=("easy", "normal", "hard"))
    p.add_argument("--jobs", type=positive_int, default=None,
                   help="worker processes (default 1; with --executor dask, the local cluster's workers, "
                        "default one per core up to 8)")
    p.add_argument("--executor", choices=("processes", "dask"), default="processes",
                   help="where the games run: local processes (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --executor dask: the Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                        "(default: a local cluster)")
    p.add_argument("--plots", metavar="DIR", help="write PNG charts of the comparison with history (matplotlib)")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("replay", help="play a recorded game again (a replay or a save file) and check it ends "
                                      "in the same state; exit 1 if it does not")
    p.add_argument("file", help="a replay (headless --record) or a save file")
    p.add_argument("--allow-changed", action="store_true",
                   help="replay even though the scenario's files changed since the recording")
    p.add_argument("--each-turn", action="store_true", help="print each turn's state hash as it is replayed")
    p.add_argument("--save", metavar="PATH", help="write the replayed game as a save (to look at it in the game)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("compare", help="two simulate --json reports of one scenario side by side: each place's "
                                       "dates, victory points and losses, game by game when the seeds match")
    p.add_argument("a", metavar="A.json", help="the batch to compare with (e.g. the historical settings)")
    p.add_argument("b", metavar="B.json", help="the batch compared (e.g. a variant)")
    p.add_argument("--json", metavar="PATH", help="write the comparison to this file")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("validate", help="check scenario files; exit 1 on errors")
    p.add_argument("paths", nargs="+", help="scenario folders or scenario.yaml files")
    p.set_defaults(func=cmd_validate)


def add_variant_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--variant", action="append", default=[], metavar="NAME",
                   help="apply a scenario variant (repeatable; see `info`)")


def load_or_exit(ref: str, variants: list[str] | tuple[str, ...] = ()) -> Scenario:
    """The scenario a command names, or its problems printed (``file:line: problem``) and exit 1."""
    try:
        return load_scenario(ref, tuple(variants))
    except ScenarioLoadError as exc:
        for e in exc.errors:
            print(e, file=sys.stderr)
        raise SystemExit(1) from None


def cmd_info(args: argparse.Namespace) -> int:
    from .simulate import totals

    scn = load_or_exit(args.scenario, args.variant)
    if getattr(args, "timeline", False):
        return _print_timeline(scn)
    t = totals(scn)
    info: dict[str, Any] = {
        "id": scn.id,
        "name": scn.name,
        "start_date": scn.start_date.isoformat(),
        "turns": scn.turns,
        "hex_km": scn.map.hex_km,
        "variants_applied": list(scn.variants),
        "variants": {k: {"name": v["name"], "description": v["description"]}
                     for k, v in sorted(scn.available_variants.items())},
        "map": {"hexes": scn.graph.number_of_nodes(), "edges": scn.graph.number_of_edges(),
                "rail_edges": sum(1 for *_, e in scn.graph.edges(data=True) if e["rail"]),
                "river_edges": sum(1 for *_, e in scn.graph.edges(data=True) if e["river"])},
        "places": [{"id": p.id, "name": p.name, "aliases": list(p.aliases), "lat": p.lat, "lon": p.lon,
                    "hex": list(p.hex), "types": list(p.types), "vp": p.vp}
                   for p in scn.map.places.values()],
        "units": [{"id": u.id, "name": u.name, "side": u.side, "type": u.type, "formation": u.formation,
                   "hex": list(u.hex), "men": u.men, "tanks": u.tanks, "guns": u.guns,
                   "divisions": u.divisions, "source": u.source} for u in scn.initial_units],
        "totals": t,
    }
    if args.json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return 0
    print(f"{scn.name} ({scn.id}) from {info['start_date']}, {scn.turns} turns of {scn.days_per_turn} day(s)")
    m = info["map"]
    print(f"Map: {m['hexes']} hexes of {scn.map.hex_km:g} km, {m['rail_edges']} railway and "
          f"{m['river_edges']} river hexsides; {len(info['places'])} places; {len(info['units'])} units")
    print()
    print(f"{'':32} {'units':>6} {'men':>10} {'tanks/SP':>9} {'guns/mort':>10} {'aircraft':>9}")
    for side, b in t["sides"].items():
        print(f"{scn.sides[side]['name']:32} {b['units']:>6} {b['men']:>10,} {b['tanks']:>9,} {b['guns']:>10,} "
              f"{b['aircraft']:>9,}")
        for _fid, f in t["fronts"].items():
            if f["side"] == side:
                print(f"  {f['name'][:30]:30} {f['units']:>6} {f['men']:>10,} {f['tanks']:>9,} {f['guns']:>10,} "
                      f"{f['aircraft']:>9,}")
    if info["variants"]:
        print()
        print("Variants (--variant NAME):")
        for k, v in info["variants"].items():
            mark = " [applied]" if k in scn.variants else ""
            print(f"  {k:24} {v['name']}{mark}")
    print()
    print("Places:")
    for p in info["places"]:
        alias = f" ({', '.join(p['aliases'])})" if p["aliases"] else ""
        print(f"  {p['id']:20} {p['name']}{alias}  {p['lat']:.2f}, {p['lon']:.2f}  vp {p['vp']}")
    return 0


def _print_timeline(scn: Any) -> int:
    """The history's political timeline, the game's days among them, and its phases."""
    from .sources import readable

    if scn.history is None or not (scn.history.timeline or scn.history.phases):
        print(f"{scn.name} has no timeline in its history file")
        return 0
    end = scn.start_date + dt.timedelta(days=scn.turns * scn.days_per_turn - 1)
    print(f"{scn.name}: the game runs from {scn.start_date.isoformat()} to {end.isoformat()} at the latest")
    for t in scn.history.timeline:
        mark = "   " if t["date"] < scn.start_date else " * "
        print(f"{mark}{t['date'].isoformat()}  {t['name']}: {t['text']}")
        print(f"{'':16}source: {readable(t['source'], scn.bibliography)}")
    for p in scn.history.phases:
        print(f"Phase '{p['name']}' {p['from'].isoformat()} to {p['until'].isoformat()}: {p['drivers']}")
    print("(* = during the game: shown in the message log on its day)")
    return 0


def _progress(quiet: bool) -> Callable[[int, int, dict], None]:
    """A progress bar on a terminal, one line per game otherwise."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int, r: dict) -> None:
        if quiet:
            return
        if tty:
            width = 30
            filled = int(width * done / total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} games")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        else:
            print(f"seed {r['seed']}: {r['turns_played']} turns, winner {r['winner']}, "
                  f"{len(r['captures'])} places changed hands, hash {r['state_hash'][:12]}", file=sys.stderr)
    return show


def cmd_simulate(args: argparse.Namespace) -> int:
    from .report import format_summary, summarize

    problems = [output_problem(args.json, "--json") if args.json else None,
                folder_problem(args.plots, "--plots") if args.plots else None, _executor_problem(args)]
    if args.start_seed + args.seeds - 1 > MAX_SEED:
        problems.append(f"--start-seed plus --seeds runs past the largest seed {MAX_SEED}")
    for problem in filter(None, problems):  # before the batch runs, not after
        print(problem, file=sys.stderr)
        return 2
    scn = load_or_exit(args.scenario, args.variant)
    policy = {s: args.policy for s in scn.side_order}
    for item in args.side_policy:
        side, _, name = item.partition("=")
        if side not in scn.side_order or name not in ("ai", "baseline"):
            print(f"--side-policy {item!r}: expected SIDE=ai or SIDE=baseline with SIDE one of "
                  f"{', '.join(scn.side_order)}", file=sys.stderr)
            return 2
        policy[side] = name
    seeds = range(args.start_seed, args.start_seed + args.seeds)
    runs = _run_batch(args, scn, seeds, policy)
    if runs is None:
        return 1
    summary = summarize(runs, scn)
    print(format_summary(summary, scn))
    report = {"scenario": scn.id, "variants": list(scn.variants), "policy": policy,
              "difficulty": args.difficulty, "summary": summary, "runs": runs}
    if args.json and not write_json(args.json, report, "report"):
        return 1
    if args.plots:
        from .plots import write_plots

        try:
            for path in write_plots(summary, scn, Path(args.plots)):
                print(f"chart written to {path}")
        except ImportError:
            print("--plots needs matplotlib: pip install -e '.[plots]'", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"--plots {args.plots}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 0


def _executor_problem(args: argparse.Namespace) -> str | None:
    if args.scheduler and args.executor != "dask":
        return "--scheduler names a Dask scheduler: use it with --executor dask"
    if args.scheduler and args.jobs:
        return "--jobs sets the workers of a local Dask cluster; the scheduler's cluster has its own"
    return None


def _run_batch(args: argparse.Namespace, scn: Any, seeds: range, policy: dict[str, str]) -> list[dict] | None:
    """The batch's runs, in processes here or on a Dask cluster (None, said why, if Dask cannot run it)."""
    from .batch import default_jobs, run_seeds

    if args.executor != "dask":
        return run_seeds(str(scn.path), tuple(args.variant), seeds, args.turns, policy, args.difficulty,
                         jobs=args.jobs or 1, progress=_progress(args.quiet))
    from .dask_batch import DaskError, run_seeds_dask

    try:
        return run_seeds_dask(scn, seeds, args.turns, policy, args.difficulty, address=args.scheduler,
                              workers=args.jobs or default_jobs(), progress=_progress(args.quiet))
    except DaskError as exc:
        print(exc, file=sys.stderr)
        return None


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a recorded game order by order; report where it diverges, if it does."""
    from .replay import ReplayError, read_replay, replay_doc, steps

    problem = output_problem(args.save, "--save") if args.save else None
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        doc = read_replay(args.file)
        state, turn, n = None, None, 0
        for i, _, state in steps(doc, args.allow_changed):
            n = i + 1
            if args.each_turn and state.turn != turn:
                turn = state.turn
                print(f"turn {turn} ({state.date}): {state.state_hash()[:16]}")
        if state is None:  # steps() yields the starting position first
            raise ReplayError("the replay holds no game")
        recorded = doc.get("state_hash")
        final = state.state_hash()
        if isinstance(recorded, str) and final != recorded:
            raise ReplayError(f"the replay ends in state {final[:16]}, not the recorded {recorded[:16]}: "
                              "the game did not play out the same")
    except ReplayError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.file}: {n} orders replayed to turn {state.turn} of {state.scenario.id} (seed {state.seed}); "
          f"state {final[:16]}" + (", the recorded state" if recorded else " (no state recorded to compare)"))
    if args.save:
        from .saves import save_game

        state.orders = replay_doc(state)["orders"]
        print(f"replayed game saved to {save_game(state, args.save)}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """``compare A.json B.json``: what changed from batch A to batch B."""
    from .aar.data import ReportError, check_batch
    from .compare import compare_batches, format_comparison

    if args.json and (problem := output_problem(args.json, "--json")):
        print(problem, file=sys.stderr)
        return 2
    try:
        docs = [_batch_doc(path) for path in (args.a, args.b)]
        if docs[0]["scenario"] != docs[1]["scenario"]:
            raise ReportError(f"{args.a} is a batch of '{docs[0]['scenario'][:60]}' and {args.b} of "
                              f"'{docs[1]['scenario'][:60]}': compare batches of one scenario")
        scn = load_or_exit(docs[0]["scenario"])
        for path, doc in zip((args.a, args.b), docs, strict=True):
            try:
                check_batch(doc, scn)
            except ReportError as exc:
                raise ReportError(f"{path}: {exc}") from None
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return 1
    result = compare_batches(docs[0], docs[1], scn)
    print(format_comparison(result, scn))
    if args.json and not write_json(args.json, result, "comparison"):
        return 1
    return 0


def write_json(path: str, doc: Any, what: str) -> bool:
    """Write ``doc`` as JSON to ``path`` (``--json``) and say so; False, with the reason on
    standard error, if the file cannot be written."""
    try:
        Path(path).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"--json {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    print(f"{what} written to {path}")
    return True


def _batch_doc(path: str) -> dict[str, Any]:
    """The ``simulate --json`` report at ``path``; ReportError naming the file otherwise."""
    from .aar.data import ReportError, read_input

    kind, doc = read_input(path)
    if kind != "batch":
        raise ReportError(f"{path}: a save or a replay, not a `simulate --json` report")
    return doc  # its runs are checked once its scenario is loaded (check_batch)


def cmd_validate(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.paths:
        try:
            scn = load_scenario(find_scenario(path))
        except ScenarioLoadError as exc:
            bad += 1
            for e in exc.errors:
                print(e)
            continue
        print(f"{path}: ok ({scn.id}: {scn.graph.number_of_nodes()} hexes, {len(scn.initial_units)} units, "
              f"{len(scn.events)} events)")
        for name in scn.available_variants:  # each variant must load too
            try:
                load_scenario(scn.path, (name,))
            except ScenarioLoadError as exc:
                bad += 1
                print(f"{path}: variant '{name}':")
                for e in exc.errors:
                    print(e)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """Headless-only entry point (``python -m engine``)."""
    parser = argparse.ArgumentParser(prog="august-storm", description="August Storm headless commands")
    sub = parser.add_subparsers(dest="command", required=True)
    add_headless_commands(sub)
    args = parser.parse_args(argv)
    return run_guarded(lambda: args.func(args))
