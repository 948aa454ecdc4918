"""The rules of a register row (pure): required fields, codes, types, parents, areas, dates,
lengths; every bad row is a translated :class:`RowError`, and nothing is applied."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from ckanext.satudata.metadata.api import N_, limits

from .register_model import (
    AGENCY_STATUSES,
    AGENCY_TYPES,
    AREA_RE,
    CODE_RE,
    EMAIL_RE,
    SLUG_RE,
    USERNAME_RE,
    Admin,
    Agency,
    Register,
    RegisterError,
    RowError,
    _text,
    _valid_date,
    default_slug,
    username_from_email,
)
from .register_reading import _flatten, _has_nul

_KNOWN = {f.name for f in dataclasses.fields(Agency)} - {"row"}

# msgids (translated by the action; listed in i18n/src/agencies.po)
MSG_NOT_A_DATE = N_("'%(value)s' is not a date (YYYY-MM-DD)")
MSG_DATE_RANGE = N_("Enter a date between %(min)s and %(max)s")
MSG_TOO_LONG = N_("Must be at most %(max)s characters long")
_LIMIT_OF = {
    "admins.email": "admin_email",
    "admins.name": "admin_name",
    "admins.fullname": "admin_fullname",
}


def _too_long(row: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``(field, value)`` of every text of ``row`` over its limit (limits.TEXT["agency"])."""
    out = []
    table = limits.TEXT["agency"]
    for key, value in row.items():
        if key in table and isinstance(value, str) and len(value.strip()) > table[key]:
            out.append((key, value))
    for adm in row.get("admins") or [] if isinstance(row.get("admins"), list) else []:
        if isinstance(adm, Mapping):
            for k in ("email", "name", "fullname"):
                v = adm.get(k)
                if isinstance(v, str) and len(v.strip()) > table["admin_" + k]:
                    out.append((f"admins.{k}", v))
    return out


def validate_rows(
    raw_rows: list[Any],
    *,
    walidata: str = "",
    area_codes: frozenset[str] | None = None,
    agency_types: Iterable[str] | None = None,
) -> Register:
    types = tuple(agency_types) if agency_types else AGENCY_TYPES
    errors: list[RowError] = []
    agencies: list[Agency] = []
    seen_codes: dict[str, int] = {}
    seen_slugs: dict[str, int] = {}
    seen_users: dict[str, tuple[int, str]] = {}
    parents: list[tuple[int, str, str]] = []

    for index, raw in enumerate(raw_rows, start=1):
        if not isinstance(raw, Mapping):
            errors.append(RowError(index, "", "a row must be a mapping of fields"))
            continue
        row = _flatten(raw)
        code = _text(row.get("code"))
        errs: list[RowError] = []

        # bound per row (defaults), not looked up when called
        def err(
            field: str,
            reason: str,
            *,
            errs: list[RowError] = errs,
            index: int = index,
            code: str = code,
            **params: Any,
        ) -> None:
            errs.append(
                RowError(index, field, reason, code[: limits.limit("agency", "code")], params)
            )

        for field, _value in _too_long(row):
            err(field, MSG_TOO_LONG, max=limits.limit("agency", _LIMIT_OF.get(field, field)))

        for key, value in row.items():
            if key not in _KNOWN:
                err(key, "unknown field")
            elif _has_nul(value):
                err(key, "contains a NUL character")

        if not code:
            err("code", "missing agency code")
        elif not CODE_RE.match(code):
            err(
                "code",
                "must be 2-50 characters: lower-case letters, digits, '-' or '_', "
                "starting with a letter or digit",
            )
        elif code in seen_codes:
            err("code", f"duplicate of row {seen_codes[code]}")

        name = _text(row.get("name"))
        if not name:
            err("name", "missing name")
        type_ = _text(row.get("type")).lower()
        if not type_:
            err("type", "missing agency type")
        elif type_ not in types:
            err("type", f"unknown agency type '{type_}' (one of {', '.join(types)})")

        status = _text(row.get("status")).lower() or "active"
        if status not in AGENCY_STATUSES:
            err("status", "must be 'active' or 'archived'")

        parent = _text(row.get("parent_code"))
        if parent and parent == code:
            err("parent_code", "an agency cannot be its own parent")
        elif parent and code and code not in seen_codes:
            parents.append((index, code, parent))

        area = _text(row.get("area_code"))
        if area:
            if not AREA_RE.match(area):
                err("area_code", f"'{area}' is not a Kemendagri area code like 32.16 or 32.16.01")
            elif area_codes is not None and area not in area_codes:
                err("area_code", f"'{area}' is not in the area code list")
            elif type_ == "kecamatan" and area.count(".") != 2:
                err("area_code", "a kecamatan needs a kecamatan code like 32.16.01")
        elif type_ == "kecamatan":
            err("area_code", "a kecamatan needs its Kemendagri area code")

        short_name = _text(row.get("short_name"))
        slug = _text(row.get("slug"))
        if slug and not SLUG_RE.match(slug):
            err("slug", "must be 2-100 characters: lower-case letters, digits, '-' or '_'")
        org_name = slug
        if not org_name and code and CODE_RE.match(code):
            org_name = default_slug(code, short_name or name, type_)
        if org_name and org_name in seen_slugs and code not in seen_codes:
            err(
                "slug", f"organization name '{org_name}' already used by row {seen_slugs[org_name]}"
            )

        email = _text(row.get("contact_email"))
        if email and not EMAIL_RE.match(email):
            err("contact_email", f"'{email}' is not an e-mail address")

        dates: dict[str, datetime.date | None] = {}
        for field in ("sk_date", "agreement_date", "agreement_valid_until"):
            value = _text(row.get(field))
            if value:
                parsed = _valid_date(value)
                if parsed is None:
                    err(field, MSG_NOT_A_DATE, value=value[:40])
                elif limits.check_date("agency", parsed):
                    low, high = limits.date_range("agency")
                    err(field, MSG_DATE_RANGE, min=low.isoformat(), max=high.isoformat())
                    parsed = None
                dates[field] = parsed
        if (
            dates.get("agreement_date")
            and dates.get("agreement_valid_until")
            and dates["agreement_valid_until"] < dates["agreement_date"]
        ):
            err("agreement_valid_until", "ends before the agreement date")
        if _text(row.get("sk_number")) and not _text(row.get("sk_date")):
            err("sk_date", "an SK number needs its date")
        if _text(row.get("agreement_number")) and not _text(row.get("agreement_date")):
            err("agreement_date", "an agreement number needs its date")

        admins: list[Admin] = []
        raw_admins = row.get("admins") or []
        if not isinstance(raw_admins, list):
            err("admins", "must be a list")
            raw_admins = []
        for n, adm in enumerate(raw_admins, start=1):
            if isinstance(adm, str):
                adm = {"email": adm}
            if not isinstance(adm, Mapping):
                err(f"admins[{n}]", "must be a mapping with 'email'")
                continue
            a_email = _text(adm.get("email")).lower()
            if not a_email or not EMAIL_RE.match(a_email):
                err(f"admins[{n}].email", f"'{a_email}' is not an e-mail address")
                continue
            a_name = _text(adm.get("name")) or username_from_email(a_email)
            if not USERNAME_RE.match(a_name):
                err(f"admins[{n}].name", f"'{a_name}' is not a valid user name")
                continue
            prev = seen_users.get(a_name)
            if prev and prev[1] != a_email:
                err(
                    f"admins[{n}].name",
                    f"user name '{a_name}' is used with another e-mail in row {prev[0]}",
                )
                continue
            seen_users[a_name] = (index, a_email)
            admins.append(Admin(a_email, a_name, _text(adm.get("fullname"))))

        if code and code not in seen_codes:
            seen_codes[code] = index
        if org_name and org_name not in seen_slugs:
            seen_slugs[org_name] = index
        if errs:
            errors.extend(errs)
            continue
        agencies.append(
            Agency(
                row=index,
                code=code,
                name=name,
                type=type_,
                short_name=short_name,
                parent_code=parent,
                area_code=area,
                slug=slug,
                status=status,
                contact_email=email,
                contact_phone=_text(row.get("contact_phone")),
                address=_text(row.get("address")),
                sk_number=_text(row.get("sk_number")),
                sk_date=_text(row.get("sk_date")),
                agreement_number=_text(row.get("agreement_number")),
                agreement_date=_text(row.get("agreement_date")),
                agreement_valid_until=_text(row.get("agreement_valid_until")),
                admins=tuple(admins),
            )
        )

    # parents must exist in the register; no cycles
    parent_of = {code: parent for _, code, parent in parents}
    for index, code, parent in parents:
        if parent not in seen_codes:
            errors.append(
                RowError(index, "parent_code", f"parent '{parent}' is not in the register", code)
            )
            continue
        chain = {code}
        cur = parent
        while cur:
            if cur in chain:
                errors.append(RowError(index, "parent_code", "parent chain forms a cycle", code))
                break
            chain.add(cur)
            cur = parent_of.get(cur, "")
    if not raw_rows:
        errors.append(RowError(0, "agencies", "the register has no rows"))
    if walidata and walidata not in seen_codes:
        errors.append(RowError(0, "walidata", f"walidata '{walidata}' is not in the register"))
    if errors:
        errors.sort(key=lambda e: (e.row, e.field))
        raise RegisterError(errors)
    return Register(tuple(agencies), walidata)
