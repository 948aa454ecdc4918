"""Spreadsheet cells of every CSV and XLSX export of the plugin (pure: no ``ckan`` imports).

Exports are data, never formulas. Agency names, dataset titles and item descriptions are typed
by agency users; a spreadsheet program would run a value such as ``=HYPERLINK(...)`` or
``+cmd|' /C calc'!A0`` as a formula (CSV injection). So:

- CSV: a text value starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
  leading single quote ``'`` (the OWASP recommendation); numbers stay numbers.
- XLSX: every text value is a string cell (``data_type = "s"``), never a formula, whatever it
  starts with; characters XML 1.0 cannot carry are dropped (openpyxl would refuse them).

Every export builds its file through :func:`csv_bytes` / :func:`xlsx_bytes`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

#: what a spreadsheet program reads as the start of a formula (or a DDE command)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# control characters XML 1.0 refuses (openpyxl raises IllegalCharacterError on them)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_SHEET_TITLE = re.compile(r"[\\/*?:\[\]]")

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV value a spreadsheet program shows as text: formula-like text is quoted."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + value
    return value


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A UTF-8 CSV file of ``header`` and ``rows``, every cell through :func:`csv_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def xlsx_text(value: str) -> str:
    return _ILLEGAL_XML.sub("", value)


def sheet_title(title: Any, default: str = "sheet") -> str:
    """A valid worksheet title: at most 31 characters, none of ``\\ / * ? : [ ]``."""
    text = _BAD_SHEET_TITLE.sub("-", xlsx_text(str(title or ""))).strip("'").strip()
    return text[:31] or default


def write_row(sheet: Any, row: int, values: Sequence[Any]) -> None:
    """Write ``values`` into row ``row`` of an openpyxl worksheet; text is a string cell,
    never a formula."""
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = xlsx_text(value)
            cell.data_type = "s"  # openpyxl makes "=..." a formula unless told otherwise
        else:
            cell.value = value


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX workbook with one worksheet per ``(title, header, rows)``."""
    import openpyxl  # only the XLSX exports need it

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(sheet_title(title))
        write_row(sheet, 1, list(header))
        for number, row in enumerate(rows, start=2):
            write_row(sheet, number, list(row))
    if not book.worksheets:
        book.create_sheet("sheet")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
