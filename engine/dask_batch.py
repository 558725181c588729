"""Batches on a Dask cluster: the games of ``simulate --jobs``, played by ``dask.distributed`` workers.

The client loads the scenario and scatters it to the workers once, so a worker needs the
august-storm package (the same engine code, which is checked before any game starts) but not the
scenario's files: a mod that lives only on the user's machine plays on a cluster that has never
seen it, and a scenario is read and validated in one place. Each game is the pure function
:func:`engine.simulate.run_one`, so the results and state hashes are those of ``--jobs 1``.

dask is an optional extra (``pip install -e '.[dask]'``); this module imports it only when called.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .guard import Terminated
from .scenario import Scenario

# how long to try to reach a scheduler before saying it cannot be reached
CONNECT_TIMEOUT = 10.0


class DaskError(Exception):
    """Dask cannot run the batch: not installed, scheduler unreachable, workers running other code."""


def engine_version() -> str:
    """A hash of the engine's source files: workers with other code would play other games."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_version() -> dict[str, Any]:
    """What plays a worker's games besides the scenario it is sent: the engine's code and the
    plugins it loaded (name -> package and version; engine/plugins.py)."""
    from .plugins import versions

    return {"engine": engine_version(), "plugins": versions()}


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskError("--executor dask needs dask.distributed: pip install -e '.[dask]' "
                        "(or pip install 'dask[distributed]')") from None
    return distributed


def connect(address: str | None, workers: int) -> tuple[Any, Any]:
    """A client of the scheduler at ``address``, or of a new local cluster of ``workers`` processes.

    Returns (client, cluster); the cluster is None when the scheduler is someone else's."""
    distributed = _distributed()
    if address is None:
        with _sigint_ignored():
            # one thread per worker: the games are pure Python and would only share one core's GIL
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                               dashboard_address=None, silence_logs=logging.CRITICAL)
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(address, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskError(f"--scheduler {address}: cannot reach the Dask scheduler ({_reason(exc)}); "
                        "is dask-scheduler running there and the port open?") from None


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ctrl+C ignored while a local cluster starts its worker processes, which inherit that: the
    terminal sends Ctrl+C to every process of the group, and it is for this one to stop them."""
    try:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (a test harness): leave the signal alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def check_cluster(client: Any) -> None:
    """Refuse a cluster with no workers, or whose scheduler or workers run another version of the
    engine (the scheduler unpickles the tasks, so it needs the package too), or whose workers load
    other plugins (the scheduler plays no game: its plugins do not matter)."""
    mine = engine_version()
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (TimeoutError, OSError):
        raise DaskError(f"the Dask scheduler has had no workers for {CONNECT_TIMEOUT:.0f} s: "
                        "start some with dask worker ADDRESS") from None
    try:
        scheduler = client.run_on_scheduler(engine_version)
        theirs = client.run(code_version)
    except Exception as exc:  # without august-storm installed a machine cannot even unpickle the call
        raise DaskError(f"the Dask cluster cannot run August Storm's engine ({_reason(exc)}): "
                        "install the same august-storm on the scheduler and every worker") from None
    if scheduler != mine:
        raise DaskError("the Dask scheduler runs other engine code than this machine: "
                        "install the same august-storm on the scheduler and every worker")
    other = sorted(w for w, v in theirs.items() if v["engine"] != mine)
    if other:
        raise DaskError(f"{len(other)} Dask worker(s) run other engine code than this machine "
                        f"({_some(other)}): their games would not be these games; install the same "
                        "august-storm everywhere")
    _check_plugins(theirs)


def _check_plugins(theirs: dict[str, dict[str, Any]]) -> None:
    """Refuse workers whose plugins (or their versions) differ from this machine's."""
    from .plugins import versions

    mine = versions()
    other = sorted(w for w, v in theirs.items() if v["plugins"] != mine)
    if other:
        example = theirs[other[0]]["plugins"]
        diff = "; ".join(f"{name}: {mine.get(name) or 'not installed'} here, {example.get(name) or 'not installed'} "
                         f"on {other[0]}" for name in sorted(set(mine) | set(example))
                         if mine.get(name) != example.get(name))
        raise DaskError(f"{len(other)} Dask worker(s) load other plugins than this machine ({_some(other)}; "
                        f"{diff}): their games would not be these games; install the same plugins everywhere")


def _some(workers: list[str]) -> str:
    return f"{', '.join(workers[:3])}{', ...' if len(workers) > 3 else ''}"


def _play(scn: Scenario, seed: int, turns: int | None, policy: Any, difficulty: str) -> dict[str, Any]:
    """One game on a worker (``scn`` arrives already loaded, but the effects and orders of the
    plugins register only in a process that loads them)."""
    from .plugins import load_plugins
    from .simulate import run_one

    load_plugins()
    return run_one(scn, seed, turns, policy, difficulty)


def run_seeds_dask(scn: Scenario, seeds: Iterable[int], turns: int | None = None, policy: Any = "ai",
                   difficulty: str = "normal", address: str | None = None, workers: int = 2,
                   progress: Callable[[int, int, dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Play one game per seed on a Dask cluster; results come back in seed order, as with ``--jobs``."""
    seeds = list(seeds)
    client, cluster = connect(address, workers)
    futures: list[Any] = []
    try:
        with _signals_noted() as stop:
            check_cluster(client)
            shared = client.scatter(scn, broadcast=True)
            # pure=False: two batches of the same seeds are two runs, not a cached result
            futures = [client.submit(_play, shared, s, turns, policy, difficulty, pure=False) for s in seeds]
            results = _collect(futures, seeds, stop, progress)
        return [results[s] for s in seeds]
    finally:
        # on Ctrl+C, SIGTERM or a failed game too: the cluster's games stop, a local cluster ends
        _close(client, cluster, futures)


def _collect(futures: list[Any], seeds: list[int], stop: list[BaseException],
             progress: Callable[[int, int, dict[str, Any]], None] | None) -> dict[int, dict[str, Any]]:
    """The results by seed as the games finish; a signal noted in ``stop`` ends the wait."""
    distributed = _distributed()
    seed_of = {f.key: s for f, s in zip(futures, seeds)}
    results: dict[int, dict[str, Any]] = {}
    pending = distributed.as_completed(futures)
    while not pending.is_empty():
        if stop:
            raise stop[0]
        batch = pending.next_batch(block=False)
        if not batch:
            time.sleep(0.05)
        for fut in batch:
            if stop:  # the game may have been cancelled because of it
                raise stop[0]
            results[seed_of[fut.key]] = fut.result()
            if progress:
                progress(len(results), len(seeds), results[seed_of[fut.key]])
    return results


@contextlib.contextmanager
def _signals_noted() -> Iterator[list[BaseException]]:
    """Ctrl+C and SIGTERM are noted, and raised where the main thread waits for games.

    Raised from the signal handler, they could land in one of Dask's garbage-collection callbacks,
    where Python prints and drops them, and the batch would go on (or wait forever)."""
    stop: list[BaseException] = []

    def note(signum: int, frame: object) -> None:
        stop.append(KeyboardInterrupt() if signum == signal.SIGINT else Terminated())

    names = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])
    try:
        old = {sig: signal.signal(sig, note) for sig in names}
    except ValueError:  # not the main thread (a test harness): leave the signals alone
        old = {}
    try:
        yield stop
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _close(client: Any, cluster: Any, futures: list[Any]) -> None:
    """Cancel the games still to play and end the client; a local cluster ends first, quietly (its
    scheduler would log every message it can no longer send to the client)."""
    try:
        if futures:
            client.cancel(futures)
        if cluster is not None:
            logging.getLogger("distributed").setLevel(logging.CRITICAL + 1)
            cluster.close()
    finally:
        client.close()
