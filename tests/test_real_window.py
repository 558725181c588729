"""The game in a real X window: under Xvfb the first Soviet day is played through the window's
input handling and the map it shows is checked. Skipped, with the reason, where Xvfb is missing
(`.ci/run` installs it from Debian's packages when it can)."""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_display() -> int:
    n = 90
    while Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
        n += 1
    return n


@pytest.fixture
def xvfb():
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian: apt-get install xvfb); the real-window test needs it")
    n = free_display()
    proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{n}").exists():
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.skip("Xvfb did not start")
    yield f":{n}"
    proc.terminate()
    proc.wait(timeout=10)


def test_a_soviet_day_played_in_a_real_window_shows_the_map_of_the_next_day(xvfb, tmp_path):
    shot = tmp_path / "window.png"
    env = dict(os.environ, DISPLAY=xvfb, SDL_VIDEODRIVER="x11", SDL_VIDEO_DRIVER="x11")
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "scripts" / "window_day.py"), str(shot)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "driver x11" in out.stdout  # a real window, not the dummy driver
    assert "date 1945-08-10 side soviet" in out.stdout  # the day was played and the next one began
    img = pygame.image.load(str(shot))
    assert img.get_size() == (1280, 800)
    # the map: many colours (terrain, rivers, counters), and the side panel's dark ground
    colours = {tuple(img.get_at((x, y)))[:3] for x in range(0, 1000, 7) for y in range(0, 780, 7)}
    assert len(colours) > 40
    assert tuple(img.get_at((1270, 400)))[:3] != tuple(img.get_at((500, 400)))[:3]
