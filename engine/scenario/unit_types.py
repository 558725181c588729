"""Unit types based on other unit types: ``inherits: rifle_division`` in a rules file's
``unit_types`` takes every field of that type and overrides the fields given (a mapping such as
``detachment`` merges key by key; ``-name: ~`` removes a field).

Resolved on the merged rules before the schema checks them, so each field keeps the file and
line it came from. Rule files are untrusted: an unknown type, a cycle or a chain deeper than
``MAX_INHERITS`` is an error at the ``inherits:`` line.
"""
from __future__ import annotations

from typing import Any

from ..rules import deep_merge
from ..yamlio import ScenarioError, suggest, where
from .overlay import copy_dict

MAX_INHERITS = 8


def expand_unit_types(rules: Any, errors: list[ScenarioError]) -> Any:
    """The merged rules with every unit type's ``inherits`` resolved (and removed)."""
    types = rules.get("unit_types") if isinstance(rules, dict) else None
    if not isinstance(types, dict) or not any(isinstance(t, dict) and "inherits" in t for t in types.values()):
        return rules
    expanded = copy_dict(types)
    for name in types:
        expanded[name] = _expanded(name, types, errors)
    out = copy_dict(rules)
    out["unit_types"] = expanded
    return out


def _expanded(name: str, types: Any, errors: list[ScenarioError]) -> Any:
    """One unit type with the chain of types it inherits from merged under it, the furthest first."""
    chain = [name]
    t = types[name]
    while isinstance(t, dict) and "inherits" in t:
        parent = t["inherits"]
        problem = None
        if not isinstance(parent, str) or parent not in types:
            problem = f"unknown unit type '{parent}'{suggest(str(parent), types)}"
        elif parent in chain:
            problem = f"inheritance cycle ({' -> '.join([*chain, parent])})"
        elif len(chain) > MAX_INHERITS:
            problem = f"more than {MAX_INHERITS} unit types deep"
        if problem:
            err = ScenarioError(*where(t, "inherits"), f"unit type '{chain[-1]}': inherits: {problem}")
            if err not in errors:  # a type's own problem, met again from the types based on it
                errors.append(err)
            break
        chain.append(parent)
        t = types[parent]
    if len(chain) == 1 or not all(isinstance(types[c], dict) for c in chain):
        return types[name]  # not a mapping: the schema names it
    merged = types[chain[-1]]
    for child in reversed(chain[:-1]):
        merged = deep_merge(merged, types[child])
    if isinstance(merged, dict):
        merged = copy_dict(merged)
        merged.pop("inherits", None)
    return merged
