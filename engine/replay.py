"""Replays: a game is its scenario, its seed and its orders, so it can be played again exactly.

Every order carried out through :func:`engine.orders.execute` joins the state's order log
(``GameState.orders``). :func:`write_replay` stores the scenario (id, folder, variants and the
fingerprint of its files), the seed, the log and the state hash reached; :func:`replay` starts a
new game with the same seed and carries out the same orders, one by one, so the same engine
reaches the same state, hash for hash. A replay file is untrusted like a save: it is read within
bounds, each order is rebuilt and checked by the engine, and an order the engine refuses or a
different final hash is a :class:`ReplayError`, never a crash. :func:`steps` yields the game
after each order, for stepping through a replay.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .safefile import MAX_SAVE_BYTES, FileRefused, load_json
from .saves import FORMAT as SAVE_FORMAT

if TYPE_CHECKING:
    from .state import GameState

FORMAT = "august-storm-replay"
FORMAT_VERSION = 1
MAX_ORDERS = 1_000_000  # a whole campaign gives some tens of thousands


class ReplayError(Exception):
    """A replay that cannot be read or that does not play out as recorded."""


def replay_doc(state: GameState) -> dict[str, Any]:
    """The replay of a game as plain data; ReplayError when its order log is incomplete."""
    if state.orders is None:
        raise ReplayError("this game's order log is incomplete (it was loaded from a save without one), "
                          "so it cannot be replayed")
    scn = state.scenario
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "scenario": scn.id, "scenario_path": str(scn.path),
            "variants": list(scn.variants), "fingerprint": dict(scn.fingerprint), "seed": state.seed,
            "orders": list(state.orders), "turn": state.turn, "state_hash": state.state_hash()}


def write_replay(state: GameState, path: str | os.PathLike) -> Path:
    """Write the replay of ``state``'s game (atomically, like a save)."""
    from .saves import write_atomic

    return write_atomic(Path(path), json.dumps(replay_doc(state), separators=(",", ":")).encode("utf-8"))


def read_replay(path: str | os.PathLike) -> dict[str, Any]:
    """A replay file's document, checked for its shape; ReplayError with the reason."""
    try:
        doc = load_json(path, str(path), None, MAX_SAVE_BYTES)
    except FileRefused as exc:
        raise ReplayError(f"{exc} (not a usable replay file)") from None
    if isinstance(doc, dict) and doc.get("format") == SAVE_FORMAT:
        doc = _from_save(doc, path)
    return check_replay_doc(doc, path)


def check_replay_doc(doc: Any, path: Any) -> dict[str, Any]:
    """A replay document checked for its shape (``path`` names it in messages); ReplayError."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ReplayError(f"{path}: neither an August Storm replay nor a save file")
    if doc.get("format_version") != FORMAT_VERSION:
        raise ReplayError(f"{path}: replay format {doc.get('format_version')!r} is not {FORMAT_VERSION}")
    orders, seed = doc.get("orders"), doc.get("seed")
    if not isinstance(orders, list) or len(orders) > MAX_ORDERS:
        raise ReplayError(f"{path}: 'orders' must be a list of at most {MAX_ORDERS:,} orders")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ReplayError(f"{path}: 'seed' must be a whole number from 0")
    variants = doc.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise ReplayError(f"{path}: 'variants' must be a list of names")
    if not isinstance(doc.get("scenario"), str):
        raise ReplayError(f"{path}: the replay names no scenario")
    return doc


def _from_save(doc: dict[str, Any], path: Any) -> dict[str, Any]:
    """A save holds its game's seed and order log: the replay of the game up to the save."""
    st: dict[str, Any] = doc["state"] if isinstance(doc.get("state"), dict) else {}
    if not isinstance(doc.get("orders"), list):
        raise ReplayError(f"{path}: this save holds no order log (saved by an older game), so it cannot be replayed")
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "scenario": st.get("scenario"),
            "scenario_path": doc.get("scenario_path"), "variants": st.get("variants", []),
            "fingerprint": doc.get("fingerprint"), "seed": st.get("seed"), "orders": doc["orders"],
            "turn": st.get("turn"), "state_hash": doc.get("state_hash")}


def _scenario_of(doc: dict[str, Any], allow_changed: bool) -> Any:
    from .saves import changed_files, describe_changes
    from .scenario import load_scenario
    from .yamlio import ScenarioLoadError

    ref = doc.get("scenario_path")
    if not isinstance(ref, str) or not (Path(ref) / "scenario.yaml").is_file():
        ref = doc["scenario"]
    try:
        scn = load_scenario(ref, tuple(doc.get("variants", [])))
    except ScenarioLoadError as exc:
        raise ReplayError(f"the replay's scenario '{doc['scenario']}' cannot be loaded:\n{exc}") from None
    changed = changed_files(doc.get("fingerprint"), scn.fingerprint)
    if changed and not allow_changed:
        raise ReplayError(f"{describe_changes(scn.id, doc.get('fingerprint'), scn.fingerprint, changed, 'recorded')}"
                          ": the replay would not play out the same")
    return scn


def steps(doc: dict[str, Any], allow_changed: bool = False) -> Iterator[tuple[int, dict[str, Any], GameState]]:
    """The replayed game after each order: ``(index, order, state)``; the state is the same
    object throughout (copy it to keep a step). ReplayError when an order is refused."""
    from .orders import execute, order_from_dict
    from .scenario import new_game

    state = new_game(_scenario_of(doc, allow_changed), doc["seed"])
    yield -1, {}, state
    for i, plain in enumerate(doc["orders"]):
        try:
            order = order_from_dict(plain)
            res = execute(state, order)
        except (ValueError, TypeError, KeyError) as exc:
            raise ReplayError(f"order {i + 1} ({str(plain)[:80]}) is malformed: {exc}") from None
        if not res.ok:
            raise ReplayError(f"order {i + 1} ({str(plain)[:80]}) was refused on turn {state.turn}: {res.reason}; "
                              "the replay does not play out as recorded")
        yield i, plain, state


def replay(doc: dict[str, Any], allow_changed: bool = False) -> GameState:
    """Play the recorded game again; ReplayError when it does not reach the recorded hash."""
    state = None
    for _, _, step_state in steps(doc, allow_changed):
        state = step_state
    assert state is not None
    if isinstance(doc.get("state_hash"), str) and state.state_hash() != doc["state_hash"]:
        raise ReplayError(f"the replay ends in state {state.state_hash()[:12]}, not the recorded "
                          f"{doc['state_hash'][:12]}: the game did not play out the same")
    return state
