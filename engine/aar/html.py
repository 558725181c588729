"""The after-action report as one self-contained HTML file.

Everything is inside the file: the style sheet, the charts (inline SVG from :mod:`engine.aar.svg`)
and the map snapshots (PNG as ``data:`` addresses). It has no script and loads nothing from the
network; the only addresses in it are the links of the bibliography, and only ``http(s)`` ones.
Every text from a scenario or a game passes through :func:`esc` (scenario files and saves come
from other players and may hold markup).
"""
from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..sources import URL, readable
from ..state import LOSS_HEADINGS
from . import svg
from .svg import esc

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 960px; padding: 16px 24px;
       color: #222; background: #fff; line-height: 1.4; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { border-bottom: 2px solid #d55e00; padding-bottom: 2px; margin-top: 32px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f1ede4; } td.num { text-align: right; }
.within { color: #2a7a2a; } .later, .above { color: #b03020; } .earlier, .below { color: #6d3c98; }
.muted { color: #666; font-size: 13px; }
.maps { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; flex: 0 1 calc(50% - 6px); min-width: 300px; } figure img { width: 100%; border: 1px solid #999; }
a { overflow-wrap: anywhere; } td { overflow-wrap: break-word; } td.num { white-space: nowrap; }
svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #444; }
ol.sources li { margin-bottom: 6px; font-size: 14px; }
"""


def link(url: str) -> str:
    """A link to a web page, or the address as plain text if it is not a plain http(s) address."""
    if URL.fullmatch(url):
        return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>'
    return esc(url)


def image(png: bytes, alt: str) -> str:
    return f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" alt="{esc(alt)}">'


def table(heads: list[str], rows: list[list[Any]], classes: list[list[str]] | None = None) -> str:
    """An HTML table; numbers are right-aligned and written with thousands separators."""
    out = ["<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in heads) + "</tr></thead><tbody>"]
    for i, row in enumerate(rows):
        cells = []
        for j, v in enumerate(row):
            cls = [classes[i][j]] if classes and classes[i][j] else []
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                cls.append("num")
                v = f"{v:,.0f}"
            attr = f' class="{" ".join(cls)}"' if cls else ""
            cells.append(f"<td{attr}>{esc(v)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out) + "</tbody></table>"


def day(iso: str | None) -> str:
    return "-" if not iso else f"{dt.date.fromisoformat(iso):%d %b %Y}"


def difference(days_late: int | None) -> tuple[str, str]:
    """The game's date against history, in words, and its class."""
    if days_late is None:
        return "never", "later"
    if abs(days_late) <= 2:
        words = "same day" if days_late == 0 else f"{abs(days_late)} day{'s' * (abs(days_late) != 1)} " + \
            ("later" if days_late > 0 else "earlier")
        return words, "within"
    return f"{abs(days_late)} days {'later' if days_late > 0 else 'earlier'}", "later" if days_late > 0 else "earlier"


def dates_section(report: dict[str, Any]) -> list[str]:
    scn = report["scenario"]
    rows = report["dates"]
    if rows is None:
        return ["<h2>Dates against history</h2>", "<p>This scenario has no documented history to compare with.</p>"]
    names = {p: scn.map.places[p].name for p in scn.map.places}
    body, cls = [], []
    for r in rows:
        words, c = difference(r["days_late"])
        body.append([names[r["place"]], r["event"], day(r["documented"]), day(r["game"]), words])
        cls.append(["", "", "", "", c])
    last = dt.date.fromisoformat(report["date"])
    within = sum(1 for r in rows if r["days_late"] is not None and abs(r["days_late"]) <= 2)
    return ["<h2>Dates against history</h2>",
            f"<p>{within} of {len(rows)} documented places were reached or taken within two days of history.</p>",
            svg.dates_chart(rows, names, scn.start_date, last),
            table(["place", "documented event", "documented", "this game", "difference"], body, cls)]


def losses_section(report: dict[str, Any], per_side: dict[str, dict[str, float]], what: str) -> list[str]:
    """Each side's losses by heading, the documented ranges (chart and table) and figures."""
    scn = report["scenario"]
    heads = [h for h in LOSS_HEADINGS]
    rows = [[scn.sides[s]["name"], *[per_side.get(s, {}).get(h, 0) for h in heads]] for s in scn.side_order]
    out = ["<h2>Losses</h2>", f"<p>{esc(what)}; <em>men</em> = killed, wounded and missing in combat.</p>",
           table(["side", *heads], rows)]
    ys = report["yardsticks"]
    if ys:
        out.append("<h3>Against the documented yardsticks</h3>")
        out.append(svg.yardstick_chart(ys, list(scn.side_order)))
        out.append(table(["side", "figure", "documented range", "this game", "verdict", "note"],
                         [[y["side_name"], y["label"], f"{y['low']:,}-{y['high']:,}", y["game"], y["verdict"],
                           y["note"]] for y in ys],
                         [["", "", "", "", y["verdict"], ""] for y in ys]))
    bib = scn.bibliography or {}
    for s, figures in report["documented_losses"].items():
        text = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in figures.items() if k != "source")
        name = scn.sides[s]["name"] if s in scn.sides else s
        out.append(f"<p class=\"muted\">Documented, {esc(name)}: {esc(text)}. Source: "
                   f"{esc(readable(figures.get('source', ''), bib))}</p>")
    return out


def timeline_section(scn: Any) -> list[str]:
    if scn.history is None or not scn.history.timeline:
        return []
    bib = scn.bibliography or {}
    rows = [[day(t["date"].isoformat()), t["name"], t["text"], readable(t["source"], bib)]
            for t in scn.history.timeline]
    return ["<h2>The political timeline</h2>", table(["date", "", "what happened", "source"], rows)]


def sources_section(works: list[Any]) -> list[str]:
    out = ["<h2>Sources</h2>", "<p class=\"muted\">The works the scenario's history, its briefings and the "
                               "game's events cite.</p>"]
    if not works:
        return out + ["<p>The scenario's history and briefings cite no listed work.</p>"]
    out.append('<ol class="sources">')
    for w in works:
        parts = [w.author, w.title, w.publisher or w.site, str(w.year) if w.year else None]
        ref = ". ".join(esc(p) for p in parts if p)
        links = " ".join(link(u) for u in w.urls())
        out.append(f"<li id=\"src-{esc(w.key)}\">{ref}. <span class=\"muted\">Checked: {esc(w.checked)}</span>"
                   f"{'<br>' + links if links else ''}</li>")
    return out + ["</ol>"]


def page(title: str, parts: list[str]) -> str:
    """The whole document: no script, no external style sheet, nothing loaded from elsewhere."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(parts) + "\n<p class=\"muted\">Made by August Storm's after-action report.</p>"
            "</body></html>\n")


def snapshots_section(snapshots: list[tuple[str, bytes]]) -> list[str]:
    """The map on each chosen date (``(caption, PNG bytes)``)."""
    if not snapshots:
        return []
    out = ["<h2>The map, day by day</h2>", '<div class="maps">']
    for caption, png in snapshots:
        out.append(f"<figure>{image(png, 'The map: ' + caption)}<figcaption>{esc(caption)}</figcaption></figure>")
    return out + ["</div>"]


def game_html(report: dict[str, Any], snapshots: Sequence[tuple[str, bytes]] = ()) -> str:
    """The report of one game (:func:`engine.aar.data.game_report`)."""
    scn = report["scenario"]
    sides = [(s, scn.sides[s]["name"]) for s in scn.side_order]
    end = (f"{report['winner']} won: {report['end_reason']}" if report["winner"] else
           f"The game ended: {report['end_reason']}" if report["over"] else
           f"The game was stopped on turn {report['turn']}")
    title = f"After-action report: {scn.name}"
    head = [f"<h1>{esc(title)}</h1>",
            f"<p>Seed {report['seed']}; from {esc(day(scn.start_date.isoformat()))} to "
            f"{esc(day(report['date']))} ({report['turn']} turns). {esc(end)}.</p>"]
    days = report["days"]
    course = ["<h2>The course of the game</h2>",
              svg.series_chart(days, "men", sides, "Men in the field", "men"),
              svg.series_chart(days, "places", sides, "Places held", "places"),
              svg.series_chart(days, "lost", sides, "Men lost so far (in combat or taken prisoner)", "men")]
    return page(title, head + snapshots_section(list(snapshots)) + dates_section(report) + course
                + losses_section(report, report["losses"], "Losses of this game")
                + timeline_section(scn) + sources_section(report["works"]))


def batch_html(report: dict[str, Any]) -> str:
    """The report of a batch of computer games (:func:`engine.aar.data.batch_report`)."""
    scn, summary = report["scenario"], report["summary"]
    title = f"After-action report: {scn.name}, {summary['runs']} computer games"
    winners = ", ".join(f"{scn.sides[w]['name'] if w in scn.sides else w} {n}" for w, n in summary["winners"].items())
    out = [f"<h1>{esc(title)}</h1>",
           f"<p>Seeds {esc(', '.join(str(r['seed']) for r in report['runs'][:40]))}"
           f"{' ...' if len(report['runs']) > 40 else ''}; median {summary['turns_played']:g} turns. "
           f"Winners: {esc(winners)}.</p>"]
    places = summary.get("places")
    if places:
        out += ["<h2>Dates against history</h2>",
                f"<p>The median date was within two days of history at {esc(summary['places_within_2_days'])} "
                "documented places.</p>",
                svg.distribution_chart(places, report["game_dates"], scn.start_date, summary["runs"])]
        rows, cls = [], []
        for p in places:
            words, c = difference(p["median_days_late"])
            q = ("-" if p["q25_days_late"] is None else f"{p['q25_days_late']:+d}") + " to " + \
                ("never" if p["q75_days_late"] is None else f"{p['q75_days_late']:+d}")
            rows.append([p["name"], p["event"], day(p["documented"]), day(p["median"]), words, q,
                         f"{p['taken_share']:.0%}"])
            cls.append(["", "", "", "", c, "", ""])
        out.append(table(["place", "event", "documented", "median game", "difference", "quartiles (days)",
                          "games"], rows, cls))
        for ph in summary.get("phases", []):
            out.append(f"<p>Phase <b>{esc(ph['name'])}</b> ({esc(day(ph['from']))} to {esc(day(ph['until']))}): "
                       f"{esc(ph['places'])} places within {ph['within']} days. "
                       f"<span class=\"muted\">Driven by: {esc(ph['drivers'])}</span></p>")
    else:
        out.append("<p>This scenario has no documented history to compare with.</p>")
    out += losses_section(report, summary["losses"], "Median losses of the games")
    return page(title, out + timeline_section(scn) + sources_section(report["works"]))
