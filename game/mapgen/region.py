"""Region files: everything the map generator needs to know about one map, checked up front.

A region file is one YAML document (it may pull in parts from other files with ``include:``; an
included file's top-level keys join the region's, and a key given twice is an error). Every
problem is reported as ``file:line: problem`` before any data is read, so a modder never sees a
traceback. The format is documented in ``docs/map-tool.md``; :data:`REGION` is the schema.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.schema import Bool, Ctx, Enum, F, Int, ListOf, MapOf, Num, Record, Spec, Str, check
from engine.yamlio import ScenarioError, ScenarioLoadError, YDict, load_yaml, where

TERRAIN_CHARS = {"clear": ".", "steppe": "s", "hills": "h", "mountains": "m", "forest": "f", "marsh": "w",
                 "city": "c", "water": "~"}


class LatLon(Spec):
    """A point as ``[lat, lon]`` in decimal degrees."""

    def check(self, value: Any, ctx: Ctx) -> Any:
        if (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
            if not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180):
                ctx.error(f"{value} is not a [lat, lon] point (latitude first, in degrees)")
            return [float(value[0]), float(value[1])]
        ctx.error(f"expected a point as [lat, lon], got {value!r}")
        return None


class Box(Spec):
    """A box as ``[lat_min, lon_min, lat_max, lon_max]``."""

    def check(self, value: Any, ctx: Ctx) -> Any:
        if (isinstance(value, list) and len(value) == 4
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
            if value[0] >= value[2] or value[1] >= value[3]:
                ctx.error(f"{value} is not [lat_min, lon_min, lat_max, lon_max] (minimum before maximum)")
            return [float(v) for v in value]
        ctx.error(f"expected a box as [lat_min, lon_min, lat_max, lon_max], got {value!r}")
        return None


class Waypoint(Spec):
    """A place id, a station name or a ``[lat, lon]`` point (fortifications)."""

    def check(self, value: Any, ctx: Ctx) -> Any:
        if isinstance(value, str):
            return value
        return LatLon().check(value, ctx)


POINTS = ListOf(LatLon())
POLYGON = ListOf(LatLon(), min_len=3)
TERRAIN = Enum(tuple(TERRAIN_CHARS))

PLACE = Record({
    "id": F(Str(), required=True), "name": F(Str(), required=True), "aliases": F(ListOf(Str()), default=list),
    "lat": F(Num(-90, 90), required=True), "lon": F(Num(-180, 180), required=True),
    "types": F(ListOf(Str()), default=list), "imp": F(Int(1, 3), required=True),
    "side": F(Str(), required=True), "vp": F(Int(0, 1000)), "source": F(Str(), required=True)})
RIVER = Record({
    "name": F(Str(), required=True), "class": F(Enum(("minor", "major")), required=True),
    "border": F(Bool(), default=False), "waypoints": F(ListOf(LatLon(), min_len=2), required=True),
    "extend": F(POINTS), "source": F(Str(), required=True)})
PATH = Record({"name": F(Str(), required=True), "path": F(ListOf(Str(), min_len=2), required=True),
               "source": F(Str(), required=True)})
REGION = Record({
    "include": F(ListOf(Str()), default=list, doc="other files whose top-level keys join this one"),
    "name": F(Str(), required=True, doc="what the map shows"),
    "output": F(Str(), doc="the map.yaml to write, relative to the region file"),
    "data_box": F(Record({k: F(Num(-180, 180), required=True)
                          for k in ("lon_min", "lat_min", "lon_max", "lat_max")}), required=True),
    "projection": F(Record({k: F(Num(-180, 180), required=True) for k in ("lat_0", "lon_0", "lat_1", "lat_2")}),
                    required=True),
    "hex_km": F(Record({"target": F(Num(1, 200), required=True), "min": F(Num(1, 200)), "max": F(Num(1, 200)),
                        "step": F(Num(0.01, 10), default=0.05)}), required=True),
    "sides": F(MapOf(Str()), default=lambda: {"soviet": "S", "japanese": "J"}),
    "victory_points": F(Record({"by_importance": F(MapOf(Int(0, 1000), key=Int(1, 3)), required=True),
                                "sides": F(ListOf(Str()), required=True)}), required=True),
    "city_importance": F(Int(0, 3), default=2),
    "places": F(ListOf(PLACE, min_len=1), required=True),
    "rivers": F(ListOf(RIVER), default=list),
    "stations": F(MapOf(LatLon()), default=dict),
    "railways": F(ListOf(PATH), default=list),
    "roads": F(ListOf(PATH), default=list),
    "extent": F(Record({"polygon": F(POLYGON, required=True), "source": F(Str(), required=True)}), required=True),
    "country_seeds": F(MapOf(POINTS), required=True),
    "country_base": F(MapOf(Str()), required=True),
    "country_names": F(MapOf(Str()), required=True),
    "country_chars": F(MapOf(Str()), required=True),
    "country_side": F(MapOf(Str()), required=True),
    "countries": F(ListOf(Record({"name": F(Str(), required=True), "country": F(Str(), required=True),
                                  "from": F(ListOf(Str()), required=True), "polygon": F(POLYGON, required=True),
                                  "source": F(Str(), required=True)})), default=list),
    "line_patches": F(ListOf(Record({"name": F(Str(), required=True), "river": F(Str()),
                                     "border": F(Bool(), default=False), "box": F(Box(), required=True),
                                     "line": F(ListOf(LatLon(), min_len=2), required=True),
                                     "source": F(Str(), required=True)})), default=list),
    "terrain": F(ListOf(Record({
        "name": F(Str(), required=True), "terrain": F(TERRAIN, required=True),
        "applies_to": F(ListOf(TERRAIN), required=True), "box": F(Box()), "polygon": F(POLYGON),
        "corridor": F(Record({"line": F(ListOf(LatLon(), min_len=2), required=True),
                              "km": F(Num(0, 1000), required=True)})),
        "near_river": F(Str()), "source": F(Str(), required=True)})), default=list),
    "fortifications": F(ListOf(Record({"at": F(Waypoint(), required=True), "level": F(Int(1, 3), required=True),
                                       "source": F(Str(), required=True)})), default=list),
    "supply_sources": F(ListOf(Record({"side": F(Str(), required=True), "at": F(Str(), required=True),
                                       "kind": F(Enum(("railhead", "depot", "port")), required=True),
                                       "source": F(Str(), required=True)})), default=list),
    "extra_ports": F(ListOf(Record({"at": F(Str(), required=True), "source": F(Str(), required=True)})),
                     default=list),
    "bank_checks": F(ListOf(Str()), default=list),
    "text": F(Record({"header": F(ListOf(Str())), "source": F(Str()), "terrain": F(Str()), "control": F(Str()),
                      "countries": F(Str()), "airfield": F(Str())}), default=dict),
})


@dataclass
class Region:
    """A checked region file: ``doc`` holds every key (defaults filled in)."""

    path: Path
    doc: YDict

    def __getitem__(self, key: str) -> Any:
        return self.doc[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.doc.get(key, default)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        b = self.doc["data_box"]
        return (b["lon_min"], b["lat_min"], b["lon_max"], b["lat_max"])

    @property
    def proj(self) -> dict[str, float]:
        return dict(self.doc["projection"])

    def hex_km_choices(self) -> tuple[float, ...]:
        """Hex sizes to try, nearest to the target first (ties: the smaller)."""
        h = self.doc["hex_km"]
        lo, hi, step = h["min"] or h["target"], h["max"] or h["target"], h["step"]
        n = int(round((hi - lo) / step)) + 1
        return tuple(sorted((round(lo + step * i, 2) for i in range(n)), key=lambda v: (abs(v - h["target"]), v)))

    def text(self, key: str, default: Any) -> Any:
        value = self.doc["text"].get(key)
        return default if value is None else value

    def output(self) -> Path | None:
        out = self.doc.get("output")
        return (self.path.parent / out).resolve() if out else None


def fail_at(item: Any, message: str, key: Any = None) -> SystemExit:
    """A SystemExit whose message is ``file:line: message`` for a loaded YAML item."""
    file, line = where(item, key)
    return SystemExit(str(ScenarioError(file, line, message)))


def load_region(path: Path) -> Region:
    """Read, merge and check a region file; raise :class:`ScenarioLoadError` with every problem."""
    path = Path(path)
    doc = _read(path)
    errors: list[ScenarioError] = []
    for i, inc in enumerate(doc.get("include") or []):
        if not isinstance(inc, str):
            continue  # the schema reports it
        part = _read(path.parent / inc, doc, i)
        for key, value in part.items():
            if key in doc:
                errors.append(ScenarioError(part.file, part.line_of(key), f"'{key}' is given twice (also at "
                                            f"{doc.file_of(key)}:{doc.line_of(key)})"))
                continue
            doc[key] = value
            doc.key_lines[key] = part.line_of(key)
            doc.key_files[key] = part.file
    checked = check(doc, REGION, str(path), errors)
    try:
        _cross_check(checked, errors)
    except (TypeError, KeyError, AttributeError):
        if not errors:  # a value the schema let through that the checks cannot read: a bug
            raise
        # otherwise the schema's errors already say what is wrong with the value
    if errors:
        raise ScenarioLoadError(errors)
    return Region(path, checked)


def _read(path: Path, parent: YDict | None = None, index: int = 0) -> YDict:
    if not path.is_file():
        file, line = where(parent["include"], index) if parent is not None else (str(path), 0)
        raise ScenarioLoadError([ScenarioError(file, line, f"no such file: {path}")])
    doc = load_yaml(path)
    if not isinstance(doc, YDict):
        raise ScenarioLoadError([ScenarioError(str(path), 1, "a region file is a mapping of keys (see "
                                               "docs/map-tool.md)")])
    if not hasattr(doc, "key_files"):
        doc.key_files = {}
    return doc


def _cross_check(r: YDict, errors: list[ScenarioError]) -> None:
    """Names that must refer to something defined elsewhere in the region."""
    def err(item: Any, key: Any, message: str) -> None:
        file, line = where(item, key)
        errors.append(ScenarioError(file, line, message))

    sides, names = set(r["sides"]), set(r["country_names"])
    ids = [p["id"] for p in r["places"]]
    place_ids = set(ids)
    box = r["data_box"]
    for i, p in enumerate(r["places"]):
        if ids.index(p["id"]) != i:
            err(r["places"], i, f"place id '{p['id']}' is used twice")
        if p["side"] not in sides:
            err(p, "side", f"side '{p['side']}' is not one of the region's sides: {', '.join(sorted(sides))}")
        if not (box["lat_min"] <= p["lat"] <= box["lat_max"] and box["lon_min"] <= p["lon"] <= box["lon_max"]):
            err(p, "lat", f"place {p['id']} lies outside data_box")
    for kind in ("railways", "roads"):
        for line in r[kind]:
            for k, wp in enumerate(line["path"]):
                if wp not in place_ids and wp not in r["stations"]:
                    err(line["path"], k, f"{kind[:-1]} {line['name']}: '{wp}' is neither a place id nor a station")
    for f in r["fortifications"]:
        if isinstance(f["at"], str) and f["at"] not in place_ids:
            err(f, "at", f"fortification at unknown place '{f['at']}'")
    for s in r["supply_sources"]:
        if s["at"] not in place_ids:
            err(s, "at", f"supply source at unknown place '{s['at']}'")
        if s["side"] not in sides:
            err(s, "side", f"unknown side '{s['side']}'")
    for key in ("extra_ports",):
        for e in r[key]:
            if e["at"] not in place_ids:
                err(e, "at", f"port at unknown place '{e['at']}'")
    for k, pid in enumerate(r["bank_checks"]):
        if pid not in place_ids:
            err(r["bank_checks"], k, f"bank check of unknown place '{pid}'")
    _check_countries(r, names, sides, err)
    rivers = {rv["name"] for rv in r["rivers"]}
    for t in r["terrain"]:
        if t["near_river"] is not None and t["near_river"] not in rivers:
            err(t, "near_river", f"no river named '{t['near_river']}' in the region")
    for lp in r["line_patches"]:
        if lp["river"] is not None and lp["river"] not in rivers:
            err(lp, "river", f"no river named '{lp['river']}' in the region")


def _check_countries(r: YDict, names: set, sides: set, err: Any) -> None:
    for base, cid in r["country_base"].items():
        if base not in r["country_seeds"]:
            err(r["country_base"], base, f"'{base}' has no entry in country_seeds")
        if cid not in names:
            err(r["country_base"], base, f"country '{cid}' has no entry in country_names")
    for base in r["country_seeds"]:
        if base not in r["country_base"]:
            err(r["country_seeds"], base, f"'{base}' has no entry in country_base")
    for key in ("country_chars", "country_side"):
        for cid in names:
            if cid not in r[key]:
                err(r["country_names"], cid, f"country '{cid}' has no entry in {key}")
    for cid, side in r["country_side"].items():
        if side not in sides:
            err(r["country_side"], cid, f"side '{side}' is not one of the region's sides")
    for c in r["countries"]:
        for cid in [c["country"], *c["from"]]:
            if cid not in names:
                err(c, "country", f"country '{cid}' has no entry in country_names")
