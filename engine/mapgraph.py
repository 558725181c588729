"""The map: a networkx graph of hexes built from a scenario's ``map.yaml``.

Nodes are axial hexes ``(q, r)`` with ``terrain``, ``place`` (id or None), ``fortification``,
``airfield``, ``port`` and the initial ``control``. Edges join neighbouring hexes and carry
``river`` (None, ``minor`` or ``major``), ``road`` and ``rail``. Places sit in the hex their
latitude/longitude projects to; roads and railways are given as waypoints (places or hexes)
and follow the hex line between them.

Terrain and initial control are written as text rows in 'odd-r' offset layout (row ``r``,
column ``col``), one character per hex, with a legend; a space is off the map.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from .hexes import EARTH_RADIUS_KM, SQRT3, Hex, Projection, distance, line, neighbours, offset_to_axial
from .schema import Bool, Cite, Ctx, Enum, F, HexSpec, Int, ListOf, MapOf, Num, Record, Spec, Str
from .yamlio import ScenarioError, YDict, suggest

PLACE_TYPES = ("city", "fortified_region", "port", "naval_base", "rail_junction", "airfield",
               "border_crossing", "hq", "town", "pass", "railhead")


class WaypointSpec(Spec):
    """A place id or a hex ``[q, r]``."""

    def check(self, value: Any, ctx: Ctx) -> Any:
        if isinstance(value, str):
            return value
        return HexSpec().check(value, ctx)


ROWS = Record({
    "legend": F(MapOf(Str()), required=True),
    "first_row": F(Int(), default=0),
    "first_col": F(Int(), default=0),
    "rows": F(ListOf(Str(), min_len=1), required=True),
})

MAP = Record({
    "hex_km": F(Num(1, 500), required=True),
    "projection": F(Record({**{k: F(Num(-180, 180), required=True) for k in ("lat_0", "lon_0", "lat_1", "lat_2")},
                            "x_0": F(Num(), default=0.0, doc="false easting, km"),
                            "y_0": F(Num(), default=0.0, doc="false southing, km")}),
                    required=True),
    "terrain": F(ROWS, required=True),
    "control": F(ROWS, required=True),
    "countries": F(ROWS, doc="optional: the country of each hex (for borders on the map)"),
    "country_names": F(MapOf(Str()), default=dict),
    "hexes": F(ListOf(Record({
        "hex": F(HexSpec(), required=True),
        "fortification": F(Int(0, 10), default=0),
        "airfield": F(Bool(), default=False),
        "port": F(Bool(), default=False),
        "source": F(Cite(), default=""),
    })), default=list),
    "places": F(ListOf(Record({
        "id": F(Str(), required=True),
        "name": F(Str(), required=True),
        "aliases": F(ListOf(Str()), default=list),
        "lat": F(Num(-90, 90), required=True),
        "lon": F(Num(-180, 180), required=True),
        "types": F(ListOf(Enum(PLACE_TYPES)), default=list),
        "vp": F(Int(0, 1000), default=0),
        "source": F(Cite(), required=True),
    })), default=list),
    "rivers": F(ListOf(Record({
        "name": F(Str(), required=True),
        "class": F(Enum(("minor", "major")), required=True),
        "edges": F(ListOf(ListOf(HexSpec(), min_len=2)), required=True),
        "source": F(Cite(), default=""),
    })), default=list),
    "roads": F(ListOf(Record({"name": F(Str(), required=True),
                              "path": F(ListOf(WaypointSpec(), min_len=2), required=True),
                              "source": F(Cite(), default="")})), default=list),
    "railways": F(ListOf(Record({"name": F(Str(), required=True),
                                 "path": F(ListOf(WaypointSpec(), min_len=2), required=True),
                                 "source": F(Cite(), default="")})), default=list),
    "supply_sources": F(ListOf(Record({
        "side": F(Str(), required=True),
        "at": F(WaypointSpec(), required=True),
        "kind": F(Enum(("railhead", "depot", "port")), required=True),
        "source": F(Cite(), default=""),
    })), default=list),
    "source": F(Cite(), default=""),
})


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    types: tuple[str, ...]
    vp: int
    hex: Hex
    source: str


@dataclass(frozen=True)
class SupplySource:
    side: str
    hex: Hex
    kind: str


@dataclass
class MapData:
    graph: nx.Graph
    hex_km: float
    projection: Projection
    places: dict[str, Place]
    place_at: dict[Hex, str]
    supply_sources: list[SupplySource]
    rivers: dict[str, list[tuple[Hex, Hex]]] = field(default_factory=dict)
    railways: dict[str, list[Hex]] = field(default_factory=dict)
    roads: dict[str, list[Hex]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)

    def describe(self, h: Hex) -> str:
        """A hex as players name it: its place, or its distance and bearing from the nearest
        place ("25 km SE of Harbin"), never its coordinates unless the map has no places."""
        place = self.place_at.get(h)
        if place is not None:
            return self.places[place].name
        if not self.places:
            return f"hex {h[0]},{h[1]}"
        near = min(self.places.values(), key=lambda p: (distance(p.hex, h), p.name))
        dq, dr = h[0] - near.hex[0], h[1] - near.hex[1]
        # axial to screen axes (rows run north to south), then one of eight compass points
        angle = math.degrees(math.atan2(-1.5 * dr, math.sqrt(3) * (dq + dr / 2)))
        compass = ("E", "NE", "N", "NW", "W", "SW", "S", "SE")[round(angle / 45) % 8]
        return f"{round(distance(h, near.hex) * self.hex_km)} km {compass} of {near.name}"

    def at(self, h: Hex) -> str:
        """Where something happens, for a sentence: "at Harbin" or "25 km SE of Harbin"."""
        return ("at " if h in self.place_at or not self.places else "") + self.describe(h)


def _read_rows(rows_spec: YDict, what: str, allowed: set[str] | None, errors: list[ScenarioError]) -> dict[Hex, str]:
    out: dict[Hex, str] = {}
    legend = rows_spec["legend"]
    rows = rows_spec["rows"]
    for key, value in legend.items():
        if len(str(key)) != 1:
            errors.append(ScenarioError(legend.file, legend.line_of(key),
                                        f"{what} legend key '{key}' must be one character"))
        if allowed is not None and value not in allowed:
            errors.append(ScenarioError(legend.file, legend.line_of(key),
                                        f"{what} legend: unknown {what} '{value}'{suggest(value, allowed)}"))
    for i, row in enumerate(rows):
        if row is None:
            continue
        r = rows_spec["first_row"] + i
        for j, ch in enumerate(row):
            if ch == " ":
                continue
            if ch not in legend:
                errors.append(ScenarioError(rows.file, rows.line_of(i),
                                            f"{what} row {i}: character '{ch}' (column {j + 1}) is not in the legend"))
                continue
            out[offset_to_axial(rows_spec["first_col"] + j, r)] = legend[ch]
    return out


def projection_problem(proj: Projection) -> str | None:
    """Why a projection cannot serve (a pole, parallels that make a flat cone, a far false
    origin), or None: a degenerate cone divides by zero or sends every place to infinity."""
    for k in ("lat_0", "lat_1", "lat_2"):
        if not -89.0 <= getattr(proj, k) <= 89.0:
            return f"{k} {getattr(proj, k)} is too close to a pole (at most 89 degrees north or south)"
    if abs(proj.x_0) > 20000 or abs(proj.y_0) > 20000:
        return "the false origin x_0, y_0 lies more than 20,000 km away"
    flat = (f"the standard parallels lat_1 {proj.lat_1} and lat_2 {proj.lat_2} give a flat cone "
            "(put them on the same side of the equator)")
    try:
        n, f, rho0 = proj._cone()
    except (ValueError, ZeroDivisionError, OverflowError):
        return flat
    if not all(math.isfinite(v) for v in (n, f, rho0)) or abs(n) < 0.01:
        return flat
    return None


def safe_to_hex(proj: Projection, lat: float, lon: float, hex_km: float) -> Hex | None:
    """The hex of a point, or None when the point cannot be projected (a pole)."""
    try:
        return proj.to_hex(lat, lon, hex_km)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


def _unprojectable(proj: Projection, hexes: list[Hex], hex_km: float) -> Hex | None:
    """The first hex whose centre the projection cannot turn back into a latitude and longitude
    (at the cone's apex, or past it), or None: all hexes at once, as :meth:`Projection.from_km`."""
    if not hexes:
        return None
    qr = np.array(hexes, dtype=float)
    size = hex_km / SQRT3
    x = size * (SQRT3 * qr[:, 0] + SQRT3 / 2 * qr[:, 1]) - proj.x_0
    north = -(size * 1.5 * qr[:, 1] - proj.y_0)
    n, f, rho0 = proj._cone()
    rho = np.hypot(x, rho0 - north)
    with np.errstate(all="ignore"):
        lat = 2 * np.arctan((EARTH_RADIUS_KM * f / rho) ** (1 / n)) - math.pi / 2
    bad = ~(np.isfinite(lat) & (rho > 0))
    return hexes[int(np.argmax(bad))] if bad.any() else None


def build_map(m: YDict, terrain_names: set[str], sides: set[str], errors: list[ScenarioError]) -> MapData | None:
    """Build the graph from a checked ``map.yaml``; problems go to ``errors``."""
    n_before = len(errors)
    proj = Projection(**{k: m["projection"][k] for k in ("lat_0", "lon_0", "lat_1", "lat_2", "x_0", "y_0")})
    problem = projection_problem(proj)
    if problem:
        pr = m["projection"]
        errors.append(ScenarioError(pr.file, pr.line, f"projection: {problem}"))
        return None
    hex_km = m["hex_km"]
    g = _hex_graph(m, terrain_names, sides, errors)
    beyond = _unprojectable(proj, list(g.nodes), hex_km)
    if beyond is not None:  # areas of effect compare each hex centre's latitude and longitude
        rows = m["terrain"]["rows"]
        errors.append(ScenarioError(rows.file, rows.line, f"terrain: hex {list(beyond)} lies beyond the "
                                                          "projection's reach (past a pole); the map is too large"))
        return None
    _hex_extras(m["hexes"], g, errors)
    places, place_at = _place_places(m["places"], g, proj, hex_km, errors)
    resolve = _resolver(places, g, errors)
    rivers = _lay_rivers(m["rivers"], g, errors)
    roads = _lay_paths("road", m["roads"], g, resolve, errors)
    railways = _lay_paths("rail", m["railways"], g, resolve, errors)
    sources: list[SupplySource] = []
    for i, s in enumerate(m["supply_sources"]):
        file, ln = m["supply_sources"].file, m["supply_sources"].line_of(i)
        if s["side"] not in sides:
            errors.append(ScenarioError(file, ln, f"unknown side '{s['side']}'{suggest(s['side'], sides)}"))
            continue
        h = resolve(s["at"], file, ln)
        if h is not None:
            sources.append(SupplySource(s["side"], h, s["kind"]))
    if len(errors) > n_before:
        return None
    return MapData(g, hex_km, proj, places, place_at, sources, rivers, railways, roads, dict(m["country_names"]))


def _hex_graph(m: YDict, terrain_names: set[str], sides: set[str], errors: list[ScenarioError]) -> nx.Graph:
    """The hexes with their terrain, control and country, joined to their neighbours."""
    terrain = _read_rows(m["terrain"], "terrain", terrain_names, errors)
    control = _read_rows(m["control"], "control", sides | {"none"}, errors)
    countries = _read_rows(m["countries"], "countries", None, errors) if m["countries"] else {}
    g: nx.Graph[Hex] = nx.Graph()
    for h, t in terrain.items():
        c = control.get(h, "none")
        g.add_node(h, terrain=t, place=None, fortification=0, airfield=False, port=False,
                   control=None if c == "none" else c, country=countries.get(h))
    for h in g.nodes:
        for n in neighbours(h):
            if n in g and not g.has_edge(h, n):
                g.add_edge(h, n, river=None, road=False, rail=False)
    return g


def _hex_extras(extras: Any, g: nx.Graph, errors: list[ScenarioError]) -> None:
    """Works, airfields and ports given hex by hex."""
    for i, extra in enumerate(extras):
        file, ln = extras.file, extras.line_of(i)
        h = extra["hex"]
        if h is None:
            continue
        if h not in g:
            errors.append(ScenarioError(file, ln, f"hex {list(h)} is not on the map"))
            continue
        for k in ("fortification", "airfield", "port"):
            if k in extra.key_lines:
                g.nodes[h][k] = extra[k]


def _place_places(plist: Any, g: nx.Graph, proj: Projection, hex_km: float,
                  errors: list[ScenarioError]) -> tuple[dict[str, Place], dict[Hex, str]]:
    """Each place in the hex its latitude and longitude fall in, one place to a hex."""
    places: dict[str, Place] = {}
    place_at: dict[Hex, str] = {}
    for i, p in enumerate(plist):
        file, ln = plist.file, plist.line_of(i)
        if p["id"] is None or p["lat"] is None or p["lon"] is None:
            continue
        if p["id"] in places:
            errors.append(ScenarioError(file, ln, f"duplicate place id '{p['id']}'"))
            continue
        h = safe_to_hex(proj, p["lat"], p["lon"], hex_km)
        if h is None or h not in g:
            off = "cannot be projected" if h is None else f"falls in hex {list(h)}, which is not on the map"
            errors.append(ScenarioError(file, ln, f"place '{p['id']}' at {p['lat']}, {p['lon']} {off}"))
            continue
        if h in place_at:
            errors.append(ScenarioError(file, ln, f"place '{p['id']}' falls in the same hex {list(h)} as "
                                                  f"'{place_at[h]}'; use a smaller hex_km or drop one"))
            continue
        places[p["id"]] = Place(p["id"], p["name"], tuple(p["aliases"]), p["lat"], p["lon"], tuple(p["types"]),
                                p["vp"], h, p["source"])
        place_at[h] = p["id"]
        g.nodes[h]["place"] = p["id"]
    return places, place_at


def _resolver(places: dict[str, Place], g: nx.Graph, errors: list[ScenarioError]) -> Any:
    """A function turning a waypoint (a place id or a hex) into a map hex, or None with an error."""

    def resolve(wp: Any, file: str, ln: int) -> Hex | None:
        if isinstance(wp, str):
            if wp not in places:
                errors.append(ScenarioError(file, ln, f"unknown place '{wp}'{suggest(wp, places)}"))
                return None
            return places[wp].hex
        if wp is None:
            return None
        if wp not in g:
            errors.append(ScenarioError(file, ln, f"hex {list(wp)} is not on the map"))
            return None
        return wp

    return resolve


def _lay_rivers(rlist: Any, g: nx.Graph, errors: list[ScenarioError]) -> dict[str, list[tuple[Hex, Hex]]]:
    """Rivers on the hexsides they run along (a major river wins over a minor one)."""
    rivers: dict[str, list[tuple[Hex, Hex]]] = {}
    for river in rlist:
        edges = river["edges"]
        for j, e in enumerate(edges):
            file, ln = edges.file, edges.line_of(j)
            if e is None or len(e) != 2 or None in e:
                if e is not None and len(e) != 2:
                    errors.append(ScenarioError(file, ln, f"river '{river['name']}': an edge is two hexes"))
                continue
            a, b = e
            if not g.has_edge(a, b):
                errors.append(ScenarioError(file, ln, f"river '{river['name']}': {list(a)} and {list(b)} are not "
                                                      "neighbouring map hexes"))
                continue
            if river["class"] == "major" or g.edges[a, b]["river"] is None:
                g.edges[a, b]["river"] = river["class"]
            rivers.setdefault(river["name"], []).append((a, b))
    return rivers


def _lay_paths(kind: str, items: Any, g: nx.Graph, resolve: Any, errors: list[ScenarioError]) -> dict[str, list[Hex]]:
    """Roads or railways from waypoint to waypoint in straight hex lines, marked on the edges."""
    laid: dict[str, list[Hex]] = {}
    for item in items:
        path = item["path"]
        hexes: list[Hex] = []
        for j, wp in enumerate(path):
            h = resolve(wp, path.file, path.line_of(j))
            if h is None:
                hexes = []
                break
            if hexes:
                seg = line(hexes[-1], h)[1:]
                for a, b in zip([hexes[-1]] + seg, seg):
                    if not g.has_edge(a, b):
                        errors.append(ScenarioError(path.file, path.line_of(j),
                                                    f"{kind} '{item['name']}' leaves the map between "
                                                    f"{list(a)} and {list(b)}; add a waypoint"))
                        break
                    g.edges[a, b][kind] = True
                hexes.extend(seg)
            else:
                hexes.append(h)
        if hexes:
            laid[item["name"]] = hexes
    return laid

