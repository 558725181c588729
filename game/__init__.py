"""August Storm's pygame front end: draws the engine's state and turns clicks into orders."""
import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep pygame's banner out of the CLI output
