"""Each side of each scenario is briefed before its first turn: sections that cite the scenario's
bibliography, the political timeline before the war, a file checked like the others."""
import shutil
from pathlib import Path

import pygame
import pytest

from engine.briefing import briefing_of
from engine.scenario import load_scenario, new_game
from engine.sources import citations
from engine.yamlio import ScenarioLoadError
from game.app import GameUI
from game.screens.briefing import briefing_lines, draw_briefing

ROOT = Path(__file__).resolve().parent.parent
VIEW = (1280, 800)


@pytest.mark.parametrize("ref", ["august_storm_1945", "test_border", "august_storm_1945_early_rains",
                                 "south_sakhalin_1945", "kurils_1945"])
def test_every_side_has_a_briefing_whose_sections_cite_listed_works(ref):
    scn = load_scenario(ref)
    for side in scn.side_order:
        b = briefing_of(scn, side)
        assert b is not None and b.title and len(b.sections) >= 3
        for s in b.sections:
            keys = citations(s["source"])
            assert keys and all(k in scn.bibliography or k in ("unverified", "estimate", "design estimate")
                                for k in keys), s["heading"]


def test_the_timeline_before_the_start_joins_the_briefing_and_nothing_later():
    scn = load_scenario("august_storm_1945")
    b = briefing_of(scn, "japanese")
    names = [t["name"] for t in b.timeline]
    assert "Yalta" in names and "Potsdam Declaration" in names
    assert all(t["date"] < scn.start_date for t in b.timeline)
    assert "Nagasaki" not in names  # 9 August: the game's first day, shown in the log on its day


def border_copy(tmp_path, briefing: str) -> Path:
    folder = tmp_path / "border"
    shutil.copytree(ROOT / "scenarios" / "test_border", folder)
    text = (folder / "scenario.yaml").read_text()
    text = text.replace("rules: [../rules/base.yaml]", "rules: [game:rules/base.yaml]")
    (folder / "scenario.yaml").write_text(text)
    (folder / "briefing.yaml").write_text(briefing)
    return folder


def test_a_bad_briefing_is_refused_with_its_file_and_line(tmp_path):
    folder = border_copy(tmp_path, "sides:\n  soviet:\n    title: T\n    sections:\n"
                                   "      - {heading: H, text: X, source: '[wiki_mutanchiang]'}\n"
                                   "  japanse:\n    title: T\n    sections:\n"
                                   "      - {heading: H, text: X, source: '[no_such_work]'}\n")
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(folder)
    text = str(exc.value)
    assert "briefing.yaml:6: briefing for unknown side 'japanse' (did you mean 'japanese'?)" in text
    assert "briefing.yaml:9: unknown source 'no_such_work'" in text


def test_a_briefing_must_brief_every_side(tmp_path):
    folder = border_copy(tmp_path, "sides:\n  soviet:\n    title: T\n    sections:\n"
                                   "      - {heading: H, text: X, source: '[wiki_mutanchiang]'}\n")
    with pytest.raises(ScenarioLoadError, match="no briefing for japanese"):
        load_scenario(folder)


def test_rewording_a_briefing_keeps_the_fingerprint(tmp_path):
    folder = border_copy(tmp_path, (ROOT / "scenarios" / "test_border" / "briefing.yaml").read_text())
    before = load_scenario(folder).fingerprint
    (folder / "briefing.yaml").write_text((folder / "briefing.yaml").read_text().replace("Eight days", "8 days"))
    assert load_scenario(folder).fingerprint == before


def key(ui, k):
    ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))


def test_the_briefing_shows_before_each_sides_first_turn_and_on_key_9(border_scenario):
    pygame.font.init()
    surf = pygame.Surface(VIEW)
    ui = GameUI(border_scenario, new_game(border_scenario, 0), "both", VIEW, briefings=True)
    assert ui.modal == "briefing" and ui.briefing_side == "soviet"
    ui.draw(surf)
    key(ui, pygame.K_RETURN)
    assert ui.modal is None
    ui.end_turn()
    assert ui.modal == "briefing" and ui.briefing_side == "japanese"  # hot seat: the other side's first turn
    key(ui, pygame.K_ESCAPE)
    ui.end_turn()
    assert ui.state.turn == 2 and ui.modal is None  # once only
    key(ui, pygame.K_9)
    assert ui.modal == "briefing" and ui.briefing_side == ui.state.side


def test_a_game_without_briefings_opens_on_the_map(border_scenario):
    ui = GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW)
    assert ui.modal is None


def test_the_briefing_screen_lists_sections_sources_and_timeline():
    pygame.font.init()
    scn = load_scenario("august_storm_1945")
    from game.render import font

    lines = [t for t, _ in briefing_lines(scn, "soviet", font(18), 900)]
    assert "Mission" in lines and any(t.startswith("Sources: (") for t in lines)
    assert "Before the war: the timeline" in lines and any("Yalta" in t for t in lines)
    surf = pygame.Surface((1000, 500))
    r, scroll = draw_briefing(surf, scn, "soviet", 10_000)
    assert 0 < scroll < 10_000 and r.h <= 500  # a small window scrolls, clamped to the last page
