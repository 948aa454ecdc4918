"""Validation rules for Satu Data metadata (pure).

Each check returns ``None`` when the value is fine or a :class:`Problem` (or a list of
them): an English msgid plus its parameters. The CKAN validators in ``validators.py``
translate the msgid (``toolkit._``) and then fill in the parameters, so the msgids here
are marked with ``N_`` for extraction and translated in ``i18n/id/LC_MESSAGES/ckanext-satudata.po``.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import codelists

REGENCY_CODE = "32.16"
MIN_YEAR = 1945
YEAR_MARGIN = 5
OPEN_CLASSIFICATION = "terbuka"


def N_(msgid: str) -> str:
    """Mark a msgid for extraction without translating it."""
    return msgid


MSG_NOT_IN_LIST = N_("%(value)s is not a valid choice")
MSG_AREA_OUTSIDE = N_("Area code %(value)s is outside Kabupaten Bekasi (32.16)")
MSG_AREA_UNKNOWN = N_("Area code %(value)s is not a known code of Kabupaten Bekasi")
MSG_YEAR_NOT_INT = N_("Year must be a whole number")
MSG_YEAR_RANGE = N_("Year must be between %(min)s and %(max)s")
MSG_YEAR_ORDER = N_("The first year must not be later than the last year")
MSG_DUPLICATE_NAME = N_("The name %(value)s is used more than once")
MSG_BUILDER_MISSING = N_("Builder variable %(value)s is not one of this dataset's variables")
MSG_MISSING = N_("Missing value")
MSG_NOT_TEXT = N_("Must be text")
MSG_NUL = N_("Must not contain a NUL character")
MSG_LIST_OF_OBJECTS = N_('Must be a list of objects, e.g. [{"name": "..."}]')


@dataclass(frozen=True)
class Problem:
    msgid: str
    params: dict = field(default_factory=dict, hash=False, compare=True)

    def render(self, gettext=None) -> str:
        text = gettext(self.msgid) if gettext else self.msgid
        return text % self.params if self.params else text


def max_year(today: datetime.date | None = None) -> int:
    return (today or datetime.date.today()).year + YEAR_MARGIN


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def as_list(value: Any) -> list[str]:
    """A list of trimmed strings from a list, a JSON list string or a comma string."""
    if is_blank(value):
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        text = str(value).strip()
        items = None
        if text.startswith("["):
            try:
                loaded = json.loads(text)
            except ValueError:
                loaded = None
            if isinstance(loaded, list):
                items = loaded
        if items is None:
            items = text.split(",")
    out = []
    for item in items:
        s = str(item).strip()
        if s and s not in out:
            out.append(s)
    return out


def check_text(value: Any) -> Problem | None:
    """A text field's value: a string without NUL (PostgreSQL refuses NUL in text)."""
    if value is None:
        return None
    if not isinstance(value, str):
        return Problem(MSG_NOT_TEXT)
    if "\x00" in value:
        return Problem(MSG_NUL)
    return None


def check_code(list_name: str, value: Any) -> Problem | None:
    if str(value).strip() in codelists.codes(list_name):
        return None
    return Problem(MSG_NOT_IN_LIST, {"value": value})


def check_codes(list_name: str, values: Iterable[Any]) -> list[Problem]:
    return [p for p in (check_code(list_name, v) for v in values) if p]


_AREA_SHAPE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def check_area_code(value: Any) -> Problem | None:
    code = str(value).strip()
    if code in codelists.codes("area"):
        return None
    if not (code == REGENCY_CODE or code.startswith(REGENCY_CODE + ".")):
        return Problem(MSG_AREA_OUTSIDE, {"value": code})
    return Problem(MSG_AREA_UNKNOWN, {"value": code})


def area_within(code: str, parent: str) -> bool:
    return code == parent or code.startswith(parent + ".")


def parse_year(value: Any) -> int | None:
    """An int year, or None when ``value`` is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    if len(text) <= 18 and re.fullmatch(r"[+-]?\d+", text):  # int() refuses 4,300+ digits
        return int(text)
    return None


def check_year(value: Any, today: datetime.date | None = None) -> Problem | None:
    year = parse_year(value)
    if year is None:
        return Problem(MSG_YEAR_NOT_INT)
    top = max_year(today)
    if not MIN_YEAR <= year <= top:
        return Problem(MSG_YEAR_RANGE, {"min": MIN_YEAR, "max": top})
    return None


def check_year_order(start: Any, end: Any) -> Problem | None:
    s, e = parse_year(start), parse_year(end)
    if s is None or e is None:
        return None
    return Problem(MSG_YEAR_ORDER) if s > e else None


def years_covered(start: Any, end: Any, limit: int = 200) -> list[int]:
    """Every year from ``start`` to ``end`` (one of them may be missing)."""
    s, e = parse_year(start), parse_year(end)
    if s is None and e is None:
        return []
    s = e if s is None else s
    e = s if e is None else e
    if s > e or e - s > limit:
        return sorted({s, e})
    return list(range(s, e + 1))


def _norm(name: Any) -> str:
    return " ".join(str(name or "").split()).casefold()


def duplicate_names(items: Iterable[dict], key: str = "name") -> list[tuple[int, str]]:
    """``(index, name)`` of every item whose name repeats an earlier one."""
    seen: set[str] = set()
    dups = []
    for i, item in enumerate(items or []):
        name = _norm((item or {}).get(key))
        if not name:
            continue
        if name in seen:
            dups.append((i, str(item.get(key)).strip()))
        seen.add(name)
    return dups


def missing_builders(indicator: dict, variable_names: Iterable[str]) -> list[str]:
    """The builder variables of ``indicator`` that are not among ``variable_names``."""
    known = {_norm(n) for n in variable_names if _norm(n)}
    return [b for b in as_list((indicator or {}).get("builder_variables")) if _norm(b) not in known]


def requires_private(classification: Any) -> bool:
    """Anything but ``terbuka`` (incl. an unknown value) keeps the dataset private."""
    if is_blank(classification):
        return False
    return str(classification).strip() != OPEN_CLASSIFICATION


# --------------------------------------------------------------------------- request shape

#: CKAN's own dataset fields that hold a list of objects
CKAN_LIST_OF_OBJECTS = ("resources", "tags", "extras", "groups")


def not_lists_of_objects(data: Any, fields: Iterable[str]) -> list[str]:
    """The ``fields`` of ``data`` that are present but not a list of objects. CKAN's validation
    cannot walk such a value (it raises ``DataError``, which the API answers with a bare
    English "Integrity Error"), so they are caught before it runs."""
    if not isinstance(data, dict):
        return []
    return [
        f
        for f in fields
        if f in data
        and not (isinstance(data[f], list) and all(isinstance(item, dict) for item in data[f]))
    ]
