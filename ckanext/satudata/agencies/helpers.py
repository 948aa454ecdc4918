"""Template helpers of the agencies capability."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import queries, walidata
from .core import directory, status
from .validators import agency_types


def _lang() -> str:
    try:
        return tk.h.lang() or "id"
    except Exception:
        return "id"


def satudata_is_walidata() -> bool:
    return walidata.is_walidata_helper()


def satudata_agency_type_choices(field: Any = None) -> list[dict[str, Any]]:
    return [
        {"value": code, "label": status.TYPE_LABELS.get(code, {"id": code, "en": code})}
        for code in agency_types()
    ]


def satudata_agency_type_label(code: str) -> str:
    return status.type_label(code or "", _lang())


def warning_text(key: str) -> str:
    if key == "agreement_expired":
        return tk._("The cooperation agreement with the walidata has expired.")
    if key == "agreement_missing":
        return tk._("There is no cooperation agreement with the walidata yet.")
    if key == "no_admin":
        return tk._("No admin has been appointed for this agency.")
    return key


def satudata_agency_warnings(org_id: str) -> list[str]:
    """Translated warnings for the agency page, only for its admins and the walidata."""
    if not org_id or not walidata.can_see_agency_warnings(org_id):
        return []
    org = queries.resolve_org(org_id)
    if org is None:
        return []
    keys = status.warnings(queries.agency_fields(org), len(queries.admin_names(org.id)))
    return [warning_text(k) for k in keys]


def satudata_agency_fields(org_id: str) -> dict[str, str]:
    org = queries.resolve_org(org_id) if org_id else None
    return queries.agency_fields(org) if org is not None else {}


def satudata_publishing_agencies(limit: int = 8) -> dict[str, Any]:
    """The agencies with public datasets for the home page: ``count`` and the first
    ``limit`` (most datasets first), each with its ``public_count``."""
    agencies = tk.get_action("satudata_agency_list")({"user": ""}, {})
    counts = queries.dataset_counts(None)
    publishing = directory.publishing(agencies, counts)
    return {
        "count": len(publishing),
        "agencies": [{**a, "public_count": counts.get(a["id"], 0)} for a in publishing[:limit]],
    }


def all_helpers() -> dict[str, Any]:
    return {
        "satudata_is_walidata": satudata_is_walidata,
        "satudata_agency_type_choices": satudata_agency_type_choices,
        "satudata_agency_type_label": satudata_agency_type_label,
        "satudata_agency_warnings": satudata_agency_warnings,
        "satudata_agency_fields": satudata_agency_fields,
        "satudata_publishing_agencies": satudata_publishing_agencies,
    }
