"""``python -m engine``: the headless commands only (info, simulate, validate)."""
import sys

from .cli import main

sys.exit(main())
