"""Architecture rules: the engine never imports pygame; YAML is only read safely."""
import ast
import subprocess
import sys

from conftest import ROOT


def test_engine_source_never_imports_pygame():
    for path in (ROOT / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "pygame" for n in names), f"{path} imports pygame"


def test_running_a_whole_game_loads_no_pygame():
    code = ("import sys, engine.cli, engine.simulate, engine.policy;"
            "from engine.scenario import load_scenario;"
            "from engine.simulate import run_one;"
            "run_one(load_scenario('test_border'), 0, 2);"
            "print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_yaml_is_only_loaded_safely():
    for path in list((ROOT / "engine").rglob("*.py")) + list((ROOT / "game").rglob("*.py")):
        text = path.read_text()
        unsafe = ("yaml." + "load(", "yaml.unsafe_load", "FullLoader")  # split so this test is not a hit itself
        assert not any(u in text for u in unsafe), path


def test_the_modders_format_reference_is_up_to_date():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_format_doc", ROOT / "tools" / "gen_format_doc.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    committed = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    assert committed == mod.render(), "run: python tools/gen_format_doc.py"
