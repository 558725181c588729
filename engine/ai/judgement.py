"""Difficulty levels: how the AI weighs risk and gain. They change judgement, never the dice."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Judgement:
    name: str
    min_odds: float          # below these odds an attacker does not attack at all
    want_odds: float         # attackers are added until the odds reach this
    defend_min_odds: float   # a defending side counter-attacks only at these odds
    loss_weight: float       # value of 1,000 own men lost, in victory points
    kill_weight: float       # value of 1,000 enemy men lost or taken
    supply_care: bool        # keep units where supply reaches
    threat_care: bool        # do not leave weak units where the enemy can strike at high odds
    plan_moves_to_attack: bool  # move units up to join an attack in the same turn
    encircle_weight: float = 0.0  # movement points worth spending to shut in 1,000 enemy men


DIFFICULTIES: dict[str, Judgement] = {
    "easy": Judgement("easy", min_odds=1.2, want_odds=2.0, defend_min_odds=1.5, loss_weight=0.0,
                      kill_weight=0.1, supply_care=False, threat_care=False, plan_moves_to_attack=False,
                      encircle_weight=0.0),
    "normal": Judgement("normal", min_odds=1.6, want_odds=3.0, defend_min_odds=2.5, loss_weight=0.3,
                        kill_weight=0.3, supply_care=True, threat_care=True, plan_moves_to_attack=True,
                        encircle_weight=0.3),
    "hard": Judgement("hard", min_odds=1.8, want_odds=4.0, defend_min_odds=2.5, loss_weight=0.5,
                      kill_weight=0.5, supply_care=True, threat_care=True, plan_moves_to_attack=True,
                      encircle_weight=0.5),
}
