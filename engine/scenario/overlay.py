"""Overlaying a derived scenario's files on its base's (``base:`` in ``scenario.yaml``).

Documents are overlaid as parsed, before the schemas check them, and every value keeps the file and
line it came from: a problem in an inherited value names the base's file, one in an overlaid value
the derived scenario's file.

What a derived file does to the base's, key by key at the top of the file:

- a list of records with ids (``units``, ``formations``, ``events``, ``places``): a record whose
  ``id`` the base has changes the base's record: the fields it gives replace the base's (a field
  written ``-name: ~`` removes ``name``; for a unit, giving any of ``hex``, ``at``, ``lat``/``lon``
  replaces its position); a record with a new id is added at the end; ``remove_<list>: [ids]``
  (``remove_units``, ``remove_events``, ...) removes records of the base first, so a record removed
  and given again is replaced whole; ``keep_<list>: [ids]`` keeps only the base's records it names
  (a scenario of one front of a campaign keeps that front's units);
- a mapping: merged key by key, the same way at every depth (``-name`` removes a key);
- anything else (text, numbers, lists without ids such as ``victory.objectives`` or ``captures``):
  replaced;
- ``-name: ~`` removes the key.

``scenario.yaml`` follows the same rules except for ``rules`` (the derived scenario's rule files are
merged after the base's) and the file keys (``map``, ``units``, ``events``, ``history``,
``sources``), which name the derived scenario's own files to overlay (:mod:`.bases`).
"""
from __future__ import annotations

from typing import Any

from ..rules import deep_merge
from ..yamlio import ScenarioError, YDict, YList, suggest, where

# fields that replace one another: a unit given a new position loses its old one
EXCLUSIVE = {"units": ("hex", "at", "lat", "lon")}
REMOVE = "remove_"
KEEP = "keep_"


def marked_dict(like: Any) -> YDict:
    """An empty YDict with the file and line of ``like``."""
    out = YDict()
    out.file, out.line = getattr(like, "file", "?"), getattr(like, "line", 0)
    out.key_lines, out.key_files = {}, {}
    return out


def put(out: YDict, key: Any, value: Any, source: Any) -> None:
    """Set ``out[key]`` to ``value``, remembering that it came from ``source[key]``."""
    out[key] = value
    out.key_lines[key], out.key_files[key] = where(source, key)[::-1]


def copy_dict(d: Any) -> YDict:
    """A shallow copy of a mapping, each key keeping its file and line."""
    out = marked_dict(d)
    for k, v in d.items():
        put(out, k, v, d)
    return out


def is_id_list(value: Any) -> bool:
    """A non-empty list of mappings that all have an ``id``."""
    return isinstance(value, list) and bool(value) and all(isinstance(x, dict) and "id" in x for x in value)


def merge_record(base: Any, over: Any, exclusive: tuple[str, ...] = ()) -> YDict:
    """A record of the base with the fields ``over`` gives replacing its own (``-name`` removes one)."""
    out = marked_dict(over)
    drop = exclusive if any(k in over for k in exclusive) else ()
    for k, v in base.items():
        if k not in drop:
            put(out, k, v, base)
    for k, v in over.items():
        if isinstance(k, str) and k.startswith("-"):
            out.pop(k[1:], None)
        else:
            put(out, k, v, over)
    return out


def _items(seq: Any) -> list[tuple[Any, str, int]]:
    return [(x, *where(seq, i)) for i, x in enumerate(seq)]


def _as_list(items: list[tuple[Any, str, int]], like: Any) -> YList:
    out = YList(x for x, _, _ in items)
    out.file, out.line = getattr(like, "file", "?"), getattr(like, "line", 0)
    out.item_files = [f for _, f, _ in items]
    out.item_lines = [ln for _, _, ln in items]
    return out


def remove_ids(seq: Any, ids: Any, what: str, errors: list[ScenarioError]) -> YList:
    """The list without the records whose ids ``ids`` lists (an unknown id is an error at its line)."""
    known = [x["id"] for x in seq]
    if not isinstance(ids, list):
        errors.append(ScenarioError(*where(ids), f"{REMOVE}{what}: expected a list of ids"))
        return seq
    for j, rid in enumerate(ids):
        if rid not in known:
            errors.append(ScenarioError(*where(ids, j), f"{REMOVE}{what}: the base has no '{rid}'"
                                                        f"{suggest(str(rid), [str(k) for k in known])}"))
    gone = set(ids) if all(isinstance(i, (str, int)) for i in ids) else set()
    return _as_list([t for t in _items(seq) if t[0]["id"] not in gone], seq)


def keep_ids(seq: Any, ids: Any, what: str, errors: list[ScenarioError]) -> YList:
    """The list with only the records whose ids ``ids`` lists, in the base's order."""
    known = [x["id"] for x in seq]
    if not isinstance(ids, list):
        errors.append(ScenarioError(*where(ids), f"{KEEP}{what}: expected a list of ids"))
        return seq
    unknown = [j for j, rid in enumerate(ids) if rid not in known]
    for j in unknown:
        errors.append(ScenarioError(*where(ids, j), f"{KEEP}{what}: the base has no '{ids[j]}'"
                                                    f"{suggest(str(ids[j]), [str(k) for k in known])}"))
    kept = {i for i in ids if isinstance(i, (str, int))}
    return _as_list([t for t in _items(seq) if t[0]["id"] in kept], seq)


def _select(out: YDict, over: Any, errors: list[ScenarioError]) -> None:
    """Apply ``keep_<list>`` and ``remove_<list>`` of ``over`` to the base's lists in ``out``."""
    for key, ids in over.items():
        prefix = next((p for p in (KEEP, REMOVE) if isinstance(key, str) and key.startswith(p)), None)
        if prefix is None:
            continue
        what = key[len(prefix):]
        if is_id_list(out.get(what)):
            pick = keep_ids if prefix == KEEP else remove_ids
            put(out, what, pick(out[what], ids, what, errors), out)
        else:
            errors.append(ScenarioError(*where(over, key), f"{key}: the base has no list '{what}' of "
                                                           "records with ids"))


def merge_by_id(base: Any, over: Any, exclusive: tuple[str, ...] = ()) -> YList:
    """The base's records changed by ``over``'s records of the same id, then ``over``'s new ones."""
    items = _items(base)
    index = {x["id"]: i for i, (x, _, _) in enumerate(items) if isinstance(x.get("id"), (str, int))}
    for x, file, line in _items(over):
        rid = x.get("id") if isinstance(x, dict) else None
        if isinstance(rid, (str, int)) and rid in index:
            items[index[rid]] = (merge_record(items[index[rid]][0], x, exclusive), file, line)
        else:
            items.append((x, file, line))
    return _as_list(items, base)


def merge_value(key: Any, base: Any, over: Any) -> Any:
    """One key's value overlaid: records by id, mappings key by key, anything else replaced."""
    if is_id_list(base) and isinstance(over, list):
        return merge_by_id(base, over, EXCLUSIVE.get(key, ()))
    if isinstance(base, dict) and isinstance(over, dict):
        return deep_merge(base, over)
    return over


def overlay(base: Any, over: Any, errors: list[ScenarioError]) -> Any:
    """A derived scenario's data file (units, events, map, history) overlaid on the base's."""
    if not isinstance(base, dict) or not isinstance(over, dict):
        return over  # not a mapping: the schema reports it at its own file
    out = copy_dict(base)
    _select(out, over, errors)
    for key, value in over.items():
        if isinstance(key, str) and key.startswith((REMOVE, KEEP)):
            continue
        if isinstance(key, str) and key.startswith("-"):
            out.pop(key[1:], None)
            continue
        put(out, key, merge_value(key, out[key], value) if key in out else value, over)
    return out
