"""Engine speed figures: a movement-range query and a full simulated game.

Run: ``python benchmarks/bench_engine.py [--scenario ID] [--repeat N]``. Prints medians; no
pass/fail (targets are judged by people reading the figures, not by timed unit tests).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.movement import reachable  # noqa: E402
from engine.policy import play_game  # noqa: E402
from engine.scenario import load_scenario, new_game  # noqa: E402
from engine.supply import supply_costs  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scenario", default="test_border")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    t = time.perf_counter()
    scn = load_scenario(args.scenario)
    load_s = time.perf_counter() - t
    state = new_game(scn, 0)
    units = sorted(state.units)
    mover = max(units, key=lambda u: scn.rules.unit_types[state.units[u].type].movement)
    reachable(state, mover)  # warm the static cost cache

    range_t = timed(lambda: reachable(state, mover), args.repeat * 10)
    supply_t = timed(lambda: supply_costs(state, state.side), args.repeat * 10)
    game_t = timed(lambda: play_game(new_game(scn, 1)), args.repeat)

    print(f"scenario {scn.id}: {scn.graph.number_of_nodes()} hexes, {len(units)} units")
    print(f"load scenario:            {load_s * 1000:8.2f} ms")
    print(f"movement-range query:     {statistics.median(range_t) * 1000:8.3f} ms median ({mover})")
    print(f"supply trace (one side):  {statistics.median(supply_t) * 1000:8.3f} ms median")
    print(f"full simulated game:      {statistics.median(game_t) * 1000:8.1f} ms median "
          f"({scn.turns} turns, baseline policy, {args.repeat} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
