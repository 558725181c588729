"""Where saves live and how the game writes, lists and reads them (no screen here: the load list
and the map screen's save keys, :mod:`game.saves_ui`, build on this).

The folder is ``$AUGUST_STORM_DATA/saves`` when that variable is set (tests use it), else the
platform's user data folder: ``$XDG_DATA_HOME/august-storm/saves`` or
``~/.local/share/august-storm/saves`` on Linux, ``%APPDATA%/august-storm/saves`` on Windows and
``~/Library/Application Support/august-storm/saves`` on macOS. Files are the engine's JSON
saves (:mod:`engine.saves`): ``quicksave.json`` (F5/F9), ``autosave.json`` (written at the
start of each new turn) and ``save-<scenario>-t<turn>-<time>.json`` (Ctrl+S). Reading a bad
file raises :class:`engine.saves.SaveError`; nothing here touches the running game.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.saves import SaveError, ScenarioChanged, load_game, read_save, save_game
from engine.state import GameState

if TYPE_CHECKING:
    from .screens.start import ScenarioInfo

QUICK = "quicksave.json"
AUTO = "autosave.json"


def data_dir() -> Path:
    """The game's user data folder for this platform (``AUGUST_STORM_DATA`` overrides it)."""
    override = os.environ.get("AUGUST_STORM_DATA")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "august-storm"


def saves_dir() -> Path:
    return data_dir() / "saves"


def write(state: GameState, name: str, player: dict | None = None) -> Path:
    """Save ``state`` as ``name`` in the saves folder, with how it was being played (``player``:
    side, fog, difficulty); OSError if the folder is not writable."""
    return save_game(state, saves_dir() / name, player)


def player_of(path: str | os.PathLike) -> dict:
    """How a save was being played: {"side", "fog", "difficulty"}, each only when the file
    records it in a usable form (saves from before this was kept record nothing)."""
    try:
        doc = read_save(path, [saves_dir()])
    except SaveError:
        return {}
    p = doc.get("player")
    if not isinstance(p, dict):
        return {}
    from engine.ai.judgement import DIFFICULTIES

    kinds = {"side": str, "fog": bool, "difficulty": str}
    out = {k: p[k] for k, t in kinds.items() if isinstance(p.get(k), t)}
    if out.get("difficulty") not in DIFFICULTIES:  # a hand-edited level would stop the computer player
        out.pop("difficulty", None)
    return out


def new_name(state: GameState) -> str:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"save-{state.scenario.id}-t{state.turn:02d}-{stamp}.json"


# saves whose scenario changed and whose warning the player has seen: (path, mtime) pairs
_warned: set[tuple[str, float]] = set()


def read(path: str | os.PathLike) -> GameState:
    """Load a save from the saves folder; raises SaveError with the file and the reason. A save
    of a scenario that changed since is refused once with a warning (ScenarioChanged); asking
    for the same file again loads it anyway."""
    p = Path(path)
    try:
        key = (str(p.resolve()), p.stat().st_mtime)
    except OSError:
        key = (str(p), 0.0)
    try:
        return load_game(p, roots=[saves_dir()], allow_changed=key in _warned)
    except ScenarioChanged as exc:
        _warned.add(key)
        raise ScenarioChanged(f"{exc}. Load it again to go on anyway.", exc.changed) from None


@dataclass(frozen=True)
class SaveInfo:
    """One line of the load list: what the file says about itself, or why it is unreadable."""

    path: Path
    modified: dt.datetime
    summary: str
    ok: bool


def _scenario_info(ref: str, folder: object) -> ScenarioInfo | None:
    """The start screen's record of a saved game's scenario (name, sides), read from the folder
    the save names, else found by its id; None when neither is there."""
    from .screens.start import find_scenarios, read_scenario_info  # the screens import this module

    if isinstance(folder, str) and folder and (Path(folder) / "scenario.yaml").is_file():
        info = read_scenario_info(ref, Path(folder))
        return info if not isinstance(info, str) else None  # a str: why the folder is unreadable
    return next((s for s in find_scenarios(skipped=[]) if s.ref == ref), None)


def _summary(path: Path) -> tuple[str, bool]:
    """A one-line description read from the file (the full load happens on choice): the
    scenario, the side it was played as, the date and turn."""
    try:
        doc = read_save(path, [saves_dir()])
    except SaveError as exc:
        reason = str(exc).replace(str(path), "", 1).lstrip(":").strip()
        return f"unreadable: {reason[:80]}", False
    st = doc["state"]
    ref = str(st.get("scenario"))[:40]
    info = _scenario_info(ref, doc.get("scenario_path"))
    side = player_of(path).get("side")
    sides = dict(info.sides) if info else {}
    played = {"both": "hot-seat", "watch": "watching"}.get(str(side)) or (f"as {sides.get(side, side)}" if side else "")
    try:
        day = f"{dt.date.fromisoformat(str(st.get('date'))):%d %b %Y}"
    except ValueError:
        day = str(st.get("date"))[:12]
    bits = [info.name[:40] if info else ref] + ([played] if played else []) + [f"{day}, turn {str(st.get('turn'))[:6]}"]
    if st.get("over") is True:
        bits.append("game over")
    return "  ·  ".join(bits), True


def list_saves(limit: int = 30) -> list[SaveInfo]:
    """Saves in the folder, newest first."""
    folder = saves_dir()
    if not folder.is_dir():
        return []
    stamped = []
    for p in folder.glob("*.json"):
        try:  # a file may vanish meanwhile (another game renaming its save)
            if p.is_file():
                stamped.append((p.stat().st_mtime, p))
        except OSError:
            continue
    out = []
    for mtime, p in sorted(stamped, key=lambda x: x[0], reverse=True)[:limit]:
        summary, ok = _summary(p)
        out.append(SaveInfo(p, dt.datetime.fromtimestamp(mtime), summary, ok))
    return out


__all__ = ["AUTO", "QUICK", "SaveError", "SaveInfo", "data_dir", "list_saves", "new_name", "player_of",
           "read", "saves_dir", "write"]
