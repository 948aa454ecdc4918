"""Parse a daftar-data file (CSV or XLSX) into item rows.

All or nothing: ``parse(...)`` returns rows *and* a list of errors with line
numbers; the caller stores the rows only when there is no error.

Columns (header names are case-insensitive; Indonesian aliases accepted):

=============  =====================================  ========
column         aliases                                required
=============  =====================================  ========
agency         instansi, perangkat_daerah, opd        yes, unless a default agency is given
title          judul, nama_data                       title or indicator
indicator      indikator                              title or indicator
frequency      frekuensi                              yes (frequency.csv slug)
year_start     tahun_awal, tahun                      no (integer)
year_end       tahun_akhir                            no (integer, >= year_start)
notes          catatan, keterangan                    no
=============  =====================================  ========
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ckanext.satudata.metadata.api import N_, limits, rules

from .agency_match import AgencyIndex
from .frequency import SLUGS

ALIASES = {
    "agency": ("agency", "instansi", "perangkat_daerah", "opd", "organization"),
    "title": ("title", "judul", "nama_data", "judul_data"),
    "indicator": ("indicator", "indikator"),
    "frequency": ("frequency", "frekuensi"),
    "year_start": ("year_start", "tahun_awal", "tahun"),
    "year_end": ("year_end", "tahun_akhir"),
    "notes": ("notes", "catatan", "keterangan"),
}
MAX_ROWS = 5000


@dataclass(frozen=True)
class ItemRow:
    line: int
    agency: str  # the agency key as written (resolved by the caller)
    title: str
    indicator: str
    frequency: str
    year_start: int | None
    year_end: int | None
    notes: str
    org_id: str = ""  # the agency it resolved to (when an AgencyIndex was given)


@dataclass(frozen=True)
class RowError:
    line: int
    message: str  # English; with ``params``, a msgid with %(name)s placeholders
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def text(self, gettext=None) -> str:
        """``line N: message``, in the caller's language with ``gettext`` (``toolkit._``)."""
        _ = gettext or (lambda msgid: msgid)
        message = (_(self.message) % self.params) if self.params else self.message
        return (_("line %(line)s") % {"line": self.line} + ": " + message) if self.line else message

    def __str__(self) -> str:
        return self.text()


# msgids (translated by the action; listed in i18n/src/deadlines.po)
MSG_TOO_LONG = N_("%(field)s is longer than %(max)s characters")
MSG_LINE_TOO_LONG = N_("the line is longer than %(max)s characters")
MSG_FILE_TOO_LARGE = N_("the file is larger than %(max)s MB")
MSG_YEAR_RANGE = N_("%(field)s must be between %(min)s and %(max)s")


@dataclass
class ParseResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _norm(name) -> str:
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _header_map(header) -> tuple[dict, list]:
    lookup = {alias: key for key, names in ALIASES.items() for alias in names}
    mapping, unknown = {}, []
    for index, name in enumerate(header):
        key = lookup.get(_norm(name))
        if key is None:
            if _norm(name):
                unknown.append(str(name))
            continue
        if key not in mapping:
            mapping[key] = index
    return mapping, unknown


def _year(value, label, line, errors):
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    try:
        year = int(text)
    except ValueError:
        errors.append(RowError(line, f"{label} is not a year: {value!r}"))
        return None
    if rules.check_year(year):  # the same range as the items and datasets
        errors.append(
            RowError(
                line,
                MSG_YEAR_RANGE,
                {"field": label, "min": rules.MIN_YEAR, "max": rules.max_year()},
            )
        )
        return None
    return year


def parse_rows(
    records, *, agencies=None, default_agency: str | None = None, frequencies=SLUGS
) -> ParseResult:
    """``records`` yields ``(line_number, list_of_cells)``, header first.
    ``agencies``: an :class:`AgencyIndex` (each row gets the ``org_id`` its agency column
    resolves to: a code, or a name only one agency carries), a set of accepted keys, or
    ``None`` (any)."""
    result = ParseResult()
    iterator = iter(records)
    try:
        header_line, header = next(iterator)
    except StopIteration:
        result.errors.append(RowError(0, "the file is empty"))
        return result
    mapping, _unknown = _header_map(header)
    if "frequency" not in mapping:
        result.errors.append(RowError(header_line, "missing column: frequency"))
    if "title" not in mapping and "indicator" not in mapping:
        result.errors.append(RowError(header_line, "missing column: title or indicator"))
    if "agency" not in mapping and not default_agency:
        result.errors.append(RowError(header_line, "missing column: agency"))
    if result.errors:
        return result
    index = agencies if isinstance(agencies, AgencyIndex) else None
    known = (
        None
        if agencies is None or index is not None
        else {str(a).strip().lower() for a in agencies}
    )
    seen = {}
    count = 0

    def cell(cells, key):
        index = mapping.get(key)
        if index is None or index >= len(cells) or cells[index] is None:
            return ""
        return str(cells[index]).strip()

    for line, cells in iterator:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            result.errors.append(RowError(line, f"more than {MAX_ROWS} rows"))
            break
        errors = []
        agency = cell(cells, "agency") or (default_agency or "")
        org_id = ""
        if not agency:
            errors.append(RowError(line, "agency is empty"))
        elif index is not None:
            match = index.resolve(agency)
            if match.error:
                errors.append(RowError(line, match.error))
            org_id = match.org_id or ""
        elif known is not None and agency.lower() not in known:
            errors.append(RowError(line, f"unknown agency: {agency}"))
        title = cell(cells, "title")
        indicator = cell(cells, "indicator")
        if not title and not indicator:
            errors.append(RowError(line, "title or indicator is empty"))
        frequency = _norm(cell(cells, "frequency"))
        if not frequency:
            errors.append(RowError(line, "frequency is empty"))
        elif frequency not in frequencies:
            errors.append(RowError(line, f"unknown frequency: {frequency}"))
        y0 = _year(cell(cells, "year_start"), "year_start", line, errors)
        y1 = _year(cell(cells, "year_end"), "year_end", line, errors)
        if y0 is not None and y1 is None:
            y1 = y0
        if y0 is not None and y1 is not None and y1 < y0:
            errors.append(RowError(line, f"year_end {y1} is before year_start {y0}"))
        for name, value in (
            ("agency", agency),
            ("title", title),
            ("indicator", indicator),
            ("notes", cell(cells, "notes")),
        ):
            if limits.check_field("item", name, value):
                errors.append(
                    RowError(line, MSG_TOO_LONG, {"field": name, "max": limits.limit("item", name)})
                )
        key = (org_id or agency.lower(), (title or indicator).lower())
        if not errors and key in seen:
            errors.append(RowError(line, f"duplicate of line {seen[key]}"))
        if errors:
            result.errors.extend(errors)
            continue
        seen[key] = line
        result.rows.append(
            ItemRow(
                line,
                agency,
                title or indicator,
                indicator,
                frequency,
                y0,
                y1,
                cell(cells, "notes"),
                org_id,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "the file has no rows"))
    return result


def csv_records(data: bytes | str):
    """(line, cells) for a CSV file; line numbers are physical lines."""
    if isinstance(data, bytes):
        text = data.decode("utf-8-sig")
    else:
        text = data.lstrip("\ufeff")
    for number, physical in enumerate(text.splitlines(), start=1):
        if len(physical) > limits.IMPORT_MAX_LINE:
            raise LineTooLong(number)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    for cells in reader:
        # reader.line_num is the physical line of the record's last line
        yield reader.line_num, cells


def xlsx_records(data: bytes):
    """(row number, cells) for the first sheet of an XLSX file."""
    import openpyxl  # local import: only needed for XLSX

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if v is None else v for v in row]
    finally:
        book.close()


class FileFormatError(ValueError):
    pass


class LineTooLong(FileFormatError):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def parse_file(data: bytes, filename: str = "", **kwargs) -> ParseResult:
    name = (filename or "").lower()
    if len(data) > limits.IMPORT_MAX_BYTES:
        return ParseResult(
            errors=[RowError(0, MSG_FILE_TOO_LARGE, {"max": limits.IMPORT_MAX_BYTES // 2**20})]
        )
    is_xlsx = name.endswith(".xlsx") or data[:2] == b"PK"
    try:
        records = list(xlsx_records(data) if is_xlsx else csv_records(data))
    except UnicodeDecodeError:
        return ParseResult(errors=[RowError(0, "the file is not UTF-8 text")])
    except LineTooLong as exc:
        return ParseResult(
            errors=[RowError(exc.line, MSG_LINE_TOO_LONG, {"max": limits.IMPORT_MAX_LINE})]
        )
    except csv.Error as exc:  # e.g. a field over the csv module's own size limit
        return ParseResult(errors=[RowError(0, f"not valid CSV: {exc}")])
    except Exception as exc:  # openpyxl raises various errors on bad files
        if is_xlsx:
            return ParseResult(errors=[RowError(0, f"cannot read the XLSX file: {exc}")])
        raise
    return parse_rows(records, **kwargs)
