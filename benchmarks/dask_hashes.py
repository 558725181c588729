"""Does a Dask batch play the games of ``--jobs 1``? Every shipped scenario, N seeds each.

Run: ``python benchmarks/dask_hashes.py [--seeds 8] [--workers 2] [--scheduler ADDRESS] [--scenario ID ...]``.
For each scenario it runs ``simulate --jobs 1`` and ``simulate --executor dask`` (a local cluster of
``--workers`` processes, or the scheduler given) on the same seeds, compares every per-run result
(state hash, winner, losses, captures) and prints the wall time of each. Exit 1 if any run differs.
The test suite checks the small test scenario; a campaign game costs about 10 s of CPU, so the
campaigns' check lives here.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped_scenarios() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "scenarios").glob("*/scenario.yaml"))


def batch(scenario: str, seeds: int, extra: list[str], out: Path) -> float:
    """Run one simulate batch into ``out``; its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "game", "simulate", "--scenario", scenario, "--seeds", str(seeds),
                    "--json", str(out), "--quiet", *extra], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2, help="local cluster's worker processes")
    ap.add_argument("--scheduler", help="a Dask scheduler's address instead of a local cluster")
    ap.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    args = ap.parse_args()
    dask = ["--executor", "dask"] + (["--scheduler", args.scheduler] if args.scheduler
                                     else ["--jobs", str(args.workers)])
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in args.scenario or shipped_scenarios():
            one, cluster = Path(tmp, f"{scenario}-1.json"), Path(tmp, f"{scenario}-dask.json")
            t_one = batch(scenario, args.seeds, ["--jobs", "1"], one)
            t_dask = batch(scenario, args.seeds, dask, cluster)
            runs = [json.loads(p.read_text())["runs"] for p in (one, cluster)]
            same = sum(a == b for a, b in zip(*runs))
            differ += len(runs[0]) - same
            print(f"{scenario}: {same}/{len(runs[0])} runs identical; --jobs 1 {t_one:.1f} s, "
                  f"dask {t_dask:.1f} s; hashes {' '.join(r['state_hash'][:8] for r in runs[0])}", flush=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
