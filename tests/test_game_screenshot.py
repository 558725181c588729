"""The screenshot is the map: terrain colours at plain hex centres, side colours on the counters,
the side panel and the status line where they belong."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402

from engine.scenario import new_game  # noqa: E402
from game.app import GameUI, render_screenshot  # noqa: E402
from game.render import side_colour  # noqa: E402
from game.render.panel import PANEL_BG  # noqa: E402
from game.theme import theme  # noqa: E402

SIZE = (1000, 640)


def test_the_screenshot_shows_terrain_counters_and_panel_in_their_places(border_scenario, tmp_path):
    out = tmp_path / "shot.png"
    render_screenshot(border_scenario, str(out), SIZE, seed=0, turn=1)
    img = pygame.image.load(str(out))
    assert img.get_size() == SIZE
    colours = {tuple(img.get_at((x, y)))[:3] for x in range(0, SIZE[0], 5) for y in range(0, SIZE[1], 5)}
    assert len(colours) > 20  # not blank

    # the same view, laid out the same way, says where everything should be
    ui = GameUI(border_scenario, new_game(border_scenario, 0), "watch", SIZE)
    lay, g, scn = ui.camera.layout, border_scenario.graph, border_scenario
    occupied = {u.hex for u in ui.state.units.values()}
    minimap = ui.minimap.rect(ui.camera.map_rect()).inflate(lay.size * 2, lay.size * 2)
    plain = [h for h in g.nodes if h not in occupied and h not in scn.map.place_at
             and not any(e["road"] or e["rail"] for e in g[h].values())]
    checked = 0
    for h in plain:
        x, y = (round(v) for v in lay.hex_to_pixel(h))
        if minimap.collidepoint(x, y):
            continue
        assert tuple(img.get_at((x, y)))[:3] == theme().terrain_colour(g.nodes[h]["terrain"]), h
        checked += 1
    assert checked > 30

    for h, stack in ui.state.units_by_hex().items():
        x, y = lay.hex_to_pixel(h)
        px = tuple(img.get_at((round(x - lay.size * 0.45), round(y))))[:3]
        assert px == side_colour(scn.side_order, stack[0].side), (h, px)

    panel = ui.panel_rect()
    assert tuple(img.get_at((panel.right - 3, panel.centery)))[:3] == PANEL_BG
    area = ui.camera.map_rect()
    assert tuple(img.get_at((area.right - 3, area.bottom + 3)))[:3] == (22, 24, 30)  # the status line
