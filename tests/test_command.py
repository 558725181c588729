"""Standing orders: formations handed to the AI as subordinate commanders, and go-to orders."""
import pytest
from conftest import put

from engine.command import commander_of, describe, under_order
from engine.hexes import distance, neighbours
from engine.orders import CarryOut, Command, EndTurn, GoTo, Move, Release, execute, order_from_dict, to_dict
from engine.scenario import new_game
from engine.state import GameState
from engine.supply import supply_costs


@pytest.fixture
def game(border_scenario):
    return new_game(border_scenario, seed=2)


def _order(state, order):
    res = execute(state, order)
    assert res.ok, res.reason
    return res


def _hexes(state, side="soviet"):
    return {u.id: u.hex for u in state.units_of(side)}


def test_a_formation_on_hold_does_not_leave_its_hexes(game):
    before = _hexes(game)
    _order(game, Command("5a", "hold"))
    _order(game, CarryOut("5a"))
    assert _hexes(game) == before
    assert all(u.attacked for u in game.units_of("soviet"))  # each dug in: its action for the day
    assert not any(e["kind"] == "combat" for e in game.log)


def test_a_formation_sent_to_attack_moves_on_its_place_and_fights(game):
    target = game.scenario.map.places["dongning"].hex
    start = sum(distance(h, target) for h in _hexes(game).values())
    _order(game, Command("5a", "attack", ("dongning",)))
    res = _order(game, CarryOut("5a"))
    assert res.data["moved"] or res.data["attacks"]
    assert sum(distance(u.hex, target) for u in game.units_of("soviet")) < start or res.data["attacks"]


def test_an_attacking_formation_gives_no_orders_to_units_outside_it(game):
    _order(game, Command("1fef", "attack"))
    japanese = _hexes(game, "japanese")
    _order(game, CarryOut("1fef"))
    assert _hexes(game, "japanese").keys() <= japanese.keys()
    assert not any(e["kind"] == "delegated" and e.get("formation") != "1fef" for e in game.log)


def test_an_advancing_formation_fights_only_at_three_to_one_or_better(game):
    """Next to Mudanjiang, the 72nd Rifle Corps attacks it at 2.3:1 under an attack order; under
    an advance order it goes for better odds or none."""
    odds = {}
    for posture in ("attack", "advance"):
        state = game.copy()
        put(state, "s_72rc", (-3, -1))
        _order(state, Command("5a", posture, ("mudanjiang",)))
        _order(state, CarryOut("5a"))
        odds[posture] = [e["odds"] for e in state.log if e["kind"] == "combat"]
    assert any(o < 3.0 for o in odds["attack"]), "the test needs a poor-odds attack"
    assert all(o >= 3.0 for o in odds["advance"])


def test_a_formation_kept_in_supply_ends_every_move_where_supply_reaches(game):
    """Free to go beyond supply, the tank brigade takes Mudanjiang, left empty; kept in supply,
    it stops where supply ends."""
    put(game, "j_126id", (-8, 4))
    put(game, "s_257tb", (-1, 1))
    supplied = set(supply_costs(game, "soviet"))
    ends = {}
    for leash in (None, 0):
        state = game.copy()
        _order(state, Command("5a", "attack", ("mudanjiang",), beyond_supply=leash))
        _order(state, CarryOut("5a"))
        ends[leash] = [u.hex for u in state.units_of("soviet") if u.moved]
    assert any(h not in supplied for h in ends[None]), "the test needs a move beyond supply"
    assert ends[0] and all(h in supplied for h in ends[0])


def test_a_screening_formation_stops_short_of_the_enemy_and_does_not_attack(game):
    _order(game, Command("5a", "screen", ("mudanjiang",)))
    before = _hexes(game)
    _order(game, CarryOut("5a"))
    enemy_next = {n for u in game.units_of("japanese") for n in neighbours(u.hex)}
    moved = [h for uid, h in _hexes(game).items() if before.get(uid) != h]
    assert moved and not any(h in enemy_next for h in moved)
    assert not any(e["kind"] == "combat" for e in game.log)


def test_a_formation_falling_back_marches_on_its_place_without_attacking(game):
    home = game.scenario.map.places["voroshilov"].hex
    put(game, "s_10mc", (0, 1))
    put(game, "s_abn", (1, 2))
    before = {uid: distance(h, home) for uid, h in _hexes(game).items()}
    _order(game, Command("5a", "fall_back", ("voroshilov",)))
    _order(game, CarryOut("5a"))
    assert distance(game.units["s_10mc"].hex, home) < before["s_10mc"]
    assert not any(e["kind"] == "combat" for e in game.log)


def test_a_go_to_order_marches_a_unit_over_several_days_and_ends_where_it_arrives(game):
    to = game.scenario.map.places["mudanjiang"].hex
    put(game, "s_257tb", (3, -2))
    _order(game, GoTo("s_257tb", to))
    days = 0
    while "s_257tb" in game.standing and days < 8 and not game.over:
        before = distance(game.units["s_257tb"].hex, to)
        _order(game, CarryOut("s_257tb"))
        if "s_257tb" in game.standing:
            assert distance(game.units["s_257tb"].hex, to) <= before
        _order(game, EndTurn())
        _order(game, EndTurn())  # the Japanese side passes
        days += 1
    assert days > 1, "a march of one day does not test a standing order"


def test_a_units_own_go_to_order_comes_before_its_armys(game):
    _order(game, Command("1fef", "hold"))
    _order(game, Command("5a", "attack"))
    _order(game, GoTo("s_72rc", (0, 4)))
    assert commander_of(game, game.units["s_72rc"]) == "s_72rc"
    assert commander_of(game, game.units["s_65rc"]) == "5a"
    assert "s_72rc" not in {u.id for u in under_order(game, "5a")}


def test_units_the_player_moved_by_hand_are_left_alone(game):
    _order(game, Move("s_72rc", (2, 1)))
    _order(game, Command("5a", "attack"))
    res = _order(game, CarryOut("5a"))
    assert "s_72rc" not in res.data["units"] and game.units["s_72rc"].hex == (2, 1)


def test_the_log_says_the_ai_chose_the_formations_moves(game):
    _order(game, Command("5a", "attack", ("dongning",)))
    _order(game, CarryOut("5a"))
    entry = [e for e in game.log if e["kind"] == "delegated"][-1]
    assert entry["text"].startswith("AI commander of the 5th Army (attack: Dongning)")
    assert describe(game, "5a") == "attack: Dongning"


def test_an_order_says_how_far_beyond_supply_in_words(game):
    _order(game, Command("5a", "attack", ("dongning",), beyond_supply=1))
    assert describe(game, "5a") == "attack: Dongning (up to 1 hex beyond supply)"
    _order(game, Command("5a", "attack", ("dongning",), beyond_supply=2))
    assert describe(game, "5a") == "attack: Dongning (up to 2 hexes beyond supply)"


def test_a_formation_taken_back_has_no_orders_to_carry_out(game):
    _order(game, Command("5a", "hold"))
    _order(game, Release("5a"))
    assert "5a" not in game.standing
    assert "no standing order" in execute(game, CarryOut("5a")).reason


@pytest.mark.parametrize("order, why", [
    (Command("j5a", "attack"), "no formation 'j5a' of the Soviet"),
    (Command("5a", "charge"), "posture 'charge'"),
    (Command("5a", "attack", ("atlantis",)), "unknown place(s) atlantis"),
    (Command("5a", "attack", (), 99), "beyond_supply"),
    (GoTo("s_72rc", (99, 99)), "not a hex on the map"),
    (GoTo("j_124id", (0, 1)), "no unit 'j_124id' of the Soviet"),
])
def test_a_bad_standing_order_is_refused_with_a_reason(game, order, why):
    res = execute(game, order)
    assert not res.ok and why in res.reason


def test_standing_orders_are_saved_and_loaded(game):
    _order(game, Command("5a", "advance", ("muling", "mudanjiang"), beyond_supply=2))
    _order(game, GoTo("s_abn", (1, 3)))
    back = GameState.from_dict(game.scenario, game.to_dict())
    assert back.standing == game.standing and back.state_hash() == game.state_hash()


def test_a_game_without_standing_orders_saves_as_before(game):
    assert "standing" not in game.to_dict()


def test_a_save_with_a_bad_standing_order_is_refused_with_a_reason(game):
    _order(game, Command("5a", "hold"))
    d = game.to_dict()
    d["standing"]["5a"]["posture"] = "charge"
    with pytest.raises(ValueError, match="standing order for '5a': posture 'charge'"):
        GameState.from_dict(game.scenario, d)


def test_replaying_the_players_orders_gives_the_same_game(game, border_scenario):
    """Standing orders are orders: the same seed and orders give the same game, hash for hash."""
    given = [Command("5a", "attack", ("dongning", "muling")), CarryOut("5a"), EndTurn(), EndTurn(), CarryOut("5a")]
    for o in given:
        _order(game, order_from_dict(to_dict(o)))
    replay = new_game(border_scenario, seed=2)
    for o in given:
        execute(replay, o)
    assert replay.state_hash() == game.state_hash()


def test_an_order_for_a_formation_with_no_units_left_lapses(game):
    _order(game, Command("5a", "hold"))
    for uid in [u.id for u in game.units_of("soviet")]:
        _order(game, GoTo(uid, (4, 4)))  # each unit now obeys its own order
    _order(game, CarryOut("5a"))
    assert "5a" not in game.standing and "lapses" in game.log[-1]["text"]


@pytest.mark.parametrize("d", [
    {"kind": "release", "formation": ["5a"]},
    {"kind": "command", "formation": {"x": 1}, "posture": "hold"},
    {"kind": "goto", "unit": "s_72rc", "to": "north"},
    {"kind": "command", "formation": "5a", "posture": ["hold"]},
    {"kind": "command", "formation": "5a", "posture": "hold", "places": "dongning"},
    {"kind": "command", "formation": "5a", "posture": "hold", "beyond_supply": 1.5},
])
def test_a_malformed_standing_order_from_plain_data_is_refused_with_a_reason(game, d):
    res = execute(game, order_from_dict(d))
    assert not res.ok and res.reason and not game.standing
