"""The operational AI for either side (see :mod:`engine.ai.play`) and its difficulty levels."""
from .judgement import DIFFICULTIES, Judgement
from .play import play_side, policy

__all__ = ["DIFFICULTIES", "Judgement", "play_side", "policy"]
