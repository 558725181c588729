"""Saving and loading games as JSON files.

A save names its scenario (id and folder) and variants and holds the serialised state. A bad
file never crashes the caller: :func:`load_game` raises :class:`SaveError` with the file and
the reason. Saves are written to a temporary file first and renamed, so a crash while saving
cannot destroy the previous save.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .yamlio import ScenarioLoadError

if TYPE_CHECKING:
    from .state import GameState

FORMAT = "august-storm-save"


class SaveError(Exception):
    """A save file that cannot be read; the message names the file and the problem."""


def save_game(state: "GameState", path: str | os.PathLike) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"format": FORMAT, "scenario_path": str(state.scenario.path), "state": state.to_dict()}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_game(path: str | os.PathLike) -> "GameState":
    from .scenario import load_scenario
    from .state import GameState

    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SaveError(f"{path}: cannot read the file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise SaveError(f"{path}: not a save file (broken JSON at line {exc.lineno}: {exc.msg})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("state"), dict):
        raise SaveError(f"{path}: not an August Storm save file")
    st = doc["state"]
    ref = doc.get("scenario_path")
    if not ref or not Path(ref).is_dir():
        ref = st.get("scenario")  # the folder moved: fall back to the scenario id
    try:
        scn = load_scenario(str(ref), tuple(st.get("variants", [])))
    except ScenarioLoadError as exc:
        raise SaveError(f"{path}: its scenario '{st.get('scenario')}' cannot be loaded:\n{exc}") from None
    try:
        return GameState.from_dict(scn, st)
    except ValueError as exc:
        raise SaveError(f"{path}: {exc}") from None
