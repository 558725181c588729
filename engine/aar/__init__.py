"""The after-action report: a game (a save or a replay) or a batch of games (``simulate --json``)
as one self-contained HTML file for a class or a debriefing.

:mod:`engine.aar.data` gathers the report as plain data (a game is played again from its seed and
orders to follow it day by day), :mod:`engine.aar.svg` draws its charts and
:mod:`engine.aar.html` writes the page. The map snapshots need the renderer, so the front end
draws them (``game.aar_maps``) and hands them in as PNG bytes.
"""
from .data import ReportError, batch_report, game_report, state_report
from .html import batch_html, game_html

__all__ = ["ReportError", "batch_html", "batch_report", "game_html", "game_report", "state_report"]
