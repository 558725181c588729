"""Guards for the commands: arguments and output paths checked before any work, signals that
end the program cleanly, and a last resort so that no traceback reaches a user.

Argument types (:func:`seed`, :func:`positive_int`, :func:`window_size`) make argparse refuse
a negative seed or ``--size 0x0`` with its usual one-line usage error. :func:`output_problem`
tells, before a batch of games runs, why an output file could not be written. :func:`run_guarded`
turns SIGTERM into :class:`Terminated`, answers Ctrl+C and SIGTERM with a message and the
conventional exit codes (130, 143), and reports an unexpected error in one line (the traceback
only with ``AUGUST_STORM_DEBUG=1``).
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

MAX_SEED = 2 ** 63 - 1
MAX_SIDE_PX = 16384  # SDL's largest surface side


class Terminated(BaseException):
    """The program was asked to stop (SIGTERM). A BaseException, like KeyboardInterrupt, so that no
    library's ``except Exception`` swallows it (Dask's client did, and the batch waited forever)."""


def seed(text: str) -> int:
    """A random seed: a whole number from 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from 0 to {MAX_SEED}, not {value}")
    return value


def positive_int(text: str) -> int:
    """A count: a whole number from 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 1000000, not {value}")
    return value


def window_size(text: str) -> tuple[int, int]:
    """``WxH`` in pixels, each side from 1 to 16384."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a size looks like 1600x900, not {text!r}") from None
    if not (1 <= w <= MAX_SIDE_PX and 1 <= h <= MAX_SIDE_PX):
        raise argparse.ArgumentTypeError(f"each side of a size is 1 to {MAX_SIDE_PX} pixels, not {text!r}")
    return w, h


def output_problem(path: str | os.PathLike, what: str) -> str | None:
    """Why ``path`` cannot be written as an output file, or None when it can."""
    p = Path(path)
    if p.is_dir():
        return f"{what} {p}: is a folder, not a file"
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        return f"{what} {p}: the folder {folder} does not exist"
    if p.exists() and not os.access(p, os.W_OK):
        return f"{what} {p}: the file is not writable"
    if not p.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return f"{what} {p}: the folder {folder} is not writable"
    return None


def folder_problem(path: str | os.PathLike, what: str) -> str | None:
    """Why ``path`` cannot serve as an output folder (it may be created), or None."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        return f"{what} {p}: is a file, not a folder"
    existing = p
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{what} {p}: {existing} is not writable"
    return None


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def run_guarded(func: Callable[[], int]) -> int:
    """Run a command: SIGTERM and Ctrl+C end it with a message, any unexpected error is one line."""
    if hasattr(signal, "SIGTERM"):
        try:
            signal.signal(signal.SIGTERM, _terminate)
        except ValueError:  # not the main thread (a test harness): leave the signal alone
            pass
    try:
        return int(func() or 0)
    except KeyboardInterrupt:
        print("\nInterrupted (Ctrl+C): stopped.", file=sys.stderr)
        return 130
    except Terminated:
        print("Terminated (SIGTERM): stopped.", file=sys.stderr)
        return 143
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        try:
            sys.stderr.close()
        except OSError:
            pass
        return 0
    except MemoryError:
        print("august-storm: out of memory", file=sys.stderr)
        return 1
    except Exception as exc:  # the last resort: a bug, reported in one line
        if os.environ.get("AUGUST_STORM_DEBUG"):
            traceback.print_exc()
        print(f"august-storm: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("(set AUGUST_STORM_DEBUG=1 to see where; please report it)", file=sys.stderr)
        return 70
