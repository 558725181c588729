"""Packaging beside pyproject.toml for the one thing it cannot say: the engine and game packages
are found as usual, and the ``assets/`` folder at the root is installed as ``game/assets``, so an
installed copy finds the font, icon and theme beside its code (see game/theme.py)."""
from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["engine*", "game*"]), "game.assets"],
      package_dir={"game.assets": "assets"})
