"""An agency's identity and standing: the organization fields only the walidata sets.

Pure module (no ``ckan`` imports). The register sync, the merge and a walidata (or sysadmin)
edit write these fields; an agency's own admin sees them but cannot change them, because
every lookup of an agency (``agency_code``), its place in the hierarchy (``parent_code``,
``area_code``, ``agency_type``) and its standing (decree, agreement, status, merge) is what
the walidata vouches for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: the organization schema fields only the walidata may set (schemas/organization.yaml)
WALIDATA_FIELDS: tuple[str, ...] = (
    "agency_code",
    "agency_type",
    "parent_code",
    "area_code",
    "sk_number",
    "sk_date",
    "agreement_number",
    "agreement_date",
    "agreement_valid_until",
    "agency_status",
    "merged_into",
)

#: what a field that was never stored means (the schema's default)
DEFAULTS: Mapping[str, str] = {"agency_status": "active"}


def canonical(field: str, value: Any) -> str:
    """The stored form of a value, so that ``None``, ``""`` and the default compare equal."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value.strip()
    else:
        text = str(value)
    return text or DEFAULTS.get(field, "")


def refused_changes(stored: Mapping[str, Any], incoming: Mapping[str, Any]) -> list[str]:
    """The walidata-only fields ``incoming`` would change (fields it leaves out change
    nothing: the caller keeps the stored values for them)."""
    return [
        f
        for f in WALIDATA_FIELDS
        if f in incoming and canonical(f, incoming[f]) != canonical(f, stored.get(f))
    ]


def kept_values(stored: Mapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, str]:
    """The stored values of the walidata-only fields ``incoming`` leaves out (a form whose
    read-only fields are not posted, an ``organization_update`` without them): they stay."""
    return {
        f: str(stored[f])
        for f in WALIDATA_FIELDS
        if f not in incoming and stored.get(f) not in (None, "")
    }
