"""Agency register: parse a YAML or CSV file into validated :class:`Agency` rows.

Pure module: no ``ckan`` imports. Everything is keyed by the stable agency code.

YAML format (the shipped ``data/bekasi.yaml`` is an example)::

    walidata: diskominfosantik          # optional, informative
    agencies:
      - code: setda                     # stable key, [a-z0-9][a-z0-9_-]{1,49}
        name: Sekretariat Daerah        # display name (organization title)
        short_name: Setda
        type: sekretariat               # see AGENCY_TYPES
        parent_code: ""                 # code of another row, optional
        area_code: "32.16"              # Kemendagri code
        slug: setda                     # optional organization URL name
        status: active                  # active | archived
        contact: {email: ..., phone: ..., address: ...}
        sk: {number: ..., date: 2023-11-01}
        agreement: {number: ..., date: ..., valid_until: ...}
        admins:
          - {email: admin.setda@bekasikab.go.id, name: admin-setda, fullname: ...}

CSV format: one row per agency, a header line with the flat column names
``code,name,short_name,type,parent_code,area_code,slug,status,contact_email,
contact_phone,address,sk_number,sk_date,agreement_number,agreement_date,
agreement_valid_until,admin_emails`` (``kind`` is accepted for ``type`` and
``wilayah_code`` for ``area_code``; ``admin_emails`` is ``;``-separated).
Only ``code``, ``name`` and ``type`` are required.

Rows are numbered from 1 in file order (for CSV the data row after the header
is row 1; its line number is row + 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from ckanext.satudata.metadata.api import N_  # noqa: F401  (re-exported)

# The register's parts, re-exported: callers import them from here.
from .register_model import (  # noqa: F401
    AGENCY_STATUSES,
    AGENCY_TYPES,
    AREA_RE,
    CODE_RE,
    DATE_RE,
    EMAIL_RE,
    ORG_FIELDS,
    SLUG_RE,
    USERNAME_RE,
    Admin,
    Agency,
    Register,
    RegisterError,
    RowError,
    default_slug,
    slugify,
    username_from_email,
)
from .register_reading import _read_csv, _read_yaml
from .register_rules import validate_rows


def load(path: str, **kwargs: Any) -> Register:
    """Read a ``.yaml``/``.yml``/``.csv`` register file and validate it."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    fmt = "csv" if path.lower().endswith(".csv") else "yaml"
    return parse(text, fmt=fmt, **kwargs)


def parse(
    text: str,
    fmt: str = "yaml",
    *,
    area_codes: frozenset[str] | None = None,
    agency_types: Iterable[str] | None = None,
) -> Register:
    """Parse and validate; raise :class:`RegisterError` listing every bad row."""
    if fmt == "csv":
        raw_rows, walidata, errors = _read_csv(text)
    else:
        raw_rows, walidata, errors = _read_yaml(text)
    if errors:
        raise RegisterError(errors)
    return validate_rows(
        raw_rows, walidata=walidata, area_codes=area_codes, agency_types=agency_types
    )


def dump_yaml(register: Register) -> str:
    """Serialise a register back to the YAML format (round-trips through parse)."""
    rows = []
    for a in register.agencies:
        row: dict[str, Any] = {"code": a.code, "name": a.name}
        for key in ("short_name", "type", "parent_code", "area_code", "slug"):
            row[key] = getattr(a, key)
        if a.status != "active":
            row["status"] = a.status
        contact = {
            k: v
            for k, v in (
                ("email", a.contact_email),
                ("phone", a.contact_phone),
                ("address", a.address),
            )
            if v
        }
        if contact:
            row["contact"] = contact
        if a.sk_number or a.sk_date:
            row["sk"] = {"number": a.sk_number, "date": a.sk_date}
        if a.agreement_number or a.agreement_date or a.agreement_valid_until:
            row["agreement"] = {
                "number": a.agreement_number,
                "date": a.agreement_date,
                "valid_until": a.agreement_valid_until,
            }
        if a.admins:
            row["admins"] = [
                {
                    k: v
                    for k, v in (("email", x.email), ("name", x.name), ("fullname", x.fullname))
                    if v
                }
                for x in a.admins
            ]
        rows.append({k: v for k, v in row.items() if v != ""})
    data: dict[str, Any] = {}
    if register.walidata:
        data["walidata"] = register.walidata
    data["agencies"] = rows
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
