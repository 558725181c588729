"""Plugins: installed Python packages that add event effects and orders to the engine (docs/plugins.md).

A scenario folder is data that modders share, so it can never bring code: a scenario names the
effects its events use, and the code behind a name the engine does not have comes from a package
the user installed deliberately, which declares an entry point in the ``august_storm.plugins``
group. The entry point names a function (``package.module:register``), called once with no
arguments, that registers its effects and orders (:func:`engine.effects.register_effect`,
:func:`engine.orders.register_order`); or a module, whose import registers them.

Plugins load once, the first time a scenario's events are checked. A plugin that fails to load is
skipped and its problem kept (:func:`problems`): the engine never prints, and a scenario that
needs the plugin's effects is then refused with the problem in its message.

A plugin's code plays the game as much as the engine's does (it may even replace an engine
effect), so the plugins loaded and their packages' versions are part of a scenario's fingerprint
(:func:`fingerprint`): a save or a replay made with other plugins is refused or warned about as
one of a changed scenario is, and a Dask batch checks its workers have the same ones.
"""
from __future__ import annotations

import importlib.metadata
from typing import Any

GROUP = "august_storm.plugins"
PREFIX = "plugin:"  # a plugin's key in a fingerprint, beside the scenario's file paths

_STATE: dict[str, list[str] | None] = {"loaded": None, "problems": []}
_VERSIONS: dict[str, str] = {}  # loaded plugin -> the package and version it came from


def load_plugins() -> list[str]:
    """Load every installed plugin once; returns the names of those that loaded."""
    if _STATE["loaded"] is not None:
        return list(_STATE["loaded"])
    loaded: list[str] = []
    problems: list[str] = []
    _STATE["loaded"], _STATE["problems"] = loaded, problems  # a plugin's own imports do not load again
    for ep in sorted(importlib.metadata.entry_points(group=GROUP), key=lambda e: e.name):
        try:
            obj = ep.load()
            if callable(obj):
                obj()
        except Exception as exc:  # a broken plugin is the user's to fix, not the engine's to crash on
            problems.append(f"plugin '{ep.name}' ({ep.value}) failed to load: {type(exc).__name__}: {exc}")
            continue
        loaded.append(ep.name)
        _VERSIONS[ep.name] = _version_of(ep)
    return list(loaded)


def _version_of(ep: Any) -> str:
    """``package version`` of the distribution that declares the entry point (its target when the
    entry point comes from no installed distribution)."""
    dist = getattr(ep, "dist", None)
    if dist is None:
        return f"{ep.value} (no package version)"
    return f"{dist.name} {dist.version}"


def versions() -> dict[str, str]:
    """Each loaded plugin and the package and version it came from (plugins load first)."""
    load_plugins()
    return dict(_VERSIONS)


def fingerprint() -> dict[str, str]:
    """The loaded plugins as fingerprint entries (``plugin:NAME`` -> package and version); empty
    without plugins, so the fingerprints of games played without any are as they always were."""
    return {PREFIX + name: version for name, version in sorted(versions().items())}


def problems() -> list[str]:
    """Why plugins failed to load, one line each."""
    return list(_STATE["problems"] or [])


def loaded() -> list[str]:
    return list(_STATE["loaded"] or [])


def reset() -> None:
    """Forget what was loaded (tests): the next :func:`load_plugins` reads the entry points again."""
    _STATE["loaded"], _STATE["problems"] = None, []
    _VERSIONS.clear()
