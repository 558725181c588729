"""Map snapshots and the HTML after-action report, written by ``august-storm report`` and by the
result screen (key H).

The game is played again from its seed and orders (:func:`engine.aar.game_report`); at the start
of each chosen turn, and at the end, the map is drawn headless with the game's own renderer (a
:class:`game.app.GameUI` watching, the whole map in view, no fog) and kept as PNG bytes, cropped
to the map (no side panel). The caller hands in the screen class: the map screen itself writes
reports (key H), so this module cannot import it.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame

SNAPSHOT_SIZE = (1100, 760)
DEFAULT_SNAPSHOTS = 6

# makes the screen that draws a map: ``screen(scenario, state, side="watch", view=size)`` (game.app.GameUI)
Screen = Callable[..., Any]


def chosen_turns(last_turn: int, count: int) -> set[int]:
    """``count`` turns spread evenly from the first to the one before ``last_turn`` (the last
    day is drawn anyway, at the end of the record)."""
    if count <= 1 or last_turn <= 2:
        return {1}
    return {1 + round(i * (last_turn - 2) / (count - 1)) for i in range(count)}


class Snapshots:
    """Draws the map of a game with ``screen`` when it is handed a state; ``shots`` holds
    (caption, PNG bytes)."""

    def __init__(self, screen: Screen, turns: set[int], size: tuple[int, int] = SNAPSHOT_SIZE) -> None:
        self.screen, self.turns, self.size = screen, turns, size
        self.shots: list[tuple[str, bytes]] = []
        self.ui: Any = None

    def __call__(self, state: Any, final: bool = False) -> None:
        if final or state.turn in self.turns:
            when = ("the end of the game" if state.over else "where the record ends" if final
                    else "before the first move")
            self.shots.append((f"{state.date:%d %B %Y}, turn {state.turn}, {when}", self.draw(state)))

    def draw(self, state: Any) -> bytes:
        pygame.font.init()
        surf = pygame.Surface(self.size)
        if self.ui is None or self.ui.state is not state:
            self.ui = self.screen(state.scenario, state, side="watch", view=self.size)
            self.ui.camera.fit()
        self.ui.refresh()  # the replayed state changed in place: draw it anew
        self.ui.modal = None
        self.ui.draw(surf)
        out = io.BytesIO()
        pygame.image.save(surf.subsurface(self.crop()), out, "snapshot.png")
        return out.getvalue()

    def crop(self) -> pygame.Rect:
        """The part of the map area the map covers (with a small margin): the rest is background."""
        ui = self.ui
        x0, y0, x1, y1 = ui.map.bounds
        z = ui.camera.zooms[ui.camera.zoom_i]
        ox, oy = ui.camera.origin
        r = pygame.Rect(round(ox + x0 * z), round(oy + y0 * z), round((x1 - x0) * z), round((y1 - y0) * z))
        return r.inflate(16, 16).clip(ui.camera.map_rect()) or ui.camera.map_rect()


def write_report(path: str, out: str, screen: Screen, snapshots: int = DEFAULT_SNAPSHOTS,
                 allow_changed: bool = False, size: tuple[int, int] = SNAPSHOT_SIZE) -> str:
    """Write the HTML report of the save, replay or simulate report at ``path`` to ``out``, its
    maps drawn by ``screen``; returns what was written, in words. ReportError for a file it
    cannot use."""
    from engine.aar import ReportError, batch_html, batch_report, game_html, game_report
    from engine.aar.data import read_input
    from engine.scenario import load_scenario
    from engine.yamlio import ScenarioLoadError

    kind, doc = read_input(path)
    if kind == "batch":
        try:
            scn = load_scenario(doc["scenario"], tuple(v for v in doc.get("variants", []) if isinstance(v, str)))
        except ScenarioLoadError as exc:
            raise ReportError(f"the report's scenario '{doc['scenario']}' cannot be loaded:\n{exc}") from None
        report = batch_report(doc, scn)
        html = batch_html(report)
        what = f"{len(report['runs'])} games of {scn.id}"
    else:
        turn = doc.get("turn")
        last = turn if isinstance(turn, int) else 1
        shots = Snapshots(screen, chosen_turns(last, snapshots), size) if snapshots else None
        report = game_report(doc, allow_changed, shots)
        html = game_html(report, shots.shots if shots else [])
        what = f"a game of {report['scenario'].id} to turn {report['turn']}, {len(shots.shots) if shots else 0} maps"
    Path(out).write_text(html, encoding="utf-8")
    return what


def report_path(state: Any) -> Path:
    """Where the result screen writes a game's report: the reports folder beside the saves."""
    from .saves_folder import data_dir

    return data_dir() / "reports" / f"{state.scenario.id}-seed{state.seed}-turn{state.turn}.html"


def save_report(state: Any, screen: Screen, snapshots: int = DEFAULT_SNAPSHOTS) -> str:
    """The result screen's H: write the report of the game on screen (its maps drawn by
    ``screen``, the map screen's class); returns what to tell the
    player. The game is replayed from its order log for the maps and the days; a game loaded
    from a save without its log gets a report of where it stands, with one map."""
    from engine.aar import ReportError, game_html, game_report, state_report
    from engine.replay import ReplayError, replay_doc

    out = report_path(state)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            shots = Snapshots(screen, chosen_turns(state.turn, snapshots))
            report = game_report(replay_doc(state), on_turn=shots)
        except (ReplayError, ReportError):  # no order log, or the scenario changed: today only
            shots = Snapshots(screen, set())
            shots(state, final=True)
            report = state_report(state, [])
        out.write_text(game_html(report, shots.shots), encoding="utf-8")
    except OSError as exc:
        return f"the report could not be written: {exc.strerror or exc}"
    return f"after-action report written to {out}"
