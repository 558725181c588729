"""Whole campaigns of this tree and of an older git revision, timed side by side.

The machine is shared and its load changes from minute to minute, so the two trees are timed
in turns: for each round and seed, one game of each, the order alternating, each game in a
fresh process (``campaign_timer.py``; caches start cold, as for one game from the command
line). The figures are medians of wall and CPU time, per tree; the state hashes of the two
trees must agree seed by seed (the same games). With ``profile`` one game more per tree is run
under cProfile: the number of Python function calls does not depend on the load; with
``count_instructions`` one more under valgrind's callgrind gives the machine instructions.
The old revision is unpacked with ``git archive`` into a temporary folder, so the repository's
worktrees and branches are left alone.
"""
from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
TREE = HERE.parent


def unpack(rev: str, dest: Path) -> str:
    """Unpack git revision ``rev`` of this repository into ``dest``; return its commit hash."""
    commit = subprocess.run(["git", "-C", str(TREE), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                            check=True, capture_output=True, text=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(TREE), "archive", "--format=tar", commit],
                             check=True, capture_output=True).stdout
    with tempfile.TemporaryFile() as f:
        f.write(archive)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            tar.extractall(dest, filter="data")
    return commit


def time_game(root: Path, scenario: str, seed: int, profile: bool = False) -> dict:
    """One campaign of the engine under ``root`` in a fresh process (see campaign_timer)."""
    cmd = [sys.executable, str(HERE / "campaign_timer.py"), "--root", str(root), "--scenario", scenario,
           "--seed", str(seed)] + (["--profile"] if profile else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=root).stdout
    return json.loads(out.strip().splitlines()[-1])


def instructions(root: Path, scenario: str, seed: int) -> int:
    """Machine instructions one campaign of the engine under ``root`` takes, counted by valgrind's
    callgrind: a whole run less one that only loads the scenario. Independent of the machine's
    load, but slow (some 40 times the game's time)."""
    def count(*extra: str) -> int:
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
               str(HERE / "campaign_timer.py"), "--root", str(root), "--scenario", scenario,
               "--seed", str(seed), *extra]
        err = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=root).stderr
        return int(re.search(r"Collected : (\d+)", err).group(1))  # type: ignore[union-attr]
    return count() - count("--load-only")


def _runs(trees: dict[str, Path], scenario: str, seeds: Iterable[int], rounds: int) -> dict[str, list[dict]]:
    """Every game of both trees, interleaved: the tree going first alternates."""
    names = list(trees)
    runs: dict[str, list[dict]] = {n: [] for n in names}
    turn = 0
    for r in range(rounds):
        for seed in seeds:
            for name in (names if turn % 2 == 0 else names[::-1]):
                res = time_game(trees[name], scenario, seed)
                res["seed"] = seed
                runs[name].append(res)
                print(f"  round {r + 1} seed {seed} {name:>4}: {res['wall']:6.2f} s wall, {res['cpu']:6.2f} s cpu",
                      flush=True)
            turn += 1
    return runs


def _same_games(runs: dict[str, list[dict]]) -> bool:
    """Whether every game of a seed ended in the same state hash in both trees."""
    hashes: dict[int, set[str]] = {}
    for games in runs.values():
        for g in games:
            hashes.setdefault(g["seed"], set()).add(g["state_hash"])
    return all(len(h) == 1 for h in hashes.values())


def _report(runs: dict[str, list[dict]]) -> None:
    med = {n: {k: statistics.median(g[k] for g in games) for k in ("wall", "cpu")} for n, games in runs.items()}
    for n, m in med.items():
        print(f"{n:>4}: median {m['wall']:6.2f} s wall, {m['cpu']:6.2f} s cpu per campaign ({len(runs[n])} games)")
    print(f"new / old: {med['new']['wall'] / med['old']['wall']:.2f} wall, "
          f"{med['new']['cpu'] / med['old']['cpu']:.2f} cpu")
    print(f"same games (state hashes per seed): {_same_games(runs)}")


def _report_profile(trees: dict[str, Path], scenario: str, seed: int) -> None:
    for name, root in trees.items():
        res = time_game(root, scenario, seed, profile=True)
        print(f"{name:>4}: {res['calls']:,} function calls (seed {seed}); most time of their own:")
        for where, calls, secs in res["top"]:
            print(f"        {secs:7.2f} s {calls:>10,} calls  {where}")


def _report_instructions(trees: dict[str, Path], scenario: str, seed: int) -> None:
    counts = {name: instructions(root, scenario, seed) for name, root in trees.items()}
    for name, n in counts.items():
        print(f"{name:>4}: {n / 1e9:8.2f} billion instructions per campaign (seed {seed}, callgrind)")
    print(f"new / old: {counts['new'] / counts['old']:.2f} instructions")


def compare(rev: str, scenario: str, seeds: Iterable[int], rounds: int, profile: bool = False,
            new_rev: str | None = None, count_instructions: bool = False) -> int:
    """Time campaigns of ``new_rev`` (default: this tree as it is, "new") and of ``rev`` ("old")
    side by side and print medians."""
    seeds = list(seeds)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        old_root, new_root = Path(tmp) / "old", Path(tmp) / "new" if new_rev else TREE
        commit = unpack(rev, old_root)
        new_name = f"{new_rev} ({unpack(new_rev, new_root)[:10]})" if new_rev else str(TREE)
        print(f"old: {rev} ({commit[:10]}), new: {new_name}; scenario {scenario}, seeds {seeds}, {rounds} round(s)")
        trees = {"old": old_root, "new": new_root}
        runs = _runs(trees, scenario, seeds, rounds)
        _report(runs)
        if profile:
            _report_profile(trees, scenario, seeds[0])
        if count_instructions:
            _report_instructions(trees, scenario, seeds[0])
        return 0 if _same_games(runs) else 1
