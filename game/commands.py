"""Selection and orders on the map screen: select, move, plan and make attacks, special
orders, undo.

A mixin of :class:`game.app.GameUI`. Every change goes through ``engine.orders.execute``;
moves and other single-unit orders push a snapshot on the undo stack unless they revealed an
enemy unit or used the dice (see :mod:`game.undo`); attacks always end the undo chain.
"""
from __future__ import annotations

from engine.combat import breakdown
from engine.hexes import Hex, neighbours
from engine.movement import march_stop, reachable
from engine.orders import (
    AirborneLanding,
    AirSupply,
    AmphibiousLanding,
    Attack,
    Detach,
    DigIn,
    Move,
    RailMove,
    Rejoin,
    execute,
)
from engine.visibility import hidden_units

from . import attack as plan
from .undo import rng_fingerprint


class CommandsMixin:
    """Selection, orders, attack plans and undo for :class:`game.app.GameUI`."""

    def my_turn(self) -> bool:
        """Whether the side to move is commanded by a player here (and the game goes on)."""
        return not self.state.over and self.state.side in self.human

    def _commandable(self, uid: str | None) -> bool:
        u = self.state.units.get(uid) if uid else None
        return u is not None and self.my_turn() and u.side == self.state.side

    def select(self, uid: str | None, keep_plan: bool = False) -> None:
        """Select a unit (None: nothing); ours shows its reachable hexes and starts an attack
        group of its own, unless ``keep_plan`` keeps the attack being planned."""
        self.selected = uid
        own = self._commandable(uid)
        # under fog of war the unit's reach is planned on what its side sees (march_stop: the truth)
        self._reach = reachable(self.state, uid, self.seen()) if own else None
        self.reach = self._reach.destinations() if self._reach else []
        if not keep_plan:
            self.group = [uid] if own and plan.can_attack(self.state, uid) else []
            self.target = None
        self._predict()

    def deselect(self) -> None:
        """Select nothing (and drop any attack plan)."""
        self.select(None)

    def hover_hex(self, h: Hex | None) -> None:
        """Put the hex cursor on ``h`` (the mouse does, and the cursor keys); updates the prediction."""
        if h != self.hover:
            self.hover = h
            self._predict()

    def planned_path(self) -> list[Hex]:
        """The path the selected unit would take to the hex under the cursor (empty if none)."""
        if self._reach is None or self.hover not in self.reach:
            return []
        return self._reach.path(self.hover)

    def attackers(self) -> list[str]:
        """The attack group: the selected unit and the units added to it."""
        return [uid for uid in self.group if uid in self.state.units]

    def attack_targets(self) -> list[Hex]:
        """Enemy hexes next to every unit of the attack group, when it is ours to command."""
        if not self._commandable(self.selected) or not self.attackers():
            return []
        return plan.targets(self.state, self.attackers(), self.seen())

    def _predict(self) -> None:
        """The planned attack's prediction and its odds explained (one engine call: the
        breakdown carries the very prediction the attack's resolution draws from)."""
        self.prediction, self.odds_factors = None, None
        group = self.attackers()
        t = self.target if self.target is not None else self.hover if self.hover in self.attack_targets() else None
        if t is not None and group and plan.why_not(self.state, t, group) is None:
            bd = breakdown(self.state, t, group)
            self.prediction, self.odds_factors = bd.prediction, bd

    def click_hex(self, h: Hex, onto_own: bool = False) -> str:
        """A left click on hex ``h``: select, move or attack. A click on your own units selects
        them; ``onto_own`` (Ctrl+click) moves the selected unit onto them instead. Returns (and
        shows) the status line."""
        st = self.state
        self.status = ""
        here = self.shown_at(h)
        own = [u for u in here if u.side == st.side]
        joins = onto_own or not (own and self.my_turn())
        if h not in self.scn.graph:
            self.status = "that is off the map"
        elif self.target is not None and h == self.target:
            self.commit_attack()
        elif self.selected and h in self.reach and joins:
            self._march(h)
        elif onto_own and self._commandable(self.selected) and h != st.units[self.selected].hex:
            self._order(Move(self.selected, h))  # the engine says why not (the stack is full...)
        elif self.selected and h in self.attack_targets():
            self.target = h
            self.commit_attack()
        elif here:
            # clicking a stack again cycles through its units; enemy units can be inspected
            ids = [u.id for u in (own if own and self.my_turn() else here)]
            nxt = ids[(ids.index(self.selected) + 1) % len(ids)] if self.selected in ids else ids[0]
            self.select(nxt)
            if not self.my_turn() and not st.over:
                self.status = f"{self.scn.sides[st.side]['name']} is moving: press Enter or Space"
        elif self._commandable(self.selected) and joins and self.seen() is not None and self.reach:
            # the engine's reason could name an enemy the player does not see
            self.status = f"{st.units[self.selected].name} cannot reach that hex this turn"
        elif self._commandable(self.selected) and joins:
            # ask the engine, so the refusal reads the same as everywhere else
            if self._order(Move(self.selected, h)) and not self.status:
                self.status = "moved"
        else:
            self.deselect()
        if self.state.over and not self.status:
            self.status = f"Game over: {self.state.end_reason}"
        return self.status

    def _march(self, h: Hex) -> bool:
        """Move the selected unit to ``h``, one of the hexes its side believes it can reach. Under
        fog of war the march may meet enemies it could not see and stop short (the engine's
        :func:`~engine.movement.march_stop`); then the status line says so and it is not undoable."""
        uid, st = self.selected, self.state
        if self.seen() is None:
            return self._order(Move(uid, h))
        name, start = st.units[uid].name, st.units[uid].hex
        stop = march_stop(st, uid, self._reach.path(h))
        if stop == start:
            self.status = f"{name} cannot march that way: enemy troops bar the road"
            return False
        if not self._order(Move(uid, stop)):
            return False
        if stop != h:
            self.undo_stack.clear("the march met the enemy")
            news = self.status
            self.status = f"{name}'s march stopped {self.scn.map.at(stop)}: enemy troops ahead" + \
                (f"; {news}" if news else "")
        return True

    def shift_click(self, h: Hex) -> str:
        """Plan an attack: on an enemy hex, make it the target; on our units, add them to the
        attack group (or take them out again). Returns the status line."""
        st = self.state
        self.status = ""
        if not self.my_turn():
            self.status = "it is not your turn"
            return self.status
        here = self.shown_at(h)
        enemy = [u for u in here if u.side != st.side]
        own = [u.id for u in here if u.side == st.side]
        if enemy:
            able = plan.joinable(st, h, [u.id for u in st.units_of(st.side) if h in neighbours(u.hex)])
            if not able:
                self.status = "none of your units next to that hex can attack it"
                return self.status
            self.target = h
            self.group = [uid for uid in self.group if uid in able]
            if self.selected in able and self.selected not in self.group:
                self.group.insert(0, self.selected)
            if not self.group:
                self.group = [able[0]]
            if self.selected not in self.group:
                self.select(self.group[0], keep_plan=True)
            self.status = (f"Target {self.scn.map.describe(h)}: Shift+click (G) your units next to it to add them, "
                           "then F or click the target to attack")
        elif own:
            if self.target is None:
                cands = [uid for uid in own if plan.can_attack(st, uid)]
                why = "" if cands else f"{st.units[own[0]].name} cannot attack this turn"
            else:
                cands = plan.joinable(st, self.target, own)
                why = "" if cands else (plan.why_not(st, self.target, own[:1]) or "it cannot join this attack")
            if not cands:
                self.status = why
            else:
                self._toggle_one(cands)
            if self.group and self.selected not in self.group:
                self.select(self.group[0], keep_plan=True)
        else:
            self.status = "Shift+click an enemy next to your units to choose the target"
        self._predict()
        return self.status

    def _toggle_one(self, cands: list[str]) -> None:
        """Shift+click on a stack of ours: one unit at a time joins the attack, the first of the
        stack not yet in it; when all are in, the last to join leaves again. The last unit of an
        attack never leaves it (Esc drops the whole plan)."""
        out = [uid for uid in cands if uid not in self.group]
        if out:
            self.group.append(out[0])
            self.status = f"{self.state.units[out[0]].name} joins: {len(self.group)} unit(s) in the attack"
            return
        leaving = max(cands, key=self.group.index)
        if len(self.group) == 1:
            self.status = "the attack needs at least one unit: Esc drops the plan"
            return
        self.group.remove(leaving)
        self.status = f"{self.state.units[leaving].name} leaves: {len(self.group)} unit(s) in the attack"

    def commit_attack(self) -> str:
        """Make the planned attack (target pinned, or the target under the cursor)."""
        group = self.attackers()
        target = self.target if self.target is not None else self.hover if self.hover in self.attack_targets() else None
        if target is None or not group:
            self.status = "no attack planned: Shift+click (G) an enemy next to your units first"
            return self.status
        res = execute(self.state, Attack(target, tuple(group)))
        if res.ok:
            self.status = f"Attack at {res.data['odds']:.1f}:1: {res.data['outcome']}"
            self.undo_stack.clear("dice were rolled in the attack")
        else:
            self.status = res.reason
        self.target, self.group = None, []
        self._changed()
        self.select(self.selected if self.selected in self.state.units else None)
        if self.state.over:
            self.status = f"Game over: {self.state.end_reason}"
        return self.status

    def _order(self, order) -> bool:
        """An order for one unit (move, dig-in, rail move, landing, air supply), undoable unless
        it revealed an enemy or used the dice. The status line says what happened first (a
        landing, a garrison laying down its arms), then any enemy seen for the first time."""
        st = self.state
        snap = st.copy()
        hidden = hidden_units(st, st.side) if self.fog else set()
        dice = rng_fingerprint(st)
        logged = len(st.log)
        res = execute(st, order)
        if not res.ok:
            self.status = res.reason
            return False
        new = st.log[logged:]
        news = [e["text"] for e in new if e["kind"] in ("landing", "capitulation")]
        revealed = sorted(hidden - hidden_units(st, st.side)) if self.fog else []
        revealed = [st.units[uid].name for uid in revealed if uid in st.units]  # not those who surrendered
        if revealed:
            self.undo_stack.clear("the move revealed enemy units")
            news.append(f"Enemy sighted: {', '.join(revealed)} (this cannot be undone)")
        elif rng_fingerprint(st) != dice or len(news) > 1 or any("called_off" in e for e in new):
            self.undo_stack.clear("dice were rolled" if rng_fingerprint(st) != dice else "the enemy was met")
        else:
            self.undo_stack.push(snap, self.selected)
        self.status = "; ".join(news)
        self._changed()
        uid = getattr(order, "unit", self.selected)  # a standing order keeps the selection
        self.select(uid if uid in st.units else None)
        return True

    def dig_in(self) -> None:
        """Dig the selected unit in (undoable like a move)."""
        if self._commandable(self.selected):
            if self._order(DigIn(self.selected)) and not self.status:
                self.status = "dug in"

    def special_order(self, kind: str) -> str:
        """Rail move ("rail"), landing ("land": airborne or amphibious, as the unit allows) to the
        cursor hex, fuel and ammunition by air ("air"), a forward detachment ("detach") or its
        return ("rejoin") for the selected unit. Returns the status line."""
        if not self._commandable(self.selected):
            self.status = "select one of your units first"
            return self.status
        uid, to = self.selected, self.hover
        if kind == "air":
            order = AirSupply(uid)
        elif kind == "detach":
            order = Detach(uid)
        elif kind == "rejoin":
            order = Rejoin(uid)
        elif to is None:
            self.status = "put the cursor on the destination first"
            return self.status
        elif kind == "rail":
            order = RailMove(uid, to)
        else:
            airborne = self.scn.rules.unit_types[self.state.units[uid].type].airborne
            order = AirborneLanding(uid, to) if airborne else AmphibiousLanding(uid, to)
        done = {"rail": "moved by rail", "air": "fuel and ammunition flown in", "land": "landed",
                "detach": "forward detachment sent ahead", "rejoin": "detachment rejoined its unit"}[kind]
        if self._order(order) and not self.status:
            self.status = done
        return self.status

    def undo(self) -> str:
        """Take back the last undoable order, or say why not. Returns the status line."""
        if not self.my_turn():
            self.status = "nothing to undo"
            return self.status
        item = self.undo_stack.pop()
        if item is None:
            self.status = f"cannot undo: {self.undo_stack.why_not}"
            return self.status
        self.state, sel = item
        self._changed()
        self.select(sel if sel in self.state.units else None)
        self.status = f"undone ({len(self.undo_stack)} more possible)"
        return self.status

    def cancel(self) -> None:
        """Esc: drop the attack plan first, then the selection."""
        if self.target is not None or len(self.group) > 1:
            self.select(self.selected)  # drops the attack plan, keeps the selection
        else:
            self.deselect()
        self.status = ""
