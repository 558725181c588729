#!/usr/bin/env python
"""Build a scenario ``map.yaml`` from a region file: ``python tools/build_map.py [REGION.yaml]
[--out map.yaml] [--png map.png]`` or ``python -m tools.build_map`` (the same as
``august-storm build-map``). With no region it rebuilds the 1945 map from
``tools/regions/manchuria_1945.yaml``. The generator lives in :mod:`game.mapgen`; the guide is
``docs/map-tool.md``.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.mapgen.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
