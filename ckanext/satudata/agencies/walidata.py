"""The walidata role.

``ckanext.satudata.walidata_organization`` names the walidata's own organization (by
agency code, URL name or id). Its admins and editors, and every sysadmin, are the
walidata: they read every agency's private datasets (permission label
``satudata-walidata``) and may use the walidata pages and actions
(auth function ``satudata_is_walidata``). Editing an agency's dataset still needs a
membership of that agency.
"""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from . import queries

CONFIG_KEY = "ckanext.satudata.walidata_organization"
LABEL = "satudata-walidata"
WALIDATA_CAPACITIES = ("admin", "editor")


def walidata_org() -> model.Group | None:
    ref = tk.config.get(CONFIG_KEY) or ""
    return queries.resolve_org(ref) if ref else None


def _user_obj(user: Any) -> model.User | None:
    """A ``model.User`` from a user object, Flask-Login's ``current_user`` proxy (CKAN
    passes it as ``auth_user_obj``), a name or an id; ``None`` for anonymous."""
    if user is None or user == "":
        return None
    if hasattr(user, "_get_current_object"):  # werkzeug LocalProxy
        user = user._get_current_object()
    if isinstance(user, model.User):
        return user
    if not isinstance(user, str):  # AnonymousUser and the like
        return None
    return model.User.get(user)


def is_walidata(user: Any) -> bool:
    """True for sysadmins and for admins/editors of the walidata organization."""
    user_obj = _user_obj(user)
    if user_obj is None or user_obj.state != "active":
        return False
    if user_obj.sysadmin:
        return True
    org = walidata_org()
    if org is None or org.state != "active":
        return False
    return (
        model.Session.query(model.Member)
        .filter(
            model.Member.group_id == org.id,
            model.Member.table_name == "user",
            model.Member.table_id == user_obj.id,
            model.Member.state == "active",
            model.Member.capacity.in_(WALIDATA_CAPACITIES),
        )
        .first()
        is not None
    )


# ---------------------------------------------------------------- auth function


@tk.auth_allow_anonymous_access
def satudata_is_walidata(context: Any, data_dict: Any = None) -> dict[str, Any]:
    user = context.get("auth_user_obj") or context.get("user")
    if is_walidata(user):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the walidata may do this")}


def agency_sync_auth(context: Any, data_dict: Any = None) -> dict[str, Any]:
    return satudata_is_walidata(context, data_dict)


def agency_merge_auth(context: Any, data_dict: Any = None) -> dict[str, Any]:
    return satudata_is_walidata(context, data_dict)


@tk.auth_allow_anonymous_access
def agency_read_auth(context: Any, data_dict: Any = None) -> dict[str, Any]:
    return {"success": True}


# ---------------------------------------------------------------- permission labels


def get_dataset_labels(dataset_obj: Any) -> list[str]:
    """Every active private dataset of an organization is readable by the walidata."""
    if (
        getattr(dataset_obj, "owner_org", None)
        and dataset_obj.private
        and dataset_obj.state == "active"
    ):
        return [LABEL]
    return []


def get_user_dataset_labels(user_obj: Any) -> list[str]:
    return [LABEL] if is_walidata(user_obj) else []


def is_walidata_helper() -> bool:
    """Template helper: is the logged-in user the walidata?"""
    user = tk.current_user if hasattr(tk, "current_user") else None
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return is_walidata(user.name)


def may_see_agency_standing(user: Any, org_id: str) -> bool:
    """The walidata and the agency's own admins see who its admins are and its warnings
    (an expired agreement, no admin): nobody else, anonymous least of all."""
    user_obj = _user_obj(user)
    if user_obj is None or user_obj.state != "active":
        return False
    if is_walidata(user_obj):
        return True
    return authz.users_role_for_group_or_org(org_id, user_obj.name) == "admin"


def can_see_agency_warnings(org_id: str) -> bool:
    """The walidata and the agency's own admins see its warnings."""
    user = getattr(tk, "current_user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return may_see_agency_standing(user.name, org_id)
