"""The registry of event effects: one handler per effect name, which plugins extend.

An event's ``effects`` is a list of mappings from an effect name to its value (``{modifier:
{...}}``). Each name is registered once with :func:`register_effect`: the schema its value is
checked against, an optional check across files (sides, places, formations named), and the
function that applies it to the game. The engine's own effects are registered by
:mod:`engine.events`; installed plugins (:mod:`engine.plugins`) add theirs the same way, so a new
effect needs no change to the engine, and a scenario can only name effects, never bring code.

Effects given in one mapping apply in the order their names were registered (the engine's first,
in the order :mod:`engine.events` lists them), so games do not depend on how YAML orders keys.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .schema import Ctx, F, Record, Spec
from .yamlio import ScenarioError, suggest, where

if TYPE_CHECKING:
    from .state import GameState


@dataclass
class References:
    """What a scenario defines, for an effect's checks across files; problems go to ``errors``."""

    sides: Collection[str]
    places: Collection[str]
    formations: Collection[str]
    errors: list[ScenarioError] = field(default_factory=list)

    def _known(self, container: Any, key: str, known: Collection[str], what: str) -> None:
        v = container.get(key)
        if v is not None and v not in known:
            self.errors.append(ScenarioError(*where(container, key), f"unknown {what} '{v}'{suggest(v, known)}"))

    def side(self, container: Any, key: str = "side") -> None:
        """``container[key]``, if given, must be one of the scenario's sides."""
        self._known(container, key, self.sides, "side")

    def place(self, container: Any, key: str = "place") -> None:
        self._known(container, key, self.places, "place")

    def formation(self, container: Any, key: str = "formation") -> None:
        self._known(container, key, self.formations, "formation")


Apply = Callable[["GameState", Any, str], None]  # (state, the checked value, the event's id)
CheckRefs = Callable[[Any, References], None]


@dataclass(frozen=True)
class Effect:
    name: str
    schema: Spec
    apply: Apply
    check: CheckRefs | None = None
    doc: str = ""


_EFFECTS: dict[str, Effect] = {}
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def register_effect(name: str, schema: Spec, apply: Apply, check: CheckRefs | None = None, doc: str = "",
                    replace: bool = False) -> None:
    """Make ``name`` an effect events may use.

    ``schema`` checks the value given in events.yaml (errors name file and line); ``check`` looks at
    the checked value against the scenario's sides, places and formations (:class:`References`);
    ``apply(state, value, event_id)`` changes the game when the event fires, and must be
    deterministic: randomness only from ``state.rng``. A name is registered once, unless
    ``replace`` (a plugin that deliberately changes an effect of the engine)."""
    if not _NAME.match(name):
        raise ValueError(f"effect name {name!r}: lower-case letters, digits and _, starting with a letter")
    if name in _EFFECTS and not replace:
        raise ValueError(f"effect '{name}' is already registered")
    if not isinstance(schema, Spec) or not callable(apply) or (check is not None and not callable(check)):
        raise TypeError(f"effect '{name}': schema must be a Spec, apply and check functions")
    _EFFECTS[name] = Effect(name, schema, apply, check, doc)


def unregister_effect(name: str) -> None:
    """Remove an effect (tests; a plugin undoing its registration)."""
    _EFFECTS.pop(name, None)


def registered() -> dict[str, Effect]:
    """The effects known now, in the order they apply."""
    return dict(_EFFECTS)


class EffectSpec(Spec):
    """One entry of an event's ``effects``: a mapping of effect names to their values. The known
    names are read when a scenario is checked, after the installed plugins have loaded."""

    def record(self) -> Record:
        """The effects as a record, for checking and for the format reference."""
        return Record({e.name: F(e.schema, doc=e.doc) for e in _EFFECTS.values()}, unknown=_unknown_effect)

    def check(self, value: Any, ctx: Ctx) -> Any:
        from .plugins import load_plugins

        load_plugins()
        return self.record().check(value, ctx)


def _unknown_effect(name: str) -> str:
    from .plugins import loaded, problems

    plugins = loaded()
    text = (f"unknown effect '{name}'{suggest(name, _EFFECTS)}: the engine's effects and those of installed "
            f"plugins ({', '.join(plugins) if plugins else 'none installed'}) are known; a scenario cannot "
            "bring code, install the plugin package that provides it")
    return "; ".join([text] + problems())


def check_effects(effects: list[Any], refs: References) -> None:
    """Each effect's own checks across files."""
    for eff in effects:
        for name, e in _EFFECTS.items():
            if e.check is not None and eff.get(name) is not None:
                e.check(eff[name], refs)


def apply_effects(state: GameState, eff: Any, event_id: str) -> None:
    """Apply one entry of an event's effects, in registration order."""
    for name, e in _EFFECTS.items():
        value = eff.get(name)
        if value is not None:
            e.apply(state, value, event_id)
