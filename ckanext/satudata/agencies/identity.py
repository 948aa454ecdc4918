"""Only the walidata sets an agency's identity and standing (:mod:`.core.standing`).

``organization_create``, ``organization_update`` and ``group_update`` are chained (the
``_patch`` actions end in them; ``group_update`` saves an organization too): for a caller who is not the walidata, a walidata-only field that
would change is a field error and nothing is stored; one the request leaves out (the form
shows them read-only and does not post them) keeps its stored value instead of being wiped.
The register sync and the merge act as the site user (a sysadmin), so they pass.
"""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import walidata
from .core import standing


def _caller(context: Any) -> Any:
    return context.get("auth_user_obj") or context.get("user")


def _stored(group: Any) -> dict[str, Any]:
    return dict(group.extras or {}) if group is not None else {}


def _guarded(context: Any, data_dict: Any, group: Any) -> Any:
    """``data_dict`` with the stored walidata-only values kept; raises ValidationError when
    the caller (not the walidata) tries to change one."""
    if not isinstance(data_dict, dict) or walidata.is_walidata(_caller(context)):
        return data_dict
    stored = _stored(group)
    refused = standing.refused_changes(stored, data_dict)
    if refused:
        message = tk._("Only the walidata may set this field")
        raise tk.ValidationError({field: [message] for field in refused})
    return {**data_dict, **standing.kept_values(stored, data_dict)}


@tk.chained_action
def organization_create(up_func: Any, context: Any, data_dict: Any) -> Any:
    tk.check_access("organization_create", context, data_dict)
    return up_func(context, _guarded(context, data_dict, None))


def _update(auth: str, up_func: Any, context: Any, data_dict: Any) -> Any:
    ref = data_dict.get("id") if isinstance(data_dict, dict) else None
    group = model.Group.get(ref) if isinstance(ref, str) and ref else None
    if group is None or not group.is_organization:
        return up_func(context, data_dict)  # CKAN answers the missing organization
    tk.check_access(auth, context, data_dict)
    return up_func(context, _guarded(context, data_dict, group))


@tk.chained_action
def organization_update(up_func: Any, context: Any, data_dict: Any) -> Any:
    return _update("organization_update", up_func, context, data_dict)


@tk.chained_action
def group_update(up_func: Any, context: Any, data_dict: Any) -> Any:
    # CKAN's group_update (and group_patch) also saves an organization, with the
    # organization schema, for whoever may update it: the same door, the same guard
    return _update("group_update", up_func, context, data_dict)


def chained_actions() -> dict[str, Any]:
    return {
        "organization_create": organization_create,
        "organization_update": organization_update,
        "group_update": group_update,
    }
