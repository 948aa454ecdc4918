"""Checks of the values in a table (pure), beside the structure checks of :mod:`.structure`.

On the data rows under the header (totals and note rows left out):

``area_values``     every cell of a column holding area codes — found by its name
                    (``kode_wilayah``, ``kode_kecamatan`` ...) or by its content (dotted codes
                    such as ``32.16.01``) — is a Kemendagri code of the portal's area list (the
                    regency, its kecamatan and its desa/kelurahan such as ``32.16.01.2001``)
``filled_columns``  no named column is empty, no numeric measurement column holds one value in
                    every row (5 rows or more)
``unique_rows``     no two rows share their key: the area, year and category columns (every
                    column that is not a numeric measurement), or the whole row when there is
                    none

and the distinct years of the table (year columns and years in the headers), which the
indicator compares with the dataset's declared coverage. One pass per column: linear in cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from .values import CheckResult

AREA_VALUES, FILLED_COLUMNS, UNIQUE_ROWS = "area_values", "filled_columns", "unique_rows"
CHECKS = (AREA_VALUES, FILLED_COLUMNS, UNIQUE_ROWS)

AREA_NAME_RE = re.compile(
    r"^(kode|kd|code|id)_?(wilayah|wil|kec|kecamatan|desa|kel|kelurahan|kab|kabupaten|"
    r"kota|daerah|kemendagri|area|region)|^(area|region|wilayah)_?(code|kode|id)$"
)
DOTTED_AREA_RE = re.compile(r"^\d{2}(\.\d{2}){1,2}(\.\d{4})?$")
UNDOTTED_AREA_RE = re.compile(r"^\d{4}(\d{2}(\d{4})?)?$")
YEAR_NAME_RE = re.compile(r"^(tahun|thn|year|periode|tahun_data|tahun_anggaran)$")
YEAR_IN_LABEL_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
PLAIN_NUMBER_RE = re.compile(r"^[-+]?\d+([.,]\d+)*$")
MIN_CONSTANT_ROWS = 5
SAMPLE = 200
SHOWN = 6


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v: Any) -> str:
    if v.__class__ is str:  # most cells: the fast path
        return v.strip()
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    return bool(PLAIN_NUMBER_RE.match(_text(v)))


def _year(v: Any) -> int | None:
    s = _text(v)
    if len(s) == 4 and s.isdigit() and 1900 <= int(s) <= 2100:
        return int(s)
    return None


def _dotted(code: str) -> str:
    """``321601`` -> ``32.16.01``: the Kemendagri digits written without dots."""
    if not UNDOTTED_AREA_RE.match(code):
        return code
    parts = [code[:2], code[2:4]] + ([code[4:6]] if len(code) > 4 else [])
    return ".".join(parts) + (f".{code[6:]}" if len(code) > 6 else "")


def _valid_area(code: str, valid: frozenset) -> bool:
    return _dotted(code) in valid


def _column(data: Sequence[Sequence[Any]], c: int) -> list[Any]:
    return [r[c] if c < len(r) else None for r in data]


def table_years(labels: Sequence[str], columns: Sequence[Sequence[str]]) -> tuple[int, ...]:
    """The years of the year columns (``columns``: each column's cells as text) and of the
    headers."""
    years: set[int] = set()
    for c, label in enumerate(labels):
        if YEAR_NAME_RE.match(_key(label)):
            years.update(y for y in (_year(t) for t in set(columns[c])) if y)
        for m in YEAR_IN_LABEL_RE.finditer(label):
            years.add(int(m.group(1)))
    return tuple(sorted(years))


def check_values(
    labels: Sequence[str],
    data: Sequence[Sequence[Any]],
    row_numbers: Sequence[int],
    area_codes: Iterable[str] = (),
) -> tuple[dict[str, CheckResult], tuple[int, ...]]:
    """The value checks of the data rows (``row_numbers``: their 1-based rows in the file)
    and the table's years. Without an area list the area check is not made."""
    valid = frozenset(area_codes)
    wrong_areas: list[str] = []
    empty: list[str] = []
    key_columns: list[int] = []
    columns: list[list[str]] = []  # each column's cells as text ("" when blank), read once
    for c, label in enumerate(labels):
        cells = _column(data, c)
        column = [_text(v) for v in cells]
        columns.append(column)
        values = [v for v, t in zip(cells, column) if t]
        texts = [t for t in column if t]
        name = label or f"#{c + 1}"
        key = _key(label)
        if label and not values:
            empty.append(f'column "{name}" is empty')
            continue
        distinct = set(texts)
        # what a column holds is judged on a sample; codes repeat, so they are checked once each
        sample = texts[:SAMPLE]
        by_name = bool(AREA_NAME_RE.match(key))
        dotted = sum(1 for t in sample if DOTTED_AREA_RE.match(t))
        if valid and sample and (by_name or dotted >= 0.8 * len(sample)):
            bad = sorted(t for t in distinct if not _valid_area(t, valid))
            if bad:
                wrong_areas.append(f'column "{name}": codes {", ".join(bad[:SHOWN])}')
        numeric = sum(1 for v in values[:SAMPLE] if _number(v))
        measure = (
            not by_name
            and not YEAR_NAME_RE.match(key)
            and not key.startswith(("kode", "kd_", "id_", "no"))
            and numeric >= 0.6 * len(sample)
        )
        if not measure:
            key_columns.append(c)
        elif len(values) >= MIN_CONSTANT_ROWS and len(distinct) == 1 and len(values) == len(data):
            empty.append(f'column "{name}" has one value in every row: {texts[0][:20]}')

    seen: set[tuple] = set()
    repeated: list[int] = []
    keys = [columns[c] for c in (key_columns or range(len(labels)))]
    for n, k in zip(row_numbers, zip(*keys)):
        k = tuple(t.lower() for t in k)
        if not any(k):
            continue
        if k in seen:
            repeated.append(n)
        seen.add(k)
    dupes = (
        [f"rows {', '.join(str(n) for n in repeated[:SHOWN])} repeat an earlier row"]
        if repeated
        else []
    )
    checks = {
        AREA_VALUES: CheckResult(not wrong_areas, tuple(wrong_areas[:10])),
        FILLED_COLUMNS: CheckResult(not empty, tuple(empty[:10])),
        UNIQUE_ROWS: CheckResult(not dupes, tuple(dupes)),
    }
    return checks, table_years(labels, columns)
