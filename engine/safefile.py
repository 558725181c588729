"""Reading untrusted files within bounds: scenario folders and saves come from other players.

Every file the program reads goes through :func:`read_text`: it must resolve (symbolic links
followed) inside one of the folders it is allowed to come from, be a regular file (not a device,
a pipe or a folder) and be no larger than a cap, so ``map: /dev/zero`` or a symbolic link to
``/dev/urandom`` is refused at once instead of exhausting memory. :func:`parse_json` reads a
save's JSON with a depth cap and refuses NaN, infinities and huge integers, which Python's
``json`` module would otherwise accept. Each refusal is a :class:`FileRefused` naming the file,
the line when there is one, and the problem.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

MAX_YAML_BYTES = 4 * 1024 * 1024  # the generated 1945 map is 0.12 MB; more only slows a check down
MAX_SAVE_BYTES = 64 * 1024 * 1024  # a whole campaign's save with its message log is a few MB
MAX_DEPTH = 64  # the deepest scenario file nests 8 levels, a save 6
MAX_NUMBER = 10 ** 15  # larger numbers are no count of men, days or points


class FileRefused(Exception):
    """A file that is not read, or not accepted, and why (``str`` gives ``file:line: problem``)."""

    def __init__(self, file: str, line: int, problem: str):
        self.file, self.line, self.problem = file, line, problem
        super().__init__(f"{file}:{line}: {problem}" if line else f"{file}: {problem}")


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether ``path`` (already resolved) lies in one of ``roots`` (resolved here)."""
    for root in roots:
        try:
            path.relative_to(Path(root).resolve())
            return True
        except ValueError:
            continue
    return False


def read_bytes(path: str | os.PathLike, name: str, roots: Iterable[Path] | None = None,
               limit: int = MAX_YAML_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes that lies inside one of ``roots``
    (any folder when ``roots`` is None); :class:`FileRefused` otherwise."""
    p = Path(path)
    try:
        real = p.resolve(strict=True)
    except FileNotFoundError:
        raise FileRefused(name, 0, "file not found") from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        raise FileRefused(name, 0, f"cannot read file: {exc}") from None
    except ValueError:  # a NUL character in the name
        raise FileRefused(name.replace("\0", "\\0"), 0, "refused: not a valid file name") from None
    roots = list(roots) if roots is not None else None
    if roots is not None and not inside(real, roots):
        where = " or ".join(str(r) for r in roots)
        raise FileRefused(name, 0, f"refused: the file lies outside {where}")
    try:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(name, 0, "refused: not a regular file")
        if st.st_size > limit:
            raise FileRefused(name, 0, f"refused: {st.st_size:,} bytes, more than the limit of {limit:,}")
        with open(real, "rb") as fh:
            data = fh.read(limit + 1)  # the file may have grown since the stat
    except FileRefused:
        raise
    except OSError as exc:
        raise FileRefused(name, 0, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise FileRefused(name, 0, f"refused: more than the limit of {limit:,} bytes")
    return data


def read_text(path: str | os.PathLike, name: str, roots: Iterable[Path] | None = None,
              limit: int = MAX_YAML_BYTES) -> str:
    """Like :func:`read_bytes`, decoded as UTF-8."""
    data = read_bytes(path, name, roots, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise FileRefused(name, line, "not UTF-8 text") from None


def json_depth(data: bytes, stop_above: int | None = None, chunk: int = 1 << 20) -> tuple[int, int]:
    """The deepest nesting of a JSON text and the line where it is first reached (brackets inside
    strings do not count), found chunk by chunk with numpy in linear time and bounded memory; with
    ``stop_above`` the scan stops at the first point deeper than that."""
    depth, in_string, backslashes, lines = 0, False, 0, 1
    deepest, deepest_line = 0, 0
    for start in range(0, len(data), chunk):
        c = np.frombuffer(data, dtype=np.uint8, count=min(chunk, len(data) - start), offset=start)
        pos = np.arange(len(c), dtype=np.int64)
        is_bs = c == 92
        last_other = np.maximum.accumulate(np.where(is_bs, -1, pos))  # the last non-backslash up to here
        before = np.concatenate(([-1], last_other[:-1]))
        run = pos - 1 - before + np.where(before < 0, backslashes, 0)  # backslashes just before each byte
        quote = (c == 34) & (run % 2 == 0)  # an escaped quote does not end a string
        inside = (np.cumsum(quote) + in_string) % 2 == 1
        step = ((c == 91) | (c == 123)).astype(np.int64) - ((c == 93) | (c == 125))
        level = depth + np.cumsum(np.where(inside, 0, step))
        top = int(level.max()) if len(level) else depth
        if top > deepest:
            at = int(np.argmax(level))
            deepest, deepest_line = top, lines + data[start:start + at].count(b"\n")
            if stop_above is not None and deepest > stop_above:
                break
        depth, in_string = int(level[-1]), bool(inside[-1])
        tail = len(c) - 1 - int(last_other[-1])
        backslashes = tail + backslashes if tail == len(c) else tail
        lines += data[start:start + len(c)].count(b"\n")
    return deepest, deepest_line


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a save may hold")


def _bounded_int(text: str) -> int:
    # the random generator's state holds 128-bit integers (39 digits); nothing holds more
    if len(text.lstrip("-")) > 40:
        raise ValueError(f"the number {text[:20]}... is too large")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def parse_json(data: bytes, name: str, max_depth: int = MAX_DEPTH) -> Any:
    """A JSON document from bytes, with the nesting, NaN, infinity and size-of-number checks."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileRefused(name, data[:exc.start].count(b"\n") + 1, "not UTF-8 text") from None
    deepest, line = json_depth(data, stop_above=max_depth)
    if deepest > max_depth:
        raise FileRefused(name, line, f"refused: nested {deepest} levels deep, more than the limit of {max_depth}")
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise FileRefused(name, exc.lineno, f"broken JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise FileRefused(name, 0, f"refused: {exc}") from None


def load_json(path: str | os.PathLike, name: str | None = None, roots: Iterable[Path] | None = None,
              limit: int = MAX_SAVE_BYTES) -> Any:
    """Read and parse one JSON file within the bounds above."""
    name = name or str(path)
    return parse_json(read_bytes(path, name, roots, limit), name)


def digest_files(paths: Iterable[Path], base: Path) -> dict[str, str]:
    """SHA-256 of each file, keyed by its path relative to ``base`` (a scenario's fingerprint:
    a save records it, and loading compares it with the files as they are now)."""
    out = {}
    for p in paths:
        key = Path(os.path.relpath(Path(p).resolve(), Path(base).resolve())).as_posix()
        try:
            out[key] = hashlib.sha256(read_bytes(p, key, None, MAX_YAML_BYTES)).hexdigest()
        except FileRefused:
            out[key] = "unreadable"
    return out
