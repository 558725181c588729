"""The look of the game, read from ``assets/theme.yaml``: the bundled font, the window icon, the
UI colours, the colour of each side and terrain, and the NATO symbol each unit type wears
(whose shapes are ``assets/symbols.yaml``).

None of this is in the rules: the engine never reads the theme, so restyling changes no game.
Names the theme does not know still render (a new scenario's sides, terrain or unit types get
sane defaults), so a mod needs no theme of its own. The assets folder is found beside the
``game`` package in an installed copy (``game/assets``, see pyproject.toml) and at the root of a
source checkout (``assets/``). A broken theme is a load error naming its file and line.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.yamlio import ScenarioError, ScenarioLoadError, load_yaml, where

RGB = tuple[int, int, int]
_HERE = Path(__file__).resolve().parent
ASSET_DIRS = (_HERE / "assets", _HERE.parent / "assets")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
STROKES = {"line": 4, "ellipse": 4, "arc": 6, "fill": 4, "dot": 3}


def assets_dir() -> Path:
    """The folder holding theme.yaml: the installed package's, else the checkout's."""
    for d in ASSET_DIRS:
        if (d / "theme.yaml").is_file():
            return d
    raise ScenarioLoadError([ScenarioError("assets/theme.yaml", 0, "not found beside the game package "
                                           f"({' or '.join(str(d) for d in ASSET_DIRS)})")])


@dataclass(frozen=True)
class Theme:
    folder: Path
    font_file: Path
    font_scale: float
    icon: Path
    ui: dict[str, RGB]
    sides: dict[str, RGB]
    side_palette: tuple[RGB, ...]
    side_default: RGB
    terrain: dict[str, RGB]
    terrain_default: RGB
    unit_symbols: dict[str, str]
    symbols: dict[str, list]

    def side_colour(self, side_order: list[str], side: str | None) -> RGB:
        """A side's colour: the theme's for its id, else the first palette colour that no named
        side of the scenario uses, counted in side order (so two sides never share one)."""
        if side not in side_order:
            return self.side_default
        if side in self.sides:
            return self.sides[side]
        taken = {self.sides[s] for s in side_order if s in self.sides}
        free = [c for c in self.side_palette if c not in taken] or list(self.side_palette)
        unnamed = [s for s in side_order if s not in self.sides]
        return free[unnamed.index(side) % len(free)]

    def terrain_colour(self, name: str) -> RGB:
        return self.terrain.get(name, self.terrain_default)

    def symbol_of(self, unit_type: Any) -> str:
        """The symbol the theme names for a unit type, else one read from what the type is."""
        name = self.unit_symbols.get(unit_type.name)
        if name is not None:
            return name
        for test, symbol in ((unit_type.static, "fortified"), (getattr(unit_type, "depot_reach", 0) > 0, "supply"),
                             (unit_type.amphibious, "naval"), (unit_type.airborne, "airborne"),
                             (unit_type.mobility == "tracked", "armour"),
                             (unit_type.mobility == "motorised", "mechanised"),
                             (unit_type.mobility == "horse", "cavalry")):
            if test:
                return symbol
        return "infantry"


class _Reader:
    """Checks values of one theme file, collecting ``file:line: problem`` errors."""

    def __init__(self, data: Any):
        self.data = data
        self.errors: list[ScenarioError] = []

    def error(self, container: Any, key: Any, problem: str) -> None:
        self.errors.append(ScenarioError(*where(container, key), problem))

    def colour(self, container: Any, key: Any, label: str) -> RGB:
        if isinstance(container, dict):
            value = container.get(key)
        else:
            value = container[key] if isinstance(container, list) and 0 <= key < len(container) else None
        if not isinstance(value, str) or not _COLOUR.fullmatch(value):
            self.error(container, key, f"{label}: expected a colour \"#rrggbb\", got {value!r}")
            return (128, 128, 128)
        return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)

    def colours(self, key: str) -> dict[str, RGB]:
        table = self.data.get(key, {})
        if not isinstance(table, dict):
            self.error(self.data, key, f"{key}: expected a mapping of names to colours")
            return {}
        return {str(k): self.colour(table, k, f"{key}.{k}") for k in table}

    def file(self, folder: Path, key: str, default: str) -> Path:
        path = folder / str(self.data.get(key, default))
        if not path.is_file():
            self.error(self.data, key, f"{key}: no file {path}")
        return path


def load_theme(folder: Path | None = None) -> Theme:
    """Read and check ``theme.yaml`` and the symbols file it names, in ``folder``."""
    folder = folder or assets_dir()
    data = load_yaml(folder / "theme.yaml", "assets/theme.yaml")
    if not isinstance(data, dict):
        raise ScenarioLoadError([ScenarioError("assets/theme.yaml", 1, "expected a mapping")])
    r = _Reader(data)
    font = data.get("font", {}) if isinstance(data.get("font"), dict) else {}
    scale = font.get("scale", 0.58)
    if not isinstance(scale, (int, float)) or not 0.2 <= scale <= 2:
        r.error(font, "scale", f"font.scale: expected a number from 0.2 to 2, got {scale!r}")
        scale = 0.58
    font_file = _Reader(font).file(folder, "file", "fonts/DejaVuSansCondensed-Bold.ttf")
    given_palette = data.get("side_palette")
    palette = given_palette if isinstance(given_palette, list) else []
    palette_ok = bool(palette)
    if not palette_ok:
        r.error(data, "side_palette", "side_palette: expected a list of colours")
    unit_symbols = data.get("unit_symbols", {})
    symbols = _symbols(folder, r.file(folder, "symbols", "symbols.yaml"))
    theme = Theme(folder, font_file, float(scale), r.file(folder, "icon", "icon.png"),
                  {k: r.colour(data.get("ui", {}), k, f"ui.{k}") for k in ("highlight", "ink", "paper", "background")},
                  r.colours("sides"), tuple(r.colour(palette, i, "side_palette") for i in range(len(palette)))
                  if palette_ok else ((128, 128, 128),), r.colour(data, "side_default", "side_default"),
                  r.colours("terrain"), r.colour(data, "terrain_default", "terrain_default"),
                  {str(k): str(v) for k, v in unit_symbols.items()} if isinstance(unit_symbols, dict) else {},
                  symbols)
    for k, v in theme.unit_symbols.items():
        if v not in symbols:
            r.error(unit_symbols, k, f"unit_symbols.{k}: no symbol '{v}' in the symbols file")
    if r.errors:
        raise ScenarioLoadError(r.errors)
    return theme


def _symbols(folder: Path, path: Path) -> dict[str, list]:
    """The symbols file: name -> strokes, each checked for its kind and number of figures."""
    if not path.is_file():
        return {}
    data = load_yaml(path, f"assets/{path.relative_to(folder)}")
    errors: list[ScenarioError] = []
    out: dict[str, list] = {}
    for name, strokes in (data.items() if isinstance(data, dict) else ()):
        out[str(name)] = []
        for i, s in enumerate(strokes if isinstance(strokes, list) else [strokes]):
            opts = s[-1] if isinstance(s, list) and s and isinstance(s[-1], dict) else {}
            body = s[:-1] if opts else s
            ok = (isinstance(body, list) and body and body[0] in STROKES and len(body) == STROKES[body[0]] + 1
                  and all(isinstance(x, (int, float)) for x in body[1:]))
            if not ok:
                errors.append(ScenarioError(*where(strokes, i), f"symbol '{name}': stroke {s!r} is not one of "
                                            + ", ".join(f"[{k}, {STROKES[k]} numbers]" for k in STROKES)))
                continue
            out[str(name)].append((body[0], [float(x) for x in body[1:]], int(opts.get("widen", 0))))
    if errors:
        raise ScenarioLoadError(errors)
    return out


@functools.cache
def theme() -> Theme:
    """The game's theme, read once."""
    return load_theme()
