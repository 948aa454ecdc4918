"""Auth functions of the deadlines capability.

Walidata rights come from the agencies capability's ``satudata_is_walidata``
auth function. If it is not registered (agencies not wired), only sysadmins
pass (sysadmins never reach auth functions anyway)."""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ckanext.satudata.agencies import api as agencies_api

from . import agency_lookup, agreed_items


def is_walidata(context: dict) -> bool:
    return agencies_api.is_walidata(context.get("auth_user_obj") or context.get("user"))


def is_agency_editor(context: dict, org_id: str | None) -> bool:
    """Admins and editors of the organization (those who may edit its datasets)."""
    user = context.get("user")
    if not user or not org_id:
        return False
    return authz.has_user_permission_for_group_or_org(org_id, user, "create_dataset")


def is_agency_member(context: dict, org_id: str | None) -> bool:
    user = context.get("user")
    if not user or not org_id:
        return False
    return authz.has_user_permission_for_group_or_org(org_id, user, "read")


def _result(ok: bool, msg: str = "") -> dict:
    return {"success": True} if ok else {"success": False, "msg": msg or tk._("Not authorized")}


def walidata_only(context: dict, data_dict: dict | None = None) -> dict:
    return agencies_api.walidata_only(context, data_dict)


@tk.auth_allow_anonymous_access
def period_read(context: dict, data_dict: dict | None = None) -> dict:
    return {"success": True}


def _org_of(data_dict: dict | None) -> str | None:
    data_dict = data_dict or {}
    if data_dict.get("org_id"):
        group = agency_lookup.get_org(data_dict["org_id"])
        return group.id if group else data_dict["org_id"]
    item_id = data_dict.get("id") or data_dict.get("item_id")
    item = agreed_items.get_item(item_id) if item_id else None
    return item.org_id if item else None


def item_read(context: dict, data_dict: dict | None = None) -> dict:
    if is_walidata(context):
        return {"success": True}
    org_id = _org_of(data_dict)
    return _result(
        is_agency_member(context, org_id),
        tk._("Only the walidata and the agency's members can see its list"),
    )


def item_transition(context: dict, data_dict: dict | None = None) -> dict:
    """Walidata: every action. Agency admins/editors: submit and correct their own items."""
    if is_walidata(context):
        return {"success": True}
    action = (data_dict or {}).get("action")
    if action not in ("submit", "correct"):
        return _result(False, tk._("Only the walidata can review, return or approve"))
    return _result(
        is_agency_editor(context, _org_of(data_dict)),
        tk._("Only the agency's admins can submit or correct its items"),
    )


def auth_functions() -> dict[str, Any]:
    walidata = (
        "satudata_period_create",
        "satudata_period_update",
        "satudata_item_import",
        "satudata_item_create",
        "satudata_item_update",
        "satudata_item_delete",
        "satudata_snapshot_take",
        "satudata_reminder_list",
        "satudata_delivery_summary",
        "satudata_periodic_overdue_list",
        "satudata_reminders_send",
    )
    out: dict[str, Any] = dict.fromkeys(walidata, walidata_only)
    out.update(
        {
            "satudata_period_show": period_read,
            "satudata_period_list": period_read,
            "satudata_item_list": item_read,
            "satudata_item_show": item_read,
            "satudata_item_transition": item_transition,
        }
    )
    return out
