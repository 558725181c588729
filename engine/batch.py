"""Computer-against-computer batches over many seeds, in parallel processes.

Written against ``concurrent.futures.Executor``: the default is a ``ProcessPoolExecutor`` whose
workers load the scenario once each (the map graph is not shipped with every task), and any
other executor (a cluster's, say) can be passed in. Each run is the pure function
:func:`engine.simulate.run_one`, so results do not depend on the number of workers.
"""
from __future__ import annotations

import concurrent.futures as cf
import os
import signal
from collections.abc import Callable, Iterable
from typing import Any

_WORKER: dict[str, Any] = {}


def _run_in_worker(ref: str, variants: tuple[str, ...], seed: int, turns: int | None, policy: Any,
                   difficulty: str) -> dict[str, Any]:
    """One run in a worker process; the worker loads the scenario on its first task only."""
    from .scenario import load_scenario
    from .simulate import run_one

    if _WORKER.get("key") != (ref, variants):
        _WORKER["scn"] = load_scenario(ref, variants)
        _WORKER["key"] = (ref, variants)
    return run_one(_WORKER["scn"], seed, turns, policy, difficulty)


def run_seeds(ref: str, variants: tuple[str, ...], seeds: Iterable[int], turns: int | None = None,
              policy: Any = "ai", difficulty: str = "normal", jobs: int = 1,
              progress: Callable[[int, int, dict[str, Any]], None] | None = None,
              executor: cf.Executor | None = None) -> list[dict[str, Any]]:
    """Play one game per seed; results come back in seed order whatever the number of jobs."""
    seeds = list(seeds)
    results: dict[int, dict[str, Any]] = {}
    if jobs <= 1 and executor is None:
        from .scenario import load_scenario
        from .simulate import run_one

        scn = load_scenario(ref, variants)
        for i, s in enumerate(seeds):
            results[s] = run_one(scn, s, turns, policy, difficulty)
            if progress:
                progress(i + 1, len(seeds), results[s])
        return [results[s] for s in seeds]
    own_pool = None
    if executor is None:
        executor = own_pool = cf.ProcessPoolExecutor(max_workers=jobs, initializer=_worker_signals)
    try:
        futures = {executor.submit(_run_in_worker, str(ref), tuple(variants), s, turns, policy, difficulty): s
                   for s in seeds}
        for done, fut in enumerate(cf.as_completed(futures), 1):
            results[futures[fut]] = fut.result()
            if progress:
                progress(done, len(seeds), results[futures[fut]])
    except BaseException:
        # Ctrl+C, SIGTERM or a failed game: the workers stop now, not after their games
        if own_pool is not None:
            stop_workers(own_pool)
        raise
    if own_pool is not None:
        own_pool.shutdown()
    return [results[s] for s in seeds]


def _worker_signals() -> None:
    """In a worker: Ctrl+C is the parent's to handle (it reaches the whole process group), and
    SIGTERM, sent by the parent to stop it, ends the worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def stop_workers(executor: cf.ProcessPoolExecutor) -> None:
    """Cancel the waiting games and end the worker processes running the others."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
