"""Pure tests of the daftar-data file import (no CKAN, no services): CSV and XLSX, errors by line, missing columns and empty files."""

import io

import pytest

from ckanext.satudata.deadlines.core import importer

from .core_pure_clock import process_in_utc

pytestmark = pytest.mark.pure

__all__ = ["process_in_utc"]  # fixtures, imported for this module

GOOD = (
    "agency,title,indicator,frequency,year_start,year_end\n"
    "dinkes,Jumlah Puskesmas,,tahunan,2025,2025\n"
    "\n"
    "disdik,,Angka Partisipasi Sekolah,tahunan,2024,2025\n"
)


def test_import_csv_ok():
    res = importer.parse_file(GOOD.encode(), "daftar.csv", agencies={"dinkes", "disdik"})
    assert res.ok, res.errors
    assert [(r.line, r.agency, r.title, r.year_start, r.year_end) for r in res.rows] == [
        (2, "dinkes", "Jumlah Puskesmas", 2025, 2025),
        (4, "disdik", "Angka Partisipasi Sekolah", 2024, 2025),
    ]


def test_import_csv_errors_with_lines():
    data = (
        "instansi;judul;frekuensi;tahun_awal;tahun_akhir\n"
        "dinkes;A;tahunan;2025;2024\n"
        "nope;B;tahunan;2025;\n"
        "dinkes;C;sometimes;x;\n"
        "dinkes;;bulanan;;\n"
        "dinkes;D;bulanan;;\n"
        "dinkes;d;bulanan;;\n"
    )
    res = importer.parse_file(data.encode(), "d.csv", agencies={"dinkes"})
    assert not res.ok
    msgs = [str(e) for e in res.errors]
    assert msgs == [
        "line 2: year_end 2024 is before year_start 2025",
        "line 3: unknown agency: nope",
        "line 4: unknown frequency: sometimes",
        "line 4: year_start is not a year: 'x'",
        "line 5: title or indicator is empty",
        "line 7: duplicate of line 6",
    ]


def test_import_missing_columns_and_empty():
    res = importer.parse_file(b"title,year\nA,2020\n", "d.csv")
    assert [str(e) for e in res.errors] == [
        "line 1: missing column: frequency",
        "line 1: missing column: agency",
    ]
    assert not importer.parse_file(b"", "d.csv").ok
    res = importer.parse_file(b"title,frequency\nA,tahunan\n", "d.csv", default_agency="dinkes")
    assert res.ok and res.rows[0].agency == "dinkes"


def test_import_xlsx():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Agency", "Title", "Frequency", "Year Start"])
    sheet.append(["dinkes", "Jumlah Rumah Sakit", "tahunan", 2025])
    sheet.append([None, None, None, None])
    sheet.append(["dinkes", "Jumlah Bidan", "bulanan", "abc"])
    buf = io.BytesIO()
    book.save(buf)
    res = importer.parse_file(buf.getvalue(), "daftar.xlsx", agencies={"dinkes"})
    assert [str(e) for e in res.errors] == ["line 4: year_start is not a year: 'abc'"]
    assert res.rows[0].line == 2 and res.rows[0].year_end == 2025
    bad = importer.parse_file(b"PK\x03\x04garbage", "x.xlsx")
    assert not bad.ok and "XLSX" in str(bad.errors[0])
