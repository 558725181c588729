"""Saving and loading games as JSON files.

A save names its scenario (id and folder) and variants, records a fingerprint of the
scenario's files (SHA-256 of each) and holds the serialised state. Saves are shared between
players, so a save is untrusted: it is read through :mod:`engine.safefile` (a regular file of
bounded size, nesting and numbers), its values are checked by :meth:`GameState.from_dict`, and a
bad file never crashes the caller: :func:`load_game` raises :class:`SaveError` with the file and
the reason. A save of a scenario whose files changed since is refused with
:class:`ScenarioChanged` unless the caller allows it (the game asks first).

The envelope carries ``format_version``; a save of an older version is upgraded step by step by
:data:`MIGRATIONS` before it is read. Writing goes to a temporary file of a unique name in the
same folder, flushed to disk (fsync) and renamed over the target, so a crash or a second game
saving at the same moment cannot leave a half-written save; temporary files left behind by a
crash are removed on the next save into that folder.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .plugins import PREFIX as PLUGIN
from .safefile import MAX_SAVE_BYTES, FileRefused, load_json
from .yamlio import ScenarioLoadError

if TYPE_CHECKING:
    from .state import GameState

FORMAT = "august-storm-save"
FORMAT_VERSION = 2
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600  # a temporary file this old belongs to no save in progress


class SaveError(Exception):
    """A save file that cannot be read; the message names the file and the problem."""


class ScenarioChanged(SaveError):
    """The save's scenario files differ from those it was saved with (``changed`` names them)."""

    def __init__(self, message: str, changed: list[str]):
        super().__init__(message)
        self.changed = changed


def _from_version_1(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (before fingerprints): no record of the scenario's files."""
    return {**doc, "format_version": 2, "fingerprint": None}


# format_version -> the function that upgrades a document of that version by one step
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_version_1}


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Upgrade a save document to :data:`FORMAT_VERSION`; ValueError for an unknown version."""
    version = doc.get("format_version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValueError(f"format_version {version!r} is not a whole number")
    if version > FORMAT_VERSION:
        raise ValueError(f"saved by a newer version of the game (save format {version}, this game reads "
                         f"up to {FORMAT_VERSION})")
    while version < FORMAT_VERSION:
        if version not in MIGRATIONS:
            raise ValueError(f"save format {version} is not supported")
        doc = MIGRATIONS[version](doc)
        version = doc["format_version"]
    return doc


def save_game(state: GameState, path: str | os.PathLike, player: dict[str, Any] | None = None) -> Path:
    """Write ``state`` to ``path`` atomically (temporary file, fsync, rename). ``player`` is
    how the front end was playing (side, fog...), kept beside the state for the next load."""
    doc = {"format": FORMAT, "format_version": FORMAT_VERSION, "scenario_path": str(state.scenario.path),
           "fingerprint": dict(state.scenario.fingerprint), "state": state.to_dict(),
           # the game's order log and where it led, for a replay (engine/replay.py)
           "orders": state.orders, "state_hash": state.state_hash()}
    if player:
        doc["player"] = dict(player)
    return write_atomic(Path(path), json.dumps(doc, separators=(",", ":")).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a uniquely named temporary file, fsync and rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o644)  # as an ordinary file would be (mkstemp makes it private)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    return path


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def clean_stale_temps(folder: Path, max_age: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove temporary save files older than ``max_age`` seconds (left by a crash)."""
    removed = []
    now = time.time()
    for p in folder.glob(f"*.json*{TEMP_SUFFIX}"):
        try:
            if p.is_file() and not p.is_symlink() and now - p.stat().st_mtime > max_age:
                p.unlink()
                removed.append(p)
        except OSError:
            continue  # another game removed or renamed it meanwhile
    return removed


def read_save(path: str | os.PathLike, roots: Iterable[Path] | None = None) -> dict[str, Any]:
    """The save's document, migrated to the current format; SaveError if it is no save."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise SaveError(f"{path}: no such save file")
    try:
        doc = load_json(path, str(path), roots, MAX_SAVE_BYTES)
    except FileRefused as exc:
        raise SaveError(f"{exc} (not a usable save file)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("state"), dict):
        raise SaveError(f"{path}: not an August Storm save file")
    try:
        return migrate(doc)
    except ValueError as exc:
        raise SaveError(f"{path}: {exc}") from None


def changed_files(saved: Any, now: dict[str, str]) -> list[str]:
    """The scenario files whose fingerprint differs (all of them for an unrecorded one)."""
    if not isinstance(saved, dict):
        return ["(no fingerprint recorded: the scenario cannot be checked)"]
    return sorted(k for k in set(saved) | set(now) if saved.get(k) != now.get(k))


def describe_changes(scenario_id: str, saved: Any, now: dict[str, str], changed: list[str], done: str) -> str:
    """Why a game ``done`` (saved, recorded) with the fingerprint ``saved`` may not go on as it
    would have: the scenario's files that changed, the plugins that differ (engine/plugins.py)."""
    files = [k for k in changed if not k.startswith(PLUGIN)]
    others = [k for k in changed if k.startswith(PLUGIN)]
    before = saved if isinstance(saved, dict) else {}
    parts = []
    if files:
        parts.append(f"the scenario '{scenario_id}' has changed since this game was {done} ({', '.join(files)})")
    if others:
        parts.append(f"this game was {done} with other plugins than those installed now ("
                     + "; ".join(f"{k[len(PLUGIN):]}: {before.get(k) or 'not installed'} then, "
                                 f"{now.get(k) or 'not installed'} now" for k in others) + ")")
    return "; and ".join(parts)


def load_game(path: str | os.PathLike, roots: Iterable[Path] | None = None,
              allow_changed: bool = False) -> GameState:
    """Load a save. With ``roots`` the file must lie in one of those folders. A save whose
    scenario changed since raises :class:`ScenarioChanged` unless ``allow_changed``."""
    from .scenario import load_scenario
    from .state import GameState

    path = Path(path)
    doc = read_save(path, roots)
    st = doc["state"]
    ref = doc.get("scenario_path")
    if not isinstance(ref, str) or not ref or not (Path(ref) / "scenario.yaml").is_file():
        ref = st.get("scenario")  # the folder moved: fall back to the scenario id
    variants = st.get("variants", [])
    if not isinstance(ref, str) or not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise SaveError(f"{path}: the save names no scenario and variants")
    try:
        scn = load_scenario(ref, tuple(variants))
    except ScenarioLoadError as exc:
        raise SaveError(f"{path}: its scenario '{st.get('scenario')}' cannot be loaded:\n{exc}") from None
    changed = changed_files(doc.get("fingerprint"), scn.fingerprint)
    if changed and not allow_changed:
        why = describe_changes(scn.id, doc.get("fingerprint"), scn.fingerprint, changed, "saved")
        raise ScenarioChanged(f"{path}: {why}; the game may not go on as it would have", changed)
    try:
        state = GameState.from_dict(scn, st)
    except ValueError as exc:
        raise SaveError(f"{path}: {exc}") from None
    orders = doc.get("orders")
    # the order log goes on from the save only when the save holds it whole
    state.orders = orders if isinstance(orders, list) and all(isinstance(o, dict) for o in orders) else None
    return state
