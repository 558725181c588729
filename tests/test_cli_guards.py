"""Commands check their arguments and output paths before any work, end cleanly on Ctrl+C or
SIGTERM (workers included), and never show a user a traceback."""
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from engine import cli as engine_cli
from engine.guard import run_guarded
from game.cli import main


def run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses an argument with exit code 2
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["play", "--seed", "-1"],
    ["headless", "--seed", "-5"],
    ["screenshot", "--out", "x.png", "--seed", "-1"],
    ["simulate", "--scenario", "test_border", "--start-seed", "-1"],
    ["simulate", "--scenario", "test_border", "--seeds", "0"],
    ["simulate", "--scenario", "test_border", "--jobs", "-2"],
    ["headless", "--turns", "0"],
    ["screenshot", "--out", "x.png", "--size", "0x0"],
    ["screenshot", "--out", "x.png", "--size", "99999x10"],
    ["screenshot", "--out", "x.png", "--size", "big"],
    ["screenshot", "--out", "x.png", "--turn", "-3"],
])
def test_a_bad_argument_is_refused_with_a_usage_line(argv, capsys):
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "error: argument" in err


def test_a_screenshot_into_a_missing_folder_is_refused_before_the_game_is_played(tmp_path, capsys, monkeypatch):
    import game.app

    monkeypatch.setattr(game.app, "render_screenshot", lambda *a, **k: pytest.fail("the game was played"))
    code, _, err = run(["screenshot", "--scenario", "test_border", "--out", str(tmp_path / "nope" / "m.png")], capsys)
    assert code == 2
    assert f"--out {tmp_path / 'nope' / 'm.png'}: the folder {tmp_path / 'nope'} does not exist" in err


@pytest.mark.parametrize("where", ["missing", "folder", "readonly"])
def test_an_unwritable_json_report_is_refused_before_the_batch_runs(tmp_path, capsys, monkeypatch, where):
    import engine.batch

    monkeypatch.setattr(engine.batch, "run_seeds", lambda *a, **k: pytest.fail("the batch ran"))
    target = {"missing": tmp_path / "nope" / "r.json", "folder": tmp_path,
              "readonly": tmp_path / "ro" / "r.json"}[where]
    if where == "readonly":
        (tmp_path / "ro").mkdir()
        os.chmod(tmp_path / "ro", 0o500)
        if os.access(tmp_path / "ro", os.W_OK):  # root writes anywhere
            pytest.skip("running as root: no folder is read-only")
    code, _, err = run(["simulate", "--scenario", "test_border", "--json", str(target)], capsys)
    assert code == 2
    assert err.startswith(f"--json {target}: ")


def test_an_unexpected_error_is_one_line_not_a_traceback(capsys, monkeypatch):
    monkeypatch.delenv("AUGUST_STORM_DEBUG", raising=False)

    def broken():
        raise RuntimeError("the map fell off the table")

    assert run_guarded(broken) == 70
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: the map fell off the table" in err
    assert "Traceback" not in err


def test_ctrl_c_ends_a_command_with_a_message(capsys):
    def interrupted():
        raise KeyboardInterrupt

    assert run_guarded(interrupted) == 130
    assert "Interrupted (Ctrl+C)" in capsys.readouterr().err


def test_the_headless_entry_point_is_guarded_too(capsys):
    with pytest.raises(SystemExit) as exc:
        engine_cli.main(["simulate", "--scenario", "test_border", "--start-seed", "-4"])
    assert exc.value.code == 2


def _children(pid):
    try:
        return open(f"/proc/{pid}/task/{pid}/children").read().split()
    except OSError:
        return []


def _alive(pid):
    try:
        return open(f"/proc/{pid}/stat").read().split()[2] != "Z"
    except OSError:
        return False


def _default_sigint():
    # A shell starts background jobs with Ctrl+C ignored, and a program started that way rightly
    # ignores it; the test is about a program started from a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker processes from /proc")
@pytest.mark.parametrize("sig, code, message", [(signal.SIGTERM, 143, "Terminated (SIGTERM)"),
                                                (signal.SIGINT, 130, "Interrupted (Ctrl+C)")])
def test_a_signal_stops_simulate_and_its_workers(sig, code, message):
    p = subprocess.Popen([sys.executable, "-m", "game", "simulate", "--scenario", "test_border", "--seeds", "400",
                          "--jobs", "2", "--quiet"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=_default_sigint)
    try:
        deadline = time.time() + 30
        while len(_children(p.pid)) < 2 and time.time() < deadline:
            time.sleep(0.05)
        workers = _children(p.pid)
        assert len(workers) >= 2, "the workers never started"
        time.sleep(0.5)  # the workers are playing their first games
        p.send_signal(sig)
        _, err = p.communicate(timeout=20)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == code
    assert message in err and "Traceback" not in err
    time.sleep(0.2)
    assert not [w for w in workers if _alive(w)]
