"""What the enemy did while the player waited: the moves the player's side saw, the attacks, the
places taken and each side's losses, for the status line and the map overlay (key 7).

Under fog of war a move is shown only when the side saw the unit where it stood before and sees
it where it stands now; attacks and captures are in the message log for everyone anyway. Plain
data, no pygame: :func:`before` notes the position, :func:`summarise` compares.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.hexes import Hex

if TYPE_CHECKING:
    from engine.state import GameState


@dataclass
class TurnSummary:
    """The enemy's part of the day as the player may know it."""

    side: str  # the player's side
    moves: list[tuple[str, Hex, Hex]] = field(default_factory=list)  # unit, from, to
    attacks: list[dict] = field(default_factory=list)  # target hex, outcome, text
    captures: list[tuple[str, Hex]] = field(default_factory=list)  # place name, hex
    lost: dict[str, int] = field(default_factory=lambda: {"men": 0, "tanks": 0, "captured": 0})  # ours
    inflicted: dict[str, int] = field(default_factory=lambda: {"men": 0, "tanks": 0, "captured": 0})

    def line(self) -> str:
        """One line for the status bar."""
        if not (self.moves or self.attacks or self.captures):
            return "The enemy's turn: nothing seen moving, no attacks"
        bits = [f"{len(self.moves)} move(s) seen", f"{len(self.attacks)} attack(s)"]
        if self.attacks:
            bits.append(f"we lost {self.lost['men'] + self.lost['captured']:,} men, they {self.inflicted['men']:,}")
        if self.captures:
            bits.append("took " + ", ".join(name for name, _ in self.captures))
        return "The enemy's turn: " + "; ".join(bits) + " (7: on the map)"


@dataclass(frozen=True)
class Before:
    side: str
    positions: dict[str, Hex]  # enemy units the side saw, where it saw them
    log_len: int


def before(state: GameState, side: str, seen: set[Hex] | None) -> Before:
    """Where ``side`` saw the enemy's units before the enemy moved (``seen`` None: no fog)."""
    return Before(side, {u.id: u.hex for u in state.units.values()
                         if u.side != side and (seen is None or u.hex in seen)}, len(state.log))


def summarise(state: GameState, was: Before, seen: set[Hex] | None) -> TurnSummary:
    """The enemy's moves, attacks, captures and the losses since ``was``, as ``seen`` allows."""
    out = TurnSummary(was.side)
    for uid, frm in sorted(was.positions.items()):
        u = state.units.get(uid)
        if u is not None and u.hex != frm and (seen is None or u.hex in seen):
            out.moves.append((uid, frm, u.hex))
    places = state.scenario.map
    for e in state.log[was.log_len:]:
        if e.get("side") == was.side or e.get("side") is None:
            continue
        if e["kind"] == "combat" and e.get("target") is not None:
            out.attacks.append({"target": tuple(e["target"]), "outcome": e.get("outcome", ""), "text": e["text"]})
            pairs = ((out.lost, e.get("defender_losses", {})), (out.inflicted, e.get("attacker_losses", {})))
            for mine, theirs in pairs:
                for k in mine:
                    mine[k] += int(theirs.get(k, 0))
        elif e["kind"] == "capture" and e.get("place") in places.places:
            out.captures.append((places.places[e["place"]].name, places.places[e["place"]].hex))
    return out
