"""Sources live inside the project: every citation names a work of a bibliography in the
repository, validate reports a key that names none, and nothing refers to files outside."""
import re
import shutil

import pytest
from conftest import ROOT

from engine.scenario import load_scenario
from engine.sources import Work, citations, readable
from engine.yamlio import ScenarioLoadError


@pytest.fixture
def copy(tmp_path):
    """The test scenario and the base rules copied to tmp_path; returns an editor of one file."""
    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", tmp_path / "test_border")
    folder = tmp_path / "test_border"

    def edit(name, old, new):
        path = folder / name
        text = path.read_text()
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1))
        return folder

    return edit


def errors_of(folder):
    with pytest.raises(ScenarioLoadError) as exc:
        load_scenario(folder)
    return [str(e) for e in exc.value.errors]


def line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def bibliography_of(path):
    """The works a file may cite: its own scenario's bibliography when that scenario has one, else the
    historical scenario's (the rules, the variants, the test fixture and the 1945 map's inputs)."""
    parts = path.relative_to(ROOT).parts
    own = parts[0] == "scenarios" and (ROOT / "scenarios" / parts[1] / "sources.yaml").is_file() \
        and parts[1] != "rules"
    return load_scenario(parts[1] if own else "august_storm_1945").bibliography


def test_every_citation_of_the_historical_scenario_names_a_listed_work():
    scn = load_scenario("august_storm_1945")  # raises on any unknown key
    tags = {"general knowledge", "estimate", "unverified", "design estimate", "key", "lat", "lon",
            "lat_min", "lat_max", "lon_min", "lon_max"}  # the comments' own [key] and flow lists of field names
    unknown = []  # the loader checked every source: text; the comments cite the same way
    for path in list((ROOT / "scenarios").rglob("*.yaml")) + list((ROOT / "tools" / "mapdata").glob("*.yaml")):
        bib = bibliography_of(path)
        for line in path.read_text().splitlines():
            if line.lstrip().startswith("#"):
                unknown += [f"{path.relative_to(ROOT)}: {k.strip()}"
                            for group in re.findall(r"\[([a-z][a-z0-9_, ]*)\]", line) for k in group.split(",")
                            if k.strip() not in bib and k.strip() not in tags]
    assert unknown == [], unknown
    assert {"glantz1983_lp7", "tankarchives2023_shermans", "beloborodov_proryv"} <= set(scn.bibliography)


def test_every_listed_work_has_a_title_a_place_to_find_it_and_a_checked_note():
    scn = load_scenario("august_storm_1945")
    for key, work in scn.bibliography.items():
        assert work.title and work.checked, key
        assert work.url or work.publisher, key


def test_an_unknown_source_key_is_reported_with_its_line_and_the_nearest_key(copy):
    folder = copy("events.yaml", 'source: "test fixture"', 'source: "test fixture [beloborodov_proryw]"')
    ln = line_of(folder / "events.yaml", "beloborodov_proryw")
    errs = errors_of(folder)
    assert any(e.endswith(f"events.yaml:{ln}: unknown source 'beloborodov_proryw' "
                          "(did you mean 'beloborodov_proryv'?)") for e in errs), errs


def test_a_source_may_be_a_list_of_keys_and_honest_tags(copy):
    folder = copy("events.yaml", 'source: "test fixture"', "source: [beloborodov_proryv, design estimate]")
    scn = load_scenario(folder)
    assert any(e["source"] == "[beloborodov_proryv, design estimate]" for e in scn.events)


def test_an_unknown_tag_in_a_list_is_an_unknown_source(copy):
    folder = copy("events.yaml", 'source: "test fixture"', "source: [beloborodov_proryv, guess]")
    assert any("unknown source 'guess'" in e for e in errors_of(folder))


def test_a_web_address_outside_the_bibliography_is_refused(copy):
    folder = copy("map.yaml", 'source: "test fixture"', 'source: "see https://example.org/page"')
    errs = errors_of(folder)
    assert any("https://example.org/page is not in the bibliography" in e for e in errs), errs


def test_a_bibliography_entry_needs_a_title(copy, tmp_path):
    (tmp_path / "test_border" / "sources.yaml").write_text(
        "sources:\n  own_notes:\n    url: https://example.org\n    checked: nothing\n")
    errs = errors_of(tmp_path / "test_border")
    assert any("sources.yaml:2: sources.own_notes: missing required key 'title'" in e for e in errs), errs


def test_the_game_shows_short_citations_instead_of_keys():
    title = "August Storm: The Soviet 1945 Strategic Offensive in Manchuria (LP 7)"
    bib = {"glantz1983_lp7": Work("glantz1983_lp7", title, "foreword", author="David M. Glantz", year=1983)}
    text = readable("plan [glantz1983_lp7, unverified]", bib)
    assert text == "plan (Glantz, August Storm (1983); unverified)"
    assert citations("a [x, y] b [z]") == ["x", "y", "z"]


def test_the_message_log_shows_titles_not_addresses():
    from engine.scenario import new_game

    scn = load_scenario("august_storm_1945")
    state = new_game(scn, seed=0)
    event = next(e for e in state.log if e["kind"] == "event" and "[" in e.get("source", ""))
    from game.render.log import entry_text

    shown = entry_text(event, scn.bibliography)
    assert "http" not in shown and "[usni2023_chongjin" not in shown
    assert "Chongjin: Soviet Amphibious Operations against Japan, Naval History magazine" in shown


OUTSIDE = [("shared" + "/", "a path outside the repository"),
           (r"\b(?:geography|orders-of-battle|course-of-campaign)\.md\b",
            "a reference-note file outside the repository"),
           (r"\[(?:R|S|T)\d+[a-z]?\]", "a section tag of the reference notes")]


@pytest.mark.parametrize("pattern,what", OUTSIDE)
def test_nothing_in_the_product_refers_to_files_outside_it(pattern, what):
    found = []
    for top in ("scenarios", "docs", "engine", "game", "tools", "tests", "README.md", "benchmarks"):
        paths = [ROOT / top] if (ROOT / top).is_file() else (ROOT / top).rglob("*")
        for path in paths:
            if path.suffix not in (".py", ".md", ".yaml", ".yml", ".toml", ".txt") or path.name == "test_sources.py":
                continue
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(pattern, line):
                    found.append(f"{path.relative_to(ROOT)}:{i}")
    assert found == [], f"{what}: {found[:20]}"


def test_the_readable_bibliographies_are_up_to_date():
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    import gen_sources_doc

    for src in gen_sources_doc.targets():
        assert (src.parent / "SOURCES.md").read_text() == gen_sources_doc.render(src), \
            f"{src.parent}/SOURCES.md is stale: run python tools/gen_sources_doc.py"


def test_every_key_cited_in_the_notes_and_docs_names_a_listed_work():
    tags = {"general knowledge", "estimate", "unverified", "design estimate"}
    ignore = {"key", "test", "dask"}  # the notes' own "[key]" and pip's "[test]" and "[dask]" extras
    docs = [p for p in (ROOT / "scenarios").rglob("*.md") if p.name != "SOURCES.md"]
    docs += [ROOT / "docs" / "rules.md", ROOT / "tools" / "README.md", ROOT / "README.md"]
    unknown = []
    for path in docs:
        bib = bibliography_of(path)
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for group in re.findall(r"\[([a-z][a-z0-9_]*(?:, ?[a-z][a-z0-9_ ]*)*)\](?!\()", line):
                unknown += [f"{path.relative_to(ROOT)}:{i}: {k.strip()}" for k in group.split(",")
                            if k.strip() not in bib and k.strip() not in tags | ignore]
    assert unknown == [], unknown


def test_a_bibliography_without_its_sources_key_is_an_error_not_a_crash(copy, tmp_path):
    (tmp_path / "test_border" / "sources.yaml").write_text("works: {}\n")
    errs = errors_of(tmp_path / "test_border")
    assert any("sources.yaml:1: unknown key 'works'" in e for e in errs), errs
    assert any("missing required key 'sources'" in e for e in errs), errs
