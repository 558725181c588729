"""Charts of the after-action report as inline SVG: drawn here, with no library and no script, so
the report is one file that opens anywhere, offline.

Each function returns the markup of one ``<svg>`` element. Every text that goes into it passes
through :func:`esc` (place names and labels come from scenario files, which are untrusted).
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from html import escape

SIDE_COLOURS = ("#d55e00", "#0072b2", "#009e73", "#cc79a7")  # the game's side colours (game.render)
DOC_COLOUR = "#333333"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="12"'
WIDTH = 900
LEFT = 190  # room for place names


def esc(s: object) -> str:
    """Text made safe for HTML and SVG (quotes too, for attributes)."""
    return escape(str(s), quote=True)


def colour(i: int) -> str:
    return SIDE_COLOURS[i % len(SIDE_COLOURS)]


def _svg(h: int, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{h}" viewBox="0 0 {WIDTH} {h}" '
            f'role="img" aria-label="{esc(title)}" {FONT}><title>{esc(title)}</title>'
            f'<rect width="{WIDTH}" height="{h}" fill="#fbfaf6"/>' + "".join(body) + "</svg>")


def _day_axis(start: dt.date, days: int, x0: float, x1: float, y0: float,
              y1: float) -> tuple[list[str], Callable[[float], float]]:
    """Vertical lines and labels for the days ``start`` .. ``start + days``; returns them and a
    function from a day number to x."""
    days = max(1, days)

    def x(d: float) -> float:
        return x0 + (x1 - x0) * d / days

    step = 1 if days <= 16 else 2 if days <= 32 else 7
    out = []
    for d in range(0, days + 1, step):
        out.append(f'<line x1="{x(d):.1f}" y1="{y0}" x2="{x(d):.1f}" y2="{y1}" stroke="#ddd"/>')
        out.append(f'<text x="{x(d):.1f}" y="{y0 - 6}" text-anchor="middle" fill="#555">'
                   f'{esc(f"{start + dt.timedelta(days=d):%d %b}")}</text>')
    return out, x


def dates_chart(rows: list[dict], names: dict[str, str], start: dt.date, last: dt.date) -> str:
    """One line per documented place: the documented date (open diamond) and the game's date
    (dot), joined; a place the game never reached has its documented date only."""
    dates = [dt.date.fromisoformat(d) for r in rows for d in (r["documented"], r["game"]) if d]
    first = min([start, *dates])
    days = (max([last, *dates]) - first).days
    h = 50 + 18 * len(rows) + 30
    body, x = _day_axis(first, days, LEFT, WIDTH - 20, 34, h - 30)
    for i, r in enumerate(rows):
        y = 44 + 18 * i
        doc = x((dt.date.fromisoformat(r["documented"]) - first).days)
        body.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end">{esc(names.get(r["place"], r["place"]))}'
                    "</text>")
        if r["game"]:
            g = x((dt.date.fromisoformat(r["game"]) - first).days)
            late = r["days_late"] or 0
            tone = "#2a8a2a" if abs(late) <= 2 else "#c0392b" if late > 0 else "#7d3c98"
            body.append(f'<line x1="{doc:.1f}" y1="{y}" x2="{g:.1f}" y2="{y}" stroke="{tone}" stroke-width="3"/>')
            body.append(f'<circle cx="{g:.1f}" cy="{y}" r="5" fill="{tone}"/>')
        body.append(f'<path d="M{doc:.1f},{y - 6} l6,6 l-6,6 l-6,-6 z" fill="white" stroke="{DOC_COLOUR}" '
                    'stroke-width="1.5"/>')
    body.append(_key(h - 14, [("diamond", DOC_COLOUR, "documented"), ("dot", "#2a8a2a", "this game, within 2 days"),
                              ("dot", "#c0392b", "later"), ("dot", "#7d3c98", "earlier")]))
    return _svg(h, body, "Dates of this game against the documented dates")


def _key(y: float, items: list[tuple[str, str, str]]) -> str:
    """A one-line legend at height ``y``: (marker, colour, text) items."""
    out, x = [], LEFT
    for mark, col, label in items:
        if mark == "diamond":
            out.append(f'<path d="M{x},{y - 6} l6,6 l-6,6 l-6,-6 z" fill="white" stroke="{col}"/>')
        elif mark == "band":
            out.append(f'<rect x="{x - 6}" y="{y - 5}" width="14" height="10" fill="{col}" opacity="0.35"/>')
        else:
            out.append(f'<circle cx="{x}" cy="{y}" r="5" fill="{col}"/>')
        out.append(f'<text x="{x + 12}" y="{y + 4}">{esc(label)}</text>')
        x += 36 + 8 * len(label)
    return "".join(out)


def nice_top(v: float) -> float:
    """The top of an axis of four steps: the least multiple of 4 x (1, 2, 2.5 or 5 x a power of
    ten) at or above ``v``, so every step reads as a round number."""
    mag = 10 ** math.floor(math.log10(max(v, 4) / 4))
    return next(4 * k * mag for k in (1, 2, 2.5, 5, 10) if 4 * k * mag >= v)


def series_chart(days: list[dict], field: str, sides: list[tuple[str, str]], title: str, unit: str) -> str:
    """A line per side of ``day[field][side]`` by date (``sides``: (id, name))."""
    h = 260
    x0, x1, y0, y1 = 80, WIDTH - 20, 30, h - 50
    top = nice_top(max([1] + [d[field].get(s, 0) for d in days for s, _ in sides]))
    body = [f'<text x="{x0}" y="18" font-weight="bold">{esc(title)}</text>']
    for k in range(5):
        v = top * k / 4
        y = y1 - (y1 - y0) * k / 4
        body.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#ddd"/>'
                    f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{esc(f"{v:,.0f}")}</text>')
    n = max(1, len(days) - 1)
    for i, d in enumerate(days):
        if len(days) <= 16 or i % max(1, len(days) // 12) == 0:
            x = x0 + (x1 - x0) * i / n
            label = f"{dt.date.fromisoformat(d['date']):%d %b}"
            body.append(f'<text x="{x:.1f}" y="{y1 + 18}" text-anchor="middle" fill="#555">{esc(label)}</text>')
    for j, (side, name) in enumerate(sides):
        pts = " ".join(f"{x0 + (x1 - x0) * i / n:.1f},{y1 - (y1 - y0) * d[field].get(side, 0) / top:.1f}"
                       for i, d in enumerate(days))
        body.append(f'<polyline points="{pts}" fill="none" stroke="{colour(j)}" stroke-width="2.5"/>')
        body.append(f'<circle cx="{x0 + 10 + 200 * j}" cy="{h - 12}" r="5" fill="{colour(j)}"/>'
                    f'<text x="{x0 + 20 + 200 * j}" y="{h - 8}">{esc(name)} ({esc(unit)})</text>')
    return _svg(h, body, title)


def yardstick_chart(rows: list[dict], sides: list[str]) -> str:
    """Each documented range of losses as a band with the game's figure on it."""
    h = 20 + 70 * len(rows)
    body = []
    x0, x1 = 20, WIDTH - 20
    for i, r in enumerate(rows):
        y = 20 + 70 * i
        top = max(r["high"], r["game"], 1) * 1.1

        def x(v: float, top: float = top) -> float:
            return x0 + (x1 - x0) * v / top

        col = colour(sides.index(r["side"]) if r["side"] in sides else 0)
        body.append(f'<text x="{x0}" y="{y}" font-weight="bold">{esc(r["side_name"] + ": " + r["label"])}</text>')
        body.append(f'<line x1="{x0}" y1="{y + 26}" x2="{x1}" y2="{y + 26}" stroke="#999"/>')
        body.append(f'<rect x="{x(r["low"]):.1f}" y="{y + 14}" width="{max(2, x(r["high"]) - x(r["low"])):.1f}" '
                    f'height="24" fill="{col}" opacity="0.35"/>')
        g = x(r["game"])
        body.append(f'<line x1="{g:.1f}" y1="{y + 8}" x2="{g:.1f}" y2="{y + 44}" stroke="black" stroke-width="3"/>')
        body.append(_label(g, y + 56, "this game {:,.0f} ({})".format(r["game"], r["verdict"]), "black"))
        body.append(_label(x(r["high"]), y + 12, "documented {:,}-{:,}".format(r["low"], r["high"]), "#555"))
    return _svg(h, body, "Losses against the documented ranges")


def _label(x: float, y: float, text: str, fill: str) -> str:
    """A label beside ``x``, on its left when it would run off the chart's right edge."""
    right = x > WIDTH * 0.6
    return (f'<text x="{x + (-5 if right else 5):.1f}" y="{y}" text-anchor="{"end" if right else "start"}" '
            f'fill="{fill}">{esc(text)}</text>')


def distribution_chart(places: list[dict], game_dates: dict[str, list[str]], start: dt.date, runs: int) -> str:
    """Per documented place: each game's date as a dot (bigger where several games agree), the
    median as a bar, the documented date as an open diamond, and the share of games that got there."""
    all_dates = [dt.date.fromisoformat(d) for p in places for d in [p["documented"], *game_dates.get(p["place"], [])]]
    first = min([start, *all_dates])
    days = (max([start, *all_dates]) - first).days + 1
    h = 50 + 20 * len(places) + 30
    body, x = _day_axis(first, days, LEFT, WIDTH - 60, 34, h - 30)
    for i, p in enumerate(places):
        y = 44 + 20 * i
        body.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end">{esc(p["name"])}</text>')
        counts: dict[str, int] = {}
        for d in game_dates.get(p["place"], []):
            counts[d] = counts.get(d, 0) + 1
        for d, n in sorted(counts.items()):
            r = 2.5 + 5.5 * (n / max(1, runs)) ** 0.5
            body.append(f'<circle cx="{x((dt.date.fromisoformat(d) - first).days):.1f}" cy="{y}" r="{r:.1f}" '
                        'fill="#0072b2" opacity="0.55"/>')
        if p["median"]:
            m = x((dt.date.fromisoformat(p["median"]) - first).days)
            body.append(f'<line x1="{m:.1f}" y1="{y - 8}" x2="{m:.1f}" y2="{y + 8}" stroke="black" stroke-width="3"/>')
        doc = x((dt.date.fromisoformat(p["documented"]) - first).days)
        body.append(f'<path d="M{doc:.1f},{y - 6} l6,6 l-6,6 l-6,-6 z" fill="white" stroke="{DOC_COLOUR}" '
                    'stroke-width="1.5"/>')
        body.append(f'<text x="{WIDTH - 8}" y="{y + 4}" text-anchor="end" fill="#555">'
                    f'{esc(format(p["taken_share"], ".0%"))}</text>')
    body.append(_key(h - 14, [("diamond", DOC_COLOUR, "documented"), ("dot", "#0072b2", "games (size: how many)"),
                              ("dot", "black", "median (bar)")]))
    return _svg(h, body, "Distribution of the games' dates against the documented dates")
