"""The side panel: date and side to move, the End turn button, the selected unit with its
formation chain (army, front), the attack prediction and the message log. It only reads the
state; clicks are handled in ``game.app``."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from engine.command import commander_of, describe
from engine.supply import depot_status
from engine.units import chain
from engine.victory import scores

from . import HIGHLIGHT, INK, PAPER, font, side_colour
from .log import log_lines, wrap

if TYPE_CHECKING:
    from engine.combat import Breakdown, Prediction
    from engine.scenario import Scenario
    from engine.state import GameState
    from engine.units import Unit

PANEL_BG = (44, 48, 56)
MUTED = (185, 190, 200)
OUTCOMES = ("repulsed", "held", "retreat", "rout", "surrender")


def supply_text(state: GameState, u: Unit) -> str:
    """'Supplied', or how long the unit has been cut off and whether its carried stocks are spent."""
    if u.supplied:
        return "Supplied"
    days = u.turns_out_of_supply
    left = state.scenario.rules.supply.carried_turns - days
    return f"OUT OF SUPPLY {days} d" + (f" (carried stocks: {left} d left)" if left >= 0 else " (weakened)")


def ceasefire_text(state: GameState, u: Unit) -> str:
    """What a cease-fire order means for the unit, or '' when its side has been given none."""
    if state.stood_down(u):
        return "STOOD DOWN: makes no attacks or moves; surrenders to the first enemy troops who come up"
    c = state.capitulation.get(u.side)
    if u.side in state.ceasefire or (c and c["orders"]):
        heard = c and u.formation in c["orders"]
        return ("Its headquarters has the order to lay down arms; it has not reached the unit yet" if heard
                else "Holdout: the order to lay down arms has not reached it")
    return ""


def button_rect(panel: pygame.Rect) -> pygame.Rect:
    """Fixed place near the top, so the button never moves with the panel's content."""
    return pygame.Rect(panel.x + 16, panel.y + 92, panel.w - 32, 34)


class _Writer:
    """Writes lines downwards from ``y``, wrapping to the panel width."""

    def __init__(self, surf: pygame.Surface, panel: pygame.Rect, y: int) -> None:
        self.surf, self.x, self.w, self.y = surf, panel.x + 14, panel.w - 28, y

    def __call__(self, text: str, colour: tuple = PAPER, px: int = 20) -> None:
        f = font(px)
        for line in wrap(text, f, self.w):
            self.surf.blit(f.render(line, True, colour), (self.x, self.y))
            self.y += f.get_linesize()


def formation_chain(scn: Scenario, formation_id: str) -> str:
    """The unit's formation and those above it up to its front: '5th Army, 1st Far Eastern Front'."""
    links = [f for f in chain(scn.formations, formation_id) if f.kind != "command"]
    return ", ".join(f.name for f in links) if links else formation_id


def draw_panel(surf: pygame.Surface, panel: pygame.Rect, state: GameState, unit_id: str | None,
               prediction: Prediction | None, who: str, button_label: str, attackers: list[str] | None = None,
               log_scroll: int = 0, hints: tuple[str, ...] = (), factors: Breakdown | None = None) -> int:
    """Draw everything in ``panel``; ``who`` says who commands the side to move; ``factors`` is
    the engine's :class:`~engine.combat.Breakdown` of the attack's odds. Returns the log scroll
    actually used (clamped to the log's length)."""
    out = _draw_header(surf, panel, state, who, button_label, hints)
    _draw_unit(out, state, state.units.get(unit_id) if unit_id else None)
    if prediction is not None:
        _draw_prediction(out, state, prediction, attackers, factors)
    return _draw_log(surf, panel, state, out, log_scroll)


def _draw_header(surf: pygame.Surface, panel: pygame.Rect, state: GameState, who: str, button_label: str,
                 hints: tuple[str, ...]) -> _Writer:
    """The scenario, the date, who is to move, the button and the points; returns the writer."""
    scn = state.scenario
    pygame.draw.rect(surf, PANEL_BG, panel)
    pygame.draw.line(surf, INK, panel.topleft, panel.bottomleft, 2)
    out = _Writer(surf, panel, panel.y + 10)
    out(scn.name, HIGHLIGHT, 24)
    out(f"{state.date:%d %B %Y}, turn {min(state.turn, scn.turns)} of {scn.turns}")
    if state.over:
        winner = scn.sides[state.winner]["name"] if state.winner else "nobody"
        out(f"Game over: {winner} wins", HIGHLIGHT)
    else:
        out(f"To move: {scn.sides[state.side]['name']} ({who})", side_colour(scn.side_order, state.side))
    b = button_rect(panel)
    pygame.draw.rect(surf, (90, 96, 108) if state.over else HIGHLIGHT, b, border_radius=4)
    label = font(22).render(button_label, True, INK)
    surf.blit(label, label.get_rect(center=b.center))
    out.y = b.bottom + 6
    pts, v = scores(state), scn.victory
    out("Points: " + ", ".join(f"{scn.sides[s]['name']} {pts[s]}" + (f" of {v['points_to_win']}" if s == v["attacker"]
                                                                     else "") for s in scn.side_order) + " (P)",
        HIGHLIGHT, 17)
    for h in hints:
        out(h, MUTED, 17)
    out.y += 6
    return out


def _draw_unit(out: _Writer, state: GameState, u: Unit | None) -> None:
    """The selected unit: strength, supply and fuel, its depot, cease-fire and standing orders."""
    if u is None:
        return
    scn = state.scenario
    ut = scn.rules.unit_types[u.type]
    out(u.name, side_colour(scn.side_order, u.side), 24)
    out(ut.label, MUTED)
    out(formation_chain(scn, u.formation), MUTED, 18)
    if u.divisions:
        out("Divisions: " + ", ".join(u.divisions), MUTED, 18)
    out(f"Men {u.men:,}, tanks {u.tanks:,}, guns {u.guns:,}")
    out(f"Readiness {u.readiness:.0%}, {u.experience}")
    fuel = f"fuel {u.fuel:.0f}/{ut.fuel_capacity:.0f}" if ut.fuel_capacity else "no fuel needed"
    out(f"{supply_text(state, u)}, {fuel}", PAPER if u.supplied else (255, 120, 110))
    if ut.depot:
        working, why = depot_status(state, u)
        out(why, PAPER if working else (255, 120, 110), 18)
    order = ceasefire_text(state, u)
    if order:
        out(order, (255, 120, 110) if order.startswith("STOOD DOWN") else MUTED, 18)
    key = commander_of(state, u)
    if key is not None:  # under a standing order: the AI commander moves it
        who = "" if key == u.id else f"{scn.formations[key].name}: "
        out(f"Standing order ({who}{describe(state, key)})", HIGHLIGHT, 18)
    if u.side == state.side and not state.over:
        out(f"Movement left {u.mp_left:.1f}" + (", has attacked or dug in" if u.attacked else ""), MUTED)
    out.y += 8


def _draw_prediction(out: _Writer, state: GameState, prediction: Prediction, attackers: list[str] | None,
                     factors: Breakdown | None) -> None:
    """The planned attack: odds, the outcome bars, expected losses and the odds breakdown."""
    scn, surf = state.scenario, out.surf
    out(f"Attack {scn.map.at(prediction.target)}: {prediction.odds:.1f} : 1", HIGHLIGHT, 22)
    if attackers and len(attackers) > 1:
        names = [state.units[a].name for a in attackers if a in state.units]
        out("With " + ", ".join(names), PAPER, 18)
    for k in OUTCOMES:  # one bar per outcome, so the distribution is seen at a glance
        p = prediction.probabilities.get(k, 0.0)
        surf.blit(font(18).render(f"{k:<9} {p:4.0%}", True, PAPER), (out.x, out.y))
        pygame.draw.rect(surf, PAPER, (out.x + 110, out.y + 3, round((out.w - 110) * p), 9))
        out.y += 17
    att, dfn = prediction.expected_losses["attacker"], prediction.expected_losses["defender"]
    out(f"Expected losses: ours {att['men']:,.0f} men, theirs {dfn['men'] + dfn['captured']:,.0f}", MUTED, 18)
    if factors is not None:
        out(f"Attack {prediction.attack:,.0f} against defence {prediction.defence:,.0f}:", PAPER, 17)
        for who_, rows in (("attack", factors.attack), ("defence", factors.defence)):
            for name, f in rows:
                against = f < 1 if who_ == "attack" else f > 1  # red: what works against the attack
                out(f"  {who_} x{f:.2f}: {name.replace('_', ' ')}", (255, 150, 140) if against else PAPER, 17)


def _draw_log(surf: pygame.Surface, panel: pygame.Rect, state: GameState, out: _Writer, log_scroll: int) -> int:
    """The message log in the panel's bottom, newest last; returns the scroll actually used."""
    f = font(18)
    lines = log_lines(state.log, f, out.w, bib=state.scenario.bibliography)
    top = max(out.y + 14, panel.bottom - 300)
    room = max(0, (panel.bottom - 10 - top) // f.get_linesize())
    scroll = max(0, min(log_scroll, len(lines) - room))
    shown = lines[max(0, len(lines) - room - scroll):len(lines) - scroll] if room else []
    y = panel.bottom - 10 - len(shown) * f.get_linesize()
    if shown:
        pygame.draw.line(surf, (70, 76, 88), (out.x, y - 5), (out.x + out.w, y - 5))
    if scroll:
        surf.blit(font(16).render(f"(log: {scroll} lines back, PgDn)", True, HIGHLIGHT), (out.x, y - 20))
    for text, colour in shown:
        surf.blit(f.render(text, True, colour), (out.x, y))
        y += f.get_linesize()
    return scroll
