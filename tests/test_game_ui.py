"""The map screen driven headless: selection, paths, moves, undo, attacks with two units, end of
turn, fog of war, hot-seat hand-over, overlays, help, the end-of-game screen and the keyboard."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.hexes import distance  # noqa: E402
from engine.scenario import new_game  # noqa: E402
from engine.visibility import sight_radius  # noqa: E402
from game.app import GameUI  # noqa: E402
from game.frame import hover_text  # noqa: E402
from game.render import side_colour  # noqa: E402
from game.render.counters import counter_sprite  # noqa: E402
from game.render.log import log_lines  # noqa: E402
from game.render.panel import formation_chain  # noqa: E402
from game.screens.endgame import difference, result_lines  # noqa: E402
from game.theme import theme  # noqa: E402

VIEW = (1280, 800)


@pytest.fixture(scope="module")
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode(VIEW)
    pygame.display.quit()


@pytest.fixture
def ui(border_scenario, screen):
    return GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW)


def key(ui, k, mod=0, unicode=""):
    return ui.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode))


def combats(state):
    return [e for e in state.log if e["kind"] == "combat"]


def test_selecting_shows_reachable_hexes_and_the_path_to_the_hovered_one(ui):
    u = ui.state.units["s_10mc"]
    ui.click_hex(u.hex)
    assert ui.selected == "s_10mc" and len(ui.reach) > 5
    far = max(ui.reach, key=lambda h: distance(h, u.hex))
    ui.hover_hex(far)
    path = ui.planned_path()
    assert path[0] == u.hex and path[-1] == far
    assert all(distance(a, b) == 1 for a, b in zip(path, path[1:]))
    assert "move cost" in hover_text(ui)
    ui.hover_hex(u.hex)
    assert ui.planned_path() == []


def test_a_move_can_be_undone_until_dice_are_rolled(ui):
    st = ui.state
    start, before = st.units["s_72rc"].hex, st.state_hash()
    ui.click_hex(start)
    dest = next(h for h in ui.reach if h not in ui.attack_targets())
    ui.click_hex(dest)
    assert ui.state.units["s_72rc"].hex == dest
    assert ui.undo().startswith("undone")
    assert ui.state.state_hash() == before and ui.state.units["s_72rc"].hex == start
    assert ui.selected == "s_72rc"
    # a move, then an attack: the dice end the undo chain, the move included
    ui.click_hex(ui.state.units["s_10mc"].hex)
    ui.click_hex(ui.reach[0])
    assert len(ui.undo_stack) == 1
    ui.click_hex(start)
    target = ui.attack_targets()[0]
    ui.hover_hex(target)
    assert ui.prediction is not None  # shown before committing
    ui.click_hex(target)
    assert combats(ui.state)
    after = ui.state.state_hash()
    assert ui.undo().startswith("cannot undo: dice were rolled")
    assert ui.state.state_hash() == after


def test_two_units_attack_together_with_the_combined_prediction(ui):
    st = ui.state
    target = st.units["j_fr_suifenhe"].hex
    ui.click_hex(st.units["s_257tb"].hex)
    dest = min((h for h in ui.reach if distance(h, target) == 1), key=lambda h: ui._reach.cost[h])
    ui.click_hex(dest, onto_own=True)  # the tank brigade moves next to Suifenhe (onto friends), MP left to attack
    assert st.units["s_257tb"].hex == dest
    ui.shift_click(target)  # pick the target...
    assert ui.target == target and ui.attackers() == ["s_257tb"]
    alone = ui.prediction.odds
    ui.shift_click(st.units["s_72rc"].hex)  # ...and add the rifle corps next to it
    assert ui.attackers() == ["s_257tb", "s_72rc"]
    assert ui.prediction is not None and ui.prediction.attackers == ["s_257tb", "s_72rc"]
    assert ui.prediction.odds > alone
    ui.draw(pygame.display.get_surface())  # the panel shows the combined prediction
    n = len(combats(st))
    key(ui, pygame.K_f)  # F fires
    log = combats(ui.state)
    assert len(log) == n + 1
    assert "Tank Brigade" in log[-1]["text"] and "72nd Rifle Corps" in log[-1]["text"]
    assert ui.state.units["s_72rc"].attacked
    assert ("s_257tb" not in ui.state.units) or ui.state.units["s_257tb"].attacked
    assert ui.target is None and ui.attackers() in ([], ["s_257tb"], ["s_72rc"])


def test_a_unit_that_cannot_join_is_refused_with_the_engines_reason(ui):
    st = ui.state
    ui.click_hex(st.units["s_72rc"].hex)
    ui.shift_click(st.units["j_fr_suifenhe"].hex)
    status = ui.shift_click(st.units["s_10mc"].hex)  # far away at Voroshilov
    assert "not next to the target" in status
    assert ui.attackers() == ["s_72rc"]
    key(ui, pygame.K_ESCAPE)
    assert ui.target is None and ui.selected == "s_72rc"


def test_end_turn_hands_over_to_the_computer_and_back(ui):
    key(ui, pygame.K_RETURN)
    assert (ui.state.turn, ui.state.side) == (2, "soviet")


def test_fog_hides_an_enemy_far_from_our_units(border_scenario, screen):
    fog = GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW, fog=True)
    clear = GameUI(border_scenario, new_game(border_scenario, 0), "soviet", VIEW, fog=False)
    far = fog.state.units["j_126id"]  # at Mudanjiang, far behind the front
    own = fog.state.units_of("soviet")
    assert min(distance(far.hex, u.hex) - sight_radius(fog.state, u) for u in own) > 0
    assert far.id not in {u.id for u in fog.shown_units()}
    assert far.id in {u.id for u in clear.shown_units()}
    assert "j_fr_suifenhe" in {u.id for u in fog.shown_units()}  # in contact: seen
    fog.click_hex(far.hex)
    assert fog.selected is None  # nothing to select there, as far as the Soviets know
    # and nothing of it is drawn: the counter's colour is missing at its hex
    jap = side_colour(border_scenario.side_order, "japanese")
    for g, expect in ((fog, False), (clear, True)):
        g.draw(screen)
        x, y = g.camera.layout.hex_to_pixel(far.hex)
        r = round(g.camera.layout.size * 0.5)
        px = {tuple(screen.get_at((round(x) + dx, round(y) + dy)))[:3] for dx in range(-r, r) for dy in (-2, 0, 2)}
        assert (jap in px) == expect


def test_a_move_that_reveals_an_enemy_cannot_be_undone(lab_scenario, screen):
    state = new_game(lab_scenario, 1)
    ui = GameUI(lab_scenario, state, "soviet", VIEW, fog=True)
    hidden = ui.state.units["jinf"]
    assert hidden.id not in {u.id for u in ui.shown_units()}
    ui.click_hex(ui.state.units["tank"].hex)
    r = sight_radius(ui.state, ui.state.units["tank"])
    start = ui.state.units["tank"].hex
    dest = next(h for h in ui.reach if distance(h, hidden.hex) <= r)
    ui.click_hex(dest)  # the march may stop short of dest, on meeting the division
    assert "Enemy sighted" in ui.status and "Japanese Division" in ui.status
    assert hidden.id in {u.id for u in ui.shown_units()}
    at = ui.state.units["tank"].hex
    assert at != start
    assert ui.undo().startswith("cannot undo")
    assert ui.state.units["tank"].hex == at


def test_hot_seat_hides_the_map_between_the_players(border_scenario, screen):
    ui = GameUI(border_scenario, new_game(border_scenario, 0), "both", VIEW, fog=True)
    assert ui.modal == "handover" and ui.viewer == "soviet"
    ui.draw(screen)
    terrain = {theme().terrain_colour(t) for t in border_scenario.rules.terrain}
    seen = {tuple(screen.get_at((x, y)))[:3] for x in range(0, VIEW[0], 11) for y in range(0, VIEW[1], 11)}
    assert not seen & terrain  # the hand-over screen shows no map
    key(ui, pygame.K_q)  # Q asks first, over the blank hand-over screen
    assert ui.modal == "quit"
    ui.draw(screen)
    seen = {tuple(screen.get_at((x, y)))[:3] for x in range(0, VIEW[0], 11) for y in range(0, VIEW[1], 11)}
    assert not seen & terrain
    key(ui, pygame.K_ESCAPE)
    assert ui.modal == "handover"
    key(ui, pygame.K_RETURN)  # Enter: the Soviet player is at the controls
    assert ui.modal is None
    ui.end_turn()
    assert ui.modal == "handover" and ui.state.side == "japanese" and ui.viewer == "japanese"
    key(ui, pygame.K_SPACE)
    assert ui.modal is None
    assert "s_10mc" not in {u.id for u in ui.shown_units()}  # the Japanese do not see Voroshilov


def test_overlays_toggle_with_keys_and_change_the_picture(ui, screen):
    ui.draw(screen)
    plain = pygame.image.tobytes(screen, "RGB")
    for k, name in ((pygame.K_1, "supply"), (pygame.K_2, "zoc"), (pygame.K_3, "objectives"), (pygame.K_4, "history")):
        key(ui, k)
        assert name in ui.overlays
        ui.draw(screen)
        assert pygame.image.tobytes(screen, "RGB") != plain
        key(ui, k)
        assert name not in ui.overlays
    assert "no documented history" in (key(ui, pygame.K_4) and ui.status)
    assert ui.supply_hexes() and ui.zoc_hexes()
    assert all(any(distance(h, e.hex) == 1 for e in ui.state.units_of("japanese")) for h in ui.zoc_hexes())
    key(ui, pygame.K_5)
    assert not ui.minimap_on


def test_the_history_overlay_marks_what_was_documented_by_today(lab_scenario, screen):
    from game.render.overlays import documented

    ui = GameUI(lab_scenario, new_game(lab_scenario, 1), "soviet", VIEW)
    marks = documented(ui.state)
    assert set(marks) == {"westtown"} and marks["westtown"].event == "reached"  # 9 Aug: reached, not yet taken
    key(ui, pygame.K_4)
    ui.draw(screen)
    ui.end_turn()
    assert documented(ui.state)["westtown"].event == "taken"  # 10 Aug


def test_help_overlay_opens_and_closes(ui, screen):
    key(ui, pygame.K_F1)
    assert ui.modal == "help"
    ui.draw(screen)
    z = ui.camera.zoom_i
    key(ui, pygame.K_MINUS)  # keys do not reach the map under the help
    assert ui.camera.zoom_i == z
    key(ui, pygame.K_ESCAPE)
    assert ui.modal is None
    key(ui, pygame.K_SLASH, pygame.KMOD_SHIFT, "?")
    assert ui.modal == "help"
    key(ui, pygame.K_F1)
    assert ui.modal is None


def test_the_end_of_game_screen_shows_the_result_and_the_history(lab_scenario, screen):
    ui = GameUI(lab_scenario, new_game(lab_scenario, 1), "watch", VIEW)
    while not ui.state.over:
        ui.end_turn()
    assert ui.modal == "endgame"
    res = result_lines(ui.state)
    assert res["winner"] in ("Soviet Union", "Japan") and res["reason"] == ui.state.end_reason
    assert set(res["points"]) == {"soviet", "japanese"}
    assert [r["place"] for r in res["history"]] == ["westtown"]
    ui.draw(screen)
    key(ui, pygame.K_ESCAPE)
    assert ui.modal is None
    key(ui, pygame.K_e)
    assert ui.modal == "endgame"


def test_every_order_by_keyboard(ui):
    st = ui.state
    key(ui, pygame.K_TAB)
    first = ui.selected
    assert first and st.units[first].side == "soviet" and ui.hover == st.units[first].hex
    key(ui, pygame.K_TAB)
    assert ui.selected != first
    key(ui, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert ui.selected == first
    # walk the cursor east with K, then back west with H, and move there with J
    while ui.selected != "s_72rc":
        key(ui, pygame.K_TAB)
    start = st.units["s_72rc"].hex
    key(ui, pygame.K_k)
    assert ui.hover == (start[0] + 1, start[1])
    key(ui, pygame.K_h)
    key(ui, pygame.K_m)  # south-east
    assert ui.hover == (start[0], start[1] + 1)
    assert ui.hover in ui.reach
    key(ui, pygame.K_j)
    assert st.units["s_72rc"].hex == (start[0], start[1] + 1)
    key(ui, pygame.K_z)  # undo
    assert ui.state.units["s_72rc"].hex == start
    # attack Suifenhe by keyboard: cursor onto it, G picks the target, F fires
    key(ui, pygame.K_u)  # back north-west onto Grodekovo, then west onto Suifenhe
    key(ui, pygame.K_h)
    assert ui.hover == ui.state.units["j_fr_suifenhe"].hex
    key(ui, pygame.K_g)
    assert ui.target == ui.state.units["j_fr_suifenhe"].hex
    n = len(combats(ui.state))
    key(ui, pygame.K_f)
    assert len(combats(ui.state)) == n + 1
    key(ui, pygame.K_HOME)
    key(ui, pygame.K_EQUALS)
    key(ui, pygame.K_c)


def test_mouse_click_selects_and_a_left_drag_pans_without_clicking(ui):
    h = ui.state.units["s_72rc"].hex
    pos = tuple(round(v) for v in ui.camera.layout.hex_to_pixel(h))
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    assert ui.selected == "s_72rc"
    ui.deselect()
    ox = ui.camera.origin[0]
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    ui.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=(pos[0] + 40, pos[1]), rel=(40, 0),
                                       buttons=(1, 0, 0)))
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(pos[0] + 40, pos[1]), button=1))
    assert ui.camera.origin[0] == ox + 40 and ui.selected is None


def test_the_minimap_click_centres_the_view(ui):
    ui.camera.zoom(10)
    r = ui.minimap.rect(ui.camera.map_rect())
    ui.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(r.x + 2, r.y + 2), button=1))
    centre = ui.camera.layout.pixel_to_frac(ui.camera.map_rect().center)
    x, y = ui.minimap.to_map((r.x + 2, r.y + 2), ui.camera.map_rect())
    assert ui.camera.layout.pixel_to_frac(ui.camera.map_rect().center) == centre
    assert ui.camera.origin[0] == pytest.approx(ui.camera.map_rect().centerx - x * ui.camera.layout.size, abs=0.5)
    assert ui.camera.origin[1] == pytest.approx(ui.camera.map_rect().centery - y * ui.camera.layout.size, abs=0.5)


def test_frames_without_changes_reuse_the_cached_map(ui, screen):
    ui.draw(screen)
    n, k, tiles = ui.scene.rebuilds, ui.scene.scrolls, ui.map.builds
    ui.hover_hex(ui.state.units["s_72rc"].hex)
    ui.draw(screen)
    ui.draw(screen)
    assert (ui.scene.rebuilds, ui.scene.scrolls) == (n, k)  # the hover is drawn over the cached picture
    ui.camera.pan(5, 0)
    ui.draw(screen)
    assert (ui.scene.rebuilds, ui.scene.scrolls) == (n, k + 1)  # a pan scrolls the picture
    ui.click_hex(ui.state.units["s_72rc"].hex)
    ui.draw(screen)
    assert ui.scene.rebuilds == n + 1  # a new selection redraws it
    assert ui.map.builds == tiles  # from the terrain tiles rendered once


@pytest.mark.parametrize("scenario", ["border_scenario", "lab_scenario"])
def test_a_scrolled_picture_is_the_same_as_a_full_redraw(scenario, request, screen):
    scn = request.getfixturevalue(scenario)
    ui = GameUI(scn, new_game(scn, 0), "soviet", VIEW)
    ui.camera.zoom(10)
    ui.cycle_unit(1)
    ui.overlays |= {"supply", "zoc", "objectives", "history"}
    ui.draw(screen)
    for dx, dy in ((7, 0), (0, -13), (-21, 5), (3, 17), (-40, -40)):
        ui.camera.pan(dx, dy)
        ui.draw(screen)
        scrolled = pygame.image.tobytes(ui.scene.frame, "RGB")
        ui.scene.invalidate()
        ui.draw(screen)
        assert pygame.image.tobytes(ui.scene.frame, "RGB") == scrolled, (dx, dy)


def test_panel_details_formation_chain_fuel_and_event_sources(ui, border_scenario):
    assert formation_chain(border_scenario, "5a") == "5th Army, 1st Far Eastern Front"
    assert formation_chain(border_scenario, "j5a") == "5th Army, First Area Army"
    pygame.font.init()
    from game.render import font

    lines = [t for t, _ in log_lines(ui.state.log, font(18), 270)]
    assert any("[source: test fixture" in t for t in lines)
    full = counter_sprite(26, (213, 94, 0), "armour", "corps", 1.0, True, fuel=1.0)
    dry = counter_sprite(26, (213, 94, 0), "armour", "corps", 1.0, True, fuel=0.1)
    none = counter_sprite(26, (213, 94, 0), "armour", "corps", 1.0, True, fuel=None)
    assert pygame.image.tobytes(full, "RGBA") != pygame.image.tobytes(dry, "RGBA")
    assert pygame.image.tobytes(full, "RGBA") != pygame.image.tobytes(none, "RGBA")


def test_a_reinforcement_gets_a_full_strength_bar(border_scenario):
    ui = GameUI(border_scenario, new_game(border_scenario, 0), "watch", VIEW)
    while ui.state.turn < 3:
        ui.end_turn()
    assert "j_imb" in ui.state.units  # the reserve brigade of turn 3
    assert ui.full["j_imb"] == ui.state.units["j_imb"].men


@pytest.mark.parametrize("size", [12, 36])
def test_map_tiles_meet_without_seams(border_scenario, screen, size):
    from game.render.mapview import MapView

    mv = MapView(border_scenario)
    control = dict(new_game(border_scenario, 0).control)
    w, h = mv.layer_size(size)
    whole = pygame.Rect(0, 0, w, h)
    one = mv.render_terrain(size, whole)
    mv._draw_control(one, size, whole, control)
    tiled = pygame.Surface((w, h)).convert()
    mv.draw(tiled, mv._local(size), control)
    assert mv.builds > 2  # several tiles
    assert pygame.image.tobytes(tiled, "RGB") == pygame.image.tobytes(one, "RGB")


def test_rail_moves_landings_and_air_supply_by_keyboard(ui):
    st = ui.state
    ui.click_hex(st.units["s_10mc"].hex)
    ui.hover_hex((3, 2))  # up the railway from Voroshilov
    key(ui, pygame.K_r)
    assert ui.state.units["s_10mc"].hex == (3, 2) and ui.state.units["s_10mc"].rail_moved
    key(ui, pygame.K_y)
    assert "full tanks" in ui.status  # the engine's reason, word for word
    key(ui, pygame.K_z)  # a rail move is undone like any move
    assert ui.state.units["s_10mc"].hex == (3, 4)
    abn = ui.state.units["s_abn"].hex
    while ui.selected != "s_abn":  # clicking a stack again cycles through it
        ui.click_hex(abn)
    ui.hover_hex((2, 3))
    key(ui, pygame.K_x)
    assert ui.status.startswith("Airborne Detachment lands") and ui.state.units["s_abn"].hex == (2, 3)


def test_a_forward_detachment_is_sent_by_keyboard_and_can_be_taken_back(ui):
    st = ui.state
    corps = st.units["s_10mc"]
    ui.click_hex(corps.hex)
    men = corps.men
    key(ui, pygame.K_v)
    assert ui.status == "forward detachment sent ahead"
    det = [u for u in ui.state.units.values() if u.id.startswith("s_10mc-fd")]
    assert len(det) == 1 and det[0].hex == ui.state.units["s_10mc"].hex
    assert ui.state.units["s_10mc"].men + det[0].men == men
    key(ui, pygame.K_v)
    assert "already has a forward detachment" in ui.status  # the engine's reason
    key(ui, pygame.K_z)
    assert not any(u.id.startswith("s_10mc-fd") for u in ui.state.units.values())


def test_shift_v_folds_the_selected_detachment_back_into_its_corps(ui):
    corps = ui.state.units["s_10mc"]
    ui.click_hex(corps.hex)
    men = corps.men
    key(ui, pygame.K_v)
    det = next(u for u in ui.state.units.values() if u.id.startswith("s_10mc-fd"))
    while ui.selected != det.id:  # clicking a stack again cycles through it
        ui.click_hex(det.hex)
    key(ui, pygame.K_v, mod=pygame.KMOD_SHIFT)
    assert ui.status == "detachment rejoined its unit"
    assert det.id not in ui.state.units and ui.state.units["s_10mc"].men == men


def test_the_panel_says_when_a_unit_has_been_ordered_to_cease_fire(ui):
    from game.render.panel import ceasefire_text

    st = ui.state
    jap = next(u for u in st.units.values() if u.side == "japanese")
    assert ceasefire_text(st, jap) == ""
    st.ceasefire["japanese"] = []
    assert ceasefire_text(st, jap).startswith("STOOD DOWN")
    lat, lon = st.scenario.latlon(jap.hex)
    st.ceasefire["japanese"] = [{"north": lat + 0.05, "south": lat - 0.05, "west": lon - 0.05, "east": lon + 0.05}]
    assert ceasefire_text(st, jap).startswith("Holdout")
    st.ceasefire.clear()
    st.capitulation["japanese"] = {"orders": {jap.formation: "1945-08-08"}, "stood_down": {}, "signed": ""}
    assert ceasefire_text(st, jap).startswith("Its headquarters has the order")
    st.capitulation["japanese"]["stood_down"][jap.id] = "1945-08-09"
    assert ceasefire_text(st, jap).startswith("STOOD DOWN")
    ui.selected = jap.id
    ui.draw(pygame.display.get_surface())  # the panel draws the line without error


def test_a_field_depot_shows_whether_it_works_and_refuses_a_move_into_enemy_held_ground(ui):
    st = ui.state
    g = st.scenario.graph
    # a hex of ours by the border, with an empty enemy-held hex next to it
    home, enemy_ground = next((h, n) for h in sorted(g) for n in sorted(g[h])
                              if st.control.get(h) == "soviet" and not st.units_at(h)
                              and st.control.get(n) == "japanese" and not st.units_at(n)
                              and g.nodes[n]["terrain"] != "water")
    dep = st.units["s_abn"]
    dep.type, dep.mp_left, dep.hex = "field_depot", 8.0, home
    ui.refresh()
    ui.select(dep.id)
    ui.draw(pygame.display.get_surface())  # the panel draws the depot's status line
    before = dep.hex
    status = ui.click_hex(enemy_ground)
    assert dep.hex == before
    assert "field depot" in status and "hexes its side holds" in status


def test_the_end_screen_says_one_day_and_several_days():
    assert difference(1) == "1 day later"
    assert difference(-2) == "2 days earlier"
    assert difference(0) == "same day"
    assert difference(None) == "not taken"


def test_q_asks_before_quitting_and_saves_the_game_it_leaves(ui, screen):
    from game import saves_folder

    auto = saves_folder.saves_dir() / saves_folder.AUTO
    auto.unlink(missing_ok=True)
    ui.click_hex(ui.state.units["s_72rc"].hex)
    ui.click_hex(next(h for h in ui.reach if h not in ui.attack_targets()))
    assert key(ui, pygame.K_q) is True and ui.modal == "quit"
    ui.draw(screen)
    assert key(ui, pygame.K_ESCAPE) is True and ui.modal is None  # changed my mind
    key(ui, pygame.K_q)
    assert key(ui, pygame.K_RETURN) is False
    assert saves_folder.read(auto).state_hash() == ui.state.state_hash()


def test_wasd_pans_the_map_and_never_gives_an_order(ui):
    u = ui.state.units["s_72rc"]
    ui.click_hex(u.hex)
    assert key(ui, pygame.K_d) and not u.attacked and u.entrenchment == 0

    class Keys:
        def __getitem__(self, k):
            return k == pygame.K_d

    ox = ui.camera.origin[0]
    ui.pan_held_keys(Keys(), 0.1)
    assert ui.camera.origin[0] < ox and not u.attacked and ui.selected == "s_72rc"
    key(ui, pygame.K_e)  # entrench
    assert u.attacked and u.entrenchment > 0


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800), (1920, 1080)])
def test_the_help_fits_its_box_without_overlapping_itself(size):
    from game.screens.help import help_layout
    from game.window import MIN_WINDOW

    assert size[0] >= MIN_WINDOW[0] and size[1] >= MIN_WINDOW[1]
    box, items = help_layout(size)
    rects = [r for _, r, _, _ in items]
    assert len(items) > 40
    assert all(box.contains(r) for r in rects)
    for i, a in enumerate(rects):
        assert a.collidelist(rects[i + 1:]) < 0, items[i][0]


def test_clicking_a_friendly_unit_selects_it_and_ctrl_click_stacks_onto_it(ui):
    st = ui.state
    tank, rifle = st.units["s_257tb"], st.units["s_72rc"]
    start = tank.hex
    ui.click_hex(start)
    assert rifle.hex in ui.reach  # the tanks could move there...
    ui.click_hex(rifle.hex)
    assert tank.hex == start and ui.selected == "s_72rc"  # ...but a click picks the rifle corps
    ui.click_hex(start)
    ui.click_hex(rifle.hex, onto_own=True)  # Ctrl+click joins the stack
    assert tank.hex == rifle.hex and ui.selected == "s_257tb"
    ui.undo()
    assert ui.state.units["s_257tb"].hex == start
    ui.hover_hex(rifle.hex)
    key(ui, pygame.K_j, pygame.KMOD_CTRL)  # and Ctrl+J from the keyboard
    assert ui.state.units["s_257tb"].hex == rifle.hex


def test_tab_goes_on_from_a_unit_that_has_just_spent_its_points(ui):
    key(ui, pygame.K_TAB)
    key(ui, pygame.K_TAB)
    second = ui.selected
    key(ui, pygame.K_TAB)
    third = ui.selected
    key(ui, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert ui.selected == second
    key(ui, pygame.K_e)  # it digs in: done for the day, out of the Tab cycle
    assert ui.state.units[second].attacked
    key(ui, pygame.K_TAB)
    assert ui.selected == third  # not back to the first unit


def test_shift_click_on_a_stack_adds_and_takes_out_one_unit_at_a_time_and_keeps_one(ui):
    from conftest import put

    from engine.hexes import neighbours

    st = ui.state
    target = st.units["j_fr_suifenhe"].hex
    stack = st.units["s_72rc"].hex
    assert distance(stack, target) == 1
    put(st, "s_257tb", stack)
    free = next(h for h in neighbours(target) if h in st.scenario.graph and not st.units_at(h))
    put(st, "s_65rc", free)
    ui.refresh()
    ui.click_hex(free)
    ui.shift_click(target)
    assert ui.attackers() == ["s_65rc"]
    assert "needs at least one unit" in ui.shift_click(free)  # the target keeps its attacker
    assert ui.attackers() == ["s_65rc"] and ui.target == target and ui.prediction is not None
    ui.shift_click(stack)  # the stack's units join one by one...
    assert len(ui.attackers()) == 2
    first = ui.attackers()[1]
    ui.shift_click(stack)
    assert sorted(ui.attackers()) == ["s_257tb", "s_65rc", "s_72rc"]
    ui.shift_click(stack)  # ...and leave one by one, the last to join first
    assert ui.attackers() == ["s_65rc", first]
    ui.shift_click(free)
    assert ui.attackers() == [first] and ui.selected == first


def test_the_status_line_answers_the_last_input_only(ui):
    now = [1000.0]
    ui.clock = lambda: now[0]
    ui.click_hex(ui.state.units["s_72rc"].hex)
    ui.shift_click(ui.state.units["j_fr_suifenhe"].hex)
    assert ui.status.startswith("Target")
    key(ui, pygame.K_MINUS)  # the next input clears it...
    assert ui.status == ""
    ui.toggle_overlay("supply")
    assert ui.status == "supply overlay on"
    now[0] += 5
    assert ui.status == "supply overlay on"
    now[0] += 5  # ...and so does time: the line goes back to what is under the mouse
    assert ui.status == ""
    ui.hover_hex(ui.state.units["s_72rc"].hex)
    assert "72nd Rifle Corps" in hover_text(ui)


def test_an_airlanding_that_takes_a_surrender_says_so_by_the_places_name(lab_scenario, screen):
    from conftest import put

    st = new_game(lab_scenario, 1)
    put(st, "jinf", (-1, 1))
    st.ceasefire["japanese"] = []
    ui = GameUI(lab_scenario, st, "soviet", VIEW, fog=True)
    ui.click_hex(st.units["para"].hex)
    while ui.selected != "para":
        ui.click_hex(st.units["para"].hex)
    ui.hover_hex((-1, 1))
    status = ui.special_order("land")
    where = lab_scenario.map.at((-1, 1))
    assert where == "40 km SE of Westtown"
    assert "jinf" not in ui.state.units  # the garrison laid down its arms...
    assert status.startswith(f"The garrison {where} lays down its arms")  # ...and the line says so first
    assert f"{st.units['para'].name} lands {where}" in status
    assert not status.startswith("Enemy sighted")
    assert "[" not in " ".join(e["text"] for e in ui.state.log[-2:])  # no "[-1, 1]" in the log
    assert ui.undo().startswith("cannot undo")


def test_under_fog_the_map_screen_gives_nothing_away_about_hidden_enemies(lab_scenario, screen):
    from conftest import put

    from engine.supply import in_supply
    from engine.visibility import hidden_units

    st = new_game(lab_scenario, 1)
    ui = GameUI(lab_scenario, st, "soviet", VIEW, fog=True)
    assert hidden_units(st, "soviet") == {"jinf", "jinf2"}
    ui.click_hex(st.units["tank"].hex)
    hidden_at = st.units["jinf"].hex
    assert hidden_at in ui.reach  # the reach is drawn as if the hex were empty...
    ui.toggle_overlay("supply")
    known = st.copy()
    for uid in hidden_units(st, "soviet"):
        del known.units[uid]
    assert ui.supply_hexes() == in_supply(known, "soviet")  # ...and so is the supply picture
    # a drop onto a garrison out of sight: turned back over the landing zone, not refused
    put(st, "jinf2", (-1, 1))
    ui.refresh()
    ui.click_hex(st.units["para"].hex)
    while ui.selected != "para":
        ui.click_hex(st.units["para"].hex)
    ui.hover_hex((-1, 1))
    assert "called off" in ui.special_order("land")
    assert ui.undo().startswith("cannot undo")


def test_the_panel_explains_the_odds_of_the_planned_attack(ui, screen):
    st = ui.state
    ui.click_hex(st.units["s_72rc"].hex)
    ui.shift_click(st.units["j_fr_suifenhe"].hex)
    bd = ui.odds_factors
    assert bd is not None and bd.prediction is ui.prediction
    names = [n for n, _ in bd.defence]
    assert any(n.startswith("works") for n in names) and any(n.startswith("terrain") for n in names)
    panel = pygame.Surface(VIEW)
    ui.draw(panel)  # the breakdown is drawn under the outcome bars (no error, and the panel changes)
    ui.cancel()
    assert ui.odds_factors is None


def test_the_war_report_shows_points_objectives_and_each_sides_losses_in_every_battle(border_scenario, screen):
    from engine.victory import scores
    from game.screens.report import report_data

    ui = GameUI(border_scenario, new_game(border_scenario, 0), "watch", VIEW)
    while ui.state.turn < 3:
        ui.end_turn()
    data = report_data(ui.state)
    pts = scores(ui.state)
    assert {s["side"]: s["points"] for s in data["sides"]} == pts
    assert all(s["places"] + s["objectives"] + s["bonus"] == s["points"] for s in data["sides"])
    assert [o["place"] for o in data["objectives"]] == ["Suifenhe", "Mudanjiang"]
    assert data["objectives"][0]["by"] == "1945-08-10" and data["objectives"][0]["status"] in ("met", "missed")
    fights = [e for e in ui.state.log if e["kind"] == "combat"]
    assert len(data["battles"]) == len(fights) > 0
    newest = fights[-1]
    assert data["battles"][0]["text"] == newest["text"]
    assert f"{newest['attacker_losses']['men']:,} men" in data["battles"][0]["attacker"]
    key(ui, pygame.K_p)
    assert ui.modal == "report"
    ui.draw(screen)
    key(ui, pygame.K_DOWN)
    ui.draw(screen)
    key(ui, pygame.K_p)
    assert ui.modal is None


def test_after_the_enemys_turn_the_player_sees_what_it_did_as_far_as_the_fog_allows(border_scenario, screen):
    from engine.visibility import seen_hexes

    ui = GameUI(border_scenario, new_game(border_scenario, 0), "japanese", VIEW, fog=True)
    clear = GameUI(border_scenario, new_game(border_scenario, 0), "japanese", VIEW, fog=False)
    assert ui.status.startswith("The enemy's turn")  # the Soviet part of the first day, summed up
    for g in (ui, clear):
        g.end_turn()
    summary = ui.enemy_turn
    assert summary.moves and summary.attacks and ui.status.startswith("The enemy's turn")
    seen = seen_hexes(ui.state, "japanese")
    assert all(to in seen for _, _, to in summary.moves)  # nothing the fog hides...
    assert len(clear.enemy_turn.moves) >= len(summary.moves)  # ...which shows more without fog
    st = ui.state
    theirs = [e for e in st.log if e["kind"] == "combat" and e["side"] == "soviet" and e["turn"] == st.turn]
    assert len(summary.attacks) == len(theirs) > 0
    assert summary.lost["men"] + summary.lost["captured"] == sum(
        e["defender_losses"]["men"] + e["defender_losses"]["captured"] for e in theirs)
    before = pygame.Surface(VIEW)
    ui.draw(before)
    key(ui, pygame.K_7)
    assert "enemy" in ui.overlays and ui.status.startswith("The enemy's turn")
    after = pygame.Surface(VIEW)
    ui.draw(after)
    area = ui.camera.map_rect()
    assert pygame.image.tobytes(before.subsurface(area), "RGB") != pygame.image.tobytes(after.subsurface(area), "RGB")


def test_with_a_unit_selected_the_supply_overlay_shows_where_that_unit_is_in_supply():
    """A field depot feeds only its own army: the overlay for a unit of another formation leaves
    out the hexes only that depot reaches."""
    from conftest import LAB, change_rules, put

    from engine.scenario import load_scenario

    lab_scenario = load_scenario(LAB)  # its own copy: the supply reach is changed below
    change_rules(lab_scenario, "supply", max_cost=1.0)
    st = new_game(lab_scenario, 1)
    put(st, "para", (-1, 0), type="field_depot", formation="army")
    put(st, "rifle", (3, 1), formation="front")  # the front's own division, not the army's
    ui = GameUI(lab_scenario, st, "soviet", VIEW)
    ui.toggle_overlay("supply")
    near_depot = (-2, 0)
    assert near_depot in ui.supply_hexes()  # nothing selected: where any of the side's lines reach
    ui.select("tank")
    assert near_depot in ui.supply_hexes()  # the army's tank corps: its depot feeds it there
    ui.select("rifle")
    assert near_depot not in ui.supply_hexes()  # the front's division: that depot is not its own
