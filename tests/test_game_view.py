"""The map screen on the full 1945 scenario, headless: the whole map on Home, the opening view,
place names that never overlap."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.scenario import load_scenario, new_game  # noqa: E402
from game.app import GameUI  # noqa: E402
from game.theme import theme  # noqa: E402

VIEW = (1280, 800)


@pytest.fixture(scope="module")
def big():
    pygame.display.init()
    pygame.font.init()
    return load_scenario("august_storm_1945")


@pytest.fixture
def ui(big):
    return GameUI(big, new_game(big, 0), "soviet", VIEW)


def key(ui, k, mod=0):
    return ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""))


def test_home_shows_the_whole_map_even_when_it_is_bigger_than_the_smallest_zoom(ui):
    key(ui, pygame.K_PLUS)
    key(ui, pygame.K_PLUS)
    ui.camera.pan(400, -300)
    assert not ui.camera.whole_map_shown()
    key(ui, pygame.K_HOME)
    assert ui.camera.whole_map_shown()
    # and zooming in from there goes back to the ordinary zoom levels
    key(ui, pygame.K_PLUS)
    assert ui.camera.zooms[ui.camera.zoom_i] == 8


def test_home_fits_the_window_it_is_in_after_a_resize(ui):
    surf = pygame.Surface((900, 640))
    ui.draw(surf)
    key(ui, pygame.K_HOME)
    assert ui.camera.whole_map_shown()


def test_the_result_screen_scrolls_to_every_place_of_the_history(ui):
    surf = pygame.Surface(VIEW)
    ui.modal = "endgame"
    ui.draw(surf)
    from game.screens.endgame import draw_endgame, result_lines

    names = [ui.scn.map.places[r["place"]].name for r in result_lines(ui.state)["history"]]
    assert len(names) > 20
    _, _, first = draw_endgame(surf, ui.state, 0)
    assert first == names[:len(first)] and len(first) < len(names)
    seen = list(first)
    while seen[-1] != names[-1]:
        before = ui.result_scroll
        key(ui, pygame.K_DOWN)
        ui.draw(surf)
        _, used, shown = draw_endgame(surf, ui.state, ui.result_scroll)
        assert used > before, "the table stopped scrolling before its last place"
        seen += [n for n in shown if n not in seen]
    assert seen == names  # every place, in order, none cut off
    key(ui, pygame.K_PAGEDOWN)
    ui.draw(surf)
    assert draw_endgame(surf, ui.state, ui.result_scroll)[2][-1] == names[-1]  # no scrolling past the end


def test_place_names_keep_clear_of_each_other_and_lie_under_the_counters(ui, big):
    gap = 3  # pixels at least between two names, so they read as two
    for z in ui.camera.zooms:
        rects = [r for _, r in ui.map.name_layout(z)]
        assert len(rects) > 10
        for i, a in enumerate(rects):
            assert a.inflate(2 * gap, 2 * gap).collidelist(rects[i + 1:]) < 0, (z, i)
    # counters are drawn over the names: a counter on a named place reads whole
    ui.camera.zoom_i = ui.camera.zooms.index(26)
    vlad = next(p for p in big.map.places.values() if p.name == "Vladivostok")
    ui.camera.center_on(vlad.hex)
    surf = pygame.Surface(VIEW)
    ui.draw(surf)
    from game.render.scene import unit_sprites

    ox, oy = ui.camera.origin
    shown = [(s, r.move(ox, oy)) for s, r in unit_sprites(ui)]
    size = ui.camera.layout.size
    names = [r.move(ox + round(ui.map.bounds[0] * size), oy + round(ui.map.bounds[1] * size))
             for _, r in ui.map.name_layout(size)]
    checked = 0
    for k, (sprite, r) in enumerate(shown):
        if r.collidelist([q for _, q in shown[k + 1:]]) >= 0 or not ui.camera.map_rect().contains(r) \
                or (ui.minimap_shown() and r.colliderect(ui.minimap.rect(ui.camera.map_rect()))):
            continue  # partly under another counter, cut by the view's edge or under the minimap
        for n in names:
            over = r.clip(n)
            for x in range(over.x, over.right):
                for y in range(over.y, over.bottom):
                    mine = sprite.get_at((x - r.x, y - r.y))
                    if mine.a == 255:
                        assert surf.get_at((x, y))[:3] == mine[:3], (x, y)
                        checked += 1
    assert checked > 0


def _ink(sprite, rect, colour):
    """How many pixels of ``rect`` (in the sprite) have ``colour``."""
    return sum(1 for x in range(rect.x, rect.right) for y in range(rect.y, rect.bottom)
               if tuple(sprite.get_at((x, y)))[:3] == colour)


def _dark(sprite, rect):
    """Dark pixels (text and lines, anti-aliased included) in ``rect`` of the sprite."""
    return sum(1 for x in range(rect.x, rect.right) for y in range(rect.y, rect.bottom)
               if sprite.get_at((x, y)).a == 255 and sum(sprite.get_at((x, y))[:3]) < 200)


def test_the_game_opens_where_a_tank_corps_reads_apart_from_a_rifle_division(ui, big):
    from game.render.counters import COUNTER_ZOOM

    z = ui.camera.layout.size
    assert z >= COUNTER_ZOOM  # the opening zoom draws full counters...
    assert any(u.side == "soviet" and ui.camera.map_rect().collidepoint(ui.camera.layout.hex_to_pixel(u.hex))
               for u in ui.state.units.values())  # ...on the player's own troops
    surf = pygame.Surface(VIEW)
    ui.draw(surf)
    from game.render.scene import on_top, unit_sprites

    top = on_top(ui.selected)
    pairs = list(zip(sorted(ui.shown_units(), key=lambda u: (u.hex, top(u))), unit_sprites(ui)))
    types = big.rules.unit_types
    def kind(u):
        return theme().symbol_of(types[u.type]), types[u.type].size

    tank = next(s for u, (s, _) in pairs if kind(u) == ("armour", "corps"))
    rifle = next(s for u, (s, _) in pairs if kind(u) == ("infantry", "division"))
    assert tank.get_size() == rifle.get_size()
    w, h = tank.get_size()
    from game.render import INK, PAPER

    # the size mark (top, inside the counter's edge): XXX has more dark pixels than XX
    top = pygame.Rect(4, 4, w - 8, round(h * 0.3) - 4)
    assert _dark(tank, top) > _dark(rifle, top) * 1.2
    # the symbol (middle): an oval is not a cross; the two frames differ in most of their ink
    mid = pygame.Rect(round(w * 0.32), round(h * 0.36), round(w * 0.36), round(h * 0.16))  # inside the frame
    a = {(x, y) for x in range(mid.x, mid.right) for y in range(mid.y, mid.bottom) if tank.get_at((x, y))[:3] == INK}
    b = {(x, y) for x in range(mid.x, mid.right) for y in range(mid.y, mid.bottom) if rifle.get_at((x, y))[:3] == INK}
    assert len(a ^ b) > len(a & b)
    # the strength figures (bottom third) are drawn, in the counter's ink
    low = pygame.Rect(3, round(h * 0.6), w - 6, round(h * 0.32))
    assert _ink(rifle, low, INK) + _ink(rifle, low, PAPER) > 20


def test_a_counter_shows_its_figures_stack_entrenchment_and_works():
    from game.render import INK, PAPER
    from game.render.counters import COUNTER_ZOOM, counter_sprite

    base = dict(hex_size=COUNTER_ZOOM, colour=(213, 94, 0), symbol="infantry", size_name="division", strength=1.0,
                supplied=True)
    plain = counter_sprite(**base, figures="16-20-4", men_k="16")
    w, h = plain.get_size()
    low = pygame.Rect(2, round(h * 0.6), w - 4, round(h * 0.3))
    other = counter_sprite(**base, figures="61-71-4", men_k="50")
    assert pygame.image.tobytes(plain.subsurface(low), "RGBA") != pygame.image.tobytes(other.subsurface(low), "RGBA")
    men = counter_sprite(**base, figures="", men_k="16")  # figures too wide (or none): the men in thousands
    assert pygame.image.tobytes(plain.subsurface(low), "RGBA") != pygame.image.tobytes(men.subsurface(low), "RGBA")
    corner = pygame.Rect(w * 2 // 3, 0, w - w * 2 // 3, h // 3)
    stacked = counter_sprite(**base, figures="16-20-4", men_k="16", stack=3)
    assert _ink(stacked, corner, INK) > _ink(plain, corner, INK) + 10  # the dark stack badge
    left = pygame.Rect(0, h // 3, w // 4, h // 3)
    dug = counter_sprite(**base, figures="16-20-4", men_k="16", entrench=2)
    assert _ink(dug, left, INK) > _ink(plain, left, INK) + 4
    right = pygame.Rect(w * 3 // 4, h // 4, w // 4 - 2, h // 3)
    works = counter_sprite(**base, figures="16-20-4", men_k="16", fort=2)
    assert _ink(works, right, INK) > _ink(plain, right, INK) + 4
    dry = counter_sprite(**{**base, "supplied": False})
    assert _ink(dry, pygame.Rect(0, 0, 10, 10), (200, 0, 0)) > 5 and _ink(plain, pygame.Rect(0, 0, 10, 10), PAPER) < 5
    flag = pygame.Rect(2, 2, w // 4, h // 3)  # a unit that stood down flies a white flag, upper left
    down = counter_sprite(**base, figures="16-20-4", men_k="16", stood_down=True)
    assert _ink(down, flag, PAPER) > _ink(plain, flag, PAPER) + 5


def test_units_that_stood_down_fly_the_white_flag_on_the_map(ui, monkeypatch):
    import game.render.scene as scene

    st = ui.state
    shown = [u for u in ui.shown_units() if u.side == "japanese"] or [u for u in ui.shown_units()]
    target = shown[0]
    flags = []
    real = scene.counter_sprite
    monkeypatch.setattr(scene, "counter_sprite", lambda *a, **kw: flags.append(kw.get("stood_down")) or real(*a, **kw))
    st.capitulation[target.side] = {"orders": {}, "stood_down": {target.id: "1945-08-09"}, "signed": ""}
    ui.version += 1
    scene.unit_sprites(ui)
    assert flags.count(True) == 1 and len(flags) > 1


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_legend_names_every_terrain_line_and_mark_and_fits(ui, big, size):
    from game.screens.legend import legend_layout

    key(ui, pygame.K_6)
    assert ui.modal == "legend"
    ui.draw(pygame.Surface(size))
    box, items = legend_layout(size, big)
    words = [what for kind, _, what in items if kind == "text"]
    used = {d["terrain"] for _, d in big.graph.nodes(data=True)}
    assert used <= {w.replace(" ", "_") for w in words}
    for thing in ("major river", "railway", "road", "state border", "front", "attack-defence-movement",
                  "men in thousands", "units in the hex", "dug in", "works", "out of supply"):
        assert any(thing in w for w in words), thing
    rects = [r for _, r, _ in items]
    assert all(box.contains(r) for r in rects)
    for i, a in enumerate(rects):
        assert a.collidelist(rects[i + 1:]) < 0, items[i]
    key(ui, pygame.K_6)
    assert ui.modal is None


def test_hot_seat_opens_on_the_side_to_move_and_watching_on_the_whole_map(big):
    hot = GameUI(big, new_game(big, 0), "both", VIEW)
    assert hot.camera.zooms[hot.camera.zoom_i] == 26
    soviet = [u.hex for u in hot.state.units.values() if u.side == "soviet"]
    assert any(hot.camera.map_rect().collidepoint(hot.camera.layout.hex_to_pixel(h)) for h in soviet)
    watch = GameUI(big, new_game(big, 0), "watch", VIEW)
    assert watch.camera.whole_map_shown()


def test_the_strongest_unit_of_a_stack_is_on_top_unless_another_is_selected(ui):
    from game.render.scene import on_top

    stack = next(s for s in ui.state.units_by_hex().values() if len({u.men for u in s}) > 1)
    drawn = sorted(stack, key=on_top(None))
    assert drawn[-1].men == max(u.men for u in stack)  # a depot or detachment does not hide a corps
    weakest = min(stack, key=lambda u: u.men)
    assert sorted(stack, key=on_top(weakest.id))[-1] is weakest


def test_key_8_lists_the_works_the_log_cites_with_their_web_addresses(ui):
    from game.render import HIGHLIGHT
    from game.screens.sources import cited_works

    works = cited_works(ui.state)  # the first day's events and the timeline cite works
    assert works and all(w.title for w in works)
    assert any(w.key == "wiki_neutrality_pact" for w in works)  # a timeline entry's source
    assert any(u.startswith("https://") for w in works for u in w.urls())
    key(ui, pygame.K_8)
    assert ui.modal == "sources"
    surf = pygame.Surface(VIEW)
    ui.draw(surf)
    lit = sum(1 for x in range(140, 1140, 3) for y in range(100, 700, 3) if tuple(surf.get_at((x, y)))[:3] == HIGHLIGHT)
    assert lit > 20  # the addresses, in the highlight colour
    key(ui, pygame.K_DOWN)
    assert ui.sources_scroll == 1
    key(ui, pygame.K_ESCAPE)
    assert ui.modal is None
