"""The game state: everything that changes during a game, its serialisation and its hash.

The static scenario (map graph, rules, places) stays in :class:`engine.scenario.Scenario`; the
state refers to it and holds only what moves: units, hex control, the date, modifiers from
events, losses, captures, the message log and the single seeded random generator. The state
serialises to plain JSON-ready data (the basis of saves) and hashes stably, so the same
scenario, seed and orders give the same hash.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .command import standing_from_plain
from .hexes import Hex
from .statecheck import check_state_values
from .units import Unit

if TYPE_CHECKING:
    from .scenario import Scenario

SAVE_VERSION = 1


def _hex_key(h: Hex) -> str:
    return f"{h[0]},{h[1]}"


def _key_hex(s: str) -> Hex:
    q, r = s.split(",")
    return (int(q), int(r))


LOSS_HEADINGS = ("men", "killed", "wounded", "missing", "captured", "deserted", "dispersed", "tanks", "guns")


def new_losses() -> dict[str, int]:
    """A side's books: ``men`` lost in combat (= killed + wounded + missing), and apart from them
    the men captured, deserted (troops of doubtful loyalty gone home) and dispersed (broken or
    waiting troops who slipped away rather than be taken); tanks and guns lost by any cause."""
    return {k: 0 for k in LOSS_HEADINGS}


@dataclass
class GameState:
    scenario: Scenario
    seed: int
    rng: np.random.Generator
    turn: int
    date: dt.date
    active: int
    units: dict[str, Unit]
    control: dict[Hex, str | None]
    modifiers: list[dict[str, Any]] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    captures: dict[str, str] = field(default_factory=dict)
    reached: dict[str, str] = field(default_factory=dict)  # place -> first day it was fought for
    losses: dict[str, dict[str, int]] = field(default_factory=dict)
    eliminated: dict[str, dict[str, Any]] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)
    vp_bonus: dict[str, int] = field(default_factory=dict)
    ceasefire: dict[str, list[dict[str, float]]] = field(default_factory=dict)  # side -> its holdout areas
    # side -> {"orders": {formation id: date it has the surrender order}, "stood_down": {unit id: date},
    #          "signed": date the surrender was signed or ""} (engine/capitulation.py)
    capitulation: dict[str, dict[str, Any]] = field(default_factory=dict)
    met: dict[str, bool] = field(default_factory=dict)
    standing: dict[str, Any] = field(default_factory=dict)  # formation or unit id -> command.Standing
    log: list[dict[str, Any]] = field(default_factory=list)
    winner: str | None = None
    over: bool = False
    end_reason: str = ""
    # every order carried out since the game began, as plain data (engine/replay.py); None when
    # unknown (a game loaded from a save without its log). Not part of to_dict nor of the hash.
    orders: list[dict[str, Any]] | None = field(default_factory=list, repr=False, compare=False)

    # -- queries ------------------------------------------------------------------------
    @property
    def side(self) -> str:
        """The side whose orders are being taken."""
        return self.scenario.side_order[self.active]

    def enemy_of(self, side: str) -> list[str]:
        return [s for s in self.scenario.side_order if s != side]

    def units_of(self, side: str) -> list[Unit]:
        return [u for u in self.units.values() if u.side == side]

    def units_by_hex(self) -> dict[Hex, list[Unit]]:
        out: dict[Hex, list[Unit]] = {}
        for u in self.units.values():
            out.setdefault(u.hex, []).append(u)
        return out

    def units_at(self, h: Hex) -> list[Unit]:
        return [u for u in self.units.values() if u.hex == h]

    def modifier(self, side: str, stat: str, mobility: str | None = None, at: Hex | None = None) -> float:
        """Product of the active modifiers of ``stat`` for ``side``, for a unit of ``mobility``
        standing at ``at`` (a modifier limited to an area applies only inside it, and one with
        holdout areas not inside those)."""
        f = 1.0
        for m in self.modifiers_at(side, stat, mobility, at):
            f *= m["factor"]
        return f

    def modifiers_at(self, side: str, stat: str, mobility: str | None = None, at: Hex | None = None) -> list[dict]:
        """The active modifiers :meth:`modifier` multiplies (each names its ``event``)."""
        out = []
        for m in self.modifiers:
            if m["side"] != side or m["stat"] != stat:
                continue
            if m.get("mobility") and mobility not in m["mobility"]:
                continue
            if m.get("area") and (at is None or not self.scenario.in_area(at, m["area"])):
                continue
            if m.get("exclude") and at is not None and any(self.scenario.in_area(at, x) for x in m["exclude"]):
                continue
            out.append(m)
        return out

    def modifier_by_hex(self, side: str, stat: str, mobility: str | None = None) -> Callable[[Hex], float]:
        """:meth:`modifier` of ``side``'s ``stat`` for ``mobility`` as a function of the hex: the
        modifiers that may apply are picked out once, for asking about thousands of hexes."""
        mods = [m for m in self.modifiers if m["side"] == side and m["stat"] == stat
                and not (m.get("mobility") and mobility not in m["mobility"])]
        in_area = self.scenario.in_area

        def at(h: Hex) -> float:
            f = 1.0
            for m in mods:
                if m.get("area") and not in_area(h, m["area"]):
                    continue
                if m.get("exclude") and any(in_area(h, x) for x in m["exclude"]):
                    continue
                f *= m["factor"]
            return f
        return at

    def max_modifier(self, side: str, stat: str) -> float:
        """The largest value :meth:`modifier` can take anywhere (for bounding searches)."""
        f = 1.0
        for m in self.modifiers:
            if m["side"] == side and m["stat"] == stat and (m["factor"] > 1 or not (m.get("area") or m.get("exclude"))):
                f *= m["factor"]
        return f

    def stood_down(self, u: Unit) -> bool:
        """``u`` has obeyed an order to cease fire: it attacks no one, moves nowhere and lays down
        its arms to the first enemy troops who come to take its surrender."""
        c = self.capitulation.get(u.side)
        return (c is not None and u.id in c["stood_down"]) or self.under_ceasefire(u.side, u.hex)

    def under_ceasefire(self, side: str, h: Hex) -> bool:
        """``side`` has been ordered to cease fire and ``h`` is outside its holdout areas: its
        troops there lay down their arms to whoever comes to take the surrender."""
        holdouts = self.ceasefire.get(side)
        return holdouts is not None and not any(self.scenario.in_area(h, a) for a in holdouts)

    def log_event(self, kind: str, text: str, side: str | None = None, **extra: Any) -> None:
        entry = {"turn": self.turn, "date": self.date.isoformat(), "kind": kind, "text": text}
        if side:
            entry["side"] = side
        entry.update(extra)
        self.log.append(entry)

    def note_contact(self, h: Hex) -> None:
        """Troops in contact with ``h`` (attacking it, or ending a move next to its garrison): the
        first contact with a place records the day troops reached it (the history file's "reached"
        events are compared with this or the capture, whichever is first)."""
        place = self.scenario.map.place_at.get(h)
        if place is not None and place not in self.reached:
            self.reached[place] = self.date.isoformat()

    def set_control(self, h: Hex, side: str) -> None:
        """Change hex control; the first change of a place's hex records its capture date."""
        if self.control.get(h) == side:
            return
        self.control[h] = side
        place = self.scenario.map.place_at.get(h)
        if place is not None and place not in self.captures:
            self.captures[place] = self.date.isoformat()
            self.log_event("capture", f"{self.scenario.map.places[place].name} taken by "
                                      f"{self.scenario.sides[side]['name']}", side, place=place)

    def eliminate(self, uid: str, reason: str | None, **details: Any) -> None:
        """Take a unit out of the game: the one way a unit leaves. ``reason`` (destroyed,
        surrendered, deserted, capitulated...) is recorded in ``eliminated`` with the day, side,
        name and ``details``; None records nothing, for a unit that is not lost but folded into
        another (a forward detachment rejoining its parent)."""
        u = self.units[uid]
        if reason is not None:
            self.eliminated[uid] = {"turn": self.turn, "date": self.date.isoformat(), "reason": reason,
                                    "side": u.side, "name": u.name, **details}
        del self.units[uid]

    # -- serialisation -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain data: JSON-ready, enough to rebuild the state against its scenario."""
        initial = self.scenario.initial_control
        d = {
            "version": SAVE_VERSION,
            "scenario": self.scenario.id,
            "variants": list(self.scenario.variants),
            "seed": self.seed,
            "rng": _rng_state(self.rng),
            "turn": self.turn,
            "date": self.date.isoformat(),
            "active": self.active,
            "units": [self.units[k].to_dict() for k in sorted(self.units)],
            # only hexes whose control differs from the scenario's start
            "control": {_hex_key(h): s for h, s in sorted(self.control.items()) if initial.get(h) != s},
            "modifiers": copy.deepcopy(self.modifiers),
            "fired": list(self.fired),
            "captures": dict(sorted(self.captures.items())),
            "reached": dict(sorted(self.reached.items())),
            "losses": {k: dict(v) for k, v in sorted(self.losses.items())},
            "eliminated": dict(sorted(self.eliminated.items())),
            "used": dict(sorted(self.used.items())),
            "vp_bonus": dict(sorted(self.vp_bonus.items())),
            "ceasefire": {k: copy.deepcopy(v) for k, v in sorted(self.ceasefire.items())},
            "capitulation": {k: {"orders": dict(sorted(v["orders"].items())),
                                 "stood_down": dict(sorted(v["stood_down"].items())), "signed": v.get("signed", "")}
                             for k, v in sorted(self.capitulation.items())},
            "met": dict(sorted(self.met.items())),
            "log": copy.deepcopy(self.log),
            "winner": self.winner,
            "over": self.over,
            "end_reason": self.end_reason,
        }
        if self.standing:  # only when given, so games without standing orders keep their hashes
            d["standing"] = {k: o.to_dict() for k, o in sorted(self.standing.items())}
        return d

    @classmethod
    def from_dict(cls, scenario: Scenario, d: dict[str, Any]) -> GameState:
        """Rebuild a state saved by :meth:`to_dict`; raises ValueError with a reason on bad data
        (values are checked against the scenario's rules by :mod:`engine.statecheck`)."""
        try:
            if not isinstance(d, dict):
                raise ValueError("save data is not a mapping")
            if d.get("version") != SAVE_VERSION:
                raise ValueError(f"save version {d.get('version')!r} is not {SAVE_VERSION}")
            if d["scenario"] != scenario.id:
                raise ValueError(f"save is for scenario '{d['scenario']}', not '{scenario.id}'")
            if list(d.get("variants", [])) != list(scenario.variants):
                raise ValueError(f"save uses variants {d.get('variants')}, the scenario was loaded with "
                                 f"{list(scenario.variants)}")
            check_state_values(scenario, d)
            control = dict(scenario.initial_control)
            for k, s in d["control"].items():
                h = _key_hex(k)
                if h not in control:
                    raise ValueError(f"control of hex {k}, which is not on the map")
                control[h] = s
            units = {}
            for ud in d["units"]:
                u = Unit.from_dict(ud)
                if u.type not in scenario.rules.unit_types:
                    raise ValueError(f"unit {u.id} has unknown type '{u.type}'")
                if u.hex not in control:
                    raise ValueError(f"unit {u.id} stands off the map at {list(u.hex)}")
                units[u.id] = u
            rng = np.random.Generator(np.random.PCG64())
            rng.bit_generator.state = _rng_from_plain(d["rng"])
            return cls(
                scenario=scenario, seed=int(d["seed"]), rng=rng, turn=int(d["turn"]),
                date=dt.date.fromisoformat(d["date"]), active=int(d["active"]), units=units, control=control,
                modifiers=list(d["modifiers"]), fired=list(d["fired"]), captures=dict(d["captures"]),
                reached=dict(d.get("reached", {})),
                # every loss heading, also those a save from an earlier version lacks (deserted)
                losses={k: {**new_losses(), **v} for k, v in d["losses"].items()}, eliminated=dict(d["eliminated"]),
                used=dict(d["used"]), vp_bonus=dict(d["vp_bonus"]), met=dict(d["met"]), log=list(d["log"]),
                ceasefire=_ceasefire_from_plain(d.get("ceasefire", {}), scenario),
                standing=standing_from_plain(d.get("standing", {}), scenario),
                capitulation=_capitulation_from_plain(d.get("capitulation", {}), scenario),
                winner=d["winner"], over=bool(d["over"]), end_reason=d.get("end_reason", ""),
            )
        except ValueError:
            raise
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"save data is incomplete or malformed ({type(exc).__name__}: {exc})") from None

    def state_hash(self) -> str:
        """A stable SHA-256 of the serialised state."""
        blob = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()

    def copy(self) -> GameState:
        """An independent copy (shares only the immutable scenario)."""
        twin = GameState.from_dict(self.scenario, self.to_dict())
        twin.orders = None if self.orders is None else list(self.orders)
        return twin


def _ceasefire_from_plain(d: Any, scenario: Scenario) -> dict[str, list[dict[str, float]]]:
    """The saved cease-fire orders, checked: a known side and holdout boxes of four numbers."""
    out = {}
    for side, areas in d.items():
        if side not in scenario.sides:
            raise ValueError(f"cease-fire order for unknown side '{side}'")
        boxes = []
        for a in areas:
            if set(a) != {"north", "south", "west", "east"}:
                raise ValueError(f"cease-fire holdout area {a!r} needs north, south, west and east")
            boxes.append({k: float(a[k]) for k in ("north", "south", "west", "east")})
        out[side] = boxes
    return out


def _capitulation_from_plain(d: Any, scenario: Scenario) -> dict[str, dict[str, Any]]:
    """The saved surrender orders, checked: a known side, known formations, dates."""
    out = {}
    for side, parts in d.items():
        if side not in scenario.sides:
            raise ValueError(f"surrender order for unknown side '{side}'")
        orders = {str(f): dt.date.fromisoformat(day).isoformat() for f, day in parts["orders"].items()}
        unknown = sorted(set(orders) - set(scenario.formations))
        if unknown:
            raise ValueError(f"surrender order held by unknown formation '{unknown[0]}'")
        stood = {str(u): dt.date.fromisoformat(day).isoformat() for u, day in parts["stood_down"].items()}
        signed = parts.get("signed", "")
        if not isinstance(signed, str) or (signed and dt.date.fromisoformat(signed).isoformat() != signed):
            raise ValueError(f"surrender of '{side}' signed on a bad date {signed!r}")
        out[side] = {"orders": orders, "stood_down": stood, "signed": signed}
    return out


def _rng_state(rng: np.random.Generator) -> dict[str, Any]:
    st = rng.bit_generator.state
    return {"bit_generator": st["bit_generator"], "state": {k: int(v) for k, v in st["state"].items()},
            "has_uint32": int(st["has_uint32"]), "uinteger": int(st["uinteger"])}


def _rng_from_plain(d: dict[str, Any]) -> dict[str, Any]:
    if d.get("bit_generator") != "PCG64":
        raise ValueError("random generator state is not PCG64")
    return {"bit_generator": "PCG64", "state": {k: int(v) for k, v in d["state"].items()},
            "has_uint32": int(d["has_uint32"]), "uinteger": int(d["uinteger"])}
