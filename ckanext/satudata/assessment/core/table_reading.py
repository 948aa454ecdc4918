"""Reading a CSV/XLSX file into rows of cells for the structure checks (pure), bounded by
:mod:`.filelimits`: the encoding of a CSV, the merged cells of an XLSX sheet, the cells as read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import filelimits
from .filelimits import Limits

MAX_ROWS = 5000


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _ne(row: Sequence[Any]) -> int:
    return sum(0 if _blank(v) else 1 for v in row)


def _col(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _encoding(path: str | Path) -> str | None:
    """``utf-8``/``utf-8-sig`` when the start of the file decodes as UTF-8 (most files), so that
    frictionless skips its slower detection; ``None`` lets frictionless detect it."""
    with open(path, "rb") as f:
        head = f.read(65536)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not just a character cut at the end of the sample
            return None
    return "utf-8"


def xlsx_merged_ranges(path: str | Path, limits: Limits | None = None) -> list[str]:
    """The merged ranges of the first worksheet, read from the XLSX package directly (loading
    the whole workbook with openpyxl for this would cost more than reading the cells), within
    the limits of :mod:`.filelimits`."""
    return filelimits.scan_xlsx(path, limits or Limits(), MAX_ROWS)


def read_rows(
    path: str | Path, fmt: str, limits: Limits | None = None, max_rows: int = MAX_ROWS
) -> tuple[list[list[Any]], list[str]]:
    """The first ``max_rows`` (at most :data:`MAX_ROWS`) rows of the file as raw cells read by frictionless (its CSV
    dialect and encoding detection, its XLSX/XLS parsers), and (XLSX) the merged ranges.
    :class:`~.filelimits.TooLarge` when the file is past one of ``limits``: it is checked
    before frictionless reads it (XLSX parts, CSV lines) and while (cells, time)."""
    from frictionless import Detector, Dialect, Resource, system

    fmt = fmt.lower()
    limits = limits or Limits()
    max_rows = max(1, min(max_rows, MAX_ROWS))
    deadline = filelimits.Deadline(limits.seconds)
    merged: list[str] = []
    # raw cells only: no type inference (field_type "any"), no header assumed
    kwargs: dict[str, Any] = {
        "format": fmt,
        "dialect": Dialect(header=False),
        "detector": Detector(field_type="any"),
    }
    if fmt in ("xlsx", "xls"):
        from frictionless.formats import ExcelControl

        kwargs["control"] = ExcelControl(
            sheet=1, fill_merged_cells=False, preserve_formatting=False
        )
    else:
        encoding = _encoding(path)
        if encoding:
            kwargs["encoding"] = encoding
    if fmt == "xlsx":
        merged = filelimits.scan_xlsx(path, limits, max_rows, deadline)
    elif fmt not in ("xls",):
        filelimits.scan_csv(path, limits, max_rows, deadline)
    rows: list[list[Any]] = []
    cells_read = 0
    typed = fmt in ("xlsx", "xls")
    # Only frictionless' parser is opened: its cell stream is what ``TableResource.cell_stream``
    # returns, without the schema, header and row-stream set-up a table resource builds on
    # opening (per file that set-up cost more than twice the reading itself).
    with system.create_parser(Resource(str(path), **kwargs)) as parser:
        for cells in parser.cell_stream:
            cells = list(cells)
            if typed:  # the padding to the sheet's declared width is not content
                while cells and cells[-1] is None:
                    cells.pop()
            cells_read = filelimits.count_row(len(cells), cells_read, limits, deadline)
            rows.append(cells)
            if len(rows) >= max_rows:
                break
    return rows, merged
