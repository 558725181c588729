"""The after-action report is one HTML file that stands alone: tables, pictures inside the file,
no script, nothing fetched from elsewhere (only the bibliography's links), every scenario text
escaped; it follows a recorded game day by day and a batch's dates against history."""
import json
from html.parser import HTMLParser

import pytest

from engine.aar import ReportError, batch_html, batch_report, game_report, state_report
from engine.aar.data import read_input
from engine.aar.html import game_html
from engine.ai import play_side
from engine.replay import read_replay, write_replay
from engine.scenario import load_scenario, new_game
from game.aar_maps import chosen_turns, write_report
from game.app import GameUI
from game.cli import main

EVIL = '<script>alert("x")</script><img src=http://evil.example/x.png>'


class Page(HTMLParser):
    """Every tag with its attributes, and the text of the page."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


def assert_stands_alone(html: str) -> Page:
    """Nothing in the page is loaded from outside it, and it runs no script."""
    page = Page(html)
    assert page.count("script") == 0 and "javascript:" not in html.lower()
    for tag, attrs in page.tags:
        assert tag not in ("iframe", "object", "embed", "link", "base"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "srcset", "poster", "data"):
                assert value.startswith("data:image/png;base64,"), (tag, value[:60])
            if name == "href":
                assert tag == "a" and value.startswith(("https://", "http://")), (tag, value)
    assert "@import" not in html and "url(" not in html
    return page


@pytest.fixture(scope="module")
def border_game(tmp_path_factory):
    """A recorded computer game of test_border, four days long."""
    scn = load_scenario("test_border")
    state = new_game(scn, 3)
    while not state.over and state.turn <= 4:
        play_side(state)
    path = tmp_path_factory.mktemp("aar") / "game.json"
    write_replay(state, path)
    return path, state


def test_a_game_report_has_a_map_for_chosen_days_tables_and_charts_and_stands_alone(border_game, tmp_path):
    path, state = border_game
    out = tmp_path / "report.html"
    what = write_report(str(path), str(out), GameUI, snapshots=3)
    html = out.read_text(encoding="utf-8")
    page = assert_stands_alone(html)
    assert page.count("img") == 4, what  # three chosen days and the last one
    assert page.count("table") >= 1 and page.count("svg") >= 3  # test_border has no history: losses only
    assert "no documented history" in html
    assert "Battle of Mutanchiang" in html  # a work its briefings cite
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    captions = [t for t in page.text if ", turn " in t]
    assert captions[0].startswith("09 August 1945, turn 1") and "where the record ends" in captions[-1]


def test_the_game_report_follows_the_replayed_game_day_by_day(border_game):
    path, state = border_game
    seen = []
    report = game_report(read_replay(path), on_turn=lambda s, final=False: seen.append((s.turn, final)))
    assert [d["turn"] for d in report["days"]] == list(range(1, state.turn + 1))
    assert seen[-1] == (state.turn, True) and seen[0] == (1, False)
    assert report["losses"] == {s: dict(state.losses[s]) for s in state.scenario.side_order}
    assert report["days"][-1]["lost"]["soviet"] == state.losses["soviet"]["men"] + state.losses["soviet"]["captured"]


def test_scenario_texts_are_escaped_not_run(border_game):
    _, state = border_game
    scn = state.scenario
    sides = {s: dict(v) for s, v in scn.sides.items()}
    sides["soviet"]["name"] = EVIL
    places = dict(scn.map.places)
    pid = next(iter(places))
    evil_scn = scn.__class__.__new__(scn.__class__)
    evil_scn.__dict__.update(scn.__dict__)
    object.__setattr__(evil_scn, "name", EVIL)
    object.__setattr__(evil_scn, "sides", sides)
    report = state_report(state, [])
    report["scenario"] = evil_scn
    report["yardsticks"] = [{"side": "soviet", "side_name": EVIL, "label": EVIL, "note": EVIL, "heading": "men",
                             "low": 1, "high": 2, "game": 3, "verdict": "above"}]
    report["dates"] = [{"place": pid, "event": "taken", "documented": "1945-08-10", "game": None, "days_late": None}]
    html = game_html(report)
    assert_stands_alone(html)
    assert "<script" not in html and "evil.example/x.png>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def fake_runs(scn, n=5):
    """Batch runs as simulate writes them, each game a day later than the one before."""
    import datetime as dt

    first = scn.history.first_events()
    runs = []
    for i in range(n):
        caps = {p: (c.date + dt.timedelta(days=i - 2)).isoformat() for p, c in first.items()}
        runs.append({"seed": i, "turns_played": 20, "winner": "soviet", "captures": caps, "reached": {},
                     "losses": {s: {"men": 1000 * i, "killed": 100, "captured": 500_000} for s in scn.side_order},
                     "victory_points": {s: 10 for s in scn.side_order}, "state_hash": "x"})
    return runs


def test_a_batch_report_shows_each_places_dates_against_history(tmp_path):
    scn = load_scenario("august_storm_1945")
    doc = {"scenario": scn.id, "variants": [], "runs": fake_runs(scn)}
    report = batch_report(doc, scn)
    html = batch_html(report)
    page = assert_stands_alone(html)
    assert page.count("table") >= 3 and page.count("img") == 0
    hailar = next(p for p in report["summary"]["places"] if p["place"] == "hailar")
    assert hailar["median_days_late"] == 0 and len(report["game_dates"]["hailar"]) == 5
    assert "Hailar" in page.text and "Sources" in page.text
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert links and all(u in {x for w in report["works"] for x in w.urls()} for u in links)


def test_a_damaged_batch_report_is_refused_with_the_reason(tmp_path):
    scn = load_scenario("august_storm_1945")
    runs = fake_runs(scn, 2)
    runs[1]["captures"]["hailar"] = "the tenth"
    with pytest.raises(ReportError, match=r"run 2: captures.hailar is not a date"):
        batch_report({"scenario": scn.id, "runs": runs}, scn)
    with pytest.raises(ReportError, match="'runs' must be a list"):
        batch_report({"scenario": scn.id, "runs": []}, scn)


def test_the_report_command_writes_the_file_and_refuses_what_it_cannot_read(border_game, tmp_path, capsys):
    path, _ = border_game
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--html", str(out), "--snapshots", "0"]) == 0
    assert_stands_alone(out.read_text(encoding="utf-8"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"hello": 1}))
    assert main(["report", str(bad), "--html", str(out)]) == 1
    assert "neither a save, a replay nor a `simulate --json` report" in capsys.readouterr().err
    with pytest.raises(ReportError):
        read_input(str(tmp_path / "missing.json"))


def test_snapshot_days_are_spread_over_the_game():
    assert chosen_turns(25, 6) == {1, 6, 10, 15, 19, 24}
    assert chosen_turns(1, 6) == {1} and chosen_turns(10, 1) == {1}


def test_the_result_screen_writes_the_report_with_key_h_or_its_button(lab_scenario):
    import pygame

    from game.aar_maps import report_path

    pygame.font.init()
    ui = GameUI(lab_scenario, new_game(lab_scenario, 1), "watch", (1200, 800))
    while not ui.state.over:
        ui.end_turn()
    assert ui.modal == "endgame"
    surf = pygame.Surface((1200, 800))
    ui.draw(surf)
    out = report_path(ui.state)
    ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_h, mod=0, unicode="h"))
    assert ui.modal == "endgame" and ui.status == f"after-action report written to {out}"
    page = assert_stands_alone(out.read_text(encoding="utf-8"))
    assert page.count("img") >= 2 and "Westtown" in "".join(page.text)
    out.unlink()
    ui.draw(surf)  # the screen says where it went, and has the button
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=ui.report_button.center))
    assert out.is_file() and ui.modal == "endgame"
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(5, 5)))
    assert ui.modal is None


def test_a_work_cited_twice_in_one_text_is_listed_once_in_the_sources(border_game):
    from engine.aar.data import cited_works

    scn = border_game[1].scenario
    key = next(iter(scn.bibliography))
    works = cited_works(scn, [f"a [{key}] and again [{key}]", f"later [{key}]"])
    assert works == [scn.bibliography[key]]
