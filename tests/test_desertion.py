"""Desertion: troops of doubtful loyalty melt away next to the enemy and disband at a capitulation."""
import pytest
from conftest import LAB, put

from engine.capitulation import lay_down_arms
from engine.desertion import desertion_phase
from engine.scenario import load_scenario, new_game


@pytest.fixture(scope="module")
def puppet_scenario():
    return load_scenario(LAB, ("puppets",))


@pytest.fixture
def game(puppet_scenario):
    return new_game(puppet_scenario, seed=1)


def test_puppet_troops_next_to_the_enemy_lose_a_quarter_of_their_men_a_day(game):
    pup = put(game, "jpup", (-4, 1))
    put(game, "rifle", (-3, 1))
    desertion_phase(game, "japanese")
    assert pup.men == 6000 and pup.guns == 30
    desertion_phase(game, "japanese")
    assert pup.men == 4500


def test_deserters_count_apart_from_the_killed_and_the_captured(game):
    put(game, "jpup", (-4, 1))
    put(game, "rifle", (-3, 1))
    desertion_phase(game, "japanese")
    lost = game.losses["japanese"]
    assert lost["deserted"] == 2000
    assert lost["men"] == 0 and lost["captured"] == 0
    assert lost["guns"] == 10


def test_puppet_troops_with_no_enemy_next_to_them_stay(game):
    pup = put(game, "jpup", (-4, 1))
    put(game, "rifle", (0, 1))  # two hexes and more away
    desertion_phase(game, "japanese")
    assert pup.men == 8000


def test_regular_troops_do_not_desert(game):
    jinf = put(game, "jinf", (-4, 1))
    put(game, "jpup", (-6, 1))
    put(game, "rifle", (-3, 1))
    desertion_phase(game, "japanese")
    assert jinf.men == 12000


def test_desertion_happens_in_the_deserting_sides_own_part_of_the_day(game):
    pup = put(game, "jpup", (-4, 1))
    put(game, "rifle", (-3, 1))
    desertion_phase(game, "soviet")
    assert pup.men == 8000


def test_a_unit_whose_last_men_desert_is_gone(game):
    put(game, "jpup", (-4, 1), men=1, guns=0)
    put(game, "rifle", (-3, 1))
    desertion_phase(game, "japanese")
    assert "jpup" not in game.units
    assert game.eliminated["jpup"]["reason"] == "deserted"


def test_puppet_troops_disband_rather_than_march_into_captivity(game):
    lay_down_arms(game, [game.units["jpup"], game.units["jinf"]], "test")
    lost = game.losses["japanese"]
    assert lost["deserted"] == 8000
    assert lost["captured"] == 12000
