"""Pure helpers about one agency's state: warnings and directory grouping."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from .registry import AGENCY_TYPES

#: Directory order of agency types.
TYPE_ORDER: tuple[str, ...] = AGENCY_TYPES


def agreement_expired(fields: Mapping[str, Any], today: datetime.date) -> bool:
    value = str(fields.get("agreement_valid_until") or "").strip()
    if not value:
        return False
    try:
        return datetime.date.fromisoformat(value[:10]) < today
    except ValueError:
        return False


def warnings(
    fields: Mapping[str, Any], admin_count: int, today: datetime.date | None = None
) -> list[str]:
    """Machine keys of the problems an agency has: ``agreement_expired``,
    ``agreement_missing``, ``no_admin``. Archived agencies have none."""
    if str(fields.get("agency_status") or "active") == "archived":
        return []
    today = today or datetime.date.today()
    out = []
    if not str(fields.get("agreement_number") or "").strip():
        out.append("agreement_missing")
    elif agreement_expired(fields, today):
        out.append("agreement_expired")
    if admin_count < 1:
        out.append("no_admin")
    return out


def group_by_type(
    agencies: Iterable[Mapping[str, Any]],
) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Group agency dicts (with ``agency_type`` and ``title``) by type, in
    :data:`TYPE_ORDER`, unknown types last; each group sorted by title."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for a in agencies:
        groups.setdefault(str(a.get("agency_type") or ""), []).append(a)
    order = list(TYPE_ORDER) + sorted(t for t in groups if t not in TYPE_ORDER)
    return [
        (t, sorted(groups[t], key=lambda a: str(a.get("title") or "").lower()))
        for t in order
        if t in groups
    ]


#: Labels of the agency types (Indonesian, English); directory headings use the plural.
TYPE_LABELS: dict[str, dict[str, str]] = {
    "sekretariat": {"id": "Sekretariat", "en": "Secretariats"},
    "inspektorat": {"id": "Inspektorat", "en": "Inspectorate"},
    "badan": {"id": "Badan", "en": "Agencies (badan)"},
    "dinas": {"id": "Dinas", "en": "Offices (dinas)"},
    "satpol": {"id": "Satuan Polisi Pamong Praja", "en": "Civil Service Police Unit"},
    "rsud": {"id": "Rumah Sakit Umum Daerah", "en": "Regional Public Hospital"},
    "kecamatan": {"id": "Kecamatan", "en": "Districts (kecamatan)"},
}


def type_label(code: str, lang: str = "id") -> str:
    labels = TYPE_LABELS.get(code)
    if not labels:
        return code
    return labels.get(lang) or labels["id"]
