"""What an after-action report holds, gathered as plain data from a game or from a batch.

A game (a save or a replay) is played again from its seed and orders (:func:`engine.replay.steps`),
so the report can follow it day by day: at the start of each turn it notes the date, each side's
men in the field and the places each side holds, and it hands the state to ``on_turn`` (the front
end draws the map snapshots there). A batch report (``simulate --json``) is recomputed from its
runs with :func:`engine.report.summarize`, so the figures shown are the scenario's, not whatever
the file's summary claims. Both files are untrusted: their shapes are checked and a bad file is a
:class:`ReportError` naming the problem.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..history import compare_captures
from ..replay import ReplayError, steps
from ..sources import citations

if TYPE_CHECKING:
    from ..scenario import Scenario
    from ..state import GameState

RUN_KEYS = {"seed": int, "turns_played": int, "captures": dict, "losses": dict, "victory_points": dict}
MAX_RUNS = 10_000


class ReportError(Exception):
    """A file an after-action report cannot be made from, and why."""


def day_row(state: GameState) -> dict[str, Any]:
    """One day of the game: its date and, per side, the men in the field, the places held and the men
    lost so far (in combat or taken prisoner)."""
    scn = state.scenario
    places = {s: 0 for s in scn.side_order}
    for p in scn.map.places.values():
        holder = state.control.get(p.hex)
        if holder in places:
            places[holder] += 1
    men = {s: sum(u.men for u in state.units.values() if u.side == s) for s in scn.side_order}
    lost = {s: state.losses.get(s, {}).get("men", 0) + state.losses.get(s, {}).get("captured", 0)
            for s in scn.side_order}
    return {"turn": state.turn, "date": state.date.isoformat(), "men": men, "places": places, "lost": lost}


def cited_works(scn: Scenario, sources: list[Any]) -> list[Any]:
    """The bibliography entries the given source texts cite, in the order first cited."""
    bib = scn.bibliography or {}
    keys: dict[str, None] = {}  # ordered set: a text citing one work twice lists it once
    for s in sources:
        keys.update((k, None) for k in citations(s) if k in bib)
    return [bib[k] for k in keys]


def history_sources(scn: Scenario) -> list[Any]:
    """Every source text of the scenario's history file (dates, losses and timeline) and of its
    briefings."""
    briefed = [s["source"] for b in (scn.briefings or {}).values() for s in b["sections"]]
    h = scn.history
    if h is None:
        return briefed
    return ([c.source for c in h.captures] + [v.get("source") for v in h.losses.values()]
            + [t["source"] for t in h.timeline] + briefed)


def yardstick_rows(scn: Scenario, losses: Mapping[str, Mapping[str, float]]) -> list[dict[str, Any]]:
    """Each documented range of losses beside the game's figure under the same heading."""
    rows = []
    for y in scn.history.yardsticks if scn.history else []:
        game = losses.get(y["side"], {}).get(y["heading"], 0)
        verdict = "within" if y["low"] <= game <= y["high"] else ("below" if game < y["low"] else "above")
        rows.append({**y, "side_name": scn.sides[y["side"]]["name"], "game": game, "verdict": verdict})
    return rows


def game_report(doc: dict[str, Any], allow_changed: bool = False,
                on_turn: Callable[..., None] | None = None) -> dict[str, Any]:
    """Play a replay document (:func:`engine.replay.read_replay`) again and gather its report;
    ``on_turn(state)`` is called at the start of every turn and ``on_turn(state, final=True)``
    at the end."""
    days: list[dict[str, Any]] = []
    state = None
    try:
        for _, _, state in steps(doc, allow_changed):
            if not days or days[-1]["turn"] != state.turn:
                days.append(day_row(state))
                if on_turn is not None:
                    on_turn(state)
    except ReplayError as exc:
        raise ReportError(str(exc)) from None
    assert state is not None
    if on_turn is not None:
        on_turn(state, final=True)
    return state_report(state, days)


def state_report(state: GameState, days: list[dict[str, Any]]) -> dict[str, Any]:
    """The report of a game in ``state`` (played to its end or not) with its ``days``."""
    scn = state.scenario
    log_sources = [e.get("source") for e in state.log if e["kind"] in ("event", "timeline")]
    losses = {s: dict(state.losses.get(s, {})) for s in scn.side_order}
    return {
        "kind": "game", "scenario": scn, "seed": state.seed, "turn": state.turn, "date": state.date.isoformat(),
        "over": state.over, "winner": scn.sides[state.winner]["name"] if state.winner else None,
        "end_reason": state.end_reason, "days": days, "losses": losses,
        "documented_losses": dict(scn.history.losses) if scn.history else {},
        "dates": compare_captures(scn.history, state.captures, state.reached) if scn.history else None,
        "yardsticks": yardstick_rows(scn, losses),
        "works": cited_works(scn, history_sources(scn) + log_sources),
    }


def check_runs(doc: Any) -> list[dict[str, Any]]:
    """The runs of a ``simulate --json`` report, each checked for the fields the report reads."""
    runs = doc.get("runs") if isinstance(doc, dict) else None
    if not isinstance(runs, list) or not runs or len(runs) > MAX_RUNS:
        raise ReportError(f"'runs' must be a list of 1 to {MAX_RUNS:,} games")
    for i, r in enumerate(runs):
        if not isinstance(r, dict):
            raise ReportError(f"run {i + 1} is not a mapping")
        for k, kind in RUN_KEYS.items():
            if not isinstance(r.get(k), kind) or isinstance(r.get(k), bool):
                raise ReportError(f"run {i + 1}: '{k}' must be a {kind.__name__}")
        if not isinstance(r.get("reached", {}), dict):
            raise ReportError(f"run {i + 1}: 'reached' must be a dict")
        for name in ("captures", "reached"):
            for place, date in (r.get(name) or {}).items():
                if not isinstance(date, str) or not _is_date(date):
                    raise ReportError(f"run {i + 1}: {name}.{str(place)[:40]} is not a date (YYYY-MM-DD)")
        r.setdefault("winner", None)
    return runs


def check_batch(doc: Any, scn: Scenario) -> list[dict[str, Any]]:
    """:func:`check_runs`, and every run with losses and victory points for each side of ``scn``."""
    runs = check_runs(doc)
    for i, r in enumerate(runs):
        missing = [s for s in scn.side_order if not isinstance(r["losses"].get(s), dict)
                   or not isinstance(r["victory_points"].get(s), (int, float))]
        if missing:
            raise ReportError(f"run {i + 1}: no losses or victory points for {', '.join(missing)}")
        for s in scn.side_order:
            bad = [k for k, v in r["losses"][s].items() if not isinstance(v, (int, float)) or isinstance(v, bool)]
            if bad:
                raise ReportError(f"run {i + 1}: losses of {s}: {str(bad[0])[:40]} is not a number")
    return runs


def _is_date(s: str) -> bool:
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def batch_report(doc: dict[str, Any], scn: Scenario) -> dict[str, Any]:
    """The report of a batch of computer games: the distribution of dates against history."""
    from ..report import summarize

    runs = check_batch(doc, scn)
    try:
        summary = summarize(runs, scn)
    except (TypeError, ValueError, KeyError) as exc:
        raise ReportError(f"the runs cannot be summed up: {exc}") from None
    dates = {p["place"]: sorted(g for r in runs if (g := _game_date(scn, p["place"], p["event"], r)))
             for p in summary.get("places", [])}
    return {"kind": "batch", "scenario": scn, "runs": runs, "summary": summary, "game_dates": dates,
            "yardsticks": yardstick_rows(scn, summary["losses"]),
            "documented_losses": dict(scn.history.losses) if scn.history else {},
            "works": cited_works(scn, history_sources(scn))}


def _game_date(scn: Scenario, place: str, event: str, run: dict[str, Any]) -> str | None:
    from ..history import game_date

    return game_date(event, place, run["captures"], run.get("reached"))


def read_input(path: str) -> tuple[str, dict[str, Any]]:
    """What a file holds: ("game", replay document) for a save or a replay, ("batch", report)
    for a ``simulate --json`` report; ReportError naming the problem otherwise."""
    from ..replay import FORMAT, read_replay
    from ..safefile import MAX_SAVE_BYTES, FileRefused, load_json
    from ..saves import FORMAT as SAVE_FORMAT

    try:
        doc = load_json(path, str(path), None, MAX_SAVE_BYTES)
    except FileRefused as exc:
        raise ReportError(str(exc)) from None
    if isinstance(doc, dict) and doc.get("format") in (FORMAT, SAVE_FORMAT):
        try:
            return "game", read_replay(path)
        except ReplayError as exc:
            raise ReportError(str(exc)) from None
    if isinstance(doc, dict) and "runs" in doc and isinstance(doc.get("scenario"), str):
        return "batch", doc
    raise ReportError(f"{path}: neither a save, a replay nor a `simulate --json` report")
