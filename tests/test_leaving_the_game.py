"""A unit leaves the game one way, GameState.eliminate: destroyed, caught, deserted or
capitulated, it is booked with why, when, whose and its name; a detachment folding back into
its corps is not a loss and is not booked."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_unit_that_leaves_is_booked_with_its_reason_day_side_and_name(lab):
    u = lab.units["jinf"]
    lab.eliminate("jinf", "capitulated", event="surrender_order")
    assert "jinf" not in lab.units
    assert lab.eliminated["jinf"] == {"turn": lab.turn, "date": lab.date.isoformat(), "reason": "capitulated",
                                      "side": u.side, "name": u.name, "event": "surrender_order"}


def test_a_unit_folded_into_another_is_not_booked_as_lost(lab):
    lab.eliminate("jinf", None)
    assert "jinf" not in lab.units and "jinf" not in lab.eliminated


def _removals(tree: ast.AST) -> list[int]:
    """Lines that delete from or pop a ``units`` mapping directly."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Delete):
            lines += [t.lineno for t in node.targets if isinstance(t, ast.Subscript)
                      and isinstance(t.value, ast.Attribute) and t.value.attr == "units"]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "pop"
              and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "units"):
            lines.append(node.lineno)
    return lines


def test_no_engine_module_but_the_state_takes_units_out_by_hand():
    found = {}
    for path in sorted((ROOT / "engine").rglob("*.py")):
        lines = _removals(ast.parse(path.read_text(encoding="utf-8")))
        if lines and path.name != "state.py":
            found[str(path.relative_to(ROOT))] = lines
    assert not found, f"units removed without GameState.eliminate: {found}"
    assert _removals(ast.parse("del state.units[uid]\nstate.units.pop(uid)\n")) == [1, 2]
