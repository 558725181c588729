"""The assets: the bundled font, the icon, the counter symbols and the theme are the game's own
files, installed with it (tests/test_packaging.py builds the wheel), and the theme (not the rules)
decides how the map looks."""
from pathlib import Path
from types import SimpleNamespace

import pytest

from engine.rules import RULES
from engine.yamlio import ScenarioLoadError
from game.theme import assets_dir, load_theme, theme

ROOT = Path(__file__).resolve().parent.parent


def test_the_font_and_icon_are_bundled_with_the_licence_beside_the_font():
    t = theme()
    assert t.font_file.is_file() and t.font_file.parent == assets_dir() / "fonts"
    assert (t.font_file.parent / "LICENSE-DejaVu.txt").read_text(encoding="utf-8").count("Bitstream") > 3
    assert t.icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_colours_and_symbols_are_not_rules():
    terrain = RULES.fields["terrain"].spec.value.fields
    unit_type = RULES.fields["unit_types"].spec.value.fields
    assert "colour" not in terrain and "symbol" not in unit_type


def test_every_unit_type_named_in_the_theme_has_a_drawn_symbol():
    t = theme()
    assert t.unit_symbols and all(t.symbols[s] for s in t.unit_symbols.values())


def _type(**kw):
    base = dict(name="new_type", static=False, depot_reach=0, amphibious=False, airborne=False, mobility="foot")
    return SimpleNamespace(**{**base, **kw})


def test_a_unit_type_the_theme_does_not_name_wears_a_symbol_for_what_it_is():
    t = theme()
    assert t.symbol_of(_type(mobility="tracked")) == "armour"
    assert t.symbol_of(_type(mobility="horse")) == "cavalry"
    assert t.symbol_of(_type(static=True, mobility="tracked")) == "fortified"
    assert t.symbol_of(_type()) == "infantry"
    assert t.symbol_of(_type(name="tank_corps", mobility="foot")) == "armour"  # named: the theme decides


def test_sides_and_terrain_the_theme_does_not_name_still_get_distinct_colours():
    t = theme()
    order = ["finnish", "soviet", "german"]
    colours = [t.side_colour(order, s) for s in order]
    assert colours[1] == t.sides["soviet"] and len(set(colours)) == 3
    assert t.side_colour(order, None) == t.side_default
    assert t.terrain_colour("tundra") == t.terrain_default
    assert t.terrain_colour("forest") == t.terrain["forest"]


def test_a_broken_theme_is_an_error_naming_file_line_and_problem(tmp_path):
    for f in assets_dir().iterdir():
        if f.is_file():
            (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "DejaVuSansCondensed-Bold.ttf").write_bytes(b"")
    text = (tmp_path / "theme.yaml").read_text(encoding="utf-8")
    (tmp_path / "theme.yaml").write_text(text.replace('forest: "#6f9a5a"', "forest: green")
                                         .replace("tank_corps: armour", "tank_corps: tankette"), encoding="utf-8")
    with pytest.raises(ScenarioLoadError) as err:
        load_theme(tmp_path)
    lines = {e.line: e.message for e in err.value.errors}
    forest = 1 + text.splitlines().index('  forest: "#6f9a5a"')
    assert "expected a colour" in lines[forest] and "'green'" in lines[forest]
    assert any("no symbol 'tankette'" in m for m in lines.values())
