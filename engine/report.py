"""Summaries of computer-against-computer batches, compared with the documented course of the war.

For each documented place: the median simulated date against the documented date, the spread
(quartiles) and how often it was reached at all (a documented "reached" is matched by the game's
first contact with the place, an attack or troops next to its garrison, or its capture, whichever
came first; "taken" and "surrendered" by the capture); for each side: results, victory points
and losses against the documented figures in the scenario's history file.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from typing import TYPE_CHECKING, Any

from .history import game_date
from .state import LOSS_HEADINGS

if TYPE_CHECKING:
    from .scenario import Scenario


def quantile(sorted_vals: list[float], q: float) -> float:
    """Nearest-rank quantile that treats 'never' (inf) as larger than any day."""
    if not sorted_vals:
        return math.inf
    i = min(len(sorted_vals) - 1, max(0, math.ceil(q * len(sorted_vals)) - 1))
    return sorted_vals[i]


def summarize(runs: list[dict[str, Any]], scn: Scenario) -> dict[str, Any]:
    """A plain-data summary of a batch (JSON-ready)."""
    start = scn.start_date
    out: dict[str, Any] = {"runs": len(runs)}
    out["winners"] = {w or "none": sum(1 for r in runs if r["winner"] == w) for w in
                      sorted({r["winner"] for r in runs}, key=lambda x: x or "")}
    out["victory_points"] = {s: statistics.median(r["victory_points"][s] for r in runs) for s in scn.side_order}
    out["turns_played"] = statistics.median(r["turns_played"] for r in runs)
    losses = {}
    for s in scn.side_order:
        # "deserted" is absent from reports written before desertion was modelled
        losses[s] = {k: statistics.median(r["losses"][s].get(k, 0) for r in runs) for k in LOSS_HEADINGS}
    out["losses"] = losses
    if scn.history is None:
        return out
    places = []
    for place, ev in sorted(scn.history.first_events().items(), key=lambda kv: (kv[1].date, kv[0])):
        date = ev.date
        game = [game_date(ev.event, place, r["captures"], r.get("reached")) for r in runs]
        days = sorted((dt.date.fromisoformat(g) - start).days if g else math.inf for g in game)
        doc_day = (date - start).days
        med = quantile(days, 0.5)
        places.append({
            "place": place, "name": scn.map.places[place].name, "event": ev.event,
            "documented": date.isoformat(),
            "median": None if med == math.inf else (start + dt.timedelta(days=med)).isoformat(),
            "median_days_late": None if med == math.inf else med - doc_day,
            "q25_days_late": None if quantile(days, 0.25) == math.inf else quantile(days, 0.25) - doc_day,
            "q75_days_late": None if quantile(days, 0.75) == math.inf else quantile(days, 0.75) - doc_day,
            "taken_share": sum(1 for d in days if d != math.inf) / max(1, len(days)),
        })
    out["places"] = places
    within = [p for p in places if p["median_days_late"] is not None and abs(p["median_days_late"]) <= 2]
    out["places_within_2_days"] = f"{len(within)} of {len(places)}"
    out["phases"] = _phases(scn, places)
    out["documented_losses"] = {s: dict(v) for s, v in scn.history.losses.items()}
    out["yardsticks"] = [dict(y, game=losses[y["side"]].get(y["heading"], 0),
                              verdict=_verdict(losses[y["side"]].get(y["heading"], 0), y["low"], y["high"]))
                         for y in scn.history.yardsticks]
    return out


def _verdict(value: float, low: int, high: int) -> str:
    return "within" if low <= value <= high else ("below" if value < low else "above")


def _phases(scn: Scenario, places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per phase of the history: how many of its places have a median date within its tolerance."""
    out = []
    for ph in scn.history.phases:
        mine = [p for p in places if ph["from"] <= dt.date.fromisoformat(p["documented"]) <= ph["until"]]
        ok = [p for p in mine if p["median_days_late"] is not None and abs(p["median_days_late"]) <= ph["within"]]
        out.append({"name": ph["name"], "from": ph["from"].isoformat(), "until": ph["until"].isoformat(),
                    "within": ph["within"], "places": f"{len(ok)} of {len(mine)}",
                    "missed": [p["place"] for p in mine if p not in ok], "drivers": ph["drivers"]})
    return out


def _loss_lines(summary: dict[str, Any], scn: Scenario) -> list[str]:
    """The median books of each side, then the documented figures under their own labels."""
    heads = [k for k in LOSS_HEADINGS if k != "men"]
    lines = [f"{'median losses':20}" + "".join(f"{k:>10}" for k in ["combat", *heads])]
    for s, v in summary["losses"].items():
        lines.append(f"{scn.sides[s]['name'][:20]:20}" + "".join(f"{v.get(k, 0):>10,.0f}" for k in ["men", *heads]))
    for y in summary.get("yardsticks", []):
        lines.append(f"  {scn.sides[y['side']]['name']} {y['label']}: {y['game']:,.0f} against "
                     f"{y['low']:,}-{y['high']:,} documented ({y['verdict']})")
    for s, doc in summary.get("documented_losses", {}).items():
        text = ", ".join(f"{k.replace('_', ' ')} {val:,}" for k, val in doc.items() if k != "source")
        lines.append(f"  documented, {scn.sides[s]['name']}: {text}")
    return lines


def format_summary(summary: dict[str, Any], scn: Scenario) -> str:
    """A terminal table of :func:`summarize`'s result."""
    lines = [f"{summary['runs']} games of {scn.name}; median {summary['turns_played']:g} turns"]
    lines.append("Winners: " + ", ".join(f"{scn.sides[w]['name'] if w in scn.sides else w} {n}"
                                         for w, n in summary["winners"].items()))
    lines.append("Median victory points: " + ", ".join(f"{scn.sides[s]['name']} {v:g}"
                                                        for s, v in summary["victory_points"].items()))
    lines.append("")
    lines.extend(_loss_lines(summary, scn))
    if "places" in summary:
        lines.append("")
        lines.append(f"{'place':20} {'event':11} {'documented':>11} {'median':>11} {'late (days)':>12} "
                     f"{'quartiles':>10} {'taken':>6}")
        for p in summary["places"]:
            late = "never" if p["median_days_late"] is None else f"{p['median_days_late']:+d}"
            q25 = "-" if p["q25_days_late"] is None else f"{p['q25_days_late']:+d}"
            q75 = "never" if p["q75_days_late"] is None else f"{p['q75_days_late']:+d}"
            lines.append(f"{p['name'][:20]:20} {p.get('event', ''):11} {p['documented']:>11} "
                         f"{p['median'] or 'never':>11} {late:>12} "
                         f"{q25 + '..' + q75:>10} {p['taken_share']:>6.0%}")
        lines.append(f"Median within 2 days of history: {summary['places_within_2_days']} places")
        for ph in summary.get("phases", []):
            missed = f" (missed: {', '.join(ph['missed'])})" if ph["missed"] else ""
            lines.append(f"  {ph['name']} ({ph['from']} to {ph['until']}): {ph['places']} places within "
                         f"{ph['within']} days{missed}")
            if ph["drivers"]:
                lines.append(f"    driven by: {ph['drivers']}")
    return "\n".join(lines)
