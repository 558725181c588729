"""Layering: no module of the engine or of the game imports, even from inside a function, a
module of its package that imports it back.

A late import hides a cycle from Python but not from the reader: the modules stop being layers
one can read bottom up. Imports under ``if TYPE_CHECKING:`` are for annotations only and do
not count. A cycle that is truly needed is listed in ALLOWED with its reason.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT

# (importer, imported): import edges left out of the graph, each with why it must exist
ALLOWED = {
    # an order to carry out a standing order is played by the computer, which gives orders:
    # orders -> command -> ai.delegate -> orders is a real recursion, not a layering slip
    ("engine.command", "engine.ai.delegate"),
}


def _modules(package: str, root: Path = ROOT) -> dict[str, Path]:
    """Every module of ``package`` by dotted name (a package by its own name, not ``__init__``)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imported_names(module: str, path: Path) -> list[tuple[str, int]]:
    """The dotted names ``module`` imports (at any depth, TYPE_CHECKING blocks left out), with lines."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: list[tuple[str, int]] = []
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"), str(path))]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import):
            names += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            # "from pkg import name" imports the module pkg.name when there is one, else pkg
            names += [(f"{base}.{a.name}", node.lineno) for a in node.names]
        stack += [child for child in ast.iter_child_nodes(node) if not _is_type_checking(child)]
    return names


def import_graph(package: str, root: Path = ROOT) -> nx.DiGraph:
    """Which module of ``package`` imports which (edges carry the line of the import)."""
    modules = _modules(package, root)
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        for name, line in _imported_names(module, path):
            while name and name not in modules:  # a name inside a module: the module
                name = name.rpartition(".")[0]
            if name and name != module and (module, name) not in ALLOWED:
                graph.add_edge(module, name, line=line)
    return graph


def _describe(graph: nx.DiGraph, cycle: list[str]) -> str:
    steps = zip(cycle, cycle[1:] + cycle[:1])
    return " -> ".join(f"{a} (line {graph.edges[a, b]['line']})" for a, b in steps) + f" -> {cycle[0]}"


@pytest.mark.parametrize("package", ["engine", "game"])
def test_the_modules_of_a_package_import_each_other_without_cycles(package):
    graph = import_graph(package)
    cycles = sorted(nx.simple_cycles(graph), key=len)
    assert not cycles, f"import cycles in {package}/:\n" + "\n".join(_describe(graph, c) for c in cycles[:10])


def test_the_allowed_cycles_are_still_there():
    """An allowance that is no longer needed is removed, so it cannot hide a new cycle."""
    modules = _modules("engine") | _modules("game")
    for importer, imported in ALLOWED:
        names = [n for n, _ in _imported_names(importer, modules[importer])]
        assert any(n == imported or n.startswith(imported + ".") for n in names), (importer, imported)


def test_a_late_import_that_closes_a_loop_is_found(tmp_path):
    """The check sees an import inside a function (the way cycles used to hide)."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import g\n")
    (pkg / "b.py").write_text("def g():\n    from .a import f\n    return f\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import f\n")
    graph = import_graph("pkg", tmp_path)
    assert list(nx.simple_cycles(graph)) in ([["pkg.a", "pkg.b"]], [["pkg.b", "pkg.a"]])
    assert not graph.has_edge("pkg.c", "pkg.a")
