"""An installed copy carries what the game reads beside its code: the scenarios and the assets.

The wheel is built as `pip install .` builds it (setup.py and pyproject's package data), and every
scenario and asset file of the checkout must be in it at the place the installed code looks."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLED_AS = {"scenarios": "engine/scenarios", "assets": "game/assets"}


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def test_the_wheel_holds_every_scenario_and_asset_file(tmp_path):
    # a clean copy: an egg-info or build folder left by an earlier install would add its files list
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".ci", "build", "dist", "*.egg-info", ".venv",
                                                             "__pycache__", ".*_cache", ".hypothesis"))
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    names = set(zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist())
    for folder, target in INSTALLED_AS.items():
        wanted = {f"{target}/{p.relative_to(ROOT / folder).as_posix()}" for p in _files(ROOT / folder)}
        assert wanted, folder
        assert not wanted - names, f"left out of the wheel: {sorted(wanted - names)[:5]}"
