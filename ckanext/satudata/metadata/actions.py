"""Chained ``package_create`` / ``package_update`` / ``package_patch`` (the latter calls the second):
a list field sent as something other than a list of objects gets a field-level, translated
``ValidationError`` instead of CKAN's bare "Integrity Error" (see ``rules.not_lists_of_objects``).
Everything else, permissions included, is the original action's.

They also carry the page of the paged form a draft was sent from into the context
(``FORM_PAGE``, read by the validator ``satudata_dataset_checks``, see ``formpages``), and let the
rows a form page sent replace the stored variables/indicators on ``package_patch`` (chained
too: ``formpages.expand_form_rows``).

``tracking_summary`` (views, computed by CKAN's ``tracking`` plugin on every show) is left out of
what is saved: a dataset sent back as ``package_show`` returned it, or harvested from a portal
with tracking, would otherwise keep the source's counts as stored extras of itself and its
resources.
"""

from __future__ import annotations

import functools
from typing import Any

import ckan.plugins.toolkit as tk

from . import fieldmarks, formpages, rules

FORM_PAGE = "satudata_form_page"


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


COMPUTED = "tracking_summary"


def without_computed(data_dict: Any) -> Any:
    """``data_dict`` without the keys a show computes (a copy; resources copied too)."""
    if not isinstance(data_dict, dict):
        return data_dict
    out = {k: v for k, v in data_dict.items() if k != COMPUTED}
    if isinstance(out.get("resources"), list):
        out["resources"] = [
            {k: v for k, v in r.items() if k != COMPUTED} if isinstance(r, dict) else r
            for r in out["resources"]
        ]
    return out


def _form_page(context: dict, data_dict: Any) -> None:
    if isinstance(data_dict, dict) and data_dict.get("state") == "draft":
        context[FORM_PAGE] = data_dict.get(formpages.PAGE_KEY)
    else:
        context.pop(FORM_PAGE, None)


@tk.chained_action
def package_create(original_action, context, data_dict):
    data_dict = without_computed(data_dict)
    check_shape(data_dict)
    _form_page(context, data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def package_update(original_action, context, data_dict):
    data_dict = without_computed(data_dict)
    check_shape(data_dict)
    _form_page(context, data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def package_patch(original_action, context, data_dict):
    if isinstance(data_dict, dict):
        formpages.expand_form_rows(data_dict, fieldmarks.repeating_fields())
    return original_action(context, data_dict)
