"""Chained ``package_create`` / ``package_update`` (``package_patch`` goes through the latter):
a list field sent as something other than a list of objects gets a field-level, translated
``ValidationError`` instead of CKAN's bare "Integrity Error" (see ``rules.not_lists_of_objects``).
Everything else, permissions included, is the original action's.
"""

from __future__ import annotations

import functools
from typing import Any

import ckan.plugins.toolkit as tk

from . import fieldmarks, rules


@functools.lru_cache(maxsize=1)
def _list_fields() -> tuple[str, ...]:
    return tuple(fieldmarks.repeating_fields()) + rules.CKAN_LIST_OF_OBJECTS


def check_shape(data_dict: Any) -> None:
    wrong = rules.not_lists_of_objects(data_dict, _list_fields())
    if wrong:
        message = tk._(rules.MSG_LIST_OF_OBJECTS)
        # ValidationError flattens "tags" errors from [{"name": [...]}] (its own shape)
        raise tk.ValidationError(
            {f: [{"name": [message]}] if f == "tags" else [message] for f in wrong}
        )


@tk.chained_action
def package_create(original_action, context, data_dict):
    check_shape(data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def package_update(original_action, context, data_dict):
    check_shape(data_dict)
    return original_action(context, data_dict)
