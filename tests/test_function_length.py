"""Small units: no function in engine/, game/ or tools/ is longer than about sixty lines (issue 17).

A function's length is its lines from ``def`` to its last line (docstring, comments and blank
lines included; decorators not), nested functions counted inside their parent and on their own."""
import ast
from pathlib import Path

from conftest import ROOT

MAX_LINES = 60


def long_functions(root: Path, limit: int = MAX_LINES) -> list[str]:
    """Every function under ``root`` longer than ``limit`` lines, as ``path:line name (n lines)``
    with the path relative to ``root``'s parent (``engine/combat.py``)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    found.append(f"{path.relative_to(root.parent)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_in_the_engine_the_game_or_the_tools_is_over_sixty_lines():
    # the tools (map building, generated docs) are carried on by the same people as the engine
    found = [f for folder in ("engine", "game", "tools") for f in long_functions(ROOT / folder)]
    assert not found, "split into well-named helpers:\n" + "\n".join(found)


def test_the_length_rule_finds_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))  # with the def line: one too many
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n")
    assert [f.split(" ")[1] for f in long_functions(tmp_path)] == ["long"]
