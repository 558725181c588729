"""Value checks of a saved state against its scenario's rules, before the state is rebuilt.

A save is untrusted: it may have been edited by hand or damaged. The structure alone is not
enough (``"over": "false"`` is a true string, readiness 7.5 is a number), so every value the
engine relies on is checked for its type and its range here: sides, unit types, experience and
formations must exist, counts of men, tanks and guns are whole and not negative, readiness
lies in 0..1, entrenchment within the rules' maximum, the turn within the game, the date is
the turn's date, flags are true or false, the seed and the random generator's state are whole
numbers in range. The first problem raises ValueError naming the field.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from .events import MODIFIER_STATS

if TYPE_CHECKING:
    from .scenario import Scenario

MAX_SEED = 2 ** 63  # numpy seeds any non-negative integer; a save holds one the commands accept


class Missing(ValueError):
    """A value the save must hold is absent."""

    def __init__(self, what: str):
        super().__init__(f"save data is incomplete or malformed: {what} is missing")


def _given(value: Any, what: str) -> Any:
    if value is None:
        raise Missing(what)
    return value


def _int(value: Any, what: str, lo: int | None = 0, hi: int | None = None) -> int:
    if isinstance(_given(value, what), bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, not {value!r:.40}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValueError(f"{what} {value} is out of range ({lo}..{'' if hi is None else hi})")
    return value


def _num(value: Any, what: str, lo: float | None = None, hi: float | None = None) -> float:
    if isinstance(_given(value, what), bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value!r:.40}")
    if (lo is not None and value < lo - 1e-9) or (hi is not None and value > hi + 1e-9):
        raise ValueError(f"{what} {value} is out of range ({lo}..{'' if hi is None else hi})")
    return float(value)


def _bool(value: Any, what: str) -> bool:
    if not isinstance(_given(value, what), bool):
        raise ValueError(f"{what} must be true or false, not {value!r:.40}")
    return value


def _str(value: Any, what: str) -> str:
    if not isinstance(_given(value, what), str):
        raise ValueError(f"{what} must be text, not {value!r:.40}")
    return value


def _map(value: Any, what: str) -> dict:
    if not isinstance(_given(value, what), dict):
        raise ValueError(f"{what} must be a mapping")
    return value


def _list(value: Any, what: str) -> list:
    if not isinstance(_given(value, what), list):
        raise ValueError(f"{what} must be a list")
    return value


def _date(value: Any, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_str(value, what))
    except ValueError:
        raise ValueError(f"{what} {value!r:.40} is not a date like 1945-08-09") from None


def check_state_values(scn: Scenario, d: dict[str, Any]) -> None:
    """Raise ValueError for the first value of a saved state the rules do not allow."""
    sides = set(scn.side_order)
    _int(d.get("seed"), "seed", 0, MAX_SEED)
    turn = _int(d.get("turn"), "turn", 1, scn.turns)
    date = _date(d.get("date"), "date")
    expected = scn.start_date + dt.timedelta(days=(turn - 1) * scn.days_per_turn)
    if date != expected:
        raise ValueError(f"date {date} is not the date of turn {turn} ({expected})")
    _int(d.get("active"), "active", 0, len(scn.side_order) - 1)
    _bool(d.get("over"), "over")
    if d.get("winner") is not None and d.get("winner") not in sides:
        raise ValueError(f"winner {d.get('winner')!r:.40} is not a side of the scenario")
    _str(d.get("end_reason", ""), "end_reason")
    for k, v in _map(d.get("control"), "control").items():
        if v is not None and v not in sides:
            raise ValueError(f"control of hex {k}: {v!r:.40} is not a side of the scenario")
    ids = set()
    for i, ud in enumerate(_list(d.get("units"), "units")):
        uid = check_unit_values(scn, _map(ud, f"units[{i}]"), i)
        if uid in ids:
            raise ValueError(f"unit {uid} appears twice")
        ids.add(uid)
    _check_books(scn, d, sides)
    _check_modifiers(d.get("modifiers"), sides)
    for side, areas in _map(d.get("ceasefire", {}), "ceasefire").items():
        for a in _list(areas, f"ceasefire.{side}"):
            _check_area(a, f"ceasefire.{side} area")
    _check_rng(_map(d.get("rng"), "rng"))


def check_unit_values(scn: Scenario, u: dict[str, Any], i: int) -> str:
    """One saved unit: known side, type, experience and formation; counts in range."""
    uid = _str(u.get("id"), f"units[{i}].id")
    what = f"unit {uid}"
    if u.get("side") not in scn.side_order:
        raise ValueError(f"{what}: side {u.get('side')!r:.40} is not a side of the scenario")
    if u.get("type") not in scn.rules.unit_types:
        raise ValueError(f"{what} has unknown type {u.get('type')!r:.40}")
    if u.get("experience") not in scn.rules.combat.experience:
        raise ValueError(f"{what} has unknown experience {u.get('experience')!r:.40}")
    if u.get("formation") not in scn.formations:
        raise ValueError(f"{what} belongs to unknown formation {u.get('formation')!r:.40}")
    for k in ("men", "tanks", "guns", "turns_out_of_supply"):
        _int(u.get(k), f"{what}: {k}")
    _num(u.get("readiness"), f"{what}: readiness", 0.0, 1.0)
    _num(u.get("fuel"), f"{what}: fuel", 0.0)
    _num(u.get("mp_left"), f"{what}: mp_left", 0.0)
    _int(u.get("entrenchment"), f"{what}: entrenchment", 0, scn.rules.combat.max_entrenchment)
    for k in ("supplied", "moved", "attacked", "rail_moved"):
        _bool(u.get(k), f"{what}: {k}")
    for k in ("name", "source"):
        _str(u.get(k), f"{what}: {k}")
    if not all(isinstance(x, str) for x in _list(u.get("divisions"), f"{what}: divisions")):
        raise ValueError(f"{what}: divisions must be a list of names")
    h = u.get("hex")
    if not (isinstance(h, list) and len(h) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in h)):
        raise ValueError(f"{what}: hex must be [q, r]")
    return uid


def _check_books(scn: Scenario, d: dict[str, Any], sides: set[str]) -> None:
    """Losses, points, captures, the order counters, fired events and the log."""
    for side, book in _map(d.get("losses"), "losses").items():
        if side not in sides:
            raise ValueError(f"losses of unknown side {side!r:.40}")
        for k, v in _map(book, f"losses.{side}").items():
            _int(v, f"losses.{side}.{k}")
    for side, v in _map(d.get("vp_bonus"), "vp_bonus").items():
        if side not in sides:
            raise ValueError(f"vp_bonus of unknown side {side!r:.40}")
        _int(v, f"vp_bonus.{side}", None)
    for k, v in _map(d.get("used"), "used").items():
        _int(v, f"used.{k}")
    for k, v in _map(d.get("met"), "met").items():
        _bool(v, f"met.{k}")
    for name in ("captures", "reached"):
        for place, day in _map(d.get(name, {}), name).items():
            if place not in scn.map.places:
                raise ValueError(f"{name}: unknown place {place!r:.40}")
            _date(day, f"{name}.{place}")
    for eid in _list(d.get("fired"), "fired"):
        _str(eid, "fired")
    for uid, e in _map(d.get("eliminated"), "eliminated").items():
        _map(e, f"eliminated.{uid}")
    for i, entry in enumerate(_list(d.get("log"), "log")):
        entry = _map(entry, f"log[{i}]")
        _str(entry.get("text"), f"log[{i}].text")
        _int(entry.get("turn"), f"log[{i}].turn")


def _check_modifiers(mods: Any, sides: set[str]) -> None:
    for i, m in enumerate(_list(mods, "modifiers")):
        m = _map(m, f"modifiers[{i}]")
        if m.get("side") not in sides or m.get("stat") not in MODIFIER_STATS:
            raise ValueError(f"modifiers[{i}]: unknown side or stat")
        _num(m.get("factor"), f"modifiers[{i}].factor", 0.0, 10.0)
        _int(m.get("until_turn"), f"modifiers[{i}].until_turn", None)
        _list(m.get("mobility", []), f"modifiers[{i}].mobility")
        areas = ([m["area"]] if m.get("area") else []) + _list(m.get("exclude", []), f"modifiers[{i}].exclude")
        for a in areas:
            _check_area(a, f"modifiers[{i}] area")


def _check_area(a: Any, what: str) -> None:
    a = _map(a, what)
    if set(a) != {"north", "south", "west", "east"}:
        raise ValueError(f"{what} {a!r:.60} needs north, south, west and east")
    for k in ("north", "south", "west", "east"):
        _num(a.get(k), f"{what} {k}", -180.0, 180.0)


def _check_rng(r: dict[str, Any]) -> None:
    st = _map(r.get("state"), "rng.state")
    for k in ("state", "inc"):
        _int(st.get(k), f"rng.state.{k}", 0, 2 ** 128 - 1)
    _int(r.get("has_uint32"), "rng.has_uint32", 0, 1)
    _int(r.get("uinteger"), "rng.uinteger", 0, 2 ** 32 - 1)
