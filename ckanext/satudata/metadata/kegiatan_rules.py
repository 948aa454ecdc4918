"""Rules of the Kegiatan Statistik record (MS-Keg) that need no CKAN (pure).

The record itself is the scheming dataset type ``kegiatan`` (``schemas/kegiatan.yaml``); this
module knows its dates (ISO days inside ``limits.DATES["kegiatan"]``, each schedule's start
not after its end), the MS-Keg items it holds, and the items a dataset reads from its linked
activity (``ms_keg_items``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

from . import fieldmarks, limits
from .rules import N_, Problem, is_blank

KEGIATAN_TYPE = "kegiatan"
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "kegiatan.yaml"
#: the dataset field that links a dataset to its kegiatan (its package id)
LINK_FIELD = "kegiatan"

MSG_DATE_FORMAT = N_("Enter a date as YYYY-MM-DD")
MSG_DATE_ORDER = N_("The end must not be before the start")
MSG_NO_KEGIATAN = N_("No such statistical activity")
MSG_OTHER_AGENCY = N_("The statistical activity must belong to the dataset's agency")

#: MS-Keg 3.3 schedule steps; each has ``schedule_<step>_start`` and ``schedule_<step>_end``
SCHEDULE_STEPS = (
    "planning",
    "design",
    "collection",
    "processing",
    "analysis",
    "dissemination",
    "evaluation",
)


def parse_date(value: Any) -> tuple[str | None, Problem | None]:
    """An ISO day (``YYYY-MM-DD``, or the day of an ISO instant) inside the kegiatan range."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()[:10]
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None, Problem(MSG_DATE_FORMAT)
    problem = limits.check_date("kegiatan", day)
    return (None, problem) if problem else (day.isoformat(), None)


def check_count(value: Any) -> tuple[int | None, Problem | None]:
    return limits.check_int(value, *limits.COUNT_RANGE)


_ASKS_FOR_KEGIATAN = re.compile(r"(?<![-!\w])dataset_type:(?:\(|\*|\"?" + KEGIATAN_TYPE + r"\b)")


def asks_for_kegiatan(*clauses: Any) -> bool:
    """Whether a search's q/fq clauses ask for kegiatan records (``dataset_type:kegiatan``,
    ``dataset_type:*`` or a list of types); a negative clause does not."""
    return any(_ASKS_FOR_KEGIATAN.search(str(c or "")) for c in clauses)


def schedule_disorder(record: dict) -> list[str]:
    """The ``schedule_*_end`` fields earlier than their start (ISO strings compare as days)."""
    wrong = []
    for step in SCHEDULE_STEPS:
        start, end = record.get(f"schedule_{step}_start"), record.get(f"schedule_{step}_end")
        if isinstance(start, str) and isinstance(end, str) and start and end and end < start:
            wrong.append(f"schedule_{step}_end")
    return wrong


@functools.cache
def schema() -> dict[str, Any]:
    return fieldmarks.load_schema(str(SCHEMA_PATH))


def item_fields() -> dict[str, str]:
    """``{field_name: MS-Keg block}`` (``header``, ``I`` ... ``VIII``), in schema order."""
    return {
        f["field_name"]: f["satudata_msKeg"]
        for f in schema()["dataset_fields"]
        if f.get("satudata_msKeg")
    }


def field_kinds() -> dict[str, str]:
    """``{field_name: kind}`` of the MS-Keg items: ``text``, ``code`` (one code),
    ``codes`` (a multiple choice), ``int``, ``date`` or ``rows`` (3.4 variables)."""
    kinds = {}
    for f in schema()["dataset_fields"]:
        if not f.get("satudata_msKeg"):
            continue
        validators = f.get("validators", "")
        if f.get("repeating_subfields"):
            kind = "rows"
        elif f.get("preset") == "multiple_select":
            kind = "codes"
        elif f.get("preset") == "select":
            kind = "code"
        elif f.get("preset") == "date":
            kind = "date"
        elif "satudata_year" in validators or "satudata_count" in validators:
            kind = "int"
        else:
            kind = "text"
        kinds[f["field_name"]] = kind
    return kinds


def codelist_of(field_name: str) -> str | None:
    for f in schema()["dataset_fields"]:
        if f["field_name"] == field_name:
            return f.get("satudata_codelist")
    return None


def variable_subfields() -> list[str]:
    """The subfields of MS-Keg 3.4 (variables collected), in schema order."""
    for f in schema()["dataset_fields"]:
        if f["field_name"] == "variables":
            return [s["field_name"] for s in f["repeating_subfields"]]
    return []


def marks() -> dict[str, str]:
    """Required/recommended/optional of every kegiatan field (and ``variables.<name>``)."""
    return fieldmarks.all_marks(schema())


def ms_keg_items(record: dict | None) -> dict[str, Any]:
    """The MS-Keg items of a kegiatan record (a ``package_show`` dict), keyed by field name,
    blanks left out; the agency (1.1) as its title. ``{}`` for no record."""
    if not record:
        return {}
    items: dict[str, Any] = {}
    for name in item_fields():
        value = record.get(name)
        if name == "owner_org":
            value = (record.get("organization") or {}).get("title") or value
        if not is_blank(value):
            items[name] = value
    items["id"], items["name"] = record.get("id"), record.get("name")
    return items
