"""Packaging beside pyproject.toml for the one thing it cannot say: the engine and game packages
are found as usual, the ``assets/`` folder at the root is installed as ``game/assets`` and the
``scenarios/`` folder as ``engine/scenarios``, so an installed copy finds the font, icon and theme
(game/theme.py) and the game's own scenarios (engine/scenario/bases.py) beside its code."""
from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["engine*", "game*"]), "game.assets", "engine.scenarios"],
      package_dir={"game.assets": "assets", "engine.scenarios": "scenarios"})
