"""The operational AI: plays one side's part of a turn through the orders API only.

Each turn it reads the scenario's hints for its side (posture, objectives with priorities and
dates, axes of advance by formation, places to fall back on) and judges the position itself:
- fuel first: motorised units running dry near a friendly airfield get fuel flown in;
- attacks: for every enemy hex it gathers the units that are adjacent or can move up this turn,
  adds them until the odds are good, and weighs the chance of taking ground, the value of the
  hex, the enemy it would destroy or capture (a defender with no retreat surrenders) against
  its own expected losses; the best attacks are made first;
- movement: every other unit heads for its axis or the objective that is cheapest to reach
  (movement-cost fields go round mountains and lakes), preferring hexes its supply reaches,
  keeping fuel for the next day, and not standing where the enemy could strike at high odds;
- a defender holds its line, objectives and works and digs in, sends reserves out of contact to
  the nearest threatened objective nobody holds, and falls back on its fallback places when the
  hints say so.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..combat import attack_strength, defence_strength, outcome_effects, outcome_probabilities, raw_strength
from ..hexes import Hex, distance, neighbours
from ..movement import Reach, reachable
from ..orders import AirborneLanding, AirSupply, AmphibiousLanding, Attack, DigIn, EndTurn, Move, execute
from ..supply import supply_costs
from .fields import INF, cost_field
from .judgement import DIFFICULTIES, Judgement

if TYPE_CHECKING:
    from ..state import GameState
    from ..units import Unit


@dataclass
class Context:
    state: "GameState"
    side: str
    j: Judgement
    hints: dict[str, Any]
    attacking: bool
    goals: list[tuple[Hex, float]]          # (hex, priority) the side wants to take or hold
    supply: dict[Hex, float]
    supply_limit: float
    reach_cache: dict[str, Reach] = field(default_factory=dict)
    skip: set[str] = field(default_factory=set)  # units whose planned attack fell apart this turn
    threat_cache: dict[Hex, float] = field(default_factory=dict)
    assigned: dict[Hex, int] = field(default_factory=dict)
    assigned_ids: dict[Hex, set[str]] = field(default_factory=dict)  # who was sent where this turn

    @property
    def scn(self):
        return self.state.scenario

    def reach(self, uid: str) -> Reach:
        if uid not in self.reach_cache:
            self.reach_cache[uid] = reachable(self.state, uid)
        return self.reach_cache[uid]

    def changed(self) -> None:
        """Positions changed: drop what depends on them."""
        self.reach_cache.clear()
        self.threat_cache.clear()

    def threat(self, h: Hex) -> float:
        """Rough attack strength the enemy could bring against ``h`` next turn."""
        if h not in self.threat_cache:
            types = self.scn.rules.unit_types
            total = 0.0
            for e in self.state.units.values():
                if e.side == self.side:
                    continue
                ut = types[e.type]
                radius = 1 if ut.static else max(1, int(ut.movement // 2))
                if distance(e.hex, h) <= radius + 1 and ut.attack > 0:
                    total += attack_strength(self.state, e, h, from_hex=_any_neighbour(self.state, h, e.hex))
            self.threat_cache[h] = total
        return self.threat_cache[h]


def _any_neighbour(state: "GameState", h: Hex, near: Hex) -> Hex:
    """A neighbour of ``h`` to measure an attack from (the one nearest ``near``)."""
    options = [n for n in neighbours(h) if n in state.scenario.graph]
    return min(options, key=lambda n: (distance(n, near), n))


def _active(o: dict[str, Any], date: dt.date) -> bool:
    return (o.get("from") is None or date >= o["from"]) and (o.get("until") is None or date <= o["until"])


def _goals(state: "GameState", side: str, hints: dict[str, Any], attacking: bool) -> list[tuple[Hex, float]]:
    places = state.scenario.map.places
    goals: dict[Hex, float] = {}
    n = len(hints.get("objectives") or [])
    for i, o in enumerate(hints.get("objectives") or []):
        if _active(o, state.date):
            h = places[o["place"]].hex
            goals[h] = max(goals.get(h, 0.0), o.get("priority", 1.0) * (1.0 + (n - i) / max(n, 1)))
    for p in places.values():
        if p.vp > 0:
            goals.setdefault(p.hex, p.vp / 10.0)
    if attacking:
        out = [(h, pr) for h, pr in goals.items() if state.control.get(h) != side]
    else:
        out = [(h, pr) for h, pr in goals.items() if state.control.get(h) == side]
    return sorted(out, key=lambda x: (-x[1], x[0]))


def make_context(state: "GameState", difficulty: str) -> Context:
    side = state.side
    hints = state.scenario.ai.get(side, {})
    attacking = hints.get("posture", "attack") == "attack"
    sup = supply_costs(state, side)
    return Context(state, side, DIFFICULTIES[difficulty], hints, attacking, _goals(state, side, hints, attacking),
                   sup, state.scenario.rules.supply["max_cost"])


def hex_value(ctx: Context, h: Hex) -> float:
    place = ctx.scn.map.place_at.get(h)
    value = ctx.scn.map.places[place].vp if place else 0.0
    for g, pr in ctx.goals:
        if g == h:
            value += 5.0 * pr
    return value


# -- fuel -------------------------------------------------------------------------------------

def fly_fuel(ctx: Context) -> None:
    """Fly fuel and ammunition to units that cannot make a full day's move or whose carried
    stocks run out, the strongest first: a tank corps stalled beyond supply matters more than
    a brigade (the 1945 airlift fed the tank army). A refused lift (out of range, or no lift
    left) drops the unit from the round."""
    types = ctx.scn.rules.unit_types
    carried = ctx.scn.rules.supply["carried_turns"]

    def needs(u: "Unit") -> bool:
        ut = types[u.type]
        if ut.static:
            return False
        dry = ut.fuel_capacity > 0 and u.fuel < min(ut.fuel_capacity, ut.movement * ut.fuel_per_mp)
        return dry or (not u.supplied and u.turns_out_of_supply >= carried)

    thirsty = sorted((u for u in ctx.state.units_of(ctx.side) if needs(u)),
                     key=lambda u: (-raw_strength(ctx.state, u) * types[u.type].attack, u.fuel, u.id))
    # one lift per unit and pass, so the lifts go round the strongest stalled units
    while thirsty:
        thirsty = [u for u in thirsty if needs(u) and execute(ctx.state, AirSupply(u.id)).ok]


# -- landings ---------------------------------------------------------------------------------

RELIEF_HEXES = 8


def make_landings(ctx: Context) -> None:
    """Drop airborne units and land seaborne ones on the most valuable enemy-held goal within
    range that the enemy cannot crush at once (its threat below the landed unit's defence)."""
    st = ctx.state
    if not ctx.attacking:
        return
    types = ctx.scn.rules.unit_types
    g = ctx.scn.graph
    side_caps = ctx.scn.sides[ctx.side]
    enemy_hexes = {u.hex for u in st.units.values() if u.side != ctx.side}
    for uid in sorted(st.units):
        u = st.units.get(uid)
        if u is None or u.side != ctx.side or u.moved or u.attacked or u.rail_moved:
            continue
        ut = types[u.type]
        if ut.airborne and g.nodes[u.hex]["airfield"] and side_caps.get("airborne_lifts_per_turn", 0):
            order, reach = AirborneLanding, side_caps.get("airborne_range", 0)
        elif (g.nodes[u.hex]["port"] and side_caps.get("amphibious_lifts_per_turn", 0) and not ut.static
              and any(s.hex == u.hex and s.side == ctx.side and s.kind == "port" for s in ctx.scn.map.supply_sources)):
            order, reach = AmphibiousLanding, side_caps.get("amphibious_range", 0)
        else:
            continue
        options = []
        mine = defence_strength(st, u, at=None)
        ground = [x.hex for x in st.units.values()
                  if x.side == ctx.side and x.id != uid and not types[x.type].airborne and not types[x.type].static]
        taken = {x.hex for x in st.units.values() if x.side == ctx.side}  # landed on earlier this turn
        for h, pr in ctx.goals:
            if h in enemy_hexes or h in taken or distance(h, u.hex) > reach:
                continue
            if order is AirborneLanding and ut.airlanding and not g.nodes[h]["airfield"]:
                continue
            # a landing force cut off from supply must not land among enemy troops of any kind
            near = sum(raw_strength(st, e) for e in st.units.values()
                       if e.side != ctx.side and distance(e.hex, h) <= 4)
            if near > 0.5 * mine or ctx.threat(h) > mine:
                continue
            # a landing force must be relieved by ground troops within a day or two, unless no
            # enemy troops that can move are left within a relief march of it (the airlandings of 18-24 August
            # 1945 went into cities whose garrisons were laying down their arms; the Chongjin
            # landing held until the 393rd Rifle Division came up the coast)
            if not any(distance(x, h) <= RELIEF_HEXES for x in ground) \
                    and any(e.side != ctx.side and not types[e.type].static and distance(e.hex, h) <= RELIEF_HEXES
                            for e in st.units.values()):
                continue
            options.append((-(hex_value(ctx, h) + pr), distance(h, u.hex), h))
        for _, _, h in sorted(options):
            if execute(st, order(uid, h)).ok:
                ctx.changed()
                break


def _waiting_to_fly(ctx: Context, u: "Unit") -> bool:
    """Airborne troops on a friendly airfield, and landing troops in one of their fleet's bases,
    wait there for a landing; marching them off as infantry would waste the side's lift."""
    ut = ctx.scn.rules.unit_types[u.type]
    caps = ctx.scn.sides[ctx.side]
    if not ctx.attacking or ctx.state.control.get(u.hex) != ctx.side:
        return False  # a defending side makes no landings (make_landings)
    if ut.airborne and ctx.scn.graph.nodes[u.hex]["airfield"] and caps.get("airborne_lifts_per_turn", 0):
        return True
    return bool(ut.amphibious and caps.get("amphibious_lifts_per_turn", 0)
                and any(s.hex == u.hex and s.side == ctx.side and s.kind == "port" for s in ctx.scn.map.supply_sources))


# -- attacks ----------------------------------------------------------------------------------

@dataclass
class AttackPlan:
    target: Hex
    units: list[tuple[str, Hex | None]]  # unit and the hex it moves to first (None: already adjacent)
    odds: float
    score: float


def _candidates(ctx: Context, target: Hex, available: list["Unit"]) -> list[tuple[float, int, str, Hex | None]]:
    st = ctx.state
    types = ctx.scn.rules.unit_types
    out = []
    for u in available:
        ut = types[u.type]
        d = distance(u.hex, target)
        if d == 1:
            out.append((attack_strength(st, u, target), 0, u.id, None))
            continue
        # a defender counter-attacks from where it stands; it does not leave its line to do so
        if not ctx.j.plan_moves_to_attack or not ctx.attacking or ut.static or d > ut.movement + 1:
            continue
        reach = ctx.reach(u.id)
        best = None
        for n in neighbours(target):
            if n in reach.endable and n != u.hex and reach.cost[n] < u.mp_left - 1e-9:
                s = attack_strength(st, u, target, from_hex=n)
                key = (s, -reach.cost[n], (-n[0], -n[1]))
                if best is None or key > best[0]:
                    best = (key, n, s)
        if best is not None:
            out.append((best[2], 1, u.id, best[1]))
    return out


def plan_attack(ctx: Context, target: Hex, available: list["Unit"]) -> AttackPlan | None:
    st = ctx.state
    rules = ctx.scn.rules
    defenders = st.units_at(target)
    if not defenders or defenders[0].side == ctx.side:
        return None
    cands = _candidates(ctx, target, available)
    if ctx.attacking and _fortress(ctx, target):
        # a fortress is besieged by the few units left to contain it, those whose axis leads
        # there first; the others go past it (see _axis_goal)
        def besieger(c: tuple) -> tuple:
            return (_axis_goal(ctx, st.units[c[2]]) != target, -c[0], c[2])
        cands = sorted((c for c in cands if c[1] == 0), key=besieger)[:CONTAIN_FORTRESS]
    if not cands:
        return None
    # units already next to the target first, then the strongest movers
    cands.sort(key=lambda c: (c[1], -c[0], c[2]))
    d = sum(defence_strength(st, u) for u in defenders)
    want = ctx.j.want_odds if ctx.attacking else max(ctx.j.want_odds, ctx.j.defend_min_odds)
    chosen: list[tuple[str, Hex | None]] = []
    a = 0.0
    room: dict[Hex, float] = {}
    for s, moves, uid, h in cands:
        if a / max(d, 1e-9) >= want:
            break
        if h is not None:
            used = room.get(h)
            if used is None:
                used = sum(rules.unit_types[x.type].stack for x in st.units.values() if x.hex == h)
            stack = rules.unit_types[st.units[uid].type].stack
            if used + stack > rules.stacking_limit + 1e-9:
                continue
            room[h] = used + stack
        chosen.append((uid, h))
        a += s
    odds = a / max(d, 1e-9)
    floor = ctx.j.min_odds if ctx.attacking else ctx.j.defend_min_odds
    if odds < floor or not chosen:
        return None
    # what each outcome would do, as the engine computes it: a garrison in works holds and
    # bleeds, a defender with no way back is captured, one that falls back leaves the hex.
    # Progress towards the hex is 1 when it is cleared, else the share of its defenders lost:
    # a fortress is worn down over several assaults.
    probs = outcome_probabilities(st, odds)
    attackers = [st.units[uid] for uid, _ in chosen]
    def_men = max(1, sum(u.men for u in defenders))
    progress = exp_def = exp_att = 0.0
    for k, p in probs.items():
        if p <= 0:
            continue
        eff = outcome_effects(st, target, attackers, defenders, k, odds)
        gone = set(eff["caught"]) | set(eff["routes"])
        lost = sum(d["men"] + d.get("captured", 0) for d in eff["def_loss"].values())
        cleared = all(u.id in gone or eff["def_loss"].get(u.id, {}).get("men", 0) >= u.men for u in defenders)
        progress += p * (1.0 if cleared else min(1.0, lost / def_men))
        exp_def += p * lost
        exp_att += p * sum(d["men"] for d in eff["att_loss"].values())
    score = (progress * (hex_value(ctx, target) + 1.0)
             + ctx.j.kill_weight * exp_def / 1000.0
             - ctx.j.loss_weight * exp_att / 1000.0)
    return AttackPlan(target, chosen, odds, score)


def make_attacks(ctx: Context) -> None:
    st = ctx.state
    types = ctx.scn.rules.unit_types
    for _ in range(200):  # bounded: each pass makes at most one attack
        if st.over:
            return
        available = [u for u in (st.units[k] for k in sorted(st.units))
                     if u.side == ctx.side and not u.attacked and not u.rail_moved and u.mp_left > 0
                     and types[u.type].attack > 0 and u.id not in ctx.skip and not _waiting_to_fly(ctx, u)]
        if not available:
            return
        targets = sorted({u.hex for u in st.units.values() if u.side != ctx.side})
        best: AttackPlan | None = None
        for t in targets:
            if not any(distance(u.hex, t) <= types[u.type].movement + 1 for u in available):
                continue
            plan = plan_attack(ctx, t, available)
            if plan and plan.score > 0 and (best is None or (plan.score, plan.target) > (best.score, best.target)):
                best = plan
        if best is None:
            return
        for uid, h in best.units:
            if h is not None:
                execute(st, Move(uid, h))
        ready = tuple(uid for uid, _ in best.units
                      if uid in st.units and distance(st.units[uid].hex, best.target) == 1)
        ctx.changed()
        if not ready or not execute(st, Attack(best.target, ready)).ok:
            ctx.skip.update(uid for uid, _ in best.units)  # the plan fell apart: a move was refused


# -- movement ---------------------------------------------------------------------------------

# Units left behind to contain a fortress garrison while the rest of the axis goes past it.
CONTAIN_FORTRESS = 2


def _fortress(ctx: Context, h: Hex) -> bool:
    """Held only by enemy garrisons that cannot leave works strong enough that no single assault
    takes them (``works_hold_level``): no threat to a passing column, and a matter of a siege."""
    types = ctx.scn.rules.unit_types
    hold = ctx.scn.rules.combat["works_hold_level"]
    if hold <= 0 or ctx.scn.graph.nodes[h]["fortification"] < hold:
        return False
    here = [x for x in ctx.state.units_at(h) if x.side != ctx.side]
    return bool(here) and all(types[x.type].static for x in here)


def _axis_goal(ctx: Context, u: "Unit") -> Hex | None:
    """The first place of the unit's axis its side does not hold. Fortresses are bypassed, as
    the fronts did in 1945: a few units stay to contain one, the rest go on to the next place."""
    from ..units import chain

    mine = {u.id} | {f.id for f in chain(ctx.scn.formations, u.formation)}
    for axis in ctx.hints.get("axes") or []:
        if mine & set(axis["formations"]):
            for p in axis["places"]:
                h = ctx.scn.map.places[p].hex
                if ctx.state.control.get(h) == ctx.side:
                    continue
                if _fortress(ctx, h) and distance(u.hex, h) > 1:
                    near = {x.id for x in ctx.state.units_of(ctx.side) if distance(x.hex, h) == 1}
                    if len(near | ctx.assigned_ids.get(h, set())) >= CONTAIN_FORTRESS:
                        continue
                return h
    return None


NEAREST_GOALS = 5


def _choose_goal(ctx: Context, u: "Unit", goals: list[tuple[Hex, float]]) -> Hex | None:
    axis = _axis_goal(ctx, u)
    if axis is not None:
        return axis
    if not goals:
        return None
    mob = ctx.scn.rules.unit_types[u.type].mobility
    # weigh only the few goals nearest as the crow flies: cost fields are dear to compute
    near = sorted(goals, key=lambda g: (distance(u.hex, g[0]) / max(g[1], 0.05), g[0]))[:NEAREST_GOALS]
    best = None
    for h, pr in near:
        f = cost_field(ctx.scn, mob, (h,))
        c = f.get(u.hex, INF)
        if c == INF:
            continue
        key = c * (1.0 + 0.25 * ctx.assigned.get(h, 0)) / max(pr, 0.05)
        if best is None or (key, h) < best[0]:
            best = ((key, h), h)
    return best[1] if best else None


def _score_destination(ctx: Context, u: "Unit", h: Hex, field_: Any, reach: Reach) -> float:
    st = ctx.state
    rules = ctx.scn.rules
    ut = rules.unit_types[u.type]
    score = -field_.get(h, INF)
    if score == -INF:
        score = -1e6 - distance(h, u.hex)
    if ctx.j.supply_care and h not in ctx.supply:
        score -= 0.5 * ut.movement  # a mild pull back towards supply; fuel is judged below
    if ctx.j.threat_care:
        mine = defence_strength(st, u, at=h)
        odds = ctx.threat(h) / max(mine, 1e-9)
        if odds > 3.0:
            score -= (odds - 3.0) * ut.movement
    if ut.fuel_per_mp > 0 and h not in ctx.supply:
        # beyond supply keep half a day's fuel: each movement point of it spent now counts
        # against the move (a smooth cost, so a unit still takes the last step onto its goal)
        reserve = ut.movement * ut.fuel_per_mp * 0.5
        fuel_after = u.fuel - reach.cost[h] * ut.fuel_per_mp
        if fuel_after < reserve:
            score -= (reserve - max(fuel_after, 0.0)) / ut.fuel_per_mp
    return score


def move_units(ctx: Context) -> None:
    st = ctx.state
    types = ctx.scn.rules.unit_types
    fallback_on = bool(ctx.hints.get("fallback")) and (
        ctx.hints.get("fallback_from") is None or st.date >= ctx.hints["fallback_from"])
    fallback = [(ctx.scn.map.places[p].hex, 1.0) for p in ctx.hints.get("fallback") or []]
    for uid in sorted(st.units):
        if st.over:
            return
        u = st.units.get(uid)
        if u is None or u.side != ctx.side or u.attacked or u.rail_moved or types[u.type].static:
            continue
        if _waiting_to_fly(ctx, u):
            continue
        if ctx.attacking:
            goal = _choose_goal(ctx, u, ctx.goals)
        else:
            goal = _defender_goal(ctx, u, fallback_on, fallback)
            if goal is None:
                continue
        if goal is None:
            continue
        ctx.assigned[goal] = ctx.assigned.get(goal, 0) + 1
        ctx.assigned_ids.setdefault(goal, set()).add(uid)
        reach = ctx.reach(uid)
        field_ = cost_field(ctx.scn, types[u.type].mobility, (goal,))
        options = sorted(reach.endable)
        best = max(options, key=lambda h: (_score_destination(ctx, u, h, field_, reach), -h[0], -h[1]))
        if best != u.hex and execute(st, Move(uid, best)).ok:
            ctx.changed()


GARRISON_HEXES = 3


def _withdrawal_places(ctx: Context, u: "Unit") -> list[Hex]:
    """The places of the hints' withdrawal this unit's formation is under, once it has begun."""
    from ..units import chain

    mine = {u.id} | {f.id for f in chain(ctx.scn.formations, u.formation)}
    for w in ctx.hints.get("withdrawals") or []:
        if mine & set(w["formations"]) and (w.get("from") is None or ctx.state.date >= w["from"]):
            return [ctx.scn.map.places[p].hex for p in w["places"]]
    return []


def _nearest_by_cost(ctx: Context, u: "Unit", places: list[Hex]) -> Hex | None:
    mob = ctx.scn.rules.unit_types[u.type].mobility
    costs = [(cost_field(ctx.scn, mob, (h,)).get(u.hex, INF), h) for h in places]
    best = min(costs)
    return best[1] if best[0] < INF else None


def _defender_goal(ctx: Context, u: "Unit", fallback_on: bool, fallback: list[tuple[Hex, float]]) -> Hex | None:
    """Where a defending unit should go, or None to stay and dig in.

    A defender's strength is in its prepared positions: units in contact or on an objective or
    works stay and dig in (trials on the historical scenario: every move out of line cost more
    ground than it saved). A unit within a few hexes of an objective nobody holds garrisons it;
    other reserves out of contact go to the nearest threatened objective that no unit holds.
    Formations under a withdrawal of the hints fall back on its nearest place from its date,
    in contact or not; the whole side falls back on its fallback places once the hints say so.
    """
    st = ctx.state
    if fallback_on and fallback:
        return _choose_goal(ctx, u, fallback)
    withdraw = _withdrawal_places(ctx, u)
    if withdraw:
        return None if u.hex in withdraw else _nearest_by_cost(ctx, u, withdraw)
    node = ctx.scn.graph.nodes[u.hex]
    if any(g == u.hex for g, _ in ctx.goals) or node["fortification"] > 0:
        return None
    if any(e.side != ctx.side and distance(e.hex, u.hex) <= 3 for e in st.units.values()):
        # in contact: stay, unless caught in the open by an overwhelming force
        if u.entrenchment == 0 and ctx.threat(u.hex) / max(defence_strength(st, u), 1e-9) >= 6.0:
            return _choose_goal(ctx, u, ctx.goals)
        return None
    held = {x.hex for x in st.units.values() if x.side == ctx.side}
    # a garrison next to an objective nobody holds takes it over before going anywhere else
    local = sorted((g for g, _ in ctx.goals if g not in held and distance(g, u.hex) <= GARRISON_HEXES),
                   key=lambda g: (distance(g, u.hex), g))
    if local:
        return local[0]
    open_goals = sorted((g for g, _ in ctx.goals if g not in held and ctx.threat(g) > 0),
                        key=lambda g: (distance(g, u.hex), g))
    return open_goals[0] if open_goals else None


def dig_in_rest(ctx: Context) -> None:
    st = ctx.state
    limit = ctx.scn.rules.combat["max_entrenchment"]
    for uid in sorted(st.units):
        u = st.units.get(uid)
        if u and u.side == ctx.side and not (u.moved or u.attacked or u.rail_moved) and u.entrenchment < limit:
            execute(st, DigIn(uid))


def play_side(state: "GameState", difficulty: str = "normal") -> None:
    """Play the active side's whole part of the turn, ending with EndTurn."""
    if state.over:
        return
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty '{difficulty}': one of {', '.join(DIFFICULTIES)}")
    ctx = make_context(state, difficulty)
    fly_fuel(ctx)
    make_landings(ctx)
    make_attacks(ctx)
    move_units(ctx)
    ctx.changed()
    make_attacks(ctx)
    dig_in_rest(ctx)
    if not state.over:
        execute(state, EndTurn())


def policy(difficulty: str = "normal"):
    """A policy function for :func:`engine.policy.play_game`."""
    def _play(state: "GameState") -> None:
        play_side(state, difficulty)
    _play.__name__ = f"ai_{difficulty}"
    return _play
