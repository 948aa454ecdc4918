"""Limits on the plugin's own text fields, whole numbers and dates (pure: no ``ckan`` imports).

Every text a user can store has a maximum length and every date a range, so that a value the
database, the search index or a spreadsheet cannot hold is a field error before it is stored
(PostgreSQL's btree index refuses a 1 MB title, Solr's string fields a term over 32 kB, Python's
datetime a year past 9999). The Satu Data dataset and organization fields carry their limits in
the scheming YAML (``satudata_max_length(N)``); this table holds the limits of the tables of
the plugin (periods, items, manual indicators, the agency register, the daftar-data import),
so the action, the form and the import read the same numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .rules import N_, Problem

#: characters, by ``(record, field)``
TEXT: dict[str, dict[str, int]] = {
    "period": {"name": 100, "title": 200},
    "item": {"title": 500, "indicator": 500, "frequency": 50, "notes": 2000, "agency": 100},
    "transition": {"notes": 2000},
    "manual_indicator": {"evidence": 2000},
    "agency": {
        "code": 50,
        "name": 200,
        "short_name": 100,
        "slug": 100,
        "parent_code": 50,
        "area_code": 20,
        "contact_email": 254,
        "contact_phone": 50,
        "address": 1000,
        "sk_number": 200,
        "agreement_number": 200,
        "admin_email": 254,
        "admin_name": 100,
        "admin_fullname": 200,
    },
}

#: inclusive ranges of dates, by kind
DATES: dict[str, tuple[dt.date, dt.date]] = {
    # submission periods: opening, cutoff, input close, end of corrections
    "period": (dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    # an agency's decree (SK) and cooperation agreement dates
    "agency": (dt.date(1945, 1, 1), dt.date(2100, 12, 31)),
    # a statistical activity's schedule (MS-Keg 3.3) and planned releases (8.2)
    "kegiatan": (dt.date(1945, 1, 1), dt.date(2100, 12, 31)),
}

#: whole numbers of a kegiatan (MS-Keg 6.6: supervisors, enumerators)
COUNT_RANGE = (0, 1_000_000)

#: a period's ``year``
PERIOD_YEARS = (2000, 2100)
#: the daftar-data import: file size and one line of a CSV file
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_LINE = 10_000

MSG_TOO_LONG = N_("Must be at most %(max)s characters long")
MSG_DATE_RANGE = N_("Enter a date between %(min)s and %(max)s")
MSG_NOT_WHOLE = N_("Must be a whole number")
MSG_NUMBER_RANGE = N_("Must be a whole number from %(min)s to %(max)s")


def limit(record: str, field: str) -> int:
    return TEXT[record][field]


def check_length(value: Any, maximum: int) -> Problem | None:
    if isinstance(value, str) and len(value) > maximum:
        return Problem(MSG_TOO_LONG, {"max": maximum})
    return None


def check_field(record: str, field: str, value: Any) -> Problem | None:
    return check_length(value, limit(record, field))


def date_range(kind: str) -> tuple[dt.date, dt.date]:
    return DATES[kind]


def check_date(kind: str, value: dt.date | None) -> Problem | None:
    """``value`` (a date, or an instant whose date is taken as it is) inside the range."""
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    low, high = DATES[kind]
    if not low <= day <= high:
        return Problem(MSG_DATE_RANGE, {"min": low.isoformat(), "max": high.isoformat()})
    return None


def parse_int(value: Any) -> int | None:
    """A whole number from an int, an integral float or a string of digits; ``None`` for
    anything else (booleans, ``1.5``, ``"2023.5"``, ``"1e3"``, lists)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        sign = text[:1] if text[:1] in ("+", "-") else ""
        text = text[len(sign) :]
        if text.isascii() and text.isdigit() and len(text) <= 18:
            return int(sign + text)
    return None


def check_int(value: Any, low: int, high: int) -> tuple[int | None, Problem | None]:
    number = parse_int(value)
    if number is None:
        return None, Problem(MSG_NOT_WHOLE)
    if not low <= number <= high:
        return None, Problem(MSG_NUMBER_RANGE, {"min": low, "max": high})
    return number, None
