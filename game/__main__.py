"""``python -m game``: the same as the ``august-storm`` command."""
import sys

from .cli import main

sys.exit(main())
