"""Combat: strengths, the odds-driven outcome model, ``predict`` and ``resolve``.

Strength comes from men, tanks and guns (weights in the rules), times the unit type's attack
or defence factor, readiness, experience and supply; the defender adds terrain, fortification
and entrenchment, attackers across a river lose part of theirs; event modifiers (surprise)
apply per side. The odds ``R = attack / defence`` drive an ordered-logit choice among five
outcomes (repulsed, held, retreat, rout, surrender): the chance of an outcome at least as good
for the attacker as ``k`` is ``1 / (1 + (t_k / R) ** slope)`` for threshold odds ``t_k``.
Losses follow from the outcome and the odds, deterministically, so :func:`predict` gives the
exact distribution that :func:`resolve` draws from (one uniform number from the state's
generator). ``docs/rules.md`` gives the reasons for the parameters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .hexes import Hex, distance, neighbours
from .movement import can_stack, enemy_zoc, stack_used
from .rules import OUTCOMES
from .supply import short_of_supply

if TYPE_CHECKING:
    from .state import GameState
    from .units import Unit


def raw_strength(state: GameState, u: Unit) -> float:
    c = state.scenario.rules.combat
    return u.men / c.men_per_point + u.tanks * c.tank_points + u.guns * c.gun_points


def _common(state: GameState, u: Unit) -> float:
    c = state.scenario.rules.combat
    return max(c.min_readiness_factor, u.readiness) * c.experience.get(u.experience, 1.0)


def attack_strength(state: GameState, u: Unit, target: Hex, from_hex: Hex | None = None) -> float:
    """What ``u`` adds to an attack on ``target`` (from ``from_hex`` if given: planning a move first)."""
    origin = u.hex if from_hex is None else from_hex
    rules = state.scenario.rules
    c = rules.combat
    ut = rules.unit_types[u.type]
    s = raw_strength(state, u) * ut.attack * _common(state, u)
    if short_of_supply(state, u):
        s *= c.out_of_supply.attack
    if ut.fuel_per_mp > 0 and u.fuel < ut.fuel_per_mp:
        s *= c.out_of_fuel_attack
    edge = state.scenario.graph.edges[origin, target]
    if edge["river"]:
        s *= rules.rivers[edge["river"]].attack
    return s * state.modifier(u.side, "attack", ut.mobility, origin)


def ratings(state: GameState, u: Unit) -> tuple[float, float, float]:
    """What a counter shows: attack (as over open ground, across no river), defence where the
    unit stands (terrain, works, entrenchment) and movement allowance."""
    c = state.scenario.rules.combat
    ut = state.scenario.rules.unit_types[u.type]
    attack = raw_strength(state, u) * ut.attack * _common(state, u)
    if short_of_supply(state, u):
        attack *= c.out_of_supply.attack
    if ut.fuel_per_mp > 0 and u.fuel < ut.fuel_per_mp:
        attack *= c.out_of_fuel_attack
    attack *= state.modifier(u.side, "attack", ut.mobility, u.hex)
    return attack, defence_strength(state, u), ut.movement


def defence_strength(state: GameState, u: Unit, at: Hex | None = None) -> float:
    """What ``u`` adds to the defence of its hex (or of ``at``, when planning a move)."""
    rules = state.scenario.rules
    c = rules.combat
    ut = rules.unit_types[u.type]
    here = u.hex if at is None else at
    node = state.scenario.graph.nodes[here]
    # the works add strength of their own (casemated guns), shared by the garrison's units
    works = node["fortification"] * c.fortification_points_per_level
    if works:
        works /= max(1, sum(1 for x in state.units.values() if x.hex == here and x.side == u.side) +
                     (0 if at is None or at == u.hex else 1))
    s = (raw_strength(state, u) + works) * ut.defence * _common(state, u)
    if short_of_supply(state, u):
        s *= c.out_of_supply.defence
    s *= rules.terrain[node["terrain"]].defence
    s *= 1 + node["fortification"] * c.fortification_per_level
    if at is None or at == u.hex:  # entrenchment stays behind when the unit moves
        s *= 1 + u.entrenchment * c.entrenchment_per_level
    return s * state.modifier(u.side, "defence", ut.mobility, here)


def outcome_probabilities(state: GameState, odds: float) -> dict[str, float]:
    """Probability of each outcome at ``odds`` (ordered logit on log-odds)."""
    c = state.scenario.rules.combat
    slope = c.slope
    at_least = [1.0]
    for k in OUTCOMES[1:]:
        t = c.thresholds[k]
        at_least.append(1.0 / (1.0 + (t / max(odds, 1e-9)) ** slope))
    at_least.append(0.0)
    return {k: max(0.0, at_least[i] - at_least[i + 1]) for i, k in enumerate(OUTCOMES)}


def _loss_fractions(state: GameState, outcome: str, odds: float) -> tuple[float, float]:
    c = state.scenario.rules.combat
    e = c.loss_odds_exponent
    row = c.losses[outcome]
    att = min(c.max_loss, row.attacker * (1.0 / max(odds, 1e-9)) ** e)
    dfn = min(c.max_loss, row.defender * max(odds, 1e-9) ** e)
    return att, dfn


def _take(state: GameState, u: Unit, frac: float) -> dict[str, int]:
    """Losses of one unit for a share ``frac`` of its men (tanks and guns scaled)."""
    c = state.scenario.rules.combat
    return {
        "men": int(u.men * frac + 0.5),
        "tanks": int(u.tanks * min(1.0, frac * c.tank_loss_factor) + 0.5),
        "guns": int(u.guns * min(1.0, frac * c.gun_loss_factor) + 0.5),
    }


def holds_works(state: GameState, u: Unit, at: Hex) -> bool:
    """Whether ``u`` holds the works at ``at`` against any one assault: a static garrison in works
    of ``works_hold_level`` or more, with the men ``works_manning`` says such works need (a
    garrison bled below that is taken like any other static unit)."""
    c = state.scenario.rules.combat
    level = state.scenario.graph.nodes[at]["fortification"]
    hold = c.works_hold_level
    return (state.scenario.rules.unit_types[u.type].static and hold > 0 and level >= hold
            and u.men >= c.works_manning.get(level, 0))


def retreat_route(state: GameState, u: Unit, steps: int, attackers: list[Hex],
                  incoming: dict[Hex, float] | None = None) -> list[Hex] | None:
    """Hexes a defender retreats through (``steps`` hexes), or None if it cannot retreat.

    Each step goes to a neighbouring hex it could enter, free of enemy units, with room to
    stack, preferring hexes outside enemy zones and then far from the attackers. ``incoming``
    holds the stacking points of defenders of the same fight already retreating into each hex.
    """
    rules = state.scenario.rules
    ut = rules.unit_types[u.type]
    if ut.static:
        return None
    g = state.scenario.graph
    enemy_hexes = {x.hex for x in state.units.values() if x.side != u.side}
    zoc = enemy_zoc(state, u.side)
    here = u.hex
    route: list[Hex] = []
    for _ in range(steps):
        options = []
        for n in neighbours(here):
            if n not in g or n in enemy_hexes or n in route or n == u.hex:
                continue
            t = rules.terrain[g.nodes[n]["terrain"]]
            if not t.passable or t.move.get(ut.mobility) is None:
                continue
            options.append((n in zoc, -min(distance(n, a) for a in attackers), n))
        if not options:
            return None
        options.sort()
        here = options[0][2]
        route.append(here)
    # the final hex must have room, also for those falling back into it with it; otherwise the unit is caught
    if route and stack_used(state, route[-1], u.id) + (incoming or {}).get(route[-1], 0.0) + ut.stack \
            > rules.stacking_limit + 1e-9:
        return None
    return route


@dataclass
class Prediction:
    """The distribution of outcomes of an attack, for the front end and the AI."""

    target: Hex
    attackers: list[str]
    defenders: list[str]
    attack: float
    defence: float
    odds: float
    probabilities: dict[str, float]
    # per outcome: losses by side {"attacker": {...}, "defender": {...}} and units caught
    losses: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    expected_losses: dict[str, dict[str, float]] = field(default_factory=dict)

    def p_at_least(self, outcome: str) -> float:
        i = OUTCOMES.index(outcome)
        return sum(self.probabilities[k] for k in OUTCOMES[i:])

    def to_dict(self) -> dict[str, Any]:
        return {"target": list(self.target), "attackers": self.attackers, "defenders": self.defenders,
                "attack": self.attack, "defence": self.defence, "odds": self.odds,
                "probabilities": self.probabilities, "losses": self.losses,
                "expected_losses": self.expected_losses}


def outcome_effects(state: GameState, target: Hex, attackers: list[Unit], defenders: list[Unit],
                     outcome: str, odds: float) -> dict[str, Any]:
    """Everything an outcome does, computed without changing the state."""
    c = state.scenario.rules.combat
    att_frac, def_frac = _loss_fractions(state, outcome, odds)
    ratio = c.engaged_ratio
    att_men = sum(u.men for u in attackers)
    if ratio > 0 and att_men > 0:
        # losses fall on the troops in contact: a small garrison cannot engage a whole corps
        att_frac *= min(1.0, ratio * sum(u.men for u in defenders) / att_men)
    att_loss = {u.id: _take(state, u, att_frac) for u in attackers}
    steps = c.retreat_hexes.get(outcome, 0) if outcome in ("retreat", "rout") else 0
    att_hexes = [u.hex for u in attackers]
    def_loss: dict[str, dict[str, int]] = {}
    routes: dict[str, list[Hex]] = {}
    caught: list[str] = []
    types = state.scenario.rules.unit_types
    incoming: dict[Hex, float] = {}  # stacking points already retreating into each hex
    for u in defenders:
        in_works = holds_works(state, u, target)
        if in_works and outcome in ("rout", "surrender"):
            # a garrison in concrete works is not broken by one day's assault: it holds and bleeds
            frac = min(1.0, _loss_fractions(state, "retreat", odds)[1] * c.static_hold_loss_factor)
            def_loss[u.id] = _take(state, u, frac)
            continue
        if outcome == "surrender":
            caught.append(u.id)
            continue
        frac = def_frac
        if steps and types[u.type].static and outcome == "retreat":
            # works cannot fall back: a garrison forced back holds on and bleeds instead
            frac = min(1.0, def_frac * c.static_hold_loss_factor)
        elif steps:
            route = retreat_route(state, u, steps, att_hexes, incoming)
            if route is None:
                caught.append(u.id)
                continue
            routes[u.id] = route
            incoming[route[-1]] = incoming.get(route[-1], 0.0) + types[u.type].stack
        def_loss[u.id] = _take(state, u, frac)
    for uid in caught:
        u = state.units[uid]
        # a broken unit with no way back is taken, but some of its men slip away in small groups,
        # more easily where the country gives cover
        share = c.dispersal.get(state.scenario.graph.nodes[u.hex]["terrain"], 0.0)
        gone = int(u.men * share + 0.5)
        def_loss[uid] = {"men": 0, "tanks": u.tanks, "guns": u.guns, "captured": u.men - gone, "dispersed": gone}
    return {"att_loss": att_loss, "def_loss": def_loss, "routes": routes, "caught": caught}


def _sum(losses: dict[str, dict[str, int]]) -> dict[str, int]:
    out = {"men": 0, "tanks": 0, "guns": 0, "captured": 0, "dispersed": 0}
    for d in losses.values():
        for k, v in d.items():
            out[k] += v
    return out


def _attack_factors(state: GameState, u: Unit, target: Hex) -> list[tuple[str, float]]:
    """Each multiplier :func:`attack_strength` applies to ``u``, named for the player."""
    rules = state.scenario.rules
    c, ut = rules.combat, rules.unit_types[u.type]
    out = []
    if short_of_supply(state, u):
        out.append(("attackers out of supply", c.out_of_supply.attack))
    if ut.fuel_per_mp > 0 and u.fuel < ut.fuel_per_mp:
        out.append(("attackers out of fuel", c.out_of_fuel_attack))
    river = state.scenario.graph.edges[u.hex, target]["river"]
    if river:
        out.append((f"attack across a {river} river", rules.rivers[river].attack))
    out += [(f"{m.get('event', 'event')} (attack)", m["factor"])
            for m in state.modifiers_at(u.side, "attack", ut.mobility, u.hex)]
    return out


def _defence_factors(state: GameState, u: Unit) -> list[tuple[str, float]]:
    """Each multiplier :func:`defence_strength` applies to ``u`` where it stands, named."""
    rules = state.scenario.rules
    c, ut = rules.combat, rules.unit_types[u.type]
    node = state.scenario.graph.nodes[u.hex]
    out = []
    if short_of_supply(state, u):
        out.append(("defenders out of supply", c.out_of_supply.defence))
    out.append((f"terrain: {node['terrain']}", rules.terrain[node["terrain"]].defence))
    if node["fortification"]:
        # the works' own points and their multiplier, as one factor against the unit without them
        raw = raw_strength(state, u)
        works = node["fortification"] * c.fortification_points_per_level / max(
            1, sum(1 for x in state.units.values() if x.hex == u.hex and x.side == u.side))
        out.append((f"works (level {node['fortification']})",
                    (raw + works) / max(raw, 1e-9) * (1 + node["fortification"] * c.fortification_per_level)))
    if u.entrenchment:
        out.append((f"dug in (level {u.entrenchment})", 1 + u.entrenchment * c.entrenchment_per_level))
    out += [(f"{m.get('event', 'event')} (defence)", m["factor"])
            for m in state.modifiers_at(u.side, "defence", ut.mobility, u.hex)]
    return out


def _combine(parts: list[tuple[float, list[tuple[str, float]]]]) -> list[tuple[str, float]]:
    """Per name, the factor by which it changes a side's total: the total with it over the total
    without it (units it does not touch count unchanged)."""
    total = sum(s for s, _ in parts)
    names = list(dict.fromkeys(n for _, fs in parts for n, _ in fs))
    out = []
    for name in names:
        without = 0.0
        for s, fs in parts:
            f = 1.0
            for n, v in fs:
                if n == name:
                    f *= v
            without += s / f if f else 0.0
        out.append((name, total / without if without else 0.0))
    return out


@dataclass
class Breakdown:
    """Why an attack has its odds: each side's strength, and what each named effect (terrain,
    river, works, entrenchment, supply, surprise, weather and other events) multiplies it by.
    ``prediction`` is :func:`predict`'s, so the odds shown are those :func:`resolve` uses."""

    prediction: Prediction
    attack: list[tuple[str, float]]
    defence: list[tuple[str, float]]


def breakdown(state: GameState, target: Hex, attacker_ids: list[str]) -> Breakdown:
    """The odds of an attack by ``attacker_ids`` on ``target``, explained."""
    pred = predict(state, target, attacker_ids)
    attackers = [state.units[i] for i in attacker_ids]
    defenders = [state.units[i] for i in pred.defenders]
    strength = [(attack_strength(state, u, target), _attack_factors(state, u, target)) for u in attackers]
    att = _combine(strength)
    dfn = _combine([(defence_strength(state, u), _defence_factors(state, u)) for u in defenders])
    raw_odds = pred.attack / max(pred.defence, 1e-9)
    if pred.odds < raw_odds - 1e-9:
        # the works open to only a few points at once: the troops beyond the cap add nothing
        att.append((f"works open to at most {pred.odds:.1f}:1", pred.odds / raw_odds))
    return Breakdown(pred, att, dfn)


def works_cap(state: GameState, target: Hex, defenders: list[Unit], odds: float) -> float:
    """The odds an assault on works can reach: casemates and tunnels open to the attacker only a
    few points at a time, so beyond the rules' ``works_max_odds`` for the works' level more
    troops add nothing while the garrison holds them."""
    cap = state.scenario.rules.combat.works_max_odds.get(state.scenario.graph.nodes[target]["fortification"])
    if cap is None or not any(holds_works(state, u, target) for u in defenders):
        return odds
    return min(odds, cap)


def predict(state: GameState, target: Hex, attacker_ids: list[str]) -> Prediction:
    """The exact distribution of outcomes and losses :func:`resolve` draws from."""
    attackers = [state.units[i] for i in attacker_ids]
    defenders = sorted(state.units_at(target), key=lambda u: u.id)
    a = sum(attack_strength(state, u, target) for u in attackers)
    d = sum(defence_strength(state, u) for u in defenders)
    odds = works_cap(state, target, defenders, a / max(d, 1e-9))
    probs = outcome_probabilities(state, odds)
    losses = {}
    expected = {side: {"men": 0.0, "tanks": 0.0, "guns": 0.0, "captured": 0.0, "dispersed": 0.0}
                for side in ("attacker", "defender")}
    for k in OUTCOMES:
        eff = outcome_effects(state, target, attackers, defenders, k, odds)
        losses[k] = {"attacker": _sum(eff["att_loss"]), "defender": _sum(eff["def_loss"])}
        for side in ("attacker", "defender"):
            for key, v in losses[k][side].items():
                expected[side][key] += probs[k] * v
    return Prediction(target, list(attacker_ids), [u.id for u in defenders], a, d, odds, probs, losses, expected)


def draw_outcome(probs: dict[str, float], u: float) -> str:
    acc = 0.0
    for k in OUTCOMES:
        acc += probs[k]
        if u < acc:
            return k
    return OUTCOMES[-1] if probs[OUTCOMES[-1]] > 0 else max(probs, key=lambda k: probs[k])


def book_losses(state: GameState, side: str, loss: dict[str, int]) -> None:
    """Add a loss to the side's books, the men lost in combat divided into killed, wounded and
    missing by the side's ``casualties`` shares (no draw: the books never change the game)."""
    books = state.losses[side]
    for k, v in loss.items():
        books[k] = books.get(k, 0) + v
    men = loss.get("men", 0)
    split = state.scenario.sides[side].get("casualties") or {"killed": 0.25, "wounded": 0.75, "missing": 0.0}
    killed = int(men * split["killed"] + 0.5)
    missing = min(men - killed, int(men * split["missing"] + 0.5))
    for k, v in (("killed", killed), ("missing", missing), ("wounded", men - killed - missing)):
        books[k] = books.get(k, 0) + v


def resolve(state: GameState, target: Hex, attacker_ids: list[str], advance: bool = True) -> dict[str, Any]:
    """Fight it out: one draw from the state's generator, then the outcome's effects."""
    pred = predict(state, target, attacker_ids)
    outcome = draw_outcome(pred.probabilities, float(state.rng.random()))
    attackers = [state.units[i] for i in attacker_ids]
    defenders = [state.units[i] for i in pred.defenders]
    state.note_contact(target)
    eff = outcome_effects(state, target, attackers, defenders, outcome, pred.odds)
    _attackers_pay(state, attackers, eff["att_loss"])
    _defenders_pay(state, defenders, eff, outcome)
    # attackers bled white leave after the defenders' fate is booked, as the log tells it
    for u in attackers:
        if not u.alive:
            state.eliminate(u.id, "destroyed")
    advanced = _advance(state, target, attackers) if advance and not state.units_at(target) else []
    result = {"target": list(target), "outcome": outcome, "odds": round(pred.odds, 3),
              "attacker_losses": _sum(eff["att_loss"]), "defender_losses": _sum(eff["def_loss"]),
              "caught": eff["caught"], "advanced": advanced}
    _log_combat(state, target, attackers, defenders, result, pred.odds)
    if advanced:
        state.set_control(target, attackers[0].side)  # after the combat entry, so the log reads in order
    return result


def _attackers_pay(state: GameState, attackers: list[Unit], losses: dict[str, dict[str, int]]) -> None:
    """The attackers lose their men, tanks and guns and some readiness, and are spent for the day."""
    cost = state.scenario.rules.combat.readiness_cost_attacker
    side = attackers[0].side  # one side attacks: its books take every attacker's loss
    for u in attackers:
        loss = losses[u.id]
        u.men -= loss["men"]
        u.tanks -= loss["tanks"]
        u.guns -= loss["guns"]
        book_losses(state, side, loss)
        u.readiness = max(0.0, u.readiness - cost)
        u.attacked = True
        u.mp_left = 0.0


def _defenders_pay(state: GameState, defenders: list[Unit], eff: dict[str, Any], outcome: str) -> None:
    """The defenders are taken, or lose men and readiness and fall back along their routes."""
    cost = state.scenario.rules.combat.readiness_cost_defender[outcome]
    side = defenders[0].side
    for u in defenders:
        loss = eff["def_loss"][u.id]
        book_losses(state, side, loss)
        if u.id in eff["caught"]:
            state.eliminate(u.id, "surrendered")
            continue
        u.men -= loss["men"]
        u.tanks -= loss["tanks"]
        u.guns -= loss["guns"]
        u.readiness = max(0.0, u.readiness - cost)
        if u.id in eff["routes"]:
            u.entrenchment = 0
            u.hex = eff["routes"][u.id][-1]
        if not u.alive:
            state.eliminate(u.id, "destroyed")


def _advance(state: GameState, target: Hex, attackers: list[Unit]) -> list[str]:
    """The surviving attackers that can enter and stack in the emptied ``target`` move in."""
    rules = state.scenario.rules
    terrain = rules.terrain[state.scenario.graph.nodes[target]["terrain"]]
    advanced: list[str] = []
    for u in attackers:
        ut = rules.unit_types[u.type]
        if u.id in state.units and not ut.static and terrain.move.get(ut.mobility) is not None \
                and can_stack(state, u, target):
            u.hex = target
            u.entrenchment = 0
            advanced.append(u.id)
    return advanced


def _log_combat(state: GameState, target: Hex, attackers: list[Unit], defenders: list[Unit],
                result: dict[str, Any], odds: float) -> None:
    """The combat's log entry: who attacked where, at what odds, with what outcome."""
    names = ", ".join(u.name for u in attackers)
    where = state.scenario.map.describe(target) if target in state.scenario.map.place_at else \
        f"the enemy {state.scenario.map.describe(target)}"
    outcome = result["outcome"]
    held = outcome in ("retreat", "rout", "surrender") and any(
        u.id in state.units and u.hex == target and u.id not in result["caught"] for u in defenders)
    why = " (the garrison holds its works)" if held else ""
    state.log_event("combat", f"{names} attack {where} at {odds:.1f}:1: {outcome}{why}", attackers[0].side,
                    **{k: v for k, v in result.items() if k != "target"}, target=list(target))
