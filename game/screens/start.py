"""The start screen: scenario, side (either side, both hot-seat, or watch), seed, fog of war,
the computer's difficulty and the scenario's variants.

:func:`find_scenarios` lists the scenario folders the engine would find (``scenario.yaml``
read for its name, sides and description only; the full load happens when the game starts).
:class:`StartScreen` holds the choices; its ``handle_event`` returns "start", "load", "quit"
or None, and :meth:`StartScreen.config` gives the chosen :class:`GameConfig`. Everything works
by keyboard (Up/Down pick a row, Left/Right change it, digits type the seed, Enter starts) and
by mouse (click the arrows or a value, then Start).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from engine.scenario import REPO_SCENARIOS
from engine.scenario.bases import read_header
from engine.yamlio import ScenarioLoadError

from ..render import BACKGROUND, HIGHLIGHT, INK, PAPER, font
from ..render.log import wrap
from . import MUTED, text

ROWS = ("scenario", "side", "seed", "fog", "difficulty", "variants")
DIFFICULTIES = ("easy", "normal", "hard")  # the computer opponent's judgement (engine.ai.judgement)
MAX_SEED = 999_999_999


@dataclass(frozen=True)
class GameConfig:
    """What the start screen (or the command line) chose."""

    scenario: str
    side: str = "soviet"
    seed: int = 0
    fog: bool = True
    variants: tuple[str, ...] = ()
    difficulty: str = "normal"


@dataclass(frozen=True)
class ScenarioInfo:
    ref: str  # an id the engine finds, or a folder path
    name: str
    description: str = ""
    sides: tuple[tuple[str, str], ...] = ()  # (id, name) in the scenario's order
    variants: tuple[tuple[str, str, str], ...] = ()  # (id, name, description) in the file's order


def read_scenario_info(ref: str, folder: Path) -> ScenarioInfo | str:
    """The start screen's line for a folder, or why the folder cannot be offered: its
    ``scenario.yaml`` goes through the engine's bounded loader, so a damaged or hostile folder
    (an alias bomb, deep nesting, an impossible date) is skipped, not fatal."""
    try:
        doc = read_header(folder)  # a derived scenario shows its base's sides and variants too
    except ScenarioLoadError as exc:
        return str(exc.errors[0]) if exc.errors else f"{folder}: unreadable"
    if not isinstance(doc, dict):
        return f"{folder / 'scenario.yaml'}: expected a mapping of keys"
    raw_sides = doc.get("sides")
    raw_sides = raw_sides if isinstance(raw_sides, dict) else {}
    sides = tuple((str(k), str(v.get("name", k) if isinstance(v, dict) else k)) for k, v in raw_sides.items())
    raw_variants = doc.get("variants")
    raw_variants = raw_variants if isinstance(raw_variants, dict) else {}
    variants = tuple((str(k), str(v.get("name", k)), " ".join(str(v.get("description", "")).split()))
                     if isinstance(v, dict) else (str(k), str(k), "") for k, v in raw_variants.items())
    return ScenarioInfo(ref, str(doc.get("name", ref)), " ".join(str(doc.get("description", "")).split()), sides,
                        variants)


def find_scenarios(extra: str | None = None, skipped: list[str] | None = None) -> list[ScenarioInfo]:
    """Scenario folders in ``$AUGUST_STORM_SCENARIOS``, ``./scenarios`` and the project's
    ``scenarios/`` (the engine's search order; the first of a name wins), plus ``extra``. A
    folder whose ``scenario.yaml`` cannot be read is left out, and why goes to ``skipped`` (or
    to standard error when no list is given)."""
    roots = [Path(x) for x in os.environ.get("AUGUST_STORM_SCENARIOS", "").split(os.pathsep) if x]
    roots += [Path.cwd() / "scenarios", REPO_SCENARIOS]
    found: dict[str, ScenarioInfo] = {}
    problems: list[str] = []
    for root in roots:
        try:
            folders = sorted(root.iterdir()) if root.is_dir() else []
        except OSError as exc:
            problems.append(f"{root}: cannot list the folder ({exc.strerror or exc})")
            continue
        for d in folders:
            if (d / "scenario.yaml").is_file() and d.name not in found:
                info = read_scenario_info(d.name, d)
                if isinstance(info, str):
                    problems.append(f"scenario '{d.name}' left out: {info}")
                else:
                    found[d.name] = info
    if extra and extra not in found:
        p = Path(extra)
        folder = p.parent if p.name == "scenario.yaml" else p
        info = read_scenario_info(extra, folder) if (folder / "scenario.yaml").is_file() else extra
        # unknown or unreadable: listed by its name, and starting it says why
        found = {extra: info if isinstance(info, ScenarioInfo) else ScenarioInfo(extra, extra), **found}
    if skipped is None:
        for line in problems:
            print(line, file=sys.stderr)
    else:
        skipped.extend(problems)
    return list(found.values())


@dataclass
class StartScreen:
    scenarios: list[ScenarioInfo]
    initial: GameConfig
    focus: int = 0
    error: str = ""
    _hits: dict[str, pygame.Rect] = field(default_factory=dict)

    def __post_init__(self) -> None:
        refs = [s.ref for s in self.scenarios]
        self.scenario_i = refs.index(self.initial.scenario) if self.initial.scenario in refs else 0
        self.seed = self.initial.seed
        self.fog = self.initial.fog
        known = self.initial.difficulty in DIFFICULTIES
        self.difficulty_i = DIFFICULTIES.index(self.initial.difficulty) if known else 1
        self.variant_i = 0
        opts = self.variant_options()
        if self.initial.variants in opts:
            self.variant_i = opts.index(self.initial.variants)
        sides = self.side_options()
        ids = [k for k, _ in sides]
        self.side_i = ids.index(self.initial.side) if self.initial.side in ids else 0

    # -- choices ----------------------------------------------------------------------------
    @property
    def scenario(self) -> ScenarioInfo:
        return self.scenarios[self.scenario_i]

    def side_options(self) -> list[tuple[str, str]]:
        sides = list(self.scenario.sides) or [("soviet", "Soviet Union"), ("japanese", "Japan")]
        return sides + [("both", "Both sides (hot-seat)"), ("watch", "Watch the computer play both")]

    def variant_options(self) -> list[tuple[str, ...]]:
        """No variant, each of the scenario's variants, and the command line's choice of several."""
        opts: list[tuple[str, ...]] = [()] + [(v,) for v, _, _ in self.scenario.variants]
        if self.scenario.ref == self.initial.scenario and self.initial.variants not in opts:
            opts.append(tuple(self.initial.variants))
        return opts

    def config(self) -> GameConfig:
        opts = self.variant_options()
        variants = opts[min(self.variant_i, len(opts) - 1)]
        return GameConfig(self.scenario.ref, self.side_options()[self.side_i][0], self.seed, self.fog, variants,
                          DIFFICULTIES[self.difficulty_i])

    def change(self, row: str, step: int) -> None:
        if row == "scenario" and self.scenarios:
            side = self.side_options()[self.side_i][0]
            self.scenario_i = (self.scenario_i + step) % len(self.scenarios)
            ids = [k for k, _ in self.side_options()]
            self.side_i = ids.index(side) if side in ids else 0
            self.variant_i = 0
        elif row == "side":
            self.side_i = (self.side_i + step) % len(self.side_options())
        elif row == "seed":
            self.seed = max(0, min(MAX_SEED, self.seed + step))
        elif row == "fog":
            self.fog = not self.fog
        elif row == "difficulty":
            self.difficulty_i = (self.difficulty_i + step) % len(DIFFICULTIES)
        elif row == "variants":
            self.variant_i = (self.variant_i + step) % len(self.variant_options())
        self.error = ""

    # -- input ------------------------------------------------------------------------------
    def handle_event(self, e: pygame.event.Event) -> str | None:
        if e.type == pygame.QUIT:
            return "quit"
        if e.type == pygame.KEYDOWN:
            return self.handle_key(e.key, getattr(e, "mod", 0))
        if e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
            return self.click(e.pos)
        return None

    def handle_key(self, key: int, mod: int = 0) -> str | None:
        row = ROWS[self.focus]
        if key in (pygame.K_ESCAPE, pygame.K_q):
            return "quit"
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return "start"
        if key == pygame.K_l:
            return "load"
        if key in (pygame.K_UP, pygame.K_w) or (key == pygame.K_TAB and mod & pygame.KMOD_SHIFT):
            self.focus = (self.focus - 1) % len(ROWS)
        elif key in (pygame.K_DOWN, pygame.K_s, pygame.K_TAB):
            self.focus = (self.focus + 1) % len(ROWS)
        elif key in (pygame.K_LEFT, pygame.K_a, pygame.K_MINUS):
            self.change(row, -1)
        elif key in (pygame.K_RIGHT, pygame.K_d, pygame.K_PLUS, pygame.K_EQUALS, pygame.K_SPACE):
            self.change(row, 1)
        elif key == pygame.K_f:
            self.change("fog", 1)
        elif row == "seed" and pygame.K_0 <= key <= pygame.K_9:
            self.seed = min(MAX_SEED, self.seed * 10 + key - pygame.K_0)
        elif row == "seed" and key == pygame.K_BACKSPACE:
            self.seed //= 10
        return None

    def click(self, pos: tuple[int, int]) -> str | None:
        for name, r in self._hits.items():
            if r.collidepoint(pos):
                if name in ("start", "load", "quit"):
                    return name
                row, _, step = name.partition(":")
                self.focus = ROWS.index(row)
                self.change(row, int(step))
                return None
        return None

    # -- drawing ----------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        names = {v: n for v, n, _ in self.scenario.variants}
        chosen = self.config().variants
        return {"scenario": self.scenario.name, "side": self.side_options()[self.side_i][1],
                "seed": str(self.seed), "fog": "on" if self.fog else "off",
                "difficulty": DIFFICULTIES[self.difficulty_i] + " (the computer opponent)",
                "variants": ", ".join(names.get(v, v) for v in chosen) if chosen else
                ("none (the historical set-up)" if self.scenario.variants else "none (this scenario has none)")}

    def description(self) -> str:
        """The chosen variants' descriptions first (the lines below the choices are few), then
        the scenario's."""
        about = {v: d for v, _, d in self.scenario.variants}
        return " ".join([f"Variant: {about[v]}" for v in self.config().variants if about.get(v)]
                        + [self.scenario.description])

    def draw(self, surf: pygame.Surface) -> None:
        surf.fill(BACKGROUND)
        w, h = surf.get_size()
        x0 = max(20, w // 2 - 380)
        title = font(64).render("August Storm", True, HIGHLIGHT)
        surf.blit(title, (x0, 50))
        text(surf, "The Soviet-Japanese War, August 1945", (x0 + 4, 50 + title.get_height()), MUTED, 24)
        self._hits = {}
        y = 160
        labels = {"scenario": "Scenario", "side": "You command", "seed": "Random seed", "fog": "Fog of war",
                  "difficulty": "Difficulty", "variants": "Variant"}
        vals = self.values()
        for i, row in enumerate(ROWS):
            focused = i == self.focus
            band = pygame.Rect(x0 - 10, y - 6, 760, 38)
            if focused:
                pygame.draw.rect(surf, (60, 66, 80), band, border_radius=4)
            text(surf, labels[row], (x0, y + 4), HIGHLIGHT if focused else PAPER, 26)
            left = pygame.Rect(x0 + 200, y, 30, 28)
            right = pygame.Rect(x0 + 700, y, 30, 28)
            for r, s in ((left, "<"), (right, ">")):
                pygame.draw.rect(surf, (90, 96, 108), r, border_radius=4)
                t = font(26).render(s, True, PAPER)
                surf.blit(t, t.get_rect(center=r.center))
            value = pygame.Rect(left.right + 10, y, right.x - left.right - 20, 28)
            t = font(26).render(vals[row], True, PAPER)
            surf.blit(t, t.get_rect(midleft=(value.x + 6, value.centery)))
            self._hits[f"{row}:-1"] = left
            self._hits[f"{row}:1"] = right
            self._hits[f"{row}:+1"] = value
            y += 42
        desc = self.description()
        yy = y + 6
        for line in wrap(desc, font(20), 740)[:3]:
            yy += text(surf, line, (x0, yy), MUTED, 20)
        y = max(yy, y) + 24
        for name, label, colour, bx in (("start", "Start (Enter)", HIGHLIGHT, x0),
                                         ("load", "Load game (L)", (150, 156, 168), x0 + 260),
                                         ("quit", "Quit (Esc)", (150, 156, 168), x0 + 520)):
            r = pygame.Rect(bx, y, 230, 44)
            pygame.draw.rect(surf, colour, r, border_radius=5)
            t = font(26).render(label, True, INK)
            surf.blit(t, t.get_rect(center=r.center))
            self._hits[name] = r
        y += 64
        text(surf, "Up/Down: choose a line   Left/Right: change it   digits: type the seed   F: fog on/off",
             (x0, y), MUTED, 19)
        if self.error:
            yy = y + 34
            for line in self.error.splitlines()[:6]:
                yy += text(surf, line, (x0, yy), (255, 140, 130), 20)
