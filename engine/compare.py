"""Two batches of computer games side by side: what a variant, a rule change or a difficulty does
to the course of the campaign, place by place.

``august-storm compare A.json B.json`` reads two ``simulate --json`` reports of the same
scenario. For each documented place it gives both batches' median dates and how far B's dates
moved from A's on average; when both batches played the same seeds each game is set against its
twin (same seed) and the games counted that came earlier, the same day or later. Then the
medians of victory points, turns and each side's losses. Why: a question such as "what did the
fuel crisis cost the tank army?" is answered by the difference between two batches, and a
median of whole days hides a shift of half a day that a mean over paired games shows.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from typing import TYPE_CHECKING, Any

from .history import game_date
from .report import quantile, summarize
from .state import LOSS_HEADINGS

if TYPE_CHECKING:
    from .scenario import Scenario

# a place whose mean date moves this much (days), or whose median or share of games taken moves
# at all, is marked
MARK_SHIFT = 0.5


def _days(scn: Scenario, event: str, place: str, run: dict[str, Any]) -> int | None:
    """Days after the scenario's start of the run's date for the documented ``event``."""
    g = game_date(event, place, run["captures"], run.get("reached"))
    return None if g is None else (dt.date.fromisoformat(g[:10]) - scn.start_date).days


def _median(values: list[int | None]) -> int | None:
    """The simulate summary's median (:func:`engine.report.quantile`), a game without the date
    counting as later than any: None ("never") when more than half the games lack it."""
    m = quantile(sorted(math.inf if v is None else v for v in values), 0.5)
    return None if m == math.inf else int(m)


def _place_row(scn: Scenario, place: str, event: str, a: list[dict], b: list[dict], paired: bool) -> dict[str, Any]:
    da = [_days(scn, event, place, r) for r in a]
    db = [_days(scn, event, place, r) for r in b]
    got_a, got_b = [d for d in da if d is not None], [d for d in db if d is not None]
    row: dict[str, Any] = {
        "place": place, "name": scn.map.places[place].name, "event": event,
        "median_a": _median(da), "median_b": _median(db),
        "taken_a": len(got_a) / len(a), "taken_b": len(got_b) / len(b),
        "mean_shift": (statistics.mean(got_b) - statistics.mean(got_a)) if got_a and got_b else None,
    }
    if paired:
        pairs = [(x, y) for x, y in zip(da, db, strict=True) if x is not None and y is not None]
        row["earlier"] = sum(1 for x, y in pairs if y < x)
        row["same"] = sum(1 for x, y in pairs if y == x)
        row["later"] = sum(1 for x, y in pairs if y > x)
        if pairs:
            row["mean_shift"] = statistics.mean(y - x for x, y in pairs)
    ma, mb = row["median_a"], row["median_b"]
    row["marked"] = (ma != mb or row["taken_a"] != row["taken_b"]
                     or (row["mean_shift"] is not None and abs(row["mean_shift"]) >= MARK_SHIFT))
    return row


def _medians(runs: list[dict], scn: Scenario) -> dict[str, Any]:
    """Median victory points, turns and losses of a batch, as the simulate summary gives them."""
    summary = summarize(runs, scn)
    return {"victory_points": summary["victory_points"], "turns": summary["turns_played"],
            "losses": summary["losses"]}


def compare_batches(a: dict[str, Any], b: dict[str, Any], scn: Scenario) -> dict[str, Any]:
    """The comparison of two checked ``simulate --json`` reports of ``scn`` (plain data)."""
    runs_a, runs_b = a["runs"], b["runs"]
    seeds_a, seeds_b = [r["seed"] for r in runs_a], [r["seed"] for r in runs_b]
    paired = sorted(seeds_a) == sorted(seeds_b) and len(set(seeds_a)) == len(seeds_a)
    if paired:  # twin by seed, whatever order the runs were written in
        order = {s: i for i, s in enumerate(seeds_a)}
        runs_b = sorted(runs_b, key=lambda r: order[r["seed"]])
    places = []
    if scn.history is not None:
        for place, ev in sorted(scn.history.first_events().items(), key=lambda kv: (kv[1].date, kv[0])):
            row = _place_row(scn, place, ev.event, runs_a, runs_b, paired)
            row["documented"] = (ev.date - scn.start_date).days
            places.append(row)
    return {
        "scenario": scn.id, "paired": paired,
        "a": {"label": label(a), "runs": len(runs_a), "seeds": seed_text(seeds_a), **_medians(runs_a, scn)},
        "b": {"label": label(b), "runs": len(runs_b), "seeds": seed_text(seeds_b), **_medians(runs_b, scn)},
        "places": places,
    }


def label(doc: dict[str, Any]) -> str:
    """What a batch was played with, in words: its variants, and its difficulty and policies
    where they are not the defaults."""
    variants = [v for v in doc.get("variants") or [] if isinstance(v, str)]
    words = [("variant " + ", ".join(variants)) if variants else "historical settings"]
    if isinstance(doc.get("difficulty"), str) and doc["difficulty"] != "normal":
        words.append(f"difficulty {doc['difficulty']}")
    policy = doc.get("policy")
    if isinstance(policy, dict) and any(p != "ai" for p in policy.values()):
        words.append(", ".join(f"{s} {p}" for s, p in sorted(policy.items()) if isinstance(p, str)))
    return "; ".join(words)


def seed_text(seeds: list[int]) -> str:
    """Seeds as ranges: "0-39", "0-9, 20"."""
    spans: list[list[int]] = []
    for s in sorted(set(seeds)):
        if spans and spans[-1][1] == s - 1:
            spans[-1][1] = s
        else:
            spans.append([s, s])
    return ", ".join(f"{lo}" if lo == hi else f"{lo}-{hi}" for lo, hi in spans)


def _day(scn: Scenario, days: int | None) -> str:
    return "never" if days is None else (scn.start_date + dt.timedelta(days=days)).strftime("%d %b")


def format_comparison(c: dict[str, Any], scn: Scenario) -> str:
    """A terminal table of :func:`compare_batches`' result."""
    a, b = c["a"], c["b"]
    lines = [f"{scn.name}: A against B",
             f"  A: {a['label']} ({a['runs']} games, seeds {a['seeds']})",
             f"  B: {b['label']} ({b['runs']} games, seeds {b['seeds']})"]
    lines.append("  the same seeds: each game is set against its twin" if c["paired"] else
                 "  different seeds: the batches are compared as wholes (no game-by-game counts)")
    if c["places"]:
        lines += ["", f"{'place':20} {'event':11} {'documented':>10} {'A median':>9} {'B median':>9} "
                      f"{'B-A mean':>9}" + (f"  {'earlier/same/later':>18}" if c["paired"] else "")]
        for p in c["places"]:
            shift = "-" if p["mean_shift"] is None else f"{p['mean_shift']:+.2f}"
            line = (f"{p['name'][:20]:20} {p['event']:11} {_day(scn, p['documented']):>10} "
                    f"{_day(scn, p['median_a']):>9} {_day(scn, p['median_b']):>9} {shift:>9}")
            if c["paired"]:
                line += f"  {p['earlier']:>6}/{p['same']}/{p['later']}".ljust(20)
            if p["taken_a"] != p["taken_b"]:
                line = line.rstrip() + f"  taken in {p['taken_a']:.0%} -> {p['taken_b']:.0%} of games"
            lines.append(line.rstrip() + ("  *" if p["marked"] else ""))
        lines.append(f"* the median or the share of games moved, or the mean by {MARK_SHIFT} days or more")
    lines += ["", f"{'medians':34} {'A':>10} {'B':>10}"]
    lines.append(f"{'turns':34} {a['turns']:>10g} {b['turns']:>10g}")
    for s in scn.side_order:
        name = scn.sides[s]["name"]
        va, vb = a["victory_points"][s], b["victory_points"][s]
        lines.append(f"{(name + ' victory points')[:34]:34} {va:>10g} {vb:>10g}")
        for k in LOSS_HEADINGS:
            va, vb = a["losses"][s][k], b["losses"][s][k]
            if va or vb:
                what = "combat losses" if k == "men" else k
                lines.append(f"{(name + ' ' + what)[:34]:34} {va:>10,.0f} {vb:>10,.0f}")
    return "\n".join(lines)
