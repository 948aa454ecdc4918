"""Variables proposed from a table's header (pure): the dataset form's "propose variables from
a file" reads a CSV/XLSX with :mod:`.table_reading` and gets one proposal per column.

A proposal is only a start: the editor sees the rows in the form, completes them (concept,
definition, unit, ...) or removes them before sending the page. So this stays conservative: the
header is the first row with a value; names are cleaned text, cut to the schema's limit, unique
(case-insensitive); the data type is guessed from the cells below only when every sampled cell
agrees (whole numbers -> ``integer``, numbers -> ``decimal``), ``text`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

MAX_COLUMNS = 100  # proposals from one file; a wider table is unlikely a Satu Data table
MAX_NAME = 200  # the schema's limit of a variable name
SAMPLE_ROWS = 50
_SPACE = re.compile(r"\s+")
_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?(\d+[.,]\d*|\d*[.,]\d+)$")


def _text(v: Any) -> str:
    if v is None or isinstance(v, bool):
        return "" if v is None else str(v)
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return _SPACE.sub(" ", str(v).replace("\x00", "")).strip()


def _kind(v: Any) -> str | None:
    """``integer``, ``decimal``, ``text`` or ``None`` (blank) for one cell."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool):
        return "text"
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer()):
        return "integer"
    if isinstance(v, float):
        return "decimal"
    s = _text(v).replace(" ", "")
    if _INT.match(s):
        return "integer"
    if _DEC.match(s):
        return "decimal"
    return "text"


def _data_type(kinds: list[str]) -> str:
    found = set(kinds)
    if found == {"integer"}:
        return "integer"
    if found and found <= {"integer", "decimal"}:
        return "decimal"
    return "text"


def propose(rows: Sequence[Sequence[Any]]) -> list[dict[str, str]]:
    """``[{"name", "data_type"}]`` for the columns of the first non-blank row of ``rows``."""
    start = next((i for i, r in enumerate(rows) if any(_text(c) for c in r)), None)
    if start is None:
        return []
    header, body = rows[start], rows[start + 1 : start + 1 + SAMPLE_ROWS]
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for col, cell in enumerate(header):
        name = _text(cell)[:MAX_NAME].strip()
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        kinds = [k for k in (_kind(r[col]) for r in body if col < len(r)) if k]
        out.append({"name": name, "data_type": _data_type(kinds)})
        if len(out) >= MAX_COLUMNS:
            break
    return out
