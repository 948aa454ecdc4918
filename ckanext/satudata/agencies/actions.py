"""Actions of the agencies capability."""

from __future__ import annotations

import os
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import merge as merge_mod
from . import queries, walidata
from . import sync as sync_mod
from .core import status
from .core.registry import RegisterError

DEFAULT_REGISTER = os.path.join(os.path.dirname(__file__), "data", "bekasi.yaml")


def _bool(data_dict: Any, field: str) -> bool:
    value = data_dict.get(field)
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    try:
        return tk.asbool(value) if isinstance(value, (str, int)) else _invalid(field)
    except ValueError:
        return _invalid(field)


def _invalid(field: str) -> bool:
    raise tk.ValidationError({field: [tk._("Must be true or false")]})


def satudata_agency_sync(context: Any, data_dict: Any) -> dict[str, Any]:
    """Sync the agency register into organizations (walidata only).

    :param register: the register text (YAML or CSV); without it the shipped
        Bekasi register is used
    :param format: ``yaml`` (default) or ``csv``
    :param prune: archive agencies missing from the register (default false)
    :param dry_run: only return the plan (default false)
    :returns: ``summary`` (counts), ``steps`` and ``applied``; a register error is a
        ``ValidationError`` whose ``rows`` list row, code, field and reason.
    """
    tk.check_access("satudata_agency_sync", context, data_dict)
    text = data_dict.get("register")
    if text is not None and not isinstance(text, str):
        raise tk.ValidationError({"register": [tk._("The register must be text (YAML or CSV)")]})
    fmt = str(data_dict.get("format") or "yaml")
    if fmt not in ("yaml", "csv"):
        raise tk.ValidationError({"format": [tk._("The format is yaml or csv")]})
    try:
        if text:
            register = sync_mod.parse_register(text, fmt=fmt)
        else:
            register = sync_mod.load_register(DEFAULT_REGISTER)
        return sync_mod.sync(
            register, prune=_bool(data_dict, "prune"), dry_run=_bool(data_dict, "dry_run")
        )
    except RegisterError as e:
        raise tk.ValidationError(
            {
                "register": [err.text(tk._) for err in e.errors],
                "rows": [err.as_dict(tk._) for err in e.errors],
            }
        )


def satudata_agency_merge(context: Any, data_dict: Any) -> dict[str, Any]:
    """Merge agency ``old`` into agency ``new`` (codes, names or ids; walidata only):
    datasets, members and the other capabilities' rows move in one transaction and
    ``old`` is archived.

    :param old: the agency that disappears
    :param new: the agency that takes over
    :param dry_run: only count what would move
    """
    tk.check_access("satudata_agency_merge", context, data_dict)
    old, new = (queries.clean_ref(v) for v in tk.get_or_bust(data_dict, ["old", "new"]))
    try:
        return merge_mod.merge(old, new, dry_run=_bool(data_dict, "dry_run"))
    except merge_mod.MergeError as e:
        raise tk.ValidationError({e.field: [str(e)]})


def _agency_dict(
    org: model.Group, fields: dict[str, str], counts: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "title": org.title,
        "display_name": org.title or org.name,
        "image_url": org.image_url or "",
        "state": org.state,
        **fields,
        "agency_status": fields.get("agency_status") or "active",
        "type_label": status.type_label(fields.get("agency_type", ""), _lang()),
        "dataset_count": counts.get(org.id, 0),
    }


def _lang() -> str:
    try:
        return tk.h.lang() or "id"
    except Exception:
        return "id"


@tk.side_effect_free
def satudata_agency_list(context: Any, data_dict: Any) -> list[dict[str, Any]]:
    """The agencies, sorted by type then title, with dataset counts (as visible to
    the caller).

    :param type: only agencies of this type (e.g. ``kecamatan``)
    :param area_code: only agencies with this area code, or under it (``32.16.01``)
    :param include_archived: also archived agencies (default false)
    """
    tk.check_access("satudata_agency_list", context, data_dict)
    type_ = queries.clean_ref(data_dict.get("type") or data_dict.get("agency_type") or "")
    area = queries.clean_ref(data_dict.get("area_code") or "")
    include_archived = _bool(data_dict, "include_archived")
    counts = queries.dataset_counts(context.get("user"))
    orgs = queries.organizations(include_deleted=False)
    extras = queries.extras_by_group([o.id for o in orgs])
    out = []
    for org in orgs:
        fields = {k: extras[org.id].get(k, "") for k in queries.EXTRA_FIELDS}
        if not fields["agency_code"]:
            continue
        if not include_archived and fields.get("agency_status") == "archived":
            continue
        if type_ and fields.get("agency_type") != type_:
            continue
        if area and not (
            fields.get("area_code") == area or fields.get("area_code", "").startswith(area + ".")
        ):
            continue
        out.append(_agency_dict(org, fields, counts))
    order = {t: i for i, t in enumerate(status.TYPE_ORDER)}
    out.sort(key=lambda a: (order.get(a["agency_type"], 99), (a["title"] or "").lower()))
    return out


@tk.side_effect_free
def satudata_agency_show(context: Any, data_dict: Any) -> dict[str, Any]:
    """One agency by ``id`` (agency code, organization id or name), with its
    dataset count and parent; for the walidata and the agency's own admins also its
    admins (user names) and warnings (``agreement_expired``, ``agreement_missing``,
    ``no_admin``)."""
    tk.check_access("satudata_agency_show", context, data_dict)
    ref = queries.clean_ref(tk.get_or_bust(data_dict, "id"))
    org = queries.resolve_org(ref)
    if org is None or org.state == "deleted":
        raise tk.ObjectNotFound(tk._("Agency not found"))
    fields = queries.agency_fields(org)
    counts = queries.dataset_counts(context.get("user"))
    out = _agency_dict(org, fields, counts)
    if walidata.may_see_agency_standing(
        context.get("auth_user_obj") or context.get("user"), org.id
    ):
        admins = queries.admin_names(org.id)
        out["admins"] = admins
        out["warnings"] = status.warnings(fields, len(admins))
    parent = queries.org_by_code(fields["parent_code"]) if fields.get("parent_code") else None
    out["parent"] = (
        {"code": fields["parent_code"], "name": parent.name, "title": parent.title}
        if parent is not None
        else None
    )
    return out


def all_actions() -> dict[str, Any]:
    return {
        "satudata_agency_sync": satudata_agency_sync,
        "satudata_agency_merge": satudata_agency_merge,
        "satudata_agency_list": satudata_agency_list,
        "satudata_agency_show": satudata_agency_show,
    }
