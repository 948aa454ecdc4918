"""Structure checks of CSV/XLSX files ("datanya tersusun atau tidak") with frictionless (pure).

:func:`inspect_file` reads the first rows of a file with frictionless (raw cells, no header
assumed; cell types kept for XLSX), finds the header row, and returns a
:class:`~.indicators.StructureReport` with one result per check:

``single_header``       one header row at the top: no title or blank rows above it, no second
                        header row (merged header cells), no merged cells, no note rows below
``headers_named``       no blank and no duplicate column names (frictionless' blank-label,
                        duplicate-label)
``no_totals``           no "Jumlah"/"Total" rows or columns mixed into the data
``consistent_columns``  every row has as many cells as the header (frictionless' extra-cell,
                        missing-cell, blank-row)
``numeric``             numbers stored as numbers, not text such as "1.234,5", "Rp 5.000", "12 %"
``long_format``         years, months and areas are not column headers (long, not wide)

and the value checks of :mod:`.value_checks` (``area_values``, ``filled_columns``,
``unique_rows``) with the table's years.

:func:`analyse_rows` does the same on rows already in memory (used by the tests).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .filelimits import Limits, TooLarge
from .indicators import CheckResult, StructureReport
from .table_reading import _blank, _col, _ne, _text, read_rows
from .value_checks import check_values

TOO_LARGE = "file too large to check"

CHECKS = (
    "single_header",
    "headers_named",
    "no_totals",
    "consistent_columns",
    "numeric",
    "long_format",
)

TOTAL_RE = re.compile(
    r"^(jumlah|total|grand\s*total|sub\s*-?\s*total|jml\.?|jumlah\s+total)(\s|$|:)", re.I
)
TOTAL_COLUMN_RE = re.compile(r"^(jumlah|total|jumlah\s+total|grand\s*total|jml\.?)$", re.I)
NOTE_RE = re.compile(r"^(sumber|catatan|keterangan|ket\.|ket\s*:|note|source|\*)", re.I)
THOUSANDS_RE = re.compile(r"^[-+]?[1-9]\d{0,2}(\.\d{3})+$")
PLAIN_NUM_RE = re.compile(r"^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$")
TEXT_NUM_RES = (
    re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$"),  # 1.234 / 1.234.567 / 1.234,5
    re.compile(r"^[-+]?\d+,\d+$"),  # 12,5
    re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$"),  # 1,234,567.5
    re.compile(r"^(rp\.?\s*)[-+]?[\d.,]*\d(,-)?$", re.I),  # Rp 5.000 / Rp5.000,-
    re.compile(r"^[-+]?[\d.,]*\d\s*%$"),  # 12,5 %
)
CODE_COLUMN_RE = re.compile(
    r"(kode|code|^id$|_id$|^nik|npwp|^no\.?$|nomor|telepon|^hp$|kodepos|"
    r"tahun|year|periode)",
    re.I,
)
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
MONTHS = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "agu",
    "agt",
    "sep",
    "okt",
    "nov",
    "des",
)
AREA_CODE_RE = re.compile(r"^32\.?16\.?\d{2}(\.?\d{4})?$")
AREA_PREFIX_RE = re.compile(r"^(?:(?:kecamatan|desa|kelurahan)\s+|(?:kec|kel)\.\s*)")


def _area_key(name: str) -> str:
    """``Kecamatan Setu`` / ``Desa Sagara Makmur`` -> ``setu`` / ``sagara makmur``: an area name
    without its level, as a column header writes it."""
    return AREA_PREFIX_RE.sub("", name.lower().strip()).strip()


@functools.lru_cache(maxsize=4)
def _area_keys(area_names: tuple[str, ...]) -> frozenset[str]:
    """The keys of the code list's names, made once (every file of a run passes the same)."""
    return frozenset(_area_key(n) for n in area_names if n)


def inspect_file(
    path: str | Path,
    fmt: str,
    area_names: Iterable[str] = (),
    limits: Limits | None = None,
    area_codes: Iterable[str] = (),
) -> StructureReport:
    try:
        rows, merged = read_rows(path, fmt, limits)
    except TooLarge as e:
        return StructureReport(error=f"{TOO_LARGE}: {e}")
    except Exception as e:  # a file frictionless cannot read is a finding, not a crash
        return StructureReport(
            error=f"unreadable {fmt.upper()}: {type(e).__name__}: {str(e)[:120]}"
        )
    return analyse_rows(
        rows,
        merged=merged,
        typed=fmt.lower() in ("xlsx", "xls"),
        area_names=area_names,
        area_codes=area_codes,
    )


# --------------------------------------------------------------------------- analysis


def _header_index(rows: list[list[Any]]) -> int | None:
    counts = Counter(_ne(r) for r in rows if _ne(r) >= 2)
    if not counts:
        return None
    top = max(counts.values())
    width = max(k for k, v in counts.items() if v == top)
    need = max(2, (width + 1) // 2)
    for i, r in enumerate(rows):
        if _ne(r) >= need:
            return i
    return None


def _is_second_header(h: Sequence[Any], nxt: Sequence[Any]) -> bool:
    """A header split over two rows: each row has blanks where the other has labels."""
    n = max(len(h), len(nxt))
    h = list(h) + [None] * (n - len(h))
    nxt = list(nxt) + [None] * (n - len(nxt))
    fills = any(_blank(h[c]) and not _blank(nxt[c]) for c in range(n))
    gaps = any(not _blank(h[c]) and _blank(nxt[c]) for c in range(n))
    numbers = any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in nxt)
    return fills and gaps and not numbers


def _classify(v: Any, typed: bool) -> str:
    if isinstance(v, bool):
        return "other"
    if isinstance(v, (int, float)):
        return "num"
    s = _text(v)
    if PLAIN_NUM_RE.match(s):
        return "textnum" if typed else "num"
    if any(r.match(s) for r in TEXT_NUM_RES):
        return "textnum"
    return "other"


# frictionless error types, computed here on the cells frictionless read (a second frictionless
# pass over an inline table would double the cost of the check for the same findings)
BLANK_LABEL, DUPLICATE_LABEL = "blank-label", "duplicate-label"
EXTRA_CELL, MISSING_CELL, BLANK_ROW = "extra-cell", "missing-cell", "blank-row"


def label_and_cell_errors(labels: list[str], data: list[list[Any]]) -> list[tuple]:
    """``(type, row_number, field_number, label)`` like frictionless' label and cell errors:
    row numbers count the header as row 1, field numbers start at 1."""
    errors: list[tuple] = []
    seen: set[str] = set()
    for n, label in enumerate(labels, 1):
        if not label:
            errors.append((BLANK_LABEL, None, n, label))
        elif label in seen:
            errors.append((DUPLICATE_LABEL, None, n, label))
        seen.add(label)
    width = len(labels)
    for r, row in enumerate(data, 2):
        if not _ne(row):
            errors.append((BLANK_ROW, r, None, None))
            continue
        for c in range(width + 1, len(row) + 1):
            errors.append((EXTRA_CELL, r, c, None))
        for c in range(len(row) + 1, width + 1):
            errors.append((MISSING_CELL, r, c, None))
    return errors


def analyse_rows(
    rows: list[list[Any]],
    *,
    merged: Sequence[str] = (),
    typed: bool = False,
    area_names: Iterable[str] = (),
    area_codes: Iterable[str] = (),
) -> StructureReport:
    rows = [list(r) for r in rows]
    h = _header_index(rows)
    if h is None:
        return StructureReport(error="no table found (fewer than two filled columns)")
    if typed:
        # spreadsheet rows are padded to the sheet width: only cells with content count
        last = max(
            (max((i for i, v in enumerate(r) if not _blank(v)), default=-1) for r in rows),
            default=-1,
        )
        rows = [r[: last + 1] for r in rows]

    single: list[str] = []
    above = [i for i in range(h) if _ne(rows[i])]
    if above:
        single.append("title rows above the header: " + ", ".join(str(i + 1) for i in above))
    elif h:
        single.append(f"blank rows above the header: 1-{h}")
    header = rows[h]
    start = h + 1
    header2: list[Any] = []
    if start < len(rows) and _is_second_header(header, rows[start]):
        header2 = rows[start]
        single.append(f"header spread over two rows: {h + 1}-{h + 2}")
        start += 1
    if merged:
        single.append("merged cells " + " ".join(sorted(merged)[:6]))

    # data rows; single-cell rows at the end (and the blank rows before them) are notes
    body_idx = list(range(start, len(rows)))
    width = len(header) if not typed else max(len(header), len(header2))
    notes: list[int] = []
    while body_idx:
        r = rows[body_idx[-1]]
        if not _ne(r):
            body_idx.pop()
        elif (
            _ne(r) == 1
            and width >= 3
            and not isinstance(next(v for v in r if not _blank(v)), (int, float))
        ):
            notes.append(body_idx.pop())
        else:
            break
    for i in body_idx:
        r = rows[i]
        if _ne(r) == 1 and NOTE_RE.match(next(_text(v) for v in r if not _blank(v))):
            notes.append(i)
    notes.sort()
    if notes:
        single.append("note rows in the table: " + ", ".join(str(i + 1) for i in notes))

    labels = [_text(v) for v in header]
    if typed and header2:
        labels += [""] * (len(header2) - len(labels))
    data_idx = [i for i in body_idx if i not in notes]

    # totals rows and columns
    totals = []
    for i in data_idx:
        for v in rows[i][:3]:
            if isinstance(v, str) and TOTAL_RE.match(v.strip()):
                totals.append(f'row {i + 1} "{v.strip()[:30]}"')
                break
    total_cols = [f'column "{lbl}"' for lbl in labels if TOTAL_COLUMN_RE.match(lbl)]
    total_cols += [f'column "{_text(v)}"' for v in header2 if TOTAL_COLUMN_RE.match(_text(v))]
    total_rows = {int(t.split()[1]) - 1 for t in totals}

    # frictionless label and cell errors on the table as the header row sees it
    data = [rows[i] for i in data_idx]
    if typed:
        n = len(labels)
        data = [r[:n] + [v for v in r[n:] if not _blank(v)] for r in data]
        data = [r + [None] * (n - len(r)) if len(r) < n else r for r in data]
    named = []
    cells = []
    for kind, row_number, field_number, label in label_and_cell_errors(labels, data):
        if kind == BLANK_LABEL:
            named.append(f"column {_col(field_number - 1)} has no name")
        elif kind == DUPLICATE_LABEL:
            named.append(f'column {_col(field_number - 1)} "{label}" repeats a name')
        elif kind in (EXTRA_CELL, MISSING_CELL):
            what = "extra cell" if kind == EXTRA_CELL else "missing cell"
            cells.append(
                f"row {data_idx[row_number - 2] + 1}: {what} in column {_col(field_number - 1)}"
            )
        elif kind == BLANK_ROW:
            cells.append(f"row {data_idx[row_number - 2] + 1}: blank row")

    # numbers stored as text
    numeric = []
    for c, lbl in enumerate(labels):
        if lbl and CODE_COLUMN_RE.search(lbl):
            continue
        kinds = Counter()
        example = ""
        values = [
            rows[i][c]
            for i in data_idx
            if i not in total_rows and c < len(rows[i]) and not _blank(rows[i][c])
        ]
        dotted = [_text(v) for v in values if isinstance(v, str) and "." in v]
        # "1.234" alone could be a decimal; when every dotted value has groups of three digits
        # the dots are thousands separators ("12.500", "1.234")
        thousands = bool(dotted) and all(THOUSANDS_RE.match(v) for v in dotted)
        for v in values:
            k = (
                "textnum"
                if thousands and isinstance(v, str) and THOUSANDS_RE.match(_text(v))
                else _classify(v, typed)
            )
            kinds[k] += 1
            if k == "textnum" and not example:
                example = _text(v)
        filled_n = sum(kinds.values())
        if kinds["textnum"] and (kinds["num"] + kinds["textnum"]) >= 0.6 * filled_n:
            numeric.append(f'column "{lbl or _col(c)}" e.g. "{example}"')

    # wide tables
    wide = []
    all_labels = labels + [_text(v) for v in header2]
    years = sorted({m.group(1) for lbl in all_labels for m in [YEAR_RE.search(lbl)] if m})
    if len(years) >= 2:
        wide.append("years as columns: " + ", ".join(years[:6]))
    months = [lbl for lbl in all_labels if lbl.lower().strip(" .") in MONTHS]
    if len(months) >= 3:
        wide.append("months as columns: " + ", ".join(months[:4]))
    names = _area_keys(tuple(area_names))
    areas = [
        lbl for lbl in all_labels if lbl and (AREA_CODE_RE.match(lbl) or _area_key(lbl) in names)
    ]
    if len(areas) >= 3:
        wide.append("areas as columns: " + ", ".join(areas[:4]))

    checks = {
        "single_header": CheckResult(not single, tuple(single)),
        "headers_named": CheckResult(not named, tuple(named[:10])),
        "no_totals": CheckResult(not (totals or total_cols), tuple((totals + total_cols)[:10])),
        "consistent_columns": CheckResult(not cells, tuple(cells[:10])),
        "numeric": CheckResult(not numeric, tuple(numeric[:10])),
        "long_format": CheckResult(not wide, tuple(wide)),
    }
    kept = [(i + 1, r) for i, r in zip(data_idx, data) if i not in total_rows]
    value_results, years = check_values(
        labels, [r for _, r in kept], [n for n, _ in kept], area_codes
    )
    checks.update(value_results)
    return StructureReport(
        checks=checks, header_row=h + 1, rows=len(data_idx), columns=len(labels), years=years
    )
