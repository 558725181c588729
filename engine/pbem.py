"""Play by e-mail: turn files that carry a game from one player to the other, checked on import.

A turn file is a replay (scenario, fingerprint, variants, seed, every order carried out) that
names the side to move next (``to``) and holds a hash chain: one link per part of a turn played,
``link = SHA-256(previous link, the part's orders, the state hash after them)``. On import the
game is played again from the seed, order by order (:func:`engine.replay.steps`): an order the
engine refuses, a link that does not match its orders, a final state that is not the side ``to``
on the move, or a scenario whose files differ, refuses the file with the reason. A player who
keeps the last link they sent (:func:`last_link`) also finds out when the opponent's file no
longer holds their own earlier orders.

What it cannot prevent, said plainly in the README: the file holds the seed and every order, so
a player who replays it with another program sees through the fog (the game itself opens a turn
file with fog on and no way to watch the other side), and since the seed is known a player can
try orders on a copy before sending the ones that fared best. It catches changed or illegal
orders and rewritten history; it is not a secret.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .replay import FORMAT as REPLAY_FORMAT
from .replay import FORMAT_VERSION as REPLAY_VERSION
from .replay import ReplayError, check_replay_doc, steps

if TYPE_CHECKING:
    from .state import GameState

FORMAT = "august-storm-turn"
FORMAT_VERSION = 1
GENESIS = "0" * 64


class TurnFileError(Exception):
    """A turn file that is refused, and why."""


def link(prev: str, orders: list[dict[str, Any]], state_hash: str) -> str:
    """The next link of the chain: the previous link, the part's orders and where they led."""
    body = json.dumps([prev, orders, state_hash], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def chain_of(scn_doc: dict[str, Any]) -> tuple[list[dict[str, Any]], GameState]:
    """Play a replay document again and build its chain: one link per part of a turn ended."""
    chain: list[dict[str, Any]] = []
    prev, part, state = GENESIS, [], None
    for i, plain, state in steps(scn_doc):
        if i < 0:
            continue
        part.append(plain)
        if plain.get("kind") == "end_turn":
            ended = state.scenario.side_order[(state.active - 1) % len(state.scenario.side_order)]
            prev = link(prev, part, state.state_hash())
            chain.append({"after_order": i + 1, "side": ended, "link": prev})
            part = []
    assert state is not None
    return chain, state


def turn_doc(state: GameState, game: str) -> dict[str, Any]:
    """The turn file of a game whose side to move is the recipient (call after EndTurn)."""
    from .replay import replay_doc

    doc = replay_doc(state)
    chain, _ = chain_of(doc)
    return {**doc, "format": FORMAT, "format_version": FORMAT_VERSION, "game": game, "to": state.side,
            "chain": chain}


def new_game_id() -> str:
    """A name for a new game by e-mail (random: two games of the same scenario and seed differ)."""
    return secrets.token_hex(8)


def write_turn(state: GameState, path: str | os.PathLike, game: str | None = None) -> Path:
    """Write the turn file for the side to move (atomically, like a save); ``game`` names the
    game by e-mail (a new name when None: the first file of a game)."""
    from .saves import write_atomic

    doc = turn_doc(state, game or new_game_id())
    return write_atomic(Path(path), json.dumps(doc, separators=(",", ":")).encode("utf-8"))


def read_turn(path: str | os.PathLike, sent_link: str | None = None) -> tuple[GameState, str]:
    """The game of a turn file, checked: legal orders, the chain matches, the side ``to`` on the
    move and (given ``sent_link``, the last link this player sent) their own orders unchanged.
    Returns the game and the name of the game by e-mail."""
    from .safefile import MAX_SAVE_BYTES, FileRefused, load_json

    try:
        raw = load_json(path, str(path), None, MAX_SAVE_BYTES)
    except FileRefused as exc:
        raise TurnFileError(str(exc)) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("format_version") != FORMAT_VERSION:
        raise TurnFileError(f"{path}: not an August Storm turn file (format {FORMAT} {FORMAT_VERSION})")
    game = raw.get("game")
    if not isinstance(game, str) or not re.fullmatch(r"[0-9a-f]{16}", game):
        raise TurnFileError(f"{path}: the turn file names no game (16 hex digits)")
    chain = raw.get("chain")
    if not isinstance(chain, list) or not all(isinstance(c, dict) for c in chain):
        raise TurnFileError(f"{path}: the turn file has no hash chain")
    doc = {**raw, "format": REPLAY_FORMAT, "format_version": REPLAY_VERSION}
    try:
        mine, state = chain_of(check_replay_doc(doc, path))
    except ReplayError as exc:
        raise TurnFileError(f"{path}: refused: {exc}") from None
    return _check(path, raw, chain, mine, state, sent_link), game


def _check(path: Any, raw: dict[str, Any], chain: list[dict[str, Any]], mine: list[dict[str, Any]],
           state: GameState, sent_link: str | None) -> GameState:
    for i, (theirs, ours) in enumerate(zip(chain, mine)):
        if theirs != ours:
            raise TurnFileError(f"{path}: refused: the record of part {i + 1} of the game (turn file link "
                                f"{str(theirs.get('link'))[:12]}) does not match its orders, which lead to "
                                f"{ours['link'][:12]}: the file was changed after it was written")
    if len(chain) != len(mine):
        raise TurnFileError(f"{path}: refused: the file's hash chain has {len(chain)} links but its orders make "
                            f"{len(mine)}: the file was changed after it was written")
    if raw.get("to") != state.side or state.over:
        raise TurnFileError(f"{path}: refused: the file is addressed to '{raw.get('to')}' but its game has "
                            f"{'ended' if state.over else repr(state.side) + ' on the move'}")
    if sent_link is not None:
        parts, _, want = sent_link.partition(":")
        n = int(parts) if parts.isdigit() else 0
        if len(mine) < n:
            raise TurnFileError(f"{path}: refused: it is older than the turn you sent ({len(mine)} parts of turns "
                                f"played, you sent {n})")
        if n and mine[n - 1]["link"] != want:
            raise TurnFileError(f"{path}: refused: it does not continue the turn you sent (link {want[:12]}): "
                                "your own earlier orders were changed or left out")
    return state


def last_link(state: GameState) -> str:
    """``parts:link``, the length and last link of a game's chain: what the sender keeps to
    check the answer (:func:`read_turn`'s ``sent_link``)."""
    from .replay import replay_doc

    chain, _ = chain_of(replay_doc(state))
    return f"{len(chain)}:{chain[-1]['link'] if chain else GENESIS}"
