"""Attacks: for each enemy hex the units that can join, the odds, and the plan's worth judged
with the engine's own outcome effects; the best attack first, then plan again."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..combat import (
    attack_strength,
    defence_strength,
    outcome_effects,
    outcome_probabilities,
)
from ..hexes import Hex, distance, neighbours
from ..orders import Attack, Move, execute
from .axes import axis_goal, containers, fortress
from .context import Context, hex_value
from .landings import waiting_to_fly

if TYPE_CHECKING:
    from ..units import Unit


@dataclass
class AttackPlan:
    target: Hex
    units: list[tuple[str, Hex | None]]  # unit and the hex it moves to first (None: already adjacent)
    odds: float
    score: float


def _candidates(ctx: Context, target: Hex, available: list[Unit]) -> list[tuple[float, int, str, Hex | None]]:
    st = ctx.state
    types = ctx.scn.rules.unit_types
    out: list[tuple[float, int, str, Hex | None]] = []
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
            if n in reach.endable and n != u.hex and reach.cost[n] < u.mp_left - 1e-9 and ctx.may_end_in(n):
                s = attack_strength(st, u, target, from_hex=n)
                key = (s, -reach.cost[n], (-n[0], -n[1]))
                if best is None or key > best[0]:
                    best = (key, n, s)
        if best is not None:
            out.append((best[2], 1, u.id, best[1]))
    return out


def plan_attack(ctx: Context, target: Hex, available: list[Unit]) -> AttackPlan | None:
    st = ctx.state
    defenders = st.units_at(target)
    if not defenders or defenders[0].side == ctx.side:
        return None
    cands = _candidates(ctx, target, available)
    if ctx.attacking and fortress(ctx, target):
        cands = _besiegers(ctx, target, cands)
    if not cands:
        return None
    # units already next to the target first, then the strongest movers
    cands.sort(key=lambda c: (c[1], -c[0], c[2]))
    d = sum(defence_strength(st, u) for u in defenders)
    want = ctx.j.want_odds if ctx.attacking else max(ctx.j.want_odds, ctx.j.defend_min_odds)
    chosen, a = _enough_units(ctx, cands, d, want)
    odds = a / max(d, 1e-9)
    floor = ctx.j.min_odds if ctx.attacking else ctx.j.defend_min_odds
    if odds < floor or not chosen:
        return None
    return AttackPlan(target, chosen, odds, _worth(ctx, target, chosen, defenders, odds))


def _besiegers(ctx: Context, target: Hex, cands: list[tuple[float, int, str, Hex | None]]
               ) -> list[tuple[float, int, str, Hex | None]]:
    """A fortress is besieged by the few units left to contain it, those whose axis leads there
    first; the others go past it (see axis_goal). The few make the day's assaults between them:
    once they have gone in, no other unit next to it takes a turn."""
    st = ctx.state

    def besieger(c: tuple) -> tuple:
        return (axis_goal(ctx, st.units[c[2]]) != target, -c[0], c[2])
    assaults_left = max(1, len(containers(ctx, target))) - ctx.assaults.get(target, 0)
    return sorted((c for c in cands if c[1] == 0), key=besieger)[:max(0, assaults_left)]


def _enough_units(ctx: Context, cands: list[tuple[float, int, str, Hex | None]], defence: float, want: float
                  ) -> tuple[list[tuple[str, Hex | None]], float]:
    """The candidates taken in order until their odds against ``defence`` reach ``want``, each mover
    only if its hex next to the target has stacking room left; returns them and their strength."""
    st, rules = ctx.state, ctx.scn.rules
    chosen: list[tuple[str, Hex | None]] = []
    a = 0.0
    room: dict[Hex, float] = {}
    for s, _moves, uid, h in cands:
        if a / max(defence, 1e-9) >= want:
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
    return chosen, a


def _worth(ctx: Context, target: Hex, chosen: list[tuple[str, Hex | None]], defenders: list[Unit],
           odds: float) -> float:
    """What the attack is worth: what each outcome would do, as the engine computes it (a garrison
    in works holds and bleeds, a defender with no way back is captured, one that falls back leaves
    the hex). Progress towards the hex is 1 when it is cleared, else the share of its defenders
    lost: a fortress is worn down over several assaults."""
    st = ctx.state
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
    return (progress * (hex_value(ctx, target) + 1.0)
            + ctx.j.kill_weight * exp_def / 1000.0
            - ctx.j.loss_weight * exp_att / 1000.0)


def make_attacks(ctx: Context) -> None:
    st = ctx.state
    types = ctx.scn.rules.unit_types
    for _ in range(200):  # bounded: each pass makes at most one attack
        if st.over:
            return
        available = [u for u in (st.units[k] for k in sorted(st.units))
                     if u.side == ctx.side and not u.attacked and not u.rail_moved and u.mp_left > 0
                     and types[u.type].attack > 0 and u.id not in ctx.skip and not waiting_to_fly(ctx, u)
                     and ctx.commands(u)
                     and not st.stood_down(u)]
        if not available:
            return
        # troops that have stood down are not attacked: coming up to them takes their surrender
        targets = sorted({u.hex for u in st.units.values() if u.side != ctx.side and not st.stood_down(u)})
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
        if fortress(ctx, best.target):
            ctx.assaults[best.target] = ctx.assaults.get(best.target, 0) + len(ready)
        if not ready or not execute(st, Attack(best.target, ready)).ok:
            ctx.skip.update(uid for uid, _ in best.units)  # the plan fell apart: a move was refused
