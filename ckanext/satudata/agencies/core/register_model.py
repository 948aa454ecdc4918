"""The agency register's rows and errors (pure): codes, types and the plain values of one
agency, and the small text helpers the reading and the rules share."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

AGENCY_TYPES: tuple[str, ...] = (
    "sekretariat",
    "inspektorat",
    "badan",
    "dinas",
    "satpol",
    "rsud",
    "kecamatan",
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
    "agency_code",
    "short_name",
    "agency_type",
    "parent_code",
    "area_code",
    "contact_email",
    "contact_phone",
    "address",
    "sk_number",
    "sk_date",
    "agreement_number",
    "agreement_date",
    "agreement_valid_until",
    "agency_status",
)


class RegisterError(ValueError):
    """The register cannot be used; ``errors`` lists every :class:`RowError`."""

    def __init__(self, errors: Iterable[RowError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


@dataclasses.dataclass(frozen=True)
class RowError:
    row: int  # 1-based; 0 for file-level problems
    field: str
    reason: str  # English; with ``params``, a msgid with %(name)s placeholders
    code: str = ""
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

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
        return {
            "row": self.row,
            "code": self.code,
            "field": self.field,
            "reason": self.render(gettext),
        }


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


def _valid_date(value: str) -> datetime.date | None:
    if not DATE_RE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None
