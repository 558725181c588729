"""The game window: a :class:`GameUI` that turns clicks and keys into engine orders, and its loop.

``GameUI`` holds the state, the selection and the camera, and has plain methods (``click_hex``,
``end_turn``, ``draw``...) so tests drive it without an event loop or a real window. Every
change to the game goes through ``engine.orders.execute``; the UI never edits the state itself.
"""
from __future__ import annotations

import sys

import pygame

from engine.combat import predict
from engine.hexes import Hex, distance
from engine.movement import reachable
from engine.orders import Attack, DigIn, EndTurn, Move, execute
from engine.ai import play_side
from engine.scenario import load_scenario, new_game
from engine.yamlio import ScenarioLoadError

from .render import BACKGROUND, HIGHLIGHT, INK, PAPER, font, side_colour
from .render.counters import draw_counter
from .render.layout import Layout
from .render.mapview import MapView
from .render.panel import button_rect, draw_panel

PANEL_W = 300
STATUS_H = 26
ZOOMS = (12, 18, 26, 36, 50)  # hex radius in pixels
MAX_LAYER_PIXELS = 16_000_000  # a zoom whose cached map would exceed ~64 MB is not offered
SIDES = ("soviet", "japanese", "both", "watch")


class WindowUnavailable(Exception):
    """No window could be opened (pygame.display.set_mode failed); the message says why."""


class GameUI:
    """Selection, camera and orders for one game; ``side`` is soviet, japanese, both or watch."""

    def __init__(self, scn, state, side: str = "soviet", view: tuple[int, int] = (1280, 800),
                 difficulty: str = "normal") -> None:
        if side not in SIDES:
            raise ValueError(f"side must be one of {', '.join(SIDES)}, not {side!r}")
        self.scn, self.state, self.mode = scn, state, side
        self.difficulty = difficulty
        self.human = set(scn.side_order) if side == "both" else set() if side == "watch" else {side}
        self.map = MapView(scn)
        self.zooms = [z for z in ZOOMS if self.map.layer_size(z)[0] * self.map.layer_size(z)[1] <= MAX_LAYER_PIXELS]
        self.zooms = self.zooms or [ZOOMS[0]]
        self.view = view
        self.selected: str | None = None
        self.reach: list[Hex] = []
        self.hover: Hex | None = None
        self.prediction = None
        self.status = ""
        self.full = {u.id: max(1, u.men) for u in scn.initial_units}  # strength bars measure against these
        self.fit()
        self.play_computer()

    # -- camera ----------------------------------------------------------------------------
    def map_rect(self) -> pygame.Rect:
        return pygame.Rect(0, 0, max(1, self.view[0] - PANEL_W), max(1, self.view[1] - STATUS_H))

    def fit(self) -> None:
        """The largest zoom showing the whole map, centred in the map area."""
        area = self.map_rect()
        x0, y0, x1, y1 = self.map.bounds
        fitting = [i for i, z in enumerate(self.zooms) if (x1 - x0) * z <= area.w and (y1 - y0) * z <= area.h]
        self.zoom_i = fitting[-1] if fitting else 0
        z = self.zooms[self.zoom_i]
        self.origin = (area.centerx - (x0 + x1) / 2 * z, area.centery - (y0 + y1) / 2 * z)

    @property
    def layout(self) -> Layout:
        return Layout(self.zooms[self.zoom_i], self.origin)

    def zoom(self, step: int, anchor: tuple[float, float] | None = None) -> None:
        """Change zoom level, keeping the map point under ``anchor`` (default: map centre) in place."""
        i = max(0, min(len(self.zooms) - 1, self.zoom_i + step))
        anchor = anchor or self.map_rect().center
        k = self.zooms[i] / self.zooms[self.zoom_i]
        self.origin = (anchor[0] - (anchor[0] - self.origin[0]) * k, anchor[1] - (anchor[1] - self.origin[1]) * k)
        self.zoom_i = i

    def pan(self, dx: float, dy: float) -> None:
        self.origin = (self.origin[0] + dx, self.origin[1] + dy)

    def hex_at(self, pos: tuple[int, int]) -> Hex | None:
        """The map hex under a screen position, or None (panel, status line or off the map)."""
        if not self.map_rect().collidepoint(pos):
            return None
        h = self.layout.pixel_to_hex(pos)
        return h if h in self.scn.graph else None

    # -- orders -----------------------------------------------------------------------------
    def my_turn(self) -> bool:
        return not self.state.over and self.state.side in self.human

    def select(self, uid: str | None) -> None:
        self.selected = uid
        u = self.state.units.get(uid) if uid else None
        own = u is not None and self.my_turn() and u.side == self.state.side
        self.reach = reachable(self.state, uid).destinations() if own else []
        self._predict()

    def deselect(self) -> None:
        self.select(None)

    def hover_hex(self, h: Hex | None) -> None:
        if h != self.hover:
            self.hover = h
            self._predict()

    def attack_targets(self) -> list[Hex]:
        """Enemy hexes next to the selected unit, when it is ours to command."""
        u = self.state.units.get(self.selected or "")
        if u is None or not self.my_turn() or u.side != self.state.side:
            return []
        return sorted({e.hex for e in self.state.units.values() if e.side != u.side and distance(e.hex, u.hex) == 1})

    def _predict(self) -> None:
        self.prediction = None
        if self.hover in self.attack_targets():
            self.prediction = predict(self.state, self.hover, [self.selected])

    def click_hex(self, h: Hex) -> str:
        """A left click on hex ``h``: select, move or attack. Returns (and shows) the status line."""
        st = self.state
        here = sorted(st.units_at(h), key=lambda u: u.id)
        own = [u for u in here if u.side == st.side]
        self.status = ""
        if h not in self.scn.graph:
            self.status = "that is off the map"
        elif self.selected and h in self.reach:
            res = execute(st, Move(self.selected, h))
            self.status = "" if res.ok else res.reason
            self.select(self.selected if self.selected in st.units else None)
        elif self.selected and h in self.attack_targets():
            res = execute(st, Attack(h, (self.selected,)))
            if res.ok:
                self.status = f"Attack at {res.data['odds']:.1f}:1: {res.data['outcome']}"
            else:
                self.status = res.reason
            self.select(self.selected if self.selected in st.units else None)
        elif here:
            # clicking a stack again cycles through its units; enemy units can be inspected
            ids = [u.id for u in (own if own and self.my_turn() else here)]
            nxt = ids[(ids.index(self.selected) + 1) % len(ids)] if self.selected in ids else ids[0]
            self.select(nxt)
            if not self.my_turn() and not st.over:
                self.status = f"{self.scn.sides[st.side]['name']} is moving: press Enter or Space"
        elif self.selected in st.units and self.my_turn() and st.units[self.selected].side == st.side:
            # ask the engine, so the refusal reads the same as everywhere else
            res = execute(st, Move(self.selected, h))
            self.status = res.reason or "moved"
            self.select(self.selected)
        else:
            self.deselect()
        if st.over:
            self.status = f"Game over: {st.end_reason}"
        return self.status

    def dig_in(self) -> None:
        if self.selected and self.my_turn():
            res = execute(self.state, DigIn(self.selected))
            self.status = "dug in" if res.ok else res.reason
            self.select(self.selected)

    def end_turn(self) -> None:
        """End the player's part of the turn (in 'watch' mode: play the next side's part)."""
        if self.state.over:
            self.status = f"Game over: {self.state.end_reason}"
            return
        if self.mode == "watch":
            self._computer_move()
        elif self.my_turn():
            execute(self.state, EndTurn())
            self.play_computer()
        self.deselect()

    def play_computer(self) -> None:
        """Let the computer play every side the player does not command (none in 'watch' mode)."""
        while self.human and not self.state.over and self.state.side not in self.human:
            self._computer_move()

    def _computer_move(self) -> None:
        before = (self.state.turn, self.state.active)
        play_side(self.state, self.difficulty)
        if (self.state.turn, self.state.active) == before and not self.state.over:
            execute(self.state, EndTurn())  # a policy that forgot to end its turn must not hang us

    # -- input ------------------------------------------------------------------------------
    def handle_event(self, e: pygame.event.Event) -> bool:
        """React to one pygame event; False means quit."""
        if e.type == pygame.QUIT or (e.type == pygame.KEYDOWN and e.key == pygame.K_q):
            return False
        if e.type == pygame.KEYDOWN:
            if e.key in (pygame.K_RETURN, pygame.K_KP_ENTER) or (e.key == pygame.K_SPACE and self.mode == "watch"):
                self.end_turn()
            elif e.key == pygame.K_ESCAPE:
                self.deselect()
                self.status = ""
            elif e.key == pygame.K_d and self.selected and self.my_turn():
                self.dig_in()  # D digs in when one of our units is selected; otherwise it pans
            elif e.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
                self.zoom(1)
            elif e.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.zoom(-1)
        elif e.type == pygame.MOUSEWHEEL and e.y:
            self.zoom(1 if e.y > 0 else -1, pygame.mouse.get_pos())
        elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
            if button_rect(self.panel_rect()).collidepoint(e.pos):
                self.end_turn()
            elif (h := self.hex_at(e.pos)) is not None:
                self.click_hex(h)
        elif e.type == pygame.MOUSEMOTION:
            if e.buttons[1] or e.buttons[2]:  # middle- or right-drag pans
                self.pan(*e.rel)
            self.hover_hex(self.hex_at(e.pos))
        elif e.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            surf = pygame.display.get_surface()
            if surf is not None:
                self.view = surf.get_size()
        return True

    def pan_held_keys(self, keys, dt: float) -> None:
        """Smooth panning while arrow keys or WASD are held (D only when it is not digging in)."""
        speed = 600 * dt
        d_pans = keys[pygame.K_d] and not (self.selected and self.my_turn())
        dx = (keys[pygame.K_LEFT] or keys[pygame.K_a]) - (keys[pygame.K_RIGHT] or d_pans)
        dy = (keys[pygame.K_UP] or keys[pygame.K_w]) - (keys[pygame.K_DOWN] or keys[pygame.K_s])
        if dx or dy:
            self.pan(dx * speed, dy * speed)

    # -- drawing ----------------------------------------------------------------------------
    def panel_rect(self) -> pygame.Rect:
        return pygame.Rect(self.view[0] - PANEL_W, 0, PANEL_W, self.view[1])

    def draw(self, surf: pygame.Surface) -> None:
        self.view = surf.get_size()
        st, lay, area = self.state, self.layout, self.map_rect()
        surf.fill(BACKGROUND)
        surf.set_clip(area)
        self.map.draw(surf, lay, st.control)
        self.map.outline(surf, lay, self.reach, PAPER)
        self.map.outline(surf, lay, self.attack_targets(), HIGHLIGHT, 3)
        if self.hover is not None:
            self.map.outline(surf, lay, [self.hover], INK, 1, 1.0)
        types = self.scn.rules.unit_types
        for h, stack in sorted(st.units_by_hex().items()):
            # the selected unit is drawn on top of its stack; the others peek out behind it
            stack.sort(key=lambda u: (u.id == self.selected, u.id))
            x, y = lay.hex_to_pixel(h)
            for k, u in enumerate(stack):
                off = (len(stack) - 1 - k) * 4
                ut = types[u.type]
                draw_counter(surf, (x + off, y - off), lay.size, side_colour(self.scn.side_order, u.side), ut.symbol,
                             ut.size, u.men / self.full.get(u.id, max(1, u.men)), u.supplied,
                             u.id == self.selected, u.side == st.side and (u.moved or u.attacked))
        self.map.draw_names(surf, lay)
        surf.set_clip(None)
        line = self.status or self._hover_text()
        pygame.draw.rect(surf, (22, 24, 30), (0, area.bottom, area.w, STATUS_H))
        surf.blit(font(20).render(line, True, HIGHLIGHT if self.status else PAPER), (8, area.bottom + 6))
        who = "you" if st.side in self.human else "computer"
        label = "Next side (Space)" if self.mode == "watch" else "End turn (Enter)"
        draw_panel(surf, self.panel_rect(), st, self.selected, self.prediction, who, label)

    def _hover_text(self) -> str:
        if self.hover is None:
            return "Left click: select / move / attack   D: dig in   Enter: end turn   wheel, +/-: zoom   Q: quit"
        d = self.scn.graph.nodes[self.hover]
        place = self.scn.map.place_at.get(self.hover)
        owner = self.state.control.get(self.hover)
        bits = [d["terrain"]] + ([self.scn.map.places[place].name] if place else [])
        bits += [f"held by {self.scn.sides[owner]['name']}"] if owner else []
        return f"hex {list(self.hover)}: " + ", ".join(bits)


def render_screenshot(scn, out: str, size: tuple[int, int], seed: int = 0, turn: int = 1) -> str:
    """Play the computer against itself up to ``turn``, draw the map view and save it as PNG."""
    pygame.display.init()
    pygame.font.init()
    state = new_game(scn, seed)
    while not state.over and state.turn < turn:
        before = (state.turn, state.active)
        play_side(state)
        if (state.turn, state.active) == before and not state.over:
            execute(state, EndTurn())
    surf = pygame.Surface(size)
    ui = GameUI(scn, state, side="watch", view=size)
    ui.draw(surf)
    pygame.image.save(surf, out)
    return out


def run_game(scenario_ref: str, seed: int = 0, side: str = "soviet", variants: tuple[str, ...] = ()) -> int:
    """Open the window on ``scenario_ref`` and play until the player quits; returns the exit code."""
    assert getattr(pygame, "IS_CE", False), "August Storm needs pygame-ce, not the 'pygame' distribution"
    try:
        scn = load_scenario(scenario_ref, variants)
    except ScenarioLoadError as exc:
        print(exc, file=sys.stderr)
        return 1
    pygame.display.init()  # not pygame.init(): the game has no sound, and audio probing only adds noise
    pygame.font.init()
    try:
        screen = pygame.display.set_mode((1280, 800), pygame.RESIZABLE)
    except pygame.error as exc:
        pygame.quit()
        raise WindowUnavailable(f"pygame could not open a window ({exc})") from None
    pygame.display.set_caption(f"August Storm: {scn.name}")
    ui = GameUI(scn, new_game(scn, seed), side, screen.get_size())
    clock, running = pygame.time.Clock(), True
    while running:
        dt = clock.tick(30) / 1000
        for e in pygame.event.get():
            running = ui.handle_event(e) and running
        ui.pan_held_keys(pygame.key.get_pressed(), dt)
        screen = pygame.display.get_surface()
        ui.draw(screen)
        pygame.display.flip()
    pygame.quit()
    return 0
