"""Batches on a Dask cluster play the games of --jobs: the same runs and state hashes, the same
progress, a clear word when Dask cannot run them, and Ctrl+C ends the local cluster's workers."""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from engine import dask_batch
from game.cli import main


def simulate(*args):
    return subprocess.run([sys.executable, "-m", "game", "simulate", *args], capture_output=True, text=True,
                          cwd=ROOT, stdin=subprocess.DEVNULL, timeout=300)


def run_here(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_a_local_dask_cluster_plays_the_same_games_as_one_process(tmp_path):
    """8 seeds of the test scenario; benchmarks/dask_hashes.py checks the campaign scenarios."""
    serial, cluster = tmp_path / "serial.json", tmp_path / "dask.json"
    one = simulate("--scenario", "test_border", "--seeds", "8", "--jobs", "1", "--json", str(serial), "--quiet")
    assert one.returncode == 0, one.stderr
    out = simulate("--scenario", "test_border", "--seeds", "8", "--executor", "dask", "--jobs", "2",
                   "--json", str(cluster))
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    # the progress: one line per game when stderr is not a terminal, as with --jobs (dask itself may
    # add a warning line under load, e.g. an event loop it found slow: not a progress line)
    progress = [line.split(":")[0] for line in out.stderr.splitlines() if line.startswith("seed ")]
    assert sorted(progress) == [f"seed {s}" for s in range(8)]
    runs = [json.loads(p.read_text())["runs"] for p in (serial, cluster)]
    assert [r["state_hash"] for r in runs[1]] == [r["state_hash"] for r in runs[0]]
    assert runs[1] == runs[0]  # winners, losses, captures: every per-run figure


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_named_without_a_traceback(capsys, monkeypatch):
    monkeypatch.setattr(dask_batch, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    code, _, err = run_here(["simulate", "--scenario", "test_border", "--executor", "dask", "--scheduler", address,
                             "--quiet"], capsys)
    assert code == 1
    assert err.startswith(f"--scheduler {address}: cannot reach the Dask scheduler")


def test_without_dask_installed_the_batch_says_how_to_install_it(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    code, _, err = run_here(["simulate", "--scenario", "test_border", "--executor", "dask", "--quiet"], capsys)
    assert code == 1
    assert "--executor dask needs dask.distributed: pip install -e '.[dask]'" in err


@pytest.mark.parametrize("argv, message", [
    (["--scheduler", "tcp://h:8786"], "--scheduler names a Dask scheduler: use it with --executor dask"),
    (["--executor", "dask", "--scheduler", "tcp://h:8786", "--jobs", "2"],
     "--jobs sets the workers of a local Dask cluster; the scheduler's cluster has its own"),
])
def test_scheduler_options_that_do_not_fit_are_refused_before_any_work(capsys, argv, message):
    code, _, err = run_here(["simulate", "--scenario", "test_border", *argv], capsys)
    assert code == 2
    assert err.strip() == message


class FakeClient:
    """A cluster whose scheduler reports the engine code it runs, its workers their engine code and
    plugins (dask_batch.code_version)."""

    def __init__(self, scheduler, workers):
        self.scheduler, self.workers = scheduler, workers

    def wait_for_workers(self, n, timeout):
        if not self.workers:
            raise TimeoutError()

    def run_on_scheduler(self, fn):
        return self.scheduler

    def run(self, fn):
        return self.workers


def test_a_cluster_running_other_engine_code_is_refused_before_any_game():
    mine, code = dask_batch.engine_version(), dask_batch.code_version()
    other = {**code, "engine": "0" * 64}
    dask_batch.check_cluster(FakeClient(mine, {"tcp://a:1": code, "tcp://b:1": code}))
    with pytest.raises(dask_batch.DaskError, match=r"1 Dask worker\(s\) run other engine code .*tcp://b:1"):
        dask_batch.check_cluster(FakeClient(mine, {"tcp://a:1": code, "tcp://b:1": other}))
    with pytest.raises(dask_batch.DaskError, match="the Dask scheduler runs other engine code"):
        dask_batch.check_cluster(FakeClient("0" * 64, {"tcp://a:1": code}))
    with pytest.raises(dask_batch.DaskError, match="no workers"):
        dask_batch.check_cluster(FakeClient(mine, {}))


def test_workers_with_other_plugins_are_refused_naming_the_plugin_and_its_versions():
    mine, code = dask_batch.engine_version(), dask_batch.code_version()
    assert code["plugins"] == {}  # the tests run with no plugin installed
    theirs = {**code, "plugins": {"airlift": "airlift-plugin 1.0"}}
    with pytest.raises(dask_batch.DaskError, match=r"1 Dask worker\(s\) load other plugins than this machine "
                                                   r"\(tcp://b:1; airlift: not installed here, airlift-plugin 1.0 "
                                                   r"on tcp://b:1\).*install the same plugins everywhere"):
        dask_batch.check_cluster(FakeClient(mine, {"tcp://a:1": code, "tcp://b:1": theirs}))


def _descendants(pid):
    """Every process below ``pid`` (Dask starts its workers from a thread, so /proc/PID/children of the
    main thread misses them)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        found += kids
        todo += kids
    return found


def _alive(pid):
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker processes from /proc")
def test_ctrl_c_stops_a_dask_batch_and_its_local_workers():
    # a terminal's Ctrl+C reaches every process of the group: the workers must leave it to the batch
    p = subprocess.Popen([sys.executable, "-m", "game", "simulate", "--scenario", "test_border", "--seeds", "2000",
                          "--executor", "dask", "--jobs", "2", "--quiet"], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.time() + 60
        while len(_descendants(p.pid)) < 3 and time.time() < deadline:
            time.sleep(0.1)
        workers = _descendants(p.pid)
        assert len(workers) >= 3, "the workers never started"
        time.sleep(2)  # the workers are playing
        os.killpg(p.pid, signal.SIGINT)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    assert p.returncode == 130
    assert err.strip() == "Interrupted (Ctrl+C): stopped."
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)]
