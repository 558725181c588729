"""Units and the command structure (front -> army -> unit).

Unit scale: a unit is a manoeuvre formation a front commander moves as one piece in a day:
usually a division, a rifle or tank corps, a brigade group or a fortified region. The divisions
and brigades it stands for are listed in ``divisions``. Strength is counted in men, tanks and
self-propelled guns (``tanks``) and guns and mortars (``guns``); ``readiness`` (0-1) folds in
fatigue, disorganisation and under-strength training; ``experience`` names a rules table row.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .hexes import Hex

if TYPE_CHECKING:
    from .scenario import Scenario


@dataclass
class Formation:
    """A headquarters: front, army, area army or air army. Aircraft belong to formations."""

    id: str
    name: str
    side: str
    kind: str
    parent: str | None = None
    aircraft: int = 0
    source: str = ""
    hq: str | None = None  # place id of its seat


@dataclass
class Unit:
    """One counter on the map."""

    id: str
    name: str
    side: str
    type: str
    formation: str
    hex: Hex
    men: int
    tanks: int
    guns: int
    readiness: float = 1.0
    experience: str = "regular"
    fuel: float = 0.0
    divisions: list[str] = field(default_factory=list)
    source: str = ""
    supplied: bool = True
    turns_out_of_supply: int = 0
    entrenchment: int = 0
    mp_left: float = 0.0
    moved: bool = False
    attacked: bool = False
    rail_moved: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["hex"] = list(self.hex)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Unit:
        d = dict(d)
        d["hex"] = tuple(d["hex"])
        d["divisions"] = list(d.get("divisions", []))
        return cls(**d)

    @property
    def alive(self) -> bool:
        return self.men > 0 or self.tanks > 0


def named_by(formations: dict[str, Formation], u: Unit) -> set[str]:
    """The ids a hint may use to name ``u``: its own and those of its formation and its parents."""
    return {u.id} | {f.id for f in chain(formations, u.formation)}


def chain(formations: dict[str, Formation], formation_id: str | None) -> list[Formation]:
    """The formation and its parents, nearest first."""
    out: list[Formation] = []
    seen: set[str] = set()
    while formation_id and formation_id in formations and formation_id not in seen:
        seen.add(formation_id)
        f = formations[formation_id]
        out.append(f)
        formation_id = f.parent
    return out


def front_of(formations: dict[str, Formation], formation_id: str | None) -> Formation | None:
    """The highest formation above ``formation_id`` below any ``command`` (its front or area army)."""
    below_command = [f for f in chain(formations, formation_id) if f.kind != "command"]
    return below_command[-1] if below_command else None


def make_unit(scn: Scenario, entry: Any) -> Unit:
    """A :class:`Unit` from a checked unit entry (places resolved, fuel defaulted)."""
    ut = scn.rules.unit_types[entry["type"]]
    if entry.get("at"):
        h = scn.map.places[entry["at"]].hex
    elif entry.get("lat") is not None:
        h = scn.map.projection.to_hex(entry["lat"], entry["lon"], scn.map.hex_km)
    else:
        h = tuple(entry["hex"])
    fuel = entry["fuel"] if entry.get("fuel") is not None else ut.fuel_capacity
    return Unit(id=entry["id"], name=entry["name"], side=entry["side"], type=entry["type"],
                formation=entry["formation"], hex=h, men=entry["men"], tanks=entry["tanks"],
                guns=entry["guns"], readiness=entry["readiness"], experience=entry["experience"],
                fuel=float(fuel), divisions=list(entry["divisions"]), source=entry["source"],
                entrenchment=entry.get("entrenchment") or 0, mp_left=ut.movement)
