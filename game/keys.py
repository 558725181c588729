"""Key bindings of the map screen: one table read both by the event handler and the help overlay.

Each :class:`Binding` names an action (a method of :class:`game.app.GameUI` runs it), the keys
that trigger it, whether Shift or Ctrl must be held, and the line the help overlay shows, so
the help can never drift from what the keys really do. Held-key panning (arrows, WASD) is
handled per frame in ``GameUI.pan_held_keys`` and only documented here, so no other binding may
use W, A, S or D without Ctrl (digging in is E, for entrench).
"""
from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Binding:
    action: str
    keys: tuple[int, ...]
    label: str
    text: str
    group: str
    shift: bool | None = None  # None: either; True: must be held; False: must not be held
    ctrl: bool = False


K = pygame
BINDINGS: tuple[Binding, ...] = (
    # map
    Binding("", (), "Arrows / WASD, drag", "pan the map (drag with any mouse button)", "Map"),
    Binding("zoom_in", (K.K_PLUS, K.K_EQUALS, K.K_KP_PLUS), "+ / - / wheel", "zoom in and out", "Map"),
    Binding("zoom_out", (K.K_MINUS, K.K_KP_MINUS), "", "", "Map"),
    Binding("fit", (K.K_HOME,), "Home", "show the whole map", "Map"),
    Binding("cursor_nw", (K.K_u,), "U I H K N M", "move the hex cursor (NW NE W E SW SE)", "Map"),
    Binding("cursor_ne", (K.K_i,), "", "", "Map"),
    Binding("cursor_w", (K.K_h,), "", "", "Map"),
    Binding("cursor_e", (K.K_k,), "", "", "Map"),
    Binding("cursor_sw", (K.K_n,), "", "", "Map"),
    Binding("cursor_se", (K.K_m,), "", "", "Map"),
    Binding("center", (K.K_c,), "C", "centre the map on the cursor", "Map"),
    # units and orders
    Binding("act", (K.K_j, K.K_SPACE), "J / Space, click", "select, move to or attack the cursor hex", "Orders",
            shift=False),
    Binding("act_onto", (K.K_j, K.K_SPACE), "Ctrl+click, Ctrl+J", "move the selected unit onto your own units there",
            "Orders", ctrl=True),
    Binding("group", (K.K_g,), "G, Shift+click", "pick the target, then add units next to it", "Orders"),
    Binding("group", (K.K_j, K.K_SPACE), "", "", "Orders", shift=True),
    Binding("commit", (K.K_f,), "F", "fire: make the planned attack", "Orders"),
    Binding("dig_in", (K.K_e,), "E", "entrench: dig the selected unit in (game over: the result screen)", "Orders"),
    Binding("rail", (K.K_r,), "R", "move the selected unit by rail to the cursor hex", "Orders"),
    Binding("land", (K.K_x,), "X", "airborne or amphibious landing at the cursor hex", "Orders"),
    Binding("air", (K.K_y,), "Y", "fly fuel and ammunition to the selected unit", "Orders"),
    Binding("detach", (K.K_v,), "V", "send a forward detachment ahead from the selected corps or division", "Orders",
            shift=False),
    Binding("rejoin", (K.K_v,), "Shift+V", "the selected forward detachment rejoins its unit (same hex)", "Orders",
            shift=True),
    Binding("undo", (K.K_z, K.K_BACKSPACE), "Z / Backspace", "undo the last move (until a fight or a sighting)",
            "Orders"),
    Binding("cancel", (K.K_ESCAPE,), "Esc", "cancel the attack plan, then the selection", "Orders"),
    Binding("end_turn", (K.K_RETURN, K.K_KP_ENTER), "Enter", "end your turn (watching: next side)", "Orders"),
    # overlays
    Binding("overlay_supply", (K.K_1,), "1", "supply: hexes in supply for the side to move", "Overlays"),
    Binding("overlay_zoc", (K.K_2,), "2", "zones of control of the enemy", "Overlays"),
    Binding("overlay_objectives", (K.K_3,), "3", "victory objectives and their dates", "Overlays"),
    Binding("overlay_history", (K.K_4,), "4", "documented captures up to today", "Overlays"),
    Binding("overlay_minimap", (K.K_5,), "5", "minimap on / off (click it to jump)", "Overlays"),
    Binding("legend", (K.K_6,), "6", "map legend: terrain, rivers, railways, borders, counters", "Overlays"),
    Binding("overlay_enemy", (K.K_7,), "7", "the enemy's last turn as you saw it: moves, attacks, places taken",
            "Overlays"),
    # operational command (game.command_ui)
    Binding("orders", (K.K_o,), "O", "standing order for the selected unit's formation (or the browser's): "
            "posture, places, supply; the AI commander carries it out each day", "Command"),
    Binding("goto", (K.K_t,), "T", "go-to: the selected unit marches to the cursor hex over the days "
            "(T on its own hex takes the order back)", "Command"),
    Binding("oob", (K.K_b,), "B", "order of battle: fronts, armies, units; click or Enter shows one on the map",
            "Command"),
    Binding("next_unit", (K.K_TAB,), "Tab / Shift+Tab",
            "nearest unit of the selected formation still to give orders to (not under standing orders) / back",
            "Command",
            shift=False),
    Binding("prev_unit", (K.K_TAB,), "", "", "Command", shift=True),
    # game
    Binding("help", (K.K_F1, K.K_QUESTION), "F1 / ?", "this help", "Game"),
    Binding("quick_save", (K.K_F5,), "F5", "quick save", "Game"),
    Binding("quick_load", (K.K_F9,), "F9", "quick load", "Game"),
    Binding("save_as", (K.K_s,), "Ctrl+S", "save to a new file", "Game", ctrl=True),
    Binding("load_list", (K.K_l,), "L", "list of saved games to load", "Game"),
    Binding("report", (K.K_p,), "P", "victory points, objectives and the battles with each side's losses", "Game"),
    Binding("log_up", (K.K_PAGEUP,), "PgUp / PgDn", "scroll the message log", "Game"),
    Binding("sources", (K.K_8,), "8", "the sources the log cites: full references and their web addresses", "Game"),
    Binding("log_down", (K.K_PAGEDOWN,), "", "", "Game"),
    Binding("timeline", (K.K_0,), "0", "timeline: the political timeline, the documented dates and this game's, "
            "date by date", "Game"),
    Binding("briefing", (K.K_9,), "9", "your briefing: situation, forces, mission, with sources, and the timeline "
            "before the war", "Game"),
    Binding("quit", (K.K_q,), "Q", "quit (asks first, and saves the game)", "Game"),
)

GROUPS = ("Map", "Orders", "Overlays", "Command", "Game")


def action_for(key: int, mod: int = 0, unicode: str = "") -> str | None:
    """The action bound to a key press, or None."""
    if unicode == "?":
        return "help"
    shift, ctrl = bool(mod & pygame.KMOD_SHIFT), bool(mod & pygame.KMOD_CTRL)
    for b in BINDINGS:
        if b.action and key in b.keys and (b.shift is None or b.shift == shift) and b.ctrl == ctrl:
            return b.action
    return None


def help_rows() -> list[tuple[str, str, str]]:
    """(group, keys, what they do) for the help overlay, in table order."""
    return [(b.group, b.label, b.text) for b in BINDINGS if b.label]
