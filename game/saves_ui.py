"""The map screen's saving and loading: F5/F9, Ctrl+S, the autosave on quitting, the load list
(L) and adopting a loaded game. Functions of :class:`game.app.GameUI`, bound as its methods;
where the files live and how they are read is :mod:`game.saves_folder`.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from engine.saves import SaveError
from engine.state import GameState

from .saves_folder import AUTO, QUICK, list_saves, new_name, player_of, read, saves_dir, write
from .screens.loadlist import LoadList

if TYPE_CHECKING:  # the screen these functions act on (game.app imports this module)
    from .app import GameUI


def quick_save(ui: GameUI) -> None:
    """F5: save to the quick-save file."""
    ui._save(QUICK)


def save_as(ui: GameUI) -> None:
    """Ctrl+S: save to a new file named after the scenario, turn and time."""
    ui._save(new_name(ui.state))


def player(ui: GameUI) -> dict:
    """How this game is being played, saved with it so a load plays it the same way."""
    return {"side": ui.mode, "fog": ui.fog, "difficulty": ui.difficulty}


def _save(ui: GameUI, name: str) -> None:
    try:
        path = write(ui.state, name, ui.player())
        ui.status = f"saved to {path}"
    except OSError as exc:
        ui.status = f"could not save: {exc}"


def save_on_quit(ui: GameUI) -> bool:
    """Save the game being left to the autosave file (L lists it); False, with the reason in
    the status line, when it cannot be written. A finished game has nothing left to save."""
    if ui.state.over:
        return True
    try:
        write(ui.state, AUTO, ui.player())
        return True
    except OSError as exc:
        ui.status = f"could not save before quitting: {exc} (N quits without saving)"
        return False


def quick_load(ui: GameUI) -> bool:
    """F9: load the quick-save file."""
    return ui.load(saves_dir() / QUICK)


def open_load_list(ui: GameUI) -> None:
    """L: show the saved games to pick one."""
    ui.load_list = LoadList(list_saves())
    ui.modal = "loads"


def load(ui: GameUI, path: str | Path) -> bool:
    """Load a save; a bad file leaves the running game as it was and says why."""
    try:
        loaded = read(path)
    except SaveError as exc:
        # the reason in full, the file by its name (the folder is shown in the load list)
        reason = " ".join(str(exc).replace(str(path), Path(path).name, 1).split())
        ui.status = "could not load " + reason
        return False
    ui.adopt(loaded, player_of(path))
    ui.carry_out_standing()  # a save from the start of a day: its standing orders are still due
    ui.status = f"loaded {Path(path).name}"
    return True


def adopt(ui: GameUI, state: GameState, player: dict | None = None) -> None:
    """Make ``state`` the running game (after a load), played as the save says (``player``:
    side, fog, difficulty) where it says so."""
    s = state.scenario
    player = player or {}
    if player.get("side") in list(s.side_order) + ["both", "watch"]:
        ui.mode = player["side"]
    ui.fog = player.get("fog", ui.fog)
    ui.difficulty = player.get("difficulty", ui.difficulty)
    if s.id == ui.scn.id and tuple(s.variants) == tuple(ui.scn.variants) \
            and Path(s.path).resolve() == Path(ui.scn.path).resolve():
        orders = state.orders
        state = GameState.from_dict(ui.scn, state.to_dict())  # keep our scenario and its caches
        state.orders = orders  # the order log of the save, for a replay
        ui.state = state
        ui._end_shown = state.over
        ui._autosaved_turn = state.turn
    else:
        if ui.mode not in list(s.side_order) + ["both", "watch"]:
            ui.mode = "watch"
        ui._setup(s, state)
    ui.undo_stack.clear("a game was loaded")
    ui.enemy_turn = None  # it told of the game that was left
    ui.modal = None
    ui.play_computer()
    ui._changed()
    ui.deselect()
    if ui._hot_seat_hidden():
        ui.modal = "handover"

