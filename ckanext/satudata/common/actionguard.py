"""A guard in front of every action of the extension: malformed references never reach SQL.

The action API takes JSON, so an id may arrive as ``true``, ``1.0`` or a list, a flag as ``""``,
and any string may carry a NUL character, which PostgreSQL refuses with a driver error (a 500).
The guard turns each into a field-level ``ValidationError`` before the action runs, in the
user's language. Parameters are recognised by name across all the extension's actions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

# Parameters the actions read as text: references and the few free-text/choice parameters.
TEXT_KEYS = frozenset(
    {
        "id",
        "name",
        "org",
        "org_id",
        "agency",
        "dataset",
        "period",
        "old",
        "new",
        "run",
        "item",
        "scope",
        "state",
        "status",
        "sort",
        "agency_type",
        "type",
        "format",
        "filename",
        "content",
        "content_base64",
        "notes",
        "resume",
        "lang",
        "trigger",
        "action",
        "epss_code",
        "evidence",
        "area_code",
    }
)
# Flags the actions read with ``asbool``.
FLAG_KEYS = frozenset(
    {"overdue_only", "include_archived", "dry_run", "prune", "sync", "wait", "force"}
)
FLAG_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "t", "f", "1", "0"})


def _is_text(key: str) -> bool:
    return key in TEXT_KEYS or key.endswith("_id") or key.endswith("_name")


def _is_flag(value: Any) -> bool:
    if isinstance(value, bool) or value in (0, 1):
        return True
    return isinstance(value, str) and value.strip().lower() in FLAG_WORDS


def errors_in(data_dict: Any) -> dict[str, list[str]]:
    """Field errors of the top-level values of ``data_dict`` (empty when all is well)."""
    if not isinstance(data_dict, dict):
        return {"__type": [tk._("The request body must be a JSON object")]}
    errors: dict[str, list[str]] = {}
    for key, value in data_dict.items():
        if not isinstance(key, str):
            continue
        if _is_text(key) and value is not None and not isinstance(value, str):
            errors[key] = [tk._("Must be text")]
        elif key in FLAG_KEYS and value is not None and not _is_flag(value):
            errors[key] = [tk._("Must be true or false")]
        elif isinstance(value, str) and "\x00" in value:
            errors[key] = [tk._("Must not contain NUL characters")]
    return errors


def guarded(action: Callable[..., Any]) -> Callable[..., Any]:
    """``action`` behind the guard (keeps ``side_effect_free`` and the other markers)."""

    @functools.wraps(action)
    def guarded_action(context: Any, data_dict: Any = None) -> Any:
        errors = errors_in(data_dict if data_dict is not None else {})
        if errors:
            raise tk.ValidationError(errors)
        return action(context, data_dict if data_dict is not None else {})

    return guarded_action


def guard_all(actions: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    return {name: guarded(action) for name, action in actions.items()}
