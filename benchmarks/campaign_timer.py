"""Time one computer-against-computer campaign of the engine found under a given folder.

Run: ``python benchmarks/campaign_timer.py --root DIR --scenario ID --seed N [--profile]``.
Prints one JSON line: wall and CPU seconds of the game (loading the scenario not included),
the side-turns played and the final state hash; with ``--profile`` also the function calls the
game made and the functions with the most time of their own (cProfile), figures that do not
depend on the machine's load. The engine is imported from ``--root`` (a checkout of any
revision), so :mod:`bench_ai` can run the same game on an old and a new tree side by side; only
the oldest API (``load_scenario``, ``new_game``, ``play_part``, ``ai.policy``) is used.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def _play(state, policy, play_part) -> int:
    """Play to the end; return the number of side-turns."""
    parts = 0
    while not state.over:
        play_part(state, policy())
        parts += 1
    return parts


def _top_functions(profile, root: Path, n: int = 8) -> list[list]:
    """The ``n`` functions with the most time of their own: [name, calls, seconds]."""
    import pstats

    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    rows = sorted(stats.items(), key=lambda kv: -kv[1][2])[:n]
    out = []
    for (path, line, name), (_cc, nc, tt, _ct, _callers) in rows:
        where = path.replace(str(root) + "/", "")
        out.append([f"{where}:{line}({name})", nc, round(tt, 3)])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", required=True, help="folder holding the engine package to time")
    ap.add_argument("--scenario", default="august_storm_1945")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="count function calls with cProfile (slower)")
    ap.add_argument("--load-only", action="store_true",
                    help="load the scenario and stop (what to subtract from a whole run's instruction count)")
    args = ap.parse_args()
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    from engine.ai import policy
    from engine.policy import play_part
    from engine.scenario import load_scenario, new_game

    scn = load_scenario(args.scenario, ())
    if args.load_only:
        print(json.dumps({"loaded": scn.id}))
        return 0
    profile = None
    if args.profile:
        import cProfile
        profile = cProfile.Profile()
        profile.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    state = new_game(scn, args.seed)
    parts = _play(state, policy, play_part)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    out = {"wall": wall, "cpu": cpu, "side_turns": parts, "state_hash": state.state_hash()}
    if profile is not None:
        profile.disable()
        import pstats
        out["calls"] = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
        out["top"] = _top_functions(profile, root)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
