"""Auth functions of the assessment capability.

The walidata test is ``satudata_is_walidata`` of the agencies capability (sysadmins and the
admins/editors of the walidata organization).
"""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ckanext.satudata.agencies import api as agencies_api


def is_walidata(user: Any) -> bool:
    return bool(user) and agencies_api.is_walidata(user)


def _user(context: dict) -> Any:
    """The user name of the context (never a proxy object: flask-login's anonymous user and
    ``g.userobj`` proxies become ``None`` / the name)."""
    user = context.get("auth_user_obj") or context.get("user")
    if user is None or getattr(user, "is_anonymous", False):
        return None
    if not isinstance(user, str):
        user = getattr(user, "name", None)
    return user or None


def walidata_only(context: dict, data_dict: Any = None) -> dict:
    return agencies_api.walidata_only(context, data_dict)


def is_member(user_name: str, org_id: str) -> bool:
    if not user_name or not org_id:
        return False
    return authz.has_user_permission_for_group_or_org(org_id, user_name, "read")


def can_see_agency(context: dict, org_id: str) -> bool:
    user = context.get("user")
    return is_walidata(_user(context)) or is_member(user, org_id)


@tk.auth_allow_anonymous_access
def assessment_show(context: dict, data_dict: dict) -> dict:
    from . import show_target

    try:
        target = show_target.target_of(data_dict or {})
    except (tk.ValidationError, tk.ObjectNotFound):
        return {"success": False, "msg": tk._("Give the id or name of a dataset or agency")}
    if target.kind == show_target.DATASET:
        # a dataset's score is for whoever may read the dataset (the badge is on its page)
        try:
            tk.check_access("package_show", dict(context), {"id": target.ref})
        except (tk.NotAuthorized, tk.ObjectNotFound):
            return {"success": False, "msg": tk._("Not authorized to see this dataset")}
        return {"success": True}
    import ckan.model as model

    org = model.Group.get(target.ref)
    if org is not None and can_see_agency(context, org.id):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the agency itself and the walidata may see this")}


def auth_functions() -> dict:
    return {
        "satudata_assessment_run": walidata_only,
        "satudata_assessment_run_show": walidata_only,
        "satudata_assessment_list": walidata_only,
        "satudata_assessment_show": assessment_show,
        "satudata_manual_indicator_set": walidata_only,
        **{
            f"satudata_epss_{name}": walidata_only
            for name in (
                "worksheet_create",
                "worksheet_list",
                "worksheet_show",
                "entry_update",
                "evidence_add",
                "evidence_delete",
                "history",
            )
        },
    }
