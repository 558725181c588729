"""AI speed and strength figures, and batch throughput.

Run: ``python benchmarks/bench_ai.py [--scenario ID] [--seeds N]``. Prints:
- median AI time per side-turn and per full campaign (both sides played by the AI);
- batch throughput (games per second) with 1 and 2 worker processes, and their ratio;
- strength: the AI against the baseline policy on each side over N seeds (median and mean
  victory points of the attacker), the yardstick of the AI issue.
No pass/fail: the figures go in the issue notes.

``--against REV`` instead times whole campaigns of this tree and of git revision REV side by
side (see :mod:`side_by_side`): ``python benchmarks/bench_ai.py --against main~3
--scenario august_storm_1945 --seeds 3 --rounds 3 [--profile] [--instructions] [--new REV2]``.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.ai import policy  # noqa: E402
from engine.batch import run_seeds  # noqa: E402
from engine.policy import play_game, play_part  # noqa: E402
from engine.scenario import load_scenario, new_game  # noqa: E402
from engine.victory import scores  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scenario", default="test_border")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--variant", action="append", default=[])
    ap.add_argument("--against", metavar="REV", help="time campaigns side by side with git revision REV")
    ap.add_argument("--rounds", type=int, default=3, help="with --against: games per seed and tree")
    ap.add_argument("--profile", action="store_true", help="with --against: also count function calls")
    ap.add_argument("--instructions", action="store_true",
                    help="with --against: also count machine instructions of one game per tree (valgrind; slow)")
    ap.add_argument("--new", metavar="REV", help="with --against: time revision REV instead of this tree")
    args = ap.parse_args()
    if args.against:
        from side_by_side import compare
        return compare(args.against, args.scenario, range(args.seeds), args.rounds, args.profile, args.new,
                       args.instructions)
    scn = load_scenario(args.scenario, tuple(args.variant))
    attacker = scn.victory["attacker"]
    defender = [s for s in scn.side_order if s != attacker][0]

    side_turns: list[float] = []
    campaigns: list[float] = []
    for seed in range(min(5, args.seeds)):
        state = new_game(scn, seed)
        t0 = time.perf_counter()
        while not state.over:
            t = time.perf_counter()
            play_part(state, policy())
            side_turns.append(time.perf_counter() - t)
        campaigns.append(time.perf_counter() - t0)
    print(f"scenario {scn.id}: {scn.graph.number_of_nodes()} hexes, {len(scn.initial_units)} units")
    print(f"AI side-turn:      median {statistics.median(side_turns) * 1000:8.1f} ms, "
          f"max {max(side_turns) * 1000:8.1f} ms ({len(side_turns)} side-turns)")
    print(f"AI full campaign:  median {statistics.median(campaigns):8.2f} s ({len(campaigns)} games)")

    n = max(4, min(args.seeds, 8))
    rates = {}
    for jobs in (1, 2):
        t = time.perf_counter()
        run_seeds(str(scn.path), tuple(args.variant), range(n), jobs=jobs)
        rates[jobs] = n / (time.perf_counter() - t)
        print(f"batch, {jobs} job(s): {rates[jobs]:6.2f} games/s ({n} games, process start-up included)")
    print(f"2 jobs / 1 job:    {rates[2] / rates[1]:.2f}x")

    def points(pols: dict) -> list[int]:
        return [scores(play_game(new_game(scn, s), dict(pols)))[attacker] for s in range(args.seeds)]

    base = points({})
    ai_att = points({attacker: policy()})
    ai_def = points({defender: policy()})
    print(f"strength over {args.seeds} seeds ({attacker} victory points; higher is better for {attacker}):")
    print(f"  baseline vs baseline: median {statistics.median(base):6.1f}, mean {statistics.mean(base):6.2f}")
    print(f"  AI {attacker} vs baseline: median {statistics.median(ai_att):6.1f}, mean {statistics.mean(ai_att):6.2f}"
          f"  (AI better as attacker: {statistics.mean(ai_att) > statistics.mean(base)})")
    print(f"  baseline vs AI {defender}: median {statistics.median(ai_def):6.1f}, mean {statistics.mean(ai_def):6.2f}"
          f"  (AI better as defender: {statistics.mean(ai_def) < statistics.mean(base)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
