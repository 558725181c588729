"""Draw the window icon, ``assets/icon.png``: a 64-pixel counter in the first side's theme colour
with the mechanised symbol (the crossed lines and the oval) and a division's XX, drawn with
pygame's primitives from the theme and the symbols file (no font, so it is the same everywhere).

Run ``python tools/make_icon.py`` after changing the theme's colours or symbols.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402

from engine.yamlio import load_yaml  # noqa: E402
from game.theme import _symbols  # noqa: E402

SIZE = 64


def _rgb(text: str) -> tuple[int, int, int]:
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def draw(folder: Path) -> pygame.Surface:
    """The icon, from the theme in ``folder``."""
    theme = load_yaml(folder / "theme.yaml")
    ink, paper = _rgb(theme["ui"]["ink"]), _rgb(theme["ui"]["paper"])
    body = _rgb(theme["side_palette"][0])
    surf = pygame.Surface((SIZE, SIZE), pygame.SRCALPHA)
    block = pygame.Rect(2, 8, SIZE - 4, SIZE - 16)
    pygame.draw.rect(surf, body, block, border_radius=5)
    pygame.draw.rect(surf, ink, block, 2, border_radius=5)
    box = pygame.Rect(0, 0, 36, 22)
    box.center = (SIZE // 2, SIZE // 2 + 4)
    pygame.draw.rect(surf, paper, box)
    for stroke, v, widen in _symbols(folder, folder / "symbols.yaml")["mechanised"]:
        x0, y0 = box.x + v[0] * box.w, box.y + v[1] * box.h
        x1, y1 = box.x + v[2] * box.w, box.y + v[3] * box.h
        if stroke == "line":
            pygame.draw.line(surf, ink, (x0, y0), (x1, y1), 2 + widen)
        elif stroke == "ellipse":
            pygame.draw.ellipse(surf, ink, pygame.Rect(round(x0), round(y0), round(x1 - x0), round(y1 - y0)), 2)
    pygame.draw.rect(surf, ink, box, 2)
    for x in (SIZE // 2 - 9, SIZE // 2 + 2):  # the division's XX above the frame
        pygame.draw.line(surf, paper, (x, 12), (x + 7, 19), 2)
        pygame.draw.line(surf, paper, (x, 19), (x + 7, 12), 2)
    return surf


def main() -> None:
    out = ROOT / "assets" / "icon.png"
    pygame.image.save(draw(ROOT / "assets"), str(out))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
