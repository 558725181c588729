"""Scheduled and conditional events from a scenario's ``events.yaml``.

An event fires at the start of a turn when its trigger holds (a turn, a date, a date range
and/or a condition on the state) and applies its effects: a modifier to a side's attack,
defence, movement cost or supply range for some turns, a readiness change, reinforcements,
victory points, a message, or the end of the game. Each event names its source; the message
log shows it to the player.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .capitulation import issue_order, lay_down_arms, sign_surrender
from .effects import EffectSpec, References, apply_effects, check_effects, register_effect
from .rules import MOBILITY_CLASSES
from .schema import Bool, Cite, Ctx, Date, Enum, F, Int, ListOf, Num, Record, Spec, Str
from .units import make_unit
from .yamlio import ScenarioError, where

if TYPE_CHECKING:
    from .state import GameState

MODIFIER_STATS = ("attack", "defence", "move_cost", "supply_range")

AREA = Record({k: F(Num(-180, 180), required=True) for k in ("north", "south", "west", "east")},
              check_fn=lambda a, ctx: ctx.error("area: north must be >= south and east >= west")
              if None not in a.values() and (a["north"] < a["south"] or a["east"] < a["west"]) else None)


class ConditionSpec(Spec):
    """``{controls: {side, place}}``, ``{turn_at_least: N}``, ``{date_on_or_after: D}``,
    ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``."""

    def check(self, value: Any, ctx: Ctx) -> Any:
        spec = Record({
            "controls": F(Record({"side": F(Str(), required=True), "place": F(Str(), required=True)})),
            "turn_at_least": F(Int(1)),
            "date_on_or_after": F(Date()),
            "all": F(ListOf(ConditionSpec())),
            "any": F(ListOf(ConditionSpec())),
            "not": F(ConditionSpec()),
        })
        out = spec.check(value, ctx)
        given = [k for k in out if out[k] is not None]
        if len(given) != 1:
            ctx.error("a condition needs exactly one of controls, turn_at_least, date_on_or_after, all, any, not")
        return out


UNIT_ENTRY = Record({
    "id": F(Str(), required=True),
    "name": F(Str(), required=True),
    "side": F(Str(), required=True),
    "type": F(Str(), required=True),
    "formation": F(Str(), required=True),
    "hex": F(ListOf(Int(), min_len=2)),
    "at": F(Str()),
    "lat": F(Num(-90, 90)),
    "lon": F(Num(-180, 180)),
    "men": F(Int(0), required=True),
    "tanks": F(Int(0), default=0),
    "guns": F(Int(0), default=0),
    "readiness": F(Num(0, 1), default=1.0),
    "experience": F(Str(), default="regular"),
    "fuel": F(Num(0)),
    "entrenchment": F(Int(0, 5), default=0),
    "divisions": F(ListOf(Str()), default=list),
    "source": F(Cite(), required=True),
})

MODIFIER = Record({
    "side": F(Str(), required=True),
    "stat": F(Enum(MODIFIER_STATS), required=True),
    "factor": F(Num(0, 10), required=True),
    "turns": F(Int(1), required=True),
    "mobility": F(ListOf(Enum(MOBILITY_CLASSES)), default=list),
    "area": F(AREA, doc="only units standing in this box of degrees"),
    "exclude": F(ListOf(AREA), default=list, doc="boxes of degrees where it does not apply (holdouts)"),
})
READINESS = Record({"side": F(Str(), required=True), "delta": F(Num(-1, 1), required=True), "area": F(AREA)})
CEASEFIRE = Record({"side": F(Str(), required=True),
                    "exclude": F(ListOf(AREA), default=list, doc="holdout areas the order does not reach")})
CAPITULATE = Record({"side": F(Str(), required=True),
                     "share": F(Num(0, 1), required=True, doc="share of the side's units (in the area)"),
                     "area": F(AREA),
                     "exclude": F(ListOf(AREA), default=list, doc="holdout areas it does not reach")})
SURRENDER_ORDER = Record({"side": F(Str(), required=True),
                          "formation": F(Str(), required=True, doc="the headquarters that gives the order")})
SIDE_ONLY = Record({"side": F(Str(), required=True)})
VICTORY_POINTS = Record({"side": F(Str(), required=True), "points": F(Int(), required=True)})
END_GAME = Record({"winner": F(Str()), "reason": F(Str(), required=True)})

EVENT = Record({
    "id": F(Str(), required=True),
    "name": F(Str(), required=True),
    "turn": F(Int(1)),
    "date": F(Date()),
    "condition": F(ConditionSpec()),
    "repeat": F(Bool(), default=False),
    "message": F(Str(), required=True),
    "source": F(Cite(), required=True),
    "effects": F(ListOf(EffectSpec()), default=list,
                 doc="each a mapping of effect names to values: the engine effects below, or a plugin one "
                     "(docs/plugins.md)"),
})

EVENTS_FILE = Record({"events": F(ListOf(EVENT), default=list)})


def check_references(events: list, scenario_sides: set[str], places: set[str], errors: list[ScenarioError],
                     formations: Any = ()) -> None:
    """Sides, places and formations named in events must exist; ids must be unique."""
    refs = References(scenario_sides, places, formations, errors)

    def cond_ok(c: Any) -> None:
        if not c:
            return
        if c.get("controls"):
            refs.side(c["controls"])
            refs.place(c["controls"])
        for k in ("all", "any"):
            for sub in c.get(k) or []:
                cond_ok(sub)
        cond_ok(c.get("not"))

    seen: set[str] = set()
    for i, ev in enumerate(events):
        if ev["id"] in seen:
            errors.append(ScenarioError(*where(events, i), f"duplicate event id '{ev['id']}'"))
        seen.add(ev["id"])
        cond_ok(ev.get("condition"))
        check_effects(ev["effects"], refs)


def condition_holds(state: GameState, c: Any) -> bool:
    if c.get("controls"):
        place = state.scenario.map.places[c["controls"]["place"]]
        return state.control.get(place.hex) == c["controls"]["side"]
    if c.get("turn_at_least") is not None:
        return state.turn >= c["turn_at_least"]
    if c.get("date_on_or_after") is not None:
        return state.date >= c["date_on_or_after"]
    if c.get("all") is not None:
        return all(condition_holds(state, s) for s in c["all"])
    if c.get("any") is not None:
        return any(condition_holds(state, s) for s in c["any"])
    if c.get("not") is not None:
        return not condition_holds(state, c["not"])
    return False


def _due(state: GameState, ev: Any) -> bool:
    if ev["id"] in state.fired and not ev["repeat"]:
        return False
    if ev["turn"] is not None and state.turn != ev["turn"]:
        return False
    if ev["date"] is not None and state.date != ev["date"]:
        return False
    if ev["condition"] is not None and not condition_holds(state, ev["condition"]):
        return False
    return True


def fire_due_events(state: GameState) -> list[str]:
    """Fire every event due now, in file order; returns their ids."""
    fired = []
    for ev in state.scenario.events:
        if not _due(state, ev):
            continue
        fired.append(ev["id"])
        if ev["id"] not in state.fired:
            state.fired.append(ev["id"])
        state.log_event("event", ev["message"], event=ev["id"], name=ev["name"], source=ev["source"])
        for eff in ev["effects"]:
            apply_effects(state, eff, ev["id"])
    return fired


def _modifier(state: GameState, m: Any, event_id: str) -> None:
    mod = {"side": m["side"], "stat": m["stat"], "factor": m["factor"], "until_turn": state.turn + m["turns"] - 1,
           "mobility": list(m["mobility"]), "event": event_id}
    if m.get("area"):
        mod["area"] = dict(m["area"])
    if m.get("exclude"):
        mod["exclude"] = [dict(x) for x in m["exclude"]]
    state.modifiers.append(mod)


def _readiness(state: GameState, r: Any, event_id: str) -> None:
    for u in _units_in(state, r["side"], r.get("area")):
        u.readiness = min(1.0, max(0.0, u.readiness + r["delta"]))


def _ceasefire(state: GameState, c: Any, event_id: str) -> None:
    state.ceasefire[c["side"]] = [dict(a) for a in c["exclude"]]


def _capitulate(state: GameState, c: Any, event_id: str) -> None:
    capitulate(state, c, event_id)


def _surrender_order(state: GameState, o: Any, event_id: str) -> None:
    issue_order(state, o["side"], o["formation"])


def _surrender_signed(state: GameState, s: Any, event_id: str) -> None:
    sign_surrender(state, s["side"])


def _reinforce(state: GameState, entries: Any, event_id: str) -> None:
    for entry in entries:
        u = make_unit(state.scenario, entry)
        if u.id not in state.units:
            state.units[u.id] = u


def _victory_points(state: GameState, vp: Any, event_id: str) -> None:
    state.vp_bonus[vp["side"]] = state.vp_bonus.get(vp["side"], 0) + vp["points"]


def _end_game(state: GameState, end: Any, event_id: str) -> None:
    state.over = True
    state.winner = end["winner"]
    state.end_reason = end["reason"]


def _side_named(value: Any, refs: References) -> None:
    refs.side(value)


def _headquarters_named(value: Any, refs: References) -> None:
    refs.side(value)
    refs.formation(value)


def _winner_named(value: Any, refs: References) -> None:
    refs.side(value, "winner")


def _units_in(state: GameState, side: str, area: Any, exclude: Any = ()) -> list:
    scn = state.scenario
    return [state.units[k] for k in sorted(state.units)
            if state.units[k].side == side and (not area or scn.in_area(state.units[k].hex, area))
            and not any(scn.in_area(state.units[k].hex, x) for x in exclude or ())]


def capitulate(state: GameState, c: Any, event_id: str) -> list[str]:
    """A share of a side's units (in an area, outside holdout areas) lays down its arms: chosen
    with the game's generator, so a cease-fire reaches units unevenly but reproducibly. The
    count is rounded up or down at random in proportion to the fraction, so small pools are
    not emptied faster than the share says."""
    import math

    pool = _units_in(state, c["side"], c.get("area"), c.get("exclude"))
    if not pool:
        return []
    want = c["share"] * len(pool)
    n = int(math.floor(want + 1e-9))
    if want - n > 1e-9 and state.rng.random() < want - n:
        n += 1
    n = min(n, len(pool))
    if n <= 0:
        return []
    order = state.rng.permutation(len(pool))
    gone = [pool[int(i)] for i in order[:n]]
    lay_down_arms(state, gone, event_id)
    state.log_event("capitulation", f"{n} {state.scenario.sides[c['side']]['name']} units lay down their arms",
                    c["side"], units=sorted(u.id for u in gone))
    return [u.id for u in gone]


# The engine's effects, in the order they apply when one mapping gives several.
register_effect("modifier", MODIFIER, _modifier, _side_named)
register_effect("readiness", READINESS, _readiness, _side_named)
register_effect("ceasefire", CEASEFIRE, _ceasefire, _side_named,
                doc="the side has been ordered to lay down its arms: from now its troops outside the holdout areas "
                    "make no attacks and surrender to an airborne or seaborne landing on their hex")
register_effect("capitulate", CAPITULATE, _capitulate, _side_named)
register_effect("surrender_order", SURRENDER_ORDER, _surrender_order, _headquarters_named,
                doc="a headquarters orders its troops to lay down their arms; the order spreads down the chain of "
                    "command by the rules' capitulation section (engine/capitulation.py)")
register_effect("surrender_signed", SIDE_ONLY, _surrender_signed, _side_named,
                doc="the surrender is signed: every unit of the side that has obeyed the order lays down its arms; "
                    "the game ends when the side has no units left")
register_effect("reinforce", ListOf(UNIT_ENTRY), _reinforce)
register_effect("victory_points", VICTORY_POINTS, _victory_points, _side_named)
register_effect("end_game", END_GAME, _end_game, _winner_named)


def expire_modifiers(state: GameState) -> None:
    """Drop modifiers whose last turn has passed."""
    state.modifiers = [m for m in state.modifiers if m["until_turn"] >= state.turn]

