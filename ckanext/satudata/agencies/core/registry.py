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

import csv
import dataclasses
import datetime
import io
import re
from typing import Any, Iterable, Mapping, Optional

import yaml

from ckanext.satudata.metadata.api import limits
from ckanext.satudata.metadata.api import N_

AGENCY_TYPES: tuple[str, ...] = (
    "sekretariat", "inspektorat", "badan", "dinas", "satpol", "rsud", "kecamatan",
)
AGENCY_STATUSES: tuple[str, ...] = ("active", "archived")

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,49}$")
SLUG_RE = re.compile(r"^[a-z0-9_-]{2,100}$")
USERNAME_RE = re.compile(r"^[a-z0-9_-]{2,100}$")
AREA_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: Flat field names carried into the organization (schema field names).
ORG_FIELDS: tuple[str, ...] = (
    "agency_code", "short_name", "agency_type", "parent_code", "area_code",
    "contact_email", "contact_phone", "address", "sk_number", "sk_date",
    "agreement_number", "agreement_date", "agreement_valid_until", "agency_status",
)


class RegisterError(ValueError):
    """The register cannot be used; ``errors`` lists every :class:`RowError`."""

    def __init__(self, errors: Iterable["RowError"]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


@dataclasses.dataclass(frozen=True)
class RowError:
    row: int  # 1-based; 0 for file-level problems
    field: str
    reason: str  # English; with ``params``, a msgid with %(name)s placeholders
    code: str = ""
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False,
                                                  hash=False)

    def render(self, gettext=None) -> str:
        """The reason in the caller's language (``gettext``: ``toolkit._``)."""
        text = gettext(self.reason) if gettext and self.params else self.reason
        return text % dict(self.params) if self.params else text

    def text(self, gettext=None) -> str:
        """``row N (code): field: reason``, in the caller's language with ``gettext``."""
        _ = gettext or (lambda msgid: msgid)
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        if self.code:
            where += f" ({self.code})"
        reason = self.render(gettext)
        return f"{where}: {self.field}: {reason}" if self.field else f"{where}: {reason}"

    def __str__(self) -> str:
        return self.text()

    def as_dict(self, gettext=None) -> dict[str, Any]:
        return {"row": self.row, "code": self.code, "field": self.field,
                "reason": self.render(gettext)}


@dataclasses.dataclass(frozen=True)
class Admin:
    email: str
    name: str  # CKAN user name
    fullname: str = ""


@dataclasses.dataclass(frozen=True)
class Agency:
    row: int
    code: str
    name: str
    type: str
    short_name: str = ""
    parent_code: str = ""
    area_code: str = ""
    slug: str = ""  # explicit organization URL name; see org_name
    status: str = "active"
    contact_email: str = ""
    contact_phone: str = ""
    address: str = ""
    sk_number: str = ""
    sk_date: str = ""
    agreement_number: str = ""
    agreement_date: str = ""
    agreement_valid_until: str = ""
    admins: tuple[Admin, ...] = ()

    @property
    def org_name(self) -> str:
        """The organization URL name: the explicit slug or a default from the code."""
        return self.slug or default_slug(self.code, self.short_name or self.name, self.type)

    def org_fields(self) -> dict[str, str]:
        """The flat organization fields (schema names) this row sets."""
        return {
            "agency_code": self.code,
            "short_name": self.short_name,
            "agency_type": self.type,
            "parent_code": self.parent_code,
            "area_code": self.area_code,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "address": self.address,
            "sk_number": self.sk_number,
            "sk_date": self.sk_date,
            "agreement_number": self.agreement_number,
            "agreement_date": self.agreement_date,
            "agreement_valid_until": self.agreement_valid_until,
            "agency_status": self.status,
        }


@dataclasses.dataclass(frozen=True)
class Register:
    agencies: tuple[Agency, ...]
    walidata: str = ""

    def by_code(self) -> dict[str, Agency]:
        return {a.code: a for a in self.agencies}


# --------------------------------------------------------------------------- helpers

def default_slug(code: str, short_name: str, type_: str) -> str:
    """Organization URL name for a new agency: the code, or ``kecamatan-<name>``
    for all-digit (Kemendagri) codes."""
    if code.isdigit():
        base = slugify(short_name) or code
        prefix = "kecamatan" if type_ == "kecamatan" else "agency"
        return f"{prefix}-{base}"[:100]
    return code


def slugify(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return text.strip("-")


def username_from_email(email: str) -> str:
    local = email.split("@", 1)[0].lower()
    name = re.sub(r"[^a-z0-9_-]+", "-", local).strip("-")
    return name if len(name) >= 2 else f"user-{name}".strip("-")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def _valid_date(value: str) -> Optional[datetime.date]:
    if not DATE_RE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------- parsing

def load(path: str, **kwargs: Any) -> Register:
    """Read a ``.yaml``/``.yml``/``.csv`` register file and validate it."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    fmt = "csv" if path.lower().endswith(".csv") else "yaml"
    return parse(text, fmt=fmt, **kwargs)


def parse(text: str, fmt: str = "yaml", *, area_codes: Optional[frozenset[str]] = None,
          agency_types: Optional[Iterable[str]] = None) -> Register:
    """Parse and validate; raise :class:`RegisterError` listing every bad row."""
    if fmt == "csv":
        raw_rows, walidata, errors = _read_csv(text)
    else:
        raw_rows, walidata, errors = _read_yaml(text)
    if errors:
        raise RegisterError(errors)
    return validate_rows(raw_rows, walidata=walidata, area_codes=area_codes,
                         agency_types=agency_types)


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: ``date: 2023-02-30`` stays the text it was written
    as, so the row's date check reports it (PyYAML's own conversion raised ValueError)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _read_yaml(text: str) -> tuple[list[Any], str, list[RowError]]:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, ValueError, RecursionError) as e:
        return [], "", [RowError(0, "", f"not valid YAML: {e}")]
    if isinstance(data, list):
        return data, "", []
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        return [], "", [RowError(0, "agencies", "the file needs a top-level 'agencies' list")]
    return data["agencies"], _text(data.get("walidata")), []


def _read_csv(text: str) -> tuple[list[Any], str, list[RowError]]:
    if "\x00" in text:
        return [], "", [RowError(0, "", "the file contains a NUL character")]
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        records = list(reader)
    except csv.Error as e:
        return [], "", [RowError(0, "", f"not valid CSV: {e}")]
    if not reader.fieldnames or "code" not in [f.strip() for f in reader.fieldnames]:
        return [], "", [RowError(0, "code", "the CSV header needs a 'code' column")]
    rows: list[Any] = []
    for rec in records:
        extra = rec.pop(None, None)  # type: ignore[call-overload]
        row = {(k or "").strip(): v for k, v in rec.items()}
        if extra:
            row["_extra_columns"] = extra
        emails = [e.strip() for e in _text(row.pop("admin_emails", "")).split(";") if e.strip()]
        names = [n.strip() for n in _text(row.pop("admin_names", "")).split(";")]
        if emails:
            row["admins"] = [
                {"email": e, **({"name": names[i]} if i < len(names) and names[i] else {})}
                for i, e in enumerate(emails)
            ]
        rows.append(row)
    return rows, "", []


_ALIASES = {"kind": "type", "agency_type": "type", "wilayah_code": "area_code",
            "parent": "parent_code", "agency_status": "status", "title": "name",
            "agency_code": "code"}


def _flatten(raw: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        key = _ALIASES.get(str(key).strip(), str(key).strip())
        if key == "contact" and isinstance(value, Mapping):
            for k, v in value.items():
                flat["address" if k == "address" else f"contact_{k}"] = v
        elif key == "sk" and isinstance(value, Mapping):
            for k, v in value.items():
                flat[f"sk_{k}"] = v
        elif key == "agreement" and isinstance(value, Mapping):
            for k, v in value.items():
                flat[f"agreement_{k}"] = v
        elif key in ("sk", "agreement", "contact") and value in (None, ""):
            continue
        else:
            flat[key] = value
    return flat


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


_KNOWN = {f.name for f in dataclasses.fields(Agency)} - {"row"}

# msgids (translated by the action; listed in i18n/src/agencies.po)
MSG_NOT_A_DATE = N_("'%(value)s' is not a date (YYYY-MM-DD)")
MSG_DATE_RANGE = N_("Enter a date between %(min)s and %(max)s")
MSG_TOO_LONG = N_("Must be at most %(max)s characters long")
_LIMIT_OF = {"admins.email": "admin_email", "admins.name": "admin_name",
             "admins.fullname": "admin_fullname"}


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


def validate_rows(raw_rows: list[Any], *, walidata: str = "",
                  area_codes: Optional[frozenset[str]] = None,
                  agency_types: Optional[Iterable[str]] = None) -> Register:
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

        def err(field: str, reason: str, **params: Any) -> None:
            errs.append(RowError(index, field, reason, code[:limits.limit("agency", "code")],
                                 params))

        for field, value in _too_long(row):
            err(field, MSG_TOO_LONG, max=limits.limit("agency", _LIMIT_OF.get(field, field)))

        for key, value in row.items():
            if key not in _KNOWN:
                err(key, "unknown field")
            elif _has_nul(value):
                err(key, "contains a NUL character")

        if not code:
            err("code", "missing agency code")
        elif not CODE_RE.match(code):
            err("code", "must be 2-50 characters: lower-case letters, digits, '-' or '_', "
                        "starting with a letter or digit")
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
            err("slug", f"organization name '{org_name}' already used by row "
                        f"{seen_slugs[org_name]}")

        email = _text(row.get("contact_email"))
        if email and not EMAIL_RE.match(email):
            err("contact_email", f"'{email}' is not an e-mail address")

        dates: dict[str, Optional[datetime.date]] = {}
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
        if dates.get("agreement_date") and dates.get("agreement_valid_until") \
                and dates["agreement_valid_until"] < dates["agreement_date"]:
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
                err(f"admins[{n}].name",
                    f"user name '{a_name}' is used with another e-mail in row {prev[0]}")
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
        agencies.append(Agency(
            row=index, code=code, name=name, type=type_, short_name=short_name,
            parent_code=parent, area_code=area, slug=slug, status=status,
            contact_email=email, contact_phone=_text(row.get("contact_phone")),
            address=_text(row.get("address")), sk_number=_text(row.get("sk_number")),
            sk_date=_text(row.get("sk_date")),
            agreement_number=_text(row.get("agreement_number")),
            agreement_date=_text(row.get("agreement_date")),
            agreement_valid_until=_text(row.get("agreement_valid_until")),
            admins=tuple(admins),
        ))

    # parents must exist in the register; no cycles
    parent_of = {code: parent for _, code, parent in parents}
    for index, code, parent in parents:
        if parent not in seen_codes:
            errors.append(RowError(index, "parent_code",
                                   f"parent '{parent}' is not in the register", code))
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


# --------------------------------------------------------------------------- dumping

def dump_yaml(register: Register) -> str:
    """Serialise a register back to the YAML format (round-trips through parse)."""
    rows = []
    for a in register.agencies:
        row: dict[str, Any] = {"code": a.code, "name": a.name}
        for key in ("short_name", "type", "parent_code", "area_code", "slug"):
            row[key] = getattr(a, key)
        if a.status != "active":
            row["status"] = a.status
        contact = {k: v for k, v in (("email", a.contact_email), ("phone", a.contact_phone),
                                     ("address", a.address)) if v}
        if contact:
            row["contact"] = contact
        if a.sk_number or a.sk_date:
            row["sk"] = {"number": a.sk_number, "date": a.sk_date}
        if a.agreement_number or a.agreement_date or a.agreement_valid_until:
            row["agreement"] = {"number": a.agreement_number, "date": a.agreement_date,
                                "valid_until": a.agreement_valid_until}
        if a.admins:
            row["admins"] = [{k: v for k, v in (("email", x.email), ("name", x.name),
                                                ("fullname", x.fullname)) if v}
                             for x in a.admins]
        rows.append({k: v for k, v in row.items() if v != ""})
    data: dict[str, Any] = {}
    if register.walidata:
        data["walidata"] = register.walidata
    data["agencies"] = rows
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
