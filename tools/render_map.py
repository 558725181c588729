#!/usr/bin/env python
"""Render a scenario ``map.yaml`` to a PNG for checking by eye (tool only; needs pygame-ce).

``python tools/render_map.py scenarios/august_storm_1945/map.yaml /tmp/map1945.png [--scale 6]``
draws terrain, 1945 borders, rivers on hexsides, railways, fortifications and places.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from engine.hexes import SQRT3, hex_to_km  # noqa: E402
from engine.mapgraph import MAP, build_map  # noqa: E402
from engine.schema import check  # noqa: E402
from engine.yamlio import load_yaml  # noqa: E402

COLOURS = {"clear": (200, 212, 154), "steppe": (220, 211, 154), "hills": (181, 168, 120),
           "mountains": (140, 122, 91), "forest": (111, 154, 90), "marsh": (143, 180, 168),
           "city": (160, 160, 160), "water": (91, 143, 199)}


def load_map(path: Path):
    rules = load_yaml(ROOT / "scenarios" / "rules" / "base.yaml")
    errors: list = []
    doc = check(load_yaml(path), MAP, str(path), errors)
    m = build_map(doc, set(rules["terrain"]), {"soviet", "japanese"}, errors)
    if m is None:
        raise SystemExit("\n".join(str(e) for e in errors))
    return m


def render(path: Path, out: Path, scale: float = 0.3, labels: bool = True, box=None) -> None:
    """``scale`` is pixels per km; ``box`` = (x0, y0, x1, y1) km limits an extract."""
    m = load_map(Path(path))
    g = m.graph
    hk = m.hex_km
    size = hk / SQRT3
    cs = {h: hex_to_km(h, hk) for h in g.nodes}
    xs = [c[0] for c in cs.values()]
    ys = [c[1] for c in cs.values()]
    x0, y0, x1, y1 = box or (min(xs) - hk, min(ys) - hk, max(xs) + hk, max(ys) + hk)
    W, H = int((x1 - x0) * scale), int((y1 - y0) * scale)
    pygame.font.init()
    font = pygame.font.SysFont(None, max(12, int(hk * scale * 0.9)))
    surf = pygame.Surface((W, H))
    surf.fill((255, 255, 255))

    def px(x, y):
        return ((x - x0) * scale, (y - y0) * scale)

    corners = [(size * math.cos(math.radians(60 * k - 30)), size * math.sin(math.radians(60 * k - 30)))
               for k in range(6)]
    for h, d in g.nodes(data=True):
        cx, cy = cs[h]
        if not (x0 - hk <= cx <= x1 + hk and y0 - hk <= cy <= y1 + hk):
            continue
        pts = [px(cx + a, cy + b) for a, b in corners]
        pygame.draw.polygon(surf, COLOURS[d["terrain"]], pts)
        if d["control"] == "soviet" and d["terrain"] != "water":
            pygame.draw.circle(surf, (200, 60, 60), px(cx, cy), max(1, hk * scale * 0.06))

    def side(a, b):
        (ax, ay), (bx, by) = cs[a], cs[b]
        mx, my = (ax + bx) / 2, (ay + by) / 2
        dx, dy = (by - ay) / SQRT3 / 2, -(bx - ax) / SQRT3 / 2
        return px(mx + dx, my + dy), px(mx - dx, my - dy)

    for a, b in g.edges():
        ca, cb = g.nodes[a].get("country"), g.nodes[b].get("country")
        if ca and cb and ca != cb:
            ends = side(a, b)
            pygame.draw.line(surf, (200, 0, 200), ends[0], ends[1], max(2, int(hk * scale * 0.15)))
    for a, b, e in g.edges(data=True):
        if e["river"]:
            w = max(1, int(hk * scale * (0.15 if e["river"] == "major" else 0.07)))
            ends = side(a, b)
            pygame.draw.line(surf, (20, 60, 220), ends[0], ends[1], w)
    for a, b, e in g.edges(data=True):
        if e["rail"]:
            pygame.draw.line(surf, (0, 0, 0), px(*cs[a]), px(*cs[b]), max(1, int(hk * scale * 0.1)))
        elif e["road"]:
            pygame.draw.line(surf, (150, 80, 0), px(*cs[a]), px(*cs[b]), max(1, int(hk * scale * 0.08)))
    for h, d in g.nodes(data=True):
        if d["fortification"]:
            pygame.draw.circle(surf, (120, 0, 0), px(*cs[h]), hk * scale * 0.45, max(1, int(hk * scale * 0.08)))
    for pid, p in m.places.items():
        c = px(*cs[p.hex])
        pygame.draw.circle(surf, (220, 0, 0) if p.vp >= 4 else (90, 0, 0), c, max(2, hk * scale * 0.22))
        if labels:
            surf.blit(font.render(pid, True, (0, 0, 0)), (c[0] + 3, c[1] - 6))
    pygame.image.save(surf, str(out))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("map", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--scale", type=float, default=0.3, help="pixels per km")
    ap.add_argument("--box", type=float, nargs=4, help="x0 y0 x1 y1 in projected km")
    a = ap.parse_args()
    render(a.map, a.png, a.scale, box=a.box)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
