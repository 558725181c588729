"""Rules as data: terrain effects, edge features, unit types, combat and supply parameters.

The rules live in YAML (``scenarios/rules/*.yaml``); a scenario lists the rule files it builds
on and may override any value. This module holds the schema those files are checked against
and the plain dataclasses the engine reads. No rule value is a constant in code.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, NoReturn, TypeVar

from .schema import Bool, Cite, Enum, F, Int, MapOf, Num, Record, Str

MOBILITY_CLASSES = ("foot", "horse", "motorised", "tracked")
OUTCOMES = ("repulsed", "held", "retreat", "rout", "surrender")
MOTOR_CLASSES = ("motorised", "tracked")

_per_class = MapOf(Num(0))

K = TypeVar("K")
V = TypeVar("V")

TERRAIN = Record({
    "move": F(_per_class, required=True,
              doc="movement points to enter, per mobility class; a missing class cannot enter"),
    "defence": F(Num(0.1, 10), default=1.0, doc="multiplier on the defender's strength"),
    "supply_cost": F(Num(0), default=1.0, doc="cost of tracing supply into the hex"),
    "passable": F(Bool(), default=True),
    "source": F(Cite(), default=""),
}, moved={"colour": "map colours are no longer rules: they are in the theme, assets/theme.yaml"})

FEATURE = Record({
    "move": F(_per_class, required=True, doc="movement points along the edge, replacing terrain"),
    "supply_cost": F(Num(0), required=True),
    "source": F(Cite(), default=""),
})

RIVER = Record({
    "move_extra": F(_per_class, required=True, doc="extra movement points to cross without a bridge"),
    "bridged_extra": F(Num(0), default=0.0, doc="extra points where a road or railway bridges it"),
    "attack": F(Num(0, 1), required=True, doc="multiplier on attackers attacking across it"),
    "supply_extra": F(Num(0), default=0.0),
    "supply_along": F(Num(0), doc="supply cost of a step along the river between two hexes on its banks that "
                                  "the side holds (river boats); none if not given"),
    "source": F(Cite(), default=""),
})

UNIT_TYPE = Record({
    "inherits": F(Str(), doc="another unit type whose fields this one takes, overriding those it gives "
                             "(engine/scenario/unit_types.py)"),
    "name": F(Str()),
    "mobility": F(Enum(MOBILITY_CLASSES), required=True),
    "movement": F(Num(0, 100), required=True, doc="movement points per turn"),
    "attack": F(Num(0, 10), default=1.0, doc="multiplier on raw strength when attacking"),
    "defence": F(Num(0, 10), default=1.0, doc="multiplier on raw strength when defending"),
    "recon": F(Int(0, 20), default=2, doc="hexes it sees"),
    "fuel_capacity": F(Num(0), default=0.0, doc="fuel points carried (motorised/tracked)"),
    "fuel_per_mp": F(Num(0), default=0.0, doc="fuel points burnt per movement point"),
    "stack": F(Num(0, 10), default=1.0, doc="stacking points"),
    "zoc": F(Bool(), default=True, doc="exerts a zone of control"),
    "static": F(Bool(), default=False, doc="cannot move at all (fortified regions)"),
    "airborne": F(Bool(), default=False, doc="can be carried by the side's airborne lifts"),
    "detachment": F(Record({
        "type": F(Str(), required=True, doc="unit type of the detachment"),
        "share": F(Num(0.01, 0.5), required=True, doc="share of the men, tanks and guns it takes"),
    }), doc="the unit may send a forward detachment ahead, fuelled from its own tanks (or, for a unit without "
            "fuel, from the supply line)"),
    "amphibious": F(Bool(), default=False,
                    doc="landing troops: they may sail from any harbour their side holds (other units only from the "
                        "fleet's bases), and the computer player keeps them in harbour for a landing"),
    "depot_reach": F(Num(0, 10), default=0.0,
                     doc="a field depot (an army's mobile depot and its truck columns): a supply source for its "
                         "side wherever its convoys reach it, i.e. while a supply line from the side's railheads, "
                         "depots and ports to its hex costs at most this many times the side's supply reach; it "
                         "moves only through hexes its side holds (0: not a depot)"),
    "fuel_lift": F(Num(0), default=0.0,
                   doc="a field depot's daily fuel lift: the fuel points times stacking points its tanker trucks "
                       "hand out a day to the units it feeds (shared among them when they want more), while its "
                       "convoys' haul is within the side's supply reach, less in proportion beyond (0: no limit)"),
    "desertion": F(Num(0, 1), default=0.0,
                   doc="troops of doubtful loyalty: the share of its men that desert each day the unit begins its "
                       "side's part of the day next to enemy troops (they go home: counted as deserted, not as "
                       "killed or captured; guns and tanks are left behind in the same share)"),
    "airlanding": F(Bool(), default=False,
                    doc="flown in by transport aircraft rather than dropped: lands only on an airfield"),
    "size": F(Enum(("brigade", "division", "corps", "army")), default="division"),
    "source": F(Cite(), default=""),
}, moved={"symbol": "counter symbols are no longer rules: they are in the theme, assets/theme.yaml"})

COMBAT = Record({
    "dispersal": F(MapOf(Num(0, 1)), default=dict,
                   doc="per terrain: share of the men of a broken unit with no way back who slip away instead of "
                       "being taken (counted as dispersed)"),
    "men_per_point": F(Num(1), required=True),
    "tank_points": F(Num(0), required=True),
    "gun_points": F(Num(0), required=True),
    "slope": F(Num(0.1, 20), required=True),
    "thresholds": F(Record({k: F(Num(0.01), required=True) for k in OUTCOMES[1:]}), required=True),
    "losses": F(Record({k: F(Record({"attacker": F(Num(0, 1), required=True),
                                       "defender": F(Num(0, 1), required=True)}), required=True)
                        for k in OUTCOMES}), required=True),
    "loss_odds_exponent": F(Num(0, 3), default=0.5),
    "max_loss": F(Num(0, 1), default=0.6),
    "engaged_ratio": F(Num(0), default=0.0,
                       doc="attackers in contact per defending man; the attacker's loss share applies "
                           "only to that many men (0: to all)"),
    "tank_loss_factor": F(Num(0, 5), default=1.5),
    "gun_loss_factor": F(Num(0, 5), default=0.8),
    "readiness_cost_attacker": F(Num(0, 1), default=0.05),
    "readiness_cost_defender": F(Record({k: F(Num(0, 1), required=True) for k in OUTCOMES}), required=True),
    "out_of_supply": F(Record({"attack": F(Num(0, 1), required=True), "defence": F(Num(0, 1), required=True)}),
                       required=True),
    "out_of_fuel_attack": F(Num(0, 1), default=0.6),
    "min_readiness_factor": F(Num(0, 1), default=0.3),
    "experience": F(MapOf(Num(0.1, 3)), required=True),
    "fortification_per_level": F(Num(0), default=0.5),
    "fortification_points_per_level": F(Num(0), default=0.0,
                                        doc="strength the works themselves add per level (guns in concrete)"),
    "entrenchment_per_level": F(Num(0), default=0.25),
    "max_entrenchment": F(Int(0, 5), default=2),
    "retreat_hexes": F(Record({"retreat": F(Int(0, 5), required=True), "rout": F(Int(0, 5), required=True)}),
                       required=True),
    "works_hold_level": F(Int(0, 10), default=0,
                          doc="a static garrison in works of at least this level is never routed or taken by "
                              "one assault (0: off)"),
    "works_manning": F(MapOf(Num(0), key=Int(0, 10)), default=dict,
                       doc="by works level: the men a static garrison needs to hold such works as above; with "
                           "fewer the works are no longer manned and the garrison is taken like any static unit "
                           "(a level not listed, or 0: held to the last man)"),
    "works_max_odds": F(MapOf(Num(0.1), key=Int(0, 10)), default=dict,
                        doc="by works level: the highest odds an assault can reach while a garrison holds such "
                            "works (only a few points of a fortress can be attacked at once)"),
    "static_hold_loss_factor": F(Num(1, 10), default=2.0,
                                 doc="a static garrison forced to retreat stays and loses this many times more"),
    "source": F(Cite(), default=""),
})

SUPPLY = Record({
    "max_cost": F(Num(0), required=True, doc="supply path cost limit from a source"),
    "readiness_loss_out": F(Num(0, 1), required=True),
    "readiness_recovery": F(Num(0, 1), required=True),
    "carried_turns": F(Int(0), default=0,
                       doc="turns a unit lives on the food and ammunition it carries before being out of "
                           "supply weakens it"),
    "fuel_refill": F(Num(0, 1), required=True, doc="share of fuel capacity refilled per turn in supply"),
    "truck_fuel_reach": F(Num(1, 10), default=1.0,
                          doc="beyond the supply reach, trucks still bring fuel out to this multiple of it: the "
                              "full refill at the edge of supply, falling to none at the far end (1 = off)"),
    "air_fuel_per_lift": F(Num(0), default=0.0,
                            doc="fuel one air-supply order delivers, in fuel points times stacking points: a unit "
                                "of one stacking point (a division) gets this many fuel points, a corps of two "
                                "half as many (the measure of a field depot's fuel_lift)"),
    "air_supply_range": F(Int(0), default=0, doc="hexes from a friendly airfield an air lift reaches"),
    "source": F(Cite(), default=""),
})

CAPITULATION = Record({
    "relay": F(Num(0, 1), default=1.0,
               doc="chance a day that a headquarters whose superior has a surrender order receives it, while "
                   "its seat (hq place) is in its side's hands"),
    "relay_overrun": F(Num(0, 1), default=1.0,
                       doc="the same chance for a headquarters whose seat the enemy holds (couriers, not wire)"),
    "obey_connected": F(Num(0, 1), default=1.0,
                        doc="chance a day that a unit whose own headquarters has the order receives and obeys it "
                            "while it is in supply (road, rail and wire to the rear)"),
    "obey_cut_off": F(Num(0, 1), default=1.0,
                      doc="the same chance for a unit out of supply (runners and radio only)"),
    "obey_besieged": F(Num(0, 1), default=1.0,
                       doc="the same chance for a unit out of supply in works of ``besieged_works`` or more with the "
                           "enemy next to it (radios and wire gone under bombardment: only an emissary gets through)"),
    "besieged_works": F(Int(0, 10), default=99,
                        doc="fortification level from which a cut-off garrison counts as besieged"),
    "drift": F(Num(0, 1), default=0.0,
               doc="share of a stood-down unit's men who slip away each day while they wait to be disarmed "
                   "(counted as dispersed)"),
    "source": F(Cite(), default=""),
})

RULES = Record({
    "terrain": F(MapOf(TERRAIN), required=True),
    "features": F(Record({"road": F(FEATURE, required=True), "rail": F(FEATURE, required=True)}), required=True),
    "rivers": F(Record({"minor": F(RIVER, required=True), "major": F(RIVER, required=True)}), required=True),
    "unit_types": F(MapOf(UNIT_TYPE), required=True),
    "combat": F(COMBAT, required=True),
    "supply": F(SUPPLY, required=True),
    "stacking": F(Record({"limit": F(Num(0), required=True), "source": F(Cite(), default="")}), required=True),
    "rail_movement": F(Record({"hexes_per_turn": F(Int(0), required=True),
                               "source": F(Cite(), default="")}), required=True),
    "max_fortification": F(Int(0, 10), default=3),
    "readiness_recovery_dug_in": F(Num(0, 1), default=0.0),
    "capitulation": F(CAPITULATION, default=dict,
                      doc="how a surrender order spreads down the chain of command (engine/capitulation.py)"),
})


@dataclass(frozen=True)
class Terrain:
    name: str
    move: dict[str, float]
    defence: float
    supply_cost: float
    passable: bool


@dataclass(frozen=True)
class UnitType:
    name: str
    label: str
    mobility: str
    movement: float
    attack: float
    defence: float
    recon: int
    fuel_capacity: float
    fuel_per_mp: float
    stack: float
    zoc: bool
    static: bool
    airborne: bool
    size: str
    airlanding: bool = False
    amphibious: bool = False
    detachment: dict | None = None
    depot_reach: float = 0.0
    desertion: float = 0.0
    fuel_lift: float = 0.0

    @property
    def depot(self) -> bool:
        return self.depot_reach > 0

    @property
    def motorised(self) -> bool:
        return self.mobility in MOTOR_CLASSES


@dataclass(frozen=True)
class Supply:
    """The supply rules (engine/supply.py): the schema's ``supply`` keys, read once."""
    max_cost: float
    readiness_loss_out: float
    readiness_recovery: float
    carried_turns: int
    fuel_refill: float
    truck_fuel_reach: float
    air_fuel_per_lift: float
    air_supply_range: int


def build_supply(section: dict) -> Supply:
    """The typed supply parameters of a checked section (absent keys take their defaults)."""
    return Supply(**{f.name: section.get(f.name, SUPPLY.fields[f.name].default) for f in fields(Supply)})


@dataclass(frozen=True)
class Capitulation:
    """How a surrender order spreads down the chain of command (engine/capitulation.py); the
    fields are the schema's ``capitulation`` keys, read once, with the schema's defaults."""
    relay: float
    relay_overrun: float
    obey_connected: float
    obey_cut_off: float
    obey_besieged: float
    besieged_works: int
    drift: float


def build_capitulation(section: dict) -> Capitulation:
    """The typed capitulation parameters of a checked section (absent keys take their defaults)."""
    return Capitulation(**{f.name: section.get(f.name, CAPITULATION.fields[f.name].default)
                           for f in fields(Capitulation)})


class Table(dict[K, V]):
    """A read-only table keyed by data (experience levels, terrain names, works levels, outcomes).

    A dict that refuses every change, so a rule cannot be altered in play; not a
    ``types.MappingProxyType``, which cannot be pickled and the Dask executor ships the scenario
    to its workers. Lookups stay the dict's own (combat reads these tables in its inner loops)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("rule tables are read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __reduce__(self) -> tuple[type[Table[K, V]], tuple[dict[K, V]]]:
        # a dict subclass unpickles item by item through __setitem__, which refuses
        return type(self), (dict(self),)

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))


@dataclass(frozen=True)
class LossShares:
    """One outcome's row of the loss table: the share of their men each side loses at even odds."""
    attacker: float
    defender: float


@dataclass(frozen=True)
class OutOfSupply:
    """Multipliers on the strength of units out of supply, attacking and defending."""
    attack: float
    defence: float


@dataclass(frozen=True)
class Combat:
    """The combat rules (engine/combat.py): the schema's ``combat`` keys, read once; ``docs/rules.md``
    gives the reasons for them. Tables keyed by data are read-only :class:`Table` s (a test's
    ``dataclasses.replace`` with a plain dict gets one too)."""
    men_per_point: float
    tank_points: float
    gun_points: float
    slope: float
    thresholds: Table[str, float]  # by outcome from "held" on: the odds at which it is even
    losses: Table[str, LossShares]  # by outcome
    loss_odds_exponent: float
    max_loss: float
    engaged_ratio: float
    tank_loss_factor: float
    gun_loss_factor: float
    readiness_cost_attacker: float
    readiness_cost_defender: Table[str, float]  # by outcome
    out_of_supply: OutOfSupply
    out_of_fuel_attack: float
    min_readiness_factor: float
    experience: Table[str, float]  # by experience level
    fortification_per_level: float
    fortification_points_per_level: float
    entrenchment_per_level: float
    max_entrenchment: int
    retreat_hexes: Table[str, int]  # "retreat" and "rout"
    works_hold_level: int
    works_manning: Table[int, float]  # by works level
    works_max_odds: Table[int, float]  # by works level
    static_hold_loss_factor: float
    dispersal: Table[str, float]  # by terrain

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dict) and not isinstance(value, Table):
                object.__setattr__(self, f.name, Table(value))


def _default(record: Record, name: str) -> Any:
    default = record.fields[name].default
    return default() if callable(default) else default  # ``dict``: a fresh empty table


def build_combat(section: Mapping[str, Any]) -> Combat:
    """The typed combat parameters of a checked section (absent keys take their defaults)."""
    values = {f.name: section[f.name] if f.name in section else _default(COMBAT, f.name) for f in fields(Combat)}
    values["losses"] = {k: LossShares(row["attacker"], row["defender"]) for k, row in values["losses"].items()}
    values["out_of_supply"] = OutOfSupply(values["out_of_supply"]["attack"], values["out_of_supply"]["defence"])
    return Combat(**values)


@dataclass(frozen=True)
class Feature:
    """A road or a railway (the schema's ``features`` entries): what a step along it costs."""
    move: Table[str, float]  # movement points per mobility class; a missing class cannot use it
    supply_cost: float

    def __post_init__(self) -> None:
        if not isinstance(self.move, Table):
            object.__setattr__(self, "move", Table(self.move))


@dataclass(frozen=True)
class Features:
    """The two edge features: their kinds are fixed by the schema, so they are fields, not keys."""
    road: Feature
    rail: Feature


def build_feature(section: Mapping[str, Any]) -> Feature:
    """The typed parameters of one checked ``features`` entry."""
    return Feature(Table(section["move"]), section["supply_cost"])


@dataclass(frozen=True)
class River:
    """A kind of river (the schema's ``rivers`` entries): what crossing it, attacking across it and
    tracing supply over or along it cost. Looked up by the kind the map gives a hexside."""
    move_extra: Table[str, float]  # extra movement points to cross unbridged, per mobility class
    bridged_extra: float
    attack: float
    supply_extra: float
    supply_along: float | None  # None: no river boats on it

    def __post_init__(self) -> None:
        if not isinstance(self.move_extra, Table):
            object.__setattr__(self, "move_extra", Table(self.move_extra))


def build_river(section: Mapping[str, Any]) -> River:
    """The typed parameters of one checked ``rivers`` entry (absent keys take their defaults)."""
    values = {f.name: section[f.name] if f.name in section else _default(RIVER, f.name) for f in fields(River)}
    values["move_extra"] = Table(values["move_extra"])
    return River(**values)


@dataclass(frozen=True)
class Rules:
    terrain: dict[str, Terrain]
    features: Features
    rivers: Table[str, River]  # by the river kind a map hexside names ("minor", "major")
    unit_types: dict[str, UnitType]
    combat: Combat
    supply: Supply
    stacking_limit: float
    rail_hexes_per_turn: int
    max_fortification: int
    capitulation: Capitulation = field(default_factory=lambda: build_capitulation({}))
    raw: dict = field(default_factory=dict, repr=False, compare=False)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def build_rules(checked: dict) -> Rules:
    """Turn a checked rules mapping into :class:`Rules`."""
    terrain = {
        name: Terrain(name, dict(t["move"]), t["defence"], t["supply_cost"], t["passable"])
        for name, t in checked["terrain"].items()
    }
    unit_types = {
        name: UnitType(name, u["name"] or name, u["mobility"], u["movement"], u["attack"], u["defence"],
                       u["recon"], u["fuel_capacity"], u["fuel_per_mp"], u["stack"], u["zoc"],
                       u["static"], u["airborne"], u["size"], u["airlanding"],
                       u["amphibious"], dict(u["detachment"]) if u["detachment"] else None,
                       u["depot_reach"], u["desertion"], u["fuel_lift"])
        for name, u in checked["unit_types"].items()
    }
    return Rules(
        terrain=terrain,
        features=Features(build_feature(checked["features"]["road"]), build_feature(checked["features"]["rail"])),
        rivers=Table({kind: build_river(r) for kind, r in checked["rivers"].items()}),
        unit_types=unit_types,
        combat=build_combat(checked["combat"]),
        supply=build_supply(checked["supply"]),
        stacking_limit=checked["stacking"]["limit"],
        rail_hexes_per_turn=checked["rail_movement"]["hexes_per_turn"],
        max_fortification=checked["max_fortification"],
        capitulation=build_capitulation(checked["capitulation"]),
        raw=_plain(checked),
    )


def deep_merge(base: dict, override: dict) -> dict:
    """Merge ``override`` into a copy of ``base``; a key written ``-name`` removes ``name``.

    Marks (file/line) of overriding values are kept so errors point at the override.
    """
    from .yamlio import YDict

    out = YDict(base)
    out.file = getattr(base, "file", "?")
    out.line = getattr(base, "line", 0)
    out.key_lines = dict(getattr(base, "key_lines", {}))
    out.key_files = {k: base.file_of(k) if isinstance(base, YDict) else out.file for k in base}
    for key, value in override.items():
        if isinstance(key, str) and key.startswith("-"):
            out.pop(key[1:], None)
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
        if isinstance(override, YDict):
            out.key_lines[key] = override.line_of(key)
            out.key_files[key] = override.file_of(key)
    return out
