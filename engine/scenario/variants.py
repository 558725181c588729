"""A scenario's variants: which were chosen, and the unit and event lists with their removals,
changes and additions applied (a problem names the variant's line in ``scenario.yaml``)."""
from __future__ import annotations

from typing import Any

from .. import events as events_mod
from ..schema import Ctx, check
from ..yamlio import ScenarioError, YDict, YList, suggest, where
from .overlay import copy_dict, put
from .schemas import UNIT_CHANGE_KEYS


def chosen_variants(s: Any, raw: Any, variants: Any, errors: list[ScenarioError]) -> list:
    chosen = []
    for name in variants:
        if name not in s["variants"]:
            known = sorted(s["variants"])
            file, line = where(s, "variants") if "variants" in raw else (s.file, 0)
            errors.append(ScenarioError(file, line, f"unknown variant '{name}'{suggest(name, known)}; "
                                        f"variants of this scenario: {', '.join(known) or 'none'}"))
        else:
            chosen.append(s["variants"][name])
    return chosen


def apply_unit_variants(units: Any, chosen: list, errors: list[ScenarioError]) -> Any:
    """The unit list with the variants' removals, changes and additions applied."""
    if not chosen:
        return units
    out = YList()
    out.file, out.line = units.file, units.line
    ids = {e["id"] for e in units}
    removed = set()
    changes: dict[str, list] = {}
    for v in chosen:
        for j, uid in enumerate(v["remove_units"]):
            if uid not in ids:
                errors.append(ScenarioError(*where(v["remove_units"], j),
                                            f"variant removes unknown unit '{uid}'{suggest(uid, ids)}"))
            removed.add(uid)
        for uid, change in v["unit_changes"].items():
            if uid not in ids:
                errors.append(ScenarioError(*where(v["unit_changes"], uid),
                                            f"variant changes unknown unit '{uid}'{suggest(uid, ids)}"))
                continue
            if not isinstance(change, dict):
                errors.append(ScenarioError(*where(v["unit_changes"], uid),
                                            f"unit_changes.{uid}: expected a mapping of fields"))
                continue
            for k in change:
                if k not in UNIT_CHANGE_KEYS:
                    errors.append(ScenarioError(*where(change, k), f"unit_changes.{uid}: unknown "
                                                f"field '{k}'{suggest(k, UNIT_CHANGE_KEYS)}"))
            changes.setdefault(uid, []).append(change)
    item_lines = []
    for i, e in enumerate(units):
        if e["id"] in removed:
            continue
        for change in changes.get(e["id"], []):
            moved = any(k in change for k in ("hex", "at", "lat", "lon"))
            merged = YDict({k: val for k, val in e.items()
                            if val is not None and not (moved and k in ("hex", "at", "lat", "lon"))})
            merged.file, merged.line = e.file, e.line
            merged.key_lines = {k: e.line_of(k) for k in merged}
            merged.key_files = {k: e.file for k in merged}
            for k, val in change.items():
                if k in UNIT_CHANGE_KEYS:
                    merged[k] = val
                    merged.key_lines[k] = change.line_of(k)
                    merged.key_files[k] = change.file
            # re-check the changed entry so a bad value names the variant's line
            e = check(merged, events_mod.UNIT_ENTRY, e.file, errors, f"unit {e['id']}")
        out.append(e)
        item_lines.append(units.line_of(i))
    for v in chosen:
        for j, e in enumerate(v["add_units"]):
            out.append(e)
            item_lines.append(v["add_units"].line_of(j))
    out.item_lines = item_lines
    return out




def apply_event_variants(events: Any, chosen: list, errors: list[ScenarioError]) -> Any:
    """The event list with the variants' changes (``event_changes``: re-dated, re-worded, ...) and
    additions (``add_events``) applied; ``disable_events`` is left to the caller."""
    if not chosen or not any(v["event_changes"] or v["add_events"] for v in chosen):
        return events
    items = [(e, *where(events, i)) for i, e in enumerate(events)]
    index = {e["id"]: i for i, e in enumerate(events)}
    for v in chosen:
        for eid, change in v["event_changes"].items():
            if eid not in index:
                errors.append(ScenarioError(*where(v["event_changes"], eid), f"variant changes unknown event "
                                                                             f"'{eid}'{suggest(eid, index)}"))
            elif not isinstance(change, dict):
                errors.append(ScenarioError(*where(v["event_changes"], eid),
                                            f"event_changes.{eid}: expected a mapping of fields"))
            else:
                e, file, line = items[index[eid]]
                items[index[eid]] = (_changed_event(e, eid, change, errors), file, line)
        for j, e in enumerate(v["add_events"]):
            if e["id"] in index:
                errors.append(ScenarioError(*where(v["add_events"], j), f"variant adds event '{e['id']}', which "
                                                                         "the scenario has already"))
                continue
            index[e["id"]] = len(items)
            items.append((e, *where(v["add_events"], j)))
    out = YList(e for e, _, _ in items)
    out.file, out.line = events.file, events.line
    out.item_files, out.item_lines = [f for _, f, _ in items], [ln for _, _, ln in items]
    return out


def _changed_event(event: Any, eid: str, change: Any, errors: list[ScenarioError]) -> YDict:
    """An event with the fields a variant gives checked and put in place (``-name`` clears one)."""
    out = copy_dict(event)
    for key, value in change.items():
        name = key[1:] if isinstance(key, str) and key.startswith("-") else key
        ctx = Ctx(*where(change, key), f"event_changes.{eid}.{name}", errors)
        f = events_mod.EVENT.fields.get(name)
        if f is None or name == "id":
            ctx.path = f"event_changes.{eid}"
            ctx.error(f"unknown field '{key}'{suggest(str(name), [k for k in events_mod.EVENT.fields if k != 'id'])}")
        elif name != key:
            if f.required:
                ctx.error("a required field cannot be removed")
            else:
                put(out, name, f.default() if callable(f.default) else f.default, change)
        else:
            put(out, name, f.spec.check(value, ctx), change)
    return out
