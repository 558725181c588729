"""Play by e-mail: a turn file carries the game to the other side, which sees it through the fog;
on import every order is carried out again and must be legal, the hash chain must match its
orders, and a file that changes the receiver's own earlier orders is refused, each with a reason."""
import json

import pygame
import pytest

from engine.orders import DigIn, EndTurn, Move, execute
from engine.pbem import TurnFileError, read_turn, write_turn
from engine.scenario import new_game
from game.cli import main
from game.pbem_ui import PbemUI, remembered_link

VIEW = (1280, 800)


def first_turn_files(scn, tmp_path):
    """Soviet turn 1 played through the PBEM screen: the file for Japan, and the game."""
    pygame.font.init()
    start = tmp_path / "t0.json"
    write_turn(new_game(scn, 5), start)
    state, game, _ = remembered_link(str(start))
    ui = PbemUI(state, game, str(tmp_path / "t1.json"), VIEW)
    assert ui.fog and ui.viewer == "soviet"
    execute(ui.state, Move("s_10mc", (2, 0)))
    execute(ui.state, DigIn("s_72rc"))
    ui.end_turn()
    return tmp_path / "t1.json", ui


def test_a_turn_goes_to_the_other_side_and_back_checked_both_ways(border_scenario, tmp_path):
    t1, ui = first_turn_files(border_scenario, tmp_path)
    assert ui.sent and ui.state.side == "japanese"
    surf = pygame.Surface(VIEW)
    ui.draw(surf)  # after sending: a plain screen, none of the other side's map
    assert len({tuple(surf.get_at((x, y))) for x in range(0, 1280, 40) for y in range(0, 800, 40)}) < 12
    state, game, sent = remembered_link(str(t1))
    assert state.side == "japanese" and state.units["s_10mc"].hex == (2, 0) and sent is None
    jp = PbemUI(state, game, str(tmp_path / "t2.json"), VIEW)
    hidden = [u for u in state.units.values() if u.side == "soviet" and u not in jp.shown_units()]
    assert jp.viewer == "japanese" and len(jp.shown_units()) < len(state.units) and hidden
    jp.end_turn()
    back, _, sent = remembered_link(str(tmp_path / "t2.json"))  # the Soviet player's own link is checked
    assert back.side == "soviet" and back.turn == 2 and sent is not None
    with pytest.raises(TurnFileError, match="older than the turn you sent"):
        remembered_link(str(t1).replace("t1", "t0"))  # the first file of the game, replayed


def tampered(path, tmp_path, change) -> str:
    doc = json.loads(path.read_text())
    change(doc)
    out = tmp_path / "bad.json"
    out.write_text(json.dumps(doc))
    return str(out)


def test_an_illegal_order_a_changed_record_or_a_wrong_address_is_refused(border_scenario, tmp_path):
    t1, _ = first_turn_files(border_scenario, tmp_path)

    def teleport(d):  # a legal-looking change the engine refuses
        d["orders"][0]["to"] = [-4, 0]
    with pytest.raises(TurnFileError, match=r"refused: order 1 .* was refused on turn 1"):
        read_turn(tampered(t1, tmp_path, teleport))

    def relink(d):
        d["chain"][0]["link"] = "0" * 64
    with pytest.raises(TurnFileError, match="does not match its orders.*changed after it was written"):
        read_turn(tampered(t1, tmp_path, relink))

    def readdress(d):
        d["to"] = "soviet"
    with pytest.raises(TurnFileError, match="addressed to 'soviet' but its game has 'japanese' on the move"):
        read_turn(tampered(t1, tmp_path, readdress))
    with pytest.raises(TurnFileError, match="not an August Storm turn file"):
        read_turn(tampered(t1, tmp_path, lambda d: d.update(format="august-storm-save")))


def test_a_reply_that_rewrites_my_sent_orders_is_refused_even_with_a_fresh_chain(border_scenario, tmp_path):
    from engine.orders import order_from_dict
    from game.pbem_ui import sent_path

    t1, ui = first_turn_files(border_scenario, tmp_path)
    state, game = read_turn(t1)
    # the opponent rebuilds the game without the Soviet dig-in order, plays on and chains it anew
    forged_game = new_game(border_scenario, 5)
    for plain in state.orders:
        if plain["kind"] != "dig_in":
            execute(forged_game, order_from_dict(plain))
    execute(forged_game, EndTurn())
    forged = tmp_path / "forged.json"
    write_turn(forged_game, forged, game)
    read_turn(forged)  # on its own, a well-formed file
    with pytest.raises(TurnFileError, match="does not continue the turn you sent"):
        read_turn(forged, sent_path(game, "soviet").read_text().strip())


def test_the_commands_start_and_check_a_game(tmp_path, capsys):
    out = tmp_path / "new.json"
    assert main(["pbem", "new", "--scenario", "test_border", "--seed", "3", "--out", str(out)]) == 0
    assert main(["pbem", "check", str(out)]) == 0
    assert "the hash chain matches; turn 1" in capsys.readouterr().out
    out.write_text(out.read_text().replace('"seed":3', '"seed":-1'))
    assert main(["pbem", "check", str(out)]) == 1
    assert "'seed' must be a whole number" in capsys.readouterr().err
