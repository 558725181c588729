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
from .rules import MOBILITY_CLASSES
from .schema import Bool, Cite, Ctx, Date, Enum, F, Int, ListOf, Num, Record, Spec, Str
from .units import make_unit
from .yamlio import ScenarioError, suggest, where

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

EFFECT = Record({
    "modifier": F(Record({
        "side": F(Str(), required=True),
        "stat": F(Enum(MODIFIER_STATS), required=True),
        "factor": F(Num(0, 10), required=True),
        "turns": F(Int(1), required=True),
        "mobility": F(ListOf(Enum(MOBILITY_CLASSES)), default=list),
        "area": F(AREA, doc="only units standing in this box of degrees"),
        "exclude": F(ListOf(AREA), default=list, doc="boxes of degrees where it does not apply (holdouts)"),
    })),
    "readiness": F(Record({"side": F(Str(), required=True), "delta": F(Num(-1, 1), required=True),
                           "area": F(AREA)})),
    "ceasefire": F(Record({"side": F(Str(), required=True),
                           "exclude": F(ListOf(AREA), default=list, doc="holdout areas the order does not reach")}),
                   doc="the side has been ordered to lay down its arms: from now its troops outside the holdout "
                       "areas make no attacks and surrender to an airborne or seaborne landing on their hex"),
    "capitulate": F(Record({"side": F(Str(), required=True),
                            "share": F(Num(0, 1), required=True, doc="share of the side's units (in the area)"),
                            "area": F(AREA),
                            "exclude": F(ListOf(AREA), default=list, doc="holdout areas it does not reach")})),
    "surrender_order": F(Record({"side": F(Str(), required=True),
                                 "formation": F(Str(), required=True, doc="the headquarters that gives the order")}),
                         doc="a headquarters orders its troops to lay down their arms; the order spreads down the "
                             "chain of command by the rules' capitulation section (engine/capitulation.py)"),
    "surrender_signed": F(Record({"side": F(Str(), required=True)}),
                          doc="the surrender is signed: every unit of the side that has obeyed the order lays down "
                              "its arms; the game ends when the side has no units left"),
    "reinforce": F(ListOf(UNIT_ENTRY)),
    "victory_points": F(Record({"side": F(Str(), required=True), "points": F(Int(), required=True)})),
    "end_game": F(Record({"winner": F(Str()), "reason": F(Str(), required=True)})),
})

EVENT = Record({
    "id": F(Str(), required=True),
    "name": F(Str(), required=True),
    "turn": F(Int(1)),
    "date": F(Date()),
    "condition": F(ConditionSpec()),
    "repeat": F(Bool(), default=False),
    "message": F(Str(), required=True),
    "source": F(Cite(), required=True),
    "effects": F(ListOf(EFFECT), default=list),
})

EVENTS_FILE = Record({"events": F(ListOf(EVENT), default=list)})


def check_references(events: list, scenario_sides: set[str], places: set[str], errors: list[ScenarioError],
                     formations: Any = ()) -> None:
    """Sides, places and formations named in events must exist."""

    def side_ok(container: Any, key: str) -> None:
        v = container.get(key)
        if v is not None and v not in scenario_sides:
            errors.append(ScenarioError(*where(container, key),
                                        f"unknown side '{v}'{suggest(v, scenario_sides)}"))

    def cond_ok(c: Any) -> None:
        if not c:
            return
        if c.get("controls"):
            side_ok(c["controls"], "side")
            p = c["controls"].get("place")
            if p is not None and p not in places:
                errors.append(ScenarioError(*where(c["controls"], "place"),
                                            f"unknown place '{p}'{suggest(p, places)}"))
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
        for eff in ev["effects"]:
            for k in ("modifier", "readiness", "victory_points", "capitulate", "ceasefire", "surrender_order",
                      "surrender_signed"):
                if eff.get(k):
                    side_ok(eff[k], "side")
            order = eff.get("surrender_order")
            if order and order["formation"] not in formations:
                errors.append(ScenarioError(*where(order, "formation"), f"unknown formation '{order['formation']}'"
                                                                        f"{suggest(order['formation'], formations)}"))
            if eff.get("end_game"):
                side_ok(eff["end_game"], "winner")


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
            if eff.get("modifier"):
                m = eff["modifier"]
                mod = {"side": m["side"], "stat": m["stat"], "factor": m["factor"],
                       "until_turn": state.turn + m["turns"] - 1, "mobility": list(m["mobility"]),
                       "event": ev["id"]}
                if m.get("area"):
                    mod["area"] = dict(m["area"])
                if m.get("exclude"):
                    mod["exclude"] = [dict(x) for x in m["exclude"]]
                state.modifiers.append(mod)
            if eff.get("readiness"):
                r = eff["readiness"]
                for u in _units_in(state, r["side"], r.get("area")):
                    u.readiness = min(1.0, max(0.0, u.readiness + r["delta"]))
            if eff.get("ceasefire"):
                c = eff["ceasefire"]
                state.ceasefire[c["side"]] = [dict(a) for a in c["exclude"]]
            if eff.get("capitulate"):
                capitulate(state, eff["capitulate"], ev["id"])
            if eff.get("surrender_order"):
                issue_order(state, eff["surrender_order"]["side"], eff["surrender_order"]["formation"])
            if eff.get("surrender_signed"):
                sign_surrender(state, eff["surrender_signed"]["side"])
            if eff.get("reinforce"):
                for entry in eff["reinforce"]:
                    u = make_unit(state.scenario, entry)
                    if u.id not in state.units:
                        state.units[u.id] = u
            if eff.get("victory_points"):
                vp = eff["victory_points"]
                state.vp_bonus[vp["side"]] = state.vp_bonus.get(vp["side"], 0) + vp["points"]
            if eff.get("end_game"):
                state.over = True
                state.winner = eff["end_game"]["winner"]
                state.end_reason = eff["end_game"]["reason"]
    return fired


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


def expire_modifiers(state: GameState) -> None:
    """Drop modifiers whose last turn has passed."""
    state.modifiers = [m for m in state.modifiers if m["until_turn"] >= state.turn]

