"""Robustness figures: mutated scenarios, damaged and tampered saves and replays, bad command lines.

Run: ``python benchmarks/robustness.py [--seed N] [--quick]``. Each case is one mutation of
``test_border`` or ``august_storm_1945`` (both copied to a temporary folder first), of a saved
game or a replay, or one command line. A case is *clean* when the program refuses an invalid input with a
message (a scenario's ``file:line: problem``, a save's reason, a command's usage line) or
accepts a valid one; a *traceback* is any other exception (also the commands' one-line
"internal error"), a *hang* is a case that runs past its time limit, and *accepted-invalid* is
an input known to be invalid that was taken. Mutations whose validity cannot be known in
advance (random truncations and byte edits) count only for tracebacks and hangs. The last line
reads ``robustness: N cases, N clean, 0 traceback, 0 hang, 0 accepted-invalid``.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import yaml  # noqa: E402

from engine.saves import SaveError, load_game, save_game  # noqa: E402
from engine.scenario import load_scenario, new_game  # noqa: E402
from engine.yamlio import ScenarioLoadError  # noqa: E402

INVALID, VALID, ANY = "invalid", "valid", "any"
CASE_SECONDS = 20  # a case past this is a hang (the big scenario loads in about 0.3 s)
BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                 + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]) + "\n"


class Hang(Exception):
    """The case ran past its time limit."""


@dataclass
class Case:
    family: str
    expect: str
    run: Callable[[], bool]  # True: the input was accepted; False: refused with a message


# -- scenario mutations ---------------------------------------------------------------------

class Workspace:
    """Fresh copies of a scenario folder (with the shared rules next to it) for each case."""

    def __init__(self, base: Path, scenario: str):
        self.base, self.scenario = base, scenario
        self.n = 0

    def copy(self) -> Path:
        self.n += 1
        root = self.base / f"{self.scenario}-{self.n}"
        shutil.copytree(ROOT / "scenarios" / "rules", root / "rules")
        shutil.copytree(ROOT / "scenarios" / self.scenario, root / self.scenario)
        return root / self.scenario


def load_outcome(folder: Path, variants: tuple[str, ...] = ()) -> bool:
    """True when the scenario loads; False when refused with well-formed ``file:line`` errors."""
    from game.screens.start import _read_info

    _read_info(folder.name, folder)  # the start screen must survive the folder too
    try:
        load_scenario(folder, variants)
        return True
    except ScenarioLoadError as exc:
        assert exc.errors and all(e.file and e.message for e in exc.errors), "a refusal without a file"
        return False


def edit_text(folder: Path, name: str, fn: Callable[[str], str]) -> None:
    p = folder / name
    p.write_text(fn(p.read_text(encoding="utf-8")), encoding="utf-8")


def edit_doc(folder: Path, name: str, fn: Callable[[Any], None]) -> None:
    p = folder / name
    doc = yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    fn(doc)
    p.write_text(yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")


def scenario_case(ws: Workspace, family: str, expect: str, mutate: Callable[[Path], Any],
                  variants: tuple[str, ...] = ()) -> Case:
    def run() -> bool:
        folder = ws.copy()
        mutate(folder)
        return load_outcome(folder, variants)
    return Case(f"{ws.scenario}/{family}", expect, run)


def facts(scn: Any) -> dict[str, Any]:
    """What the targeted mutations need to know about a scenario."""
    g = scn.graph
    water = [h for h in g.nodes if not scn.rules.terrain[g.nodes[h]["terrain"]].passable]
    land_next_to_water = next(((w, n) for w in water for n in g.neighbors(w)
                               if scn.rules.terrain[g.nodes[n]["terrain"]].passable), None)
    by_side = {s: [u for u in scn.initial_units if u.side == s] for s in scn.side_order}
    return {"water": water, "shore": land_next_to_water, "by_side": by_side, "sides": scn.side_order}


def set_unit(i: int, **values: Any) -> Callable[[Any], None]:
    def fn(doc: Any) -> None:
        u = doc["units"][i]
        for k in ("hex", "at", "lat", "lon"):
            if k in values:
                for place_key in ("hex", "at", "lat", "lon"):
                    u.pop(place_key, None)
                break
        u.update(values)
    return fn


def targeted_scenario_cases(ws: Workspace, scn: Any) -> list[Case]:
    """Mutations of whole files, of single values and of paths."""
    f = facts(scn)
    cases = []

    def add(family: str, expect: str, mutate: Callable[[Path], Any], variants: tuple[str, ...] = ()) -> None:
        cases.append(scenario_case(ws, family, expect, mutate, variants))

    for name in ("scenario.yaml", "map.yaml", "units.yaml", "events.yaml"):
        add("alias-bomb", INVALID, lambda d, n=name: (d / n).write_text(BOMB))
        add("deep-nesting", INVALID, lambda d, n=name: edit_text(d, n, lambda t: t + "\ndeep: " + "[" * 400 + "]" * 400 + "\n"))
        add("comment (valid)", VALID, lambda d, n=name: edit_text(d, n, lambda t: t + "\n# a harmless comment\n"))
    for date in ("1945-02-30", "1945-08-32", "9999-12-28"):
        add("bad-date", INVALID, lambda d, x=date: edit_text(
            d, "scenario.yaml", lambda t: t.replace(f"start_date: {scn.start_date}", f"start_date: {x}")))
    add("nan", INVALID, lambda d: edit_text(d, "map.yaml", lambda t: t.replace(f"hex_km: {scn.map.hex_km:g}", "hex_km: .nan", 1)))
    add("nan", INVALID, lambda d: edit_doc(d, "units.yaml", set_unit(0, readiness=float("nan"))))
    add("inf", INVALID, lambda d: edit_doc(d, "units.yaml", set_unit(0, men=float("inf"))))
    add("huge-number", INVALID, lambda d: edit_doc(d, "units.yaml", set_unit(0, men=10 ** 400)))
    add("huge-number", INVALID, lambda d: edit_text(d, "scenario.yaml", lambda t: t.replace(f"turns: {scn.turns}", "turns: " + "9" * 400, 1)))
    for key, target in (("map", "/dev/zero"), ("units", "/dev/urandom"), ("events", "."), ("map", "../outside.yaml"),
                        ("map", "missing.yaml")):
        def point(d: Path, key: str = key, target: str = target) -> None:
            shutil.copy(d / "map.yaml", d.parent / "outside.yaml")
            edit_doc(d, "scenario.yaml", lambda doc: doc.update({key: target}))
        add("hostile-path", INVALID, point)
    add("hostile-path", INVALID, lambda d: ((d / "map.yaml").unlink(), os.symlink("/dev/zero", d / "map.yaml")))
    add("hostile-path", INVALID, lambda d: edit_doc(d, "scenario.yaml", lambda doc: doc.update(rules=["/etc/hostname"])))
    for proj in ({"lat_1": 40.0, "lat_2": -40.0}, {"lat_0": 90.0}, {"x_0": 1e9}):
        add("projection", INVALID, lambda d, p=proj: edit_doc(d, "map.yaml", lambda doc: doc["projection"].update(p)))
    return cases + cross_field_cases(ws, scn, f)


def cross_field_cases(ws: Workspace, scn: Any, f: dict[str, Any]) -> list[Case]:
    """Mutations each value of which is fine alone, wrong only against other files."""
    s0, s1 = f["sides"]
    a, b = f["by_side"][s0][0], f["by_side"][s1][0]
    ids = [u.id for u in scn.initial_units]
    cases = []

    def add(family: str, expect: str, mutate: Callable[[Path], Any], variants: tuple[str, ...] = ()) -> None:
        cases.append(scenario_case(ws, family, expect, mutate, variants))

    add("hostile-share", INVALID, lambda d: edit_doc(d, "units.yaml", set_unit(ids.index(b.id), hex=list(a.hex))))
    if f["water"]:
        add("unit-on-water", INVALID, lambda d: edit_doc(d, "units.yaml", set_unit(0, hex=list(f["water"][0]))))
    add("stacking", INVALID, lambda d: edit_doc(d, "units.yaml", lambda doc: [
        set_unit(ids.index(u.id), hex=list(a.hex))(doc) for u in f["by_side"][s0][:6]]))
    add("maxima", INVALID, lambda d: edit_doc(d, "units.yaml", set_unit(0, entrenchment=5)))
    add("maxima", INVALID, lambda d: edit_doc(d, "map.yaml", lambda doc: doc.setdefault("hexes", []).append(
        {"hex": list(a.hex), "fortification": 9})))
    add("scenario-id", INVALID, lambda d: edit_doc(d, "scenario.yaml", lambda doc: doc.update(id="../../x/evil")))
    add("scenario-id", INVALID, lambda d: edit_doc(d, "scenario.yaml", lambda doc: doc.update(id="a/b")))
    if f["shore"]:
        w, n = f["shore"]
        for kind in ("railways", "roads"):
            add("line-over-water", INVALID, lambda d, k=kind: edit_doc(d, "map.yaml", lambda doc: doc.setdefault(k, []).append(
                {"name": "Wet line", "path": [list(n), list(w)]})))
    def many_broken_units(d: Path) -> None:
        rows = [f"  - {{id: u{i}, bogus{i}: 1, type: crops{i}, side: nobody, formation: nope{i}}}" for i in range(22000)]
        (d / "units.yaml").write_text("formations: []\nunits:\n" + "\n".join(rows) + "\n")
    add("many-errors", INVALID, many_broken_units)
    add("over-the-size-cap", INVALID, lambda d: (d / "units.yaml").write_text("# x\n" * 1_100_000))
    add("duplicate-key", INVALID, lambda d: edit_text(d, "scenario.yaml", lambda t: t + f"\nid: {scn.id}\n"))
    add("unknown-key", INVALID, lambda d: edit_text(d, "scenario.yaml", lambda t: t + "\nturnz: 3\n"))
    add("wrong-type", INVALID, lambda d: edit_text(d, "scenario.yaml", lambda t: t.replace(f"turns: {scn.turns}", "turns: many", 1)))
    def early_event(doc: Any) -> None:
        ev = doc["events"][0]
        for key in ("turn", "condition"):
            ev.pop(key, None)
        ev["date"] = "1944-01-01"
    add("event-date", INVALID, lambda d: edit_doc(d, "events.yaml", early_event))
    add("objective-date", INVALID, lambda d: edit_doc(d, "scenario.yaml", lambda doc: doc["victory"]["objectives"][0].update(
        by="1950-01-01")))
    add("variant-error", INVALID, lambda d: edit_doc(d, "scenario.yaml", lambda doc: doc.setdefault("variants", {}).update(
        broken={"name": "Broken", "description": "x", "source": "x", "unit_changes": {a.id: {"type": "tank_crops"}}})),
        ("broken",))
    reinforcements = [e for ev in scn.events for eff in ev["effects"] for e in (eff.get("reinforce") or [])]
    if reinforcements:
        def clash(doc: Any) -> None:
            for ev in doc["events"]:
                for eff in ev.get("effects") or []:
                    for entry in eff.get("reinforce") or []:
                        entry["id"] = ids[0]
        add("reinforcement-id", INVALID, lambda d: edit_doc(d, "events.yaml", clash))
    return cases


BAD_UNIT_VALUES = [("men", -5), ("men", "many"), ("men", 1.5), ("tanks", -1), ("readiness", 2), ("readiness", -0.1),
                   ("type", "tank_crops"), ("side", "martian"), ("formation", "nowhere"), ("experience", "godlike"),
                   ("hex", [99999, 99999]), ("at", "atlantis"), ("entrenchment", 9), ("id", None), ("lat", 95.0)]


def random_scenario_cases(ws: Workspace, scn: Any, rng: random.Random, n_values: int, n_bytes: int) -> list[Case]:
    cases = []
    for _ in range(n_values):
        i = rng.randrange(len(scn.initial_units))
        key, value = rng.choice(BAD_UNIT_VALUES)
        cases.append(scenario_case(ws, "unit-value", INVALID,
                                   lambda d, i=i, k=key, v=value: edit_doc(d, "units.yaml", set_unit(i, **{k: v}))))
    palette = ["", "[", "]", "{", "}", ":", "- ", "&a ", "*a", "\n", "  ", "'", '"', "\t", "\x00", "1945-02-30",
               ".nan", "9" * 30, "<<: *a", "!!python/object:os.system", "\xff", "? ", "%YAML 9.9\n", "---\n"]
    files = ["scenario.yaml", "map.yaml", "units.yaml", "events.yaml"]
    for k in range(n_bytes):
        name = rng.choice(files)
        if k % 3 == 0:
            frac = rng.random()
            cases.append(scenario_case(ws, "truncation", ANY, lambda d, n=name, f=frac: edit_text(
                d, n, lambda t: t[:int(len(t) * f)])))
        else:
            edits = [(rng.random(), rng.choice(palette), rng.randrange(0, 4)) for _ in range(rng.randrange(1, 4))]

            def scramble(t: str, edits: list = edits) -> str:
                for frac, piece, cut in edits:
                    at = int(len(t) * frac)
                    t = t[:at] + piece + t[at + cut:]
                return t
            cases.append(scenario_case(ws, "byte-edit", ANY, lambda d, n=name, s=scramble: edit_text(d, n, s)))
    return cases


# -- saves ----------------------------------------------------------------------------------

def save_outcome(path: Path, allow_changed: bool = False) -> bool:
    from game.saves_ui import _summary

    _summary(path)  # the load list must survive the file too
    try:
        state = load_game(path, allow_changed=allow_changed)
    except SaveError as exc:
        assert str(exc), "a refusal without a reason"
        return False
    from engine.state import GameState

    GameState.from_dict(state.scenario, state.to_dict())
    return True


def save_cases(base: Path, rng: random.Random, n_random: int) -> list[Case]:
    from engine.ai import play_side

    scn = load_scenario("test_border")
    state = new_game(scn, 7)
    while state.turn < 3:
        play_side(state)
    good = save_game(state, base / "saves" / "good.json")
    doc = json.loads(good.read_text())
    counter = [0]

    def write(text: str | bytes) -> Path:
        counter[0] += 1
        p = base / "saves" / f"case-{counter[0]}.json"
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return p

    def tampered(change: Callable[[dict], Any]) -> Path:
        d = json.loads(json.dumps(doc))
        change(d)
        return write(json.dumps(d))

    cases = [Case("save/untouched (valid)", VALID, lambda: save_outcome(good))]
    bad_values = [("men", -500), ("men", 2.5), ("readiness", 7.5), ("readiness", "high"), ("side", "martian"),
                  ("type", "tank_crops"), ("experience", "godlike"), ("formation", "nowhere"), ("entrenchment", 9),
                  ("moved", "no"), ("supplied", 1), ("fuel", -3), ("hex", [1]), ("hex", [99999, 0]), ("id", 5),
                  ("mp_left", -1), ("divisions", "all")]
    for key, value in bad_values:
        cases.append(Case("save/unit-value", INVALID, lambda k=key, v=value: save_outcome(
            tampered(lambda d: d["state"]["units"][0].__setitem__(k, v)))))
    top = [("over", "false"), ("over", 0), ("seed", -1), ("seed", 2.5), ("seed", "7"), ("turn", 0), ("turn", 10 ** 6),
           ("date", "1945-02-30"), ("date", "1999-01-01"), ("active", 5), ("winner", "martian"), ("units", {}),
           ("control", []), ("rng", None), ("log", "x"), ("losses", {"martian": {}}), ("modifiers", [{"side": 1}]),
           ("version", 99), ("scenario", "other"), ("variants", ["nonesuch"])]
    for key, value in top:
        cases.append(Case("save/state-value", INVALID, lambda k=key, v=value: save_outcome(
            tampered(lambda d: d["state"].__setitem__(k, v)))))
    text = good.read_text()
    specials = [
        ("nan", text.replace(f'"seed":{state.seed}', '"seed":NaN')),
        ("infinity", text.replace(f'"seed":{state.seed}', '"seed":Infinity')),
        ("huge-int", text.replace(f'"seed":{state.seed}', '"seed":' + "9" * 500)),
        ("huge-float", text.replace(f'"seed":{state.seed}', '"seed":1e400')),
        ("deep-nesting", "[" * 100_000 + "]" * 100_000),
        ("deep-nesting", text.replace('"log":[', '"log":[' + "[" * 900 + "]" * 900 + ",", 1)),
        ("not-a-mapping", "[1, 2, 3]"), ("empty", ""), ("not-utf8", b"\xff\xfe{}"),
        ("unterminated-string", '{"format": "' + "a" * 20_000_000),
        ("brackets-in-a-string", '{"format": "' + "[{" * 5_000_000 + '"}'),
        ("newer-format", text.replace('"format_version":2', '"format_version":99')),
        ("no-format", text.replace('"format":"august-storm-save"', '"format":"x"')),
    ]
    for family, content in specials:
        cases.append(Case(f"save/{family}", INVALID, lambda c=content: save_outcome(write(c))))
    cases += special_save_paths(base, doc, tampered, write)
    cases += random_save_cases(doc, tampered, write, rng, n_random)
    return cases


def special_save_paths(base: Path, doc: dict, tampered: Callable, write: Callable) -> list[Case]:
    bomb = base / "bomb_scenario"
    bomb.mkdir()
    (bomb / "scenario.yaml").write_text(BOMB)
    changed = base / "changed" / "test_border"
    shutil.copytree(ROOT / "scenarios" / "rules", base / "changed" / "rules")
    shutil.copytree(ROOT / "scenarios" / "test_border", changed)
    state = new_game(load_scenario(changed), 2)
    changed_save = save_game(state, base / "saves" / "changed.json")
    (changed / "units.yaml").write_text((changed / "units.yaml").read_text() + "\n# edited after the save\n")
    link = base / "saves" / "link.json"
    os.symlink("/dev/zero", link)
    v1 = tampered(lambda d: (d.pop("format_version"), d.pop("fingerprint")))
    return [
        Case("save/device", INVALID, lambda: save_outcome(Path("/dev/zero"))),
        Case("save/symlink-to-device", INVALID, lambda: save_outcome(link)),
        Case("save/folder", INVALID, lambda: save_outcome(base / "saves")),
        Case("save/missing", INVALID, lambda: save_outcome(base / "saves" / "nothing.json")),
        Case("save/bomb-scenario", INVALID, lambda: save_outcome(tampered(lambda d: (
            d.__setitem__("scenario_path", str(bomb)), d["state"].__setitem__("scenario", "no_such_scenario"))))),
        Case("save/changed-scenario", INVALID, lambda: save_outcome(changed_save)),
        Case("save/changed-scenario allowed (valid)", VALID, lambda: save_outcome(changed_save, allow_changed=True)),
        Case("save/version-1", INVALID, lambda: save_outcome(v1)),
        Case("save/version-1 allowed (valid)", VALID, lambda: save_outcome(v1, allow_changed=True)),
    ]


def random_save_cases(doc: dict, tampered: Callable, write: Callable, rng: random.Random, n: int) -> list[Case]:
    paths: list[tuple] = []

    def walk(v: Any, prefix: tuple) -> None:
        paths.append(prefix)
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, prefix + (k,))
        elif isinstance(v, list):
            for i, x in enumerate(v[:6]):
                walk(x, prefix + (i,))

    walk(doc["state"], ("state",))
    values = [None, True, False, -1, 0, 1, 10 ** 30, -2.5, 0.5, 1e300, "", "x", "soviet", [], {}, [1, 2], {"a": 1}]
    text = json.dumps(doc)
    cases = []
    for k in range(n):
        if k % 4 == 3:
            frac = rng.random()
            cases.append(Case("save/truncation", ANY, lambda f=frac: save_outcome(write(text[:int(len(text) * f)]))))
            continue
        path, value = rng.choice(paths[1:]), rng.choice(values)

        def change(d: dict, path: tuple = path, value: Any = value) -> None:
            target = d
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        cases.append(Case("save/random-value", ANY, lambda c=change: save_outcome(tampered(c))))
    return cases


# -- replays ---------------------------------------------------------------------------------

def replay_outcome(path: Path) -> bool:
    """True when the replay plays out to its recorded state; False when refused with a reason."""
    from engine.replay import ReplayError, read_replay, replay

    try:
        replay(read_replay(path))
        return True
    except ReplayError as exc:
        assert str(exc), "a refusal without a reason"
        return False


def replay_cases(base: Path, rng: random.Random, n_random: int) -> list[Case]:
    from engine.ai import play_side
    from engine.replay import write_replay

    state = new_game(load_scenario("test_border"), 11)
    while state.turn < 3:
        play_side(state)
    good = write_replay(state, base / "replays" / "good.json")
    doc = json.loads(good.read_text())
    counter = [0]

    def variant(change: Callable[[dict], Any] | None = None, text: str | None = None) -> Path:
        counter[0] += 1
        p = base / "replays" / f"case-{counter[0]}.json"
        if text is None:
            d = json.loads(json.dumps(doc))
            change(d)
            text = json.dumps(d)
        p.write_text(text)
        return p

    raw = good.read_text()
    cases = [Case("replay/untouched (valid)", VALID, lambda: replay_outcome(good)),
             Case("replay/save-as-replay (valid)", VALID,
                  lambda: replay_outcome(save_game(state, base / "replays" / "as-save.json")))]
    invalid = [lambda d: d.__setitem__("seed", d["seed"] + 1), lambda d: d.__setitem__("seed", -1),
               lambda d: d.__setitem__("orders", {}), lambda d: d.__setitem__("orders", d["orders"][:-3]),
               lambda d: d["orders"].insert(0, {"kind": "launch_missiles"}),
               lambda d: d["orders"].insert(0, {"kind": "move", "unit": "s_72rc", "to": [99, 99]}),
               lambda d: d.__setitem__("scenario", "no_such_scenario") or d.__setitem__("scenario_path", None),
               lambda d: d.__setitem__("variants", ["nonesuch"]), lambda d: d.__setitem__("format_version", 9),
               lambda d: d.__setitem__("state_hash", "0" * 64)]
    cases += [Case("replay/tampered", INVALID, lambda c=c: replay_outcome(variant(c))) for c in invalid]
    for family, text in (("deep-nesting", "[" * 100_000), ("nan", raw.replace(f'"seed":{state.seed}', '"seed":NaN')),
                         ("not-json", raw[: len(raw) // 2]), ("empty", "")):
        cases.append(Case(f"replay/{family}", INVALID, lambda t=text: replay_outcome(variant(text=t))))
    for _ in range(n_random):
        i, key = rng.randrange(len(doc["orders"])), rng.choice(["unit", "to", "kind", "units", "target", "x"])
        value = rng.choice([None, -1, "s_72rc", [0, 0], [1], "move", {"a": 1}, 10 ** 30])
        cases.append(Case("replay/random-order-value", ANY, lambda i=i, k=key, v=value: replay_outcome(
            variant(lambda d: d["orders"][i].__setitem__(k, v)))))
    return cases


# -- command lines --------------------------------------------------------------------------

def command_outcome(argv: list[str]) -> bool:
    """True when the command exits 0; False when it refuses with a message (any other code)."""
    from game.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    text = err.getvalue()
    assert "Traceback" not in text and "internal error" not in text, text.strip().splitlines()[-1:]
    if code:  # validate reports on standard output, the others on standard error
        assert (text + out.getvalue()).strip(), "refused without a message"
    return code == 0


def command_cases(base: Path) -> list[Case]:
    bomb = base / "cli_bomb"
    bomb.mkdir()
    (bomb / "scenario.yaml").write_text(BOMB)
    a_file = base / "a_file.txt"
    a_file.write_text("x")
    missing = str(base / "no" / "such" / "folder")
    tb = ["--scenario", "test_border"]
    invalid = [
        ["play", "--seed", "-1"], ["headless", "--seed", "-1"], ["screenshot", "--out", "x.png", "--seed", "-1"],
        ["simulate", *tb, "--start-seed", "-1"], ["simulate", *tb, "--seeds", "0"], ["simulate", *tb, "--seeds", "-3"],
        ["simulate", *tb, "--jobs", "0"], ["simulate", *tb, "--jobs", "-1"], ["simulate", *tb, "--turns", "0"],
        ["headless", "--turns", "-2"], ["screenshot", "--out", "x.png", "--size", "0x0"],
        ["screenshot", "--out", "x.png", "--size", "1x99999"], ["screenshot", "--out", "x.png", "--size", "abc"],
        ["screenshot", "--out", "x.png", "--size", "-5x10"], ["screenshot", "--out", "x.png", "--turn", "0"],
        ["screenshot", *tb, "--out", f"{missing}/m.png"], ["screenshot", *tb, "--out", str(base)],
        ["simulate", *tb, "--json", f"{missing}/r.json"], ["simulate", *tb, "--json", str(base)],
        ["simulate", *tb, "--plots", str(a_file)], ["simulate", *tb, "--start-seed", str(2 ** 63)],
        ["simulate", *tb, "--side-policy", "martian=ai"], ["simulate", *tb, "--side-policy", "soviet=genius"],
        ["simulate", *tb, "--difficulty", "impossible"], ["simulate", *tb, "--policy", "random"],
        ["info", "--scenario", "no_such_scenario"], ["info", *tb, "--variant", "nonesuch"],
        ["info", "--scenario", str(bomb)], ["validate", str(bomb)], ["validate", missing],
        ["headless", "--scenario", str(bomb)], ["frobnicate"], ["simulate"], ["info"],
        ["simulate", *tb, "--seeds", "1e9"], ["play", "--seed", "seven"], ["headless", "--seed", str(2 ** 64)],
        ["replay", missing], ["replay", str(a_file)], ["replay", "/dev/zero"], ["replay", str(base)],
        ["headless", *tb, "--record", f"{missing}/r.json"],
    ]
    valid = [["info", *tb], ["info", *tb, "--json"], ["validate", str(ROOT / "scenarios" / "test_border")],
             ["simulate", *tb, "--seeds", "1", "--turns", "1", "--quiet", "--json", str(base / "r.json")],
             ["headless", *tb, "--turns", "1"],
             ["screenshot", *tb, "--out", str(base / "m.png"), "--size", "320x200"]]
    cases = [Case("cli/bad-argument", INVALID, lambda a=argv: command_outcome(a)) for argv in invalid]
    cases += [Case("cli/good (valid)", VALID, lambda a=argv: command_outcome(a)) for argv in valid]
    cases += [Case(f"cli/{name}", INVALID, lambda s=sig, c=code: signal_outcome(s, c))
              for name, sig, code in (("sigterm", signal.SIGTERM, 143), ("ctrl-c", signal.SIGINT, 130))]
    return cases


def signal_outcome(sig: int, code: int) -> bool:
    """``simulate --jobs 2`` stopped by a signal: the expected code, a message, no worker left."""
    p = subprocess.Popen([sys.executable, "-m", "game", "simulate", "--scenario", "test_border", "--seeds", "400",
                          "--jobs", "2", "--quiet"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def children() -> list[str]:
        try:
            return Path(f"/proc/{p.pid}/task/{p.pid}/children").read_text().split()
        except OSError:
            return []
    deadline = time.time() + 30
    while len(children()) < 2 and time.time() < deadline:
        time.sleep(0.05)
    workers = children()
    time.sleep(0.5)
    p.send_signal(sig)
    try:
        _, err = p.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        p.kill()
        raise Hang() from None
    time.sleep(0.2)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and Path(f"/proc/{w}/stat").read_text().split()[2] != "Z"]
    assert p.returncode == code and "Traceback" not in err and not alive, (p.returncode, err[-200:], alive)
    return False  # stopped, as asked: a refusal to go on


# -- the harness ----------------------------------------------------------------------------

def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def judge(case: Case) -> str:
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
    try:
        accepted = case.run()
    except Hang:
        return "hang"
    except Exception as exc:  # noqa: BLE001 - any escape is what this measures
        return f"traceback: {type(exc).__name__}: {str(exc)[:160]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if case.expect == INVALID and accepted:
        return "accepted-invalid"
    if case.expect == VALID and not accepted:
        return "rejected-valid"
    return "clean"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1945, help="seed of the random mutations")
    ap.add_argument("--quick", action="store_true", help="fewer random mutations")
    ap.add_argument("--verbose", action="store_true", help="print every case that is not clean")
    args = ap.parse_args()
    # a runaway allocation is a failed case, not a frozen machine
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, resource.getrlimit(resource.RLIMIT_AS)[1]))
    rng = random.Random(args.seed)
    k = 1 if args.quick else 2
    with tempfile.TemporaryDirectory(prefix="robustness-") as tmp:
        base = Path(tmp)
        os.environ["AUGUST_STORM_DATA"] = str(base / "data")
        cases: list[Case] = []
        for name, n_values, n_bytes in (("test_border", 60 * k, 90 * k), ("august_storm_1945", 15 * k, 20 * k)):
            scn = load_scenario(name)
            ws = Workspace(base / "scenarios", name)
            cases += targeted_scenario_cases(ws, scn) + random_scenario_cases(ws, scn, rng, n_values, n_bytes)
        cases += save_cases(base, rng, 60 * k)
        cases += replay_cases(base, rng, 15 * k)
        cases += command_cases(base)
        return report(cases, args.verbose)


def report(cases: list[Case], verbose: bool) -> int:
    t0 = time.perf_counter()
    tally: dict[str, dict[str, int]] = {}
    totals = {"clean": 0, "traceback": 0, "hang": 0, "accepted-invalid": 0, "rejected-valid": 0}
    for case in cases:
        verdict = judge(case)
        kind = verdict.split(":")[0]
        totals[kind] += 1
        fam = tally.setdefault(case.family.split(" ")[0], {})
        fam[kind] = fam.get(kind, 0) + 1
        if kind != "clean" and verbose:
            print(f"  {case.family}: {verdict}")
    for family, counts in sorted(tally.items()):
        verdicts = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        print(f"{family:40} {sum(counts.values()):4} cases  {verdicts}")
    print(f"({time.perf_counter() - t0:.0f} s; {totals['rejected-valid']} valid inputs refused)")
    print(f"robustness: {len(cases)} cases, {totals['clean']} clean, {totals['traceback']} traceback, "
          f"{totals['hang']} hang, {totals['accepted-invalid']} accepted-invalid")
    bad = totals["traceback"] + totals["hang"] + totals["accepted-invalid"] + totals["rejected-valid"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
