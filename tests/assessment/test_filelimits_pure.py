"""Bounded reading of CSV/XLSX files (core/filelimits.py through core/structure.py), on small
bomb files and small limits (the full-size bombs run in a real worker in
tests/reliability/test_file_limits.py)."""

from __future__ import annotations

import os
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from ckanext.satudata.assessment.core import filelimits, structure, table_reading
from ckanext.satudata.assessment.core.filelimits import Limits

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import bombs

DATA = Path(__file__).resolve().parent / "data"
SMALL = Limits(
    max_cells=100_000,
    max_row_cells=500,
    max_line_bytes=64 * 1024,
    max_text_bytes=1024 * 1024,
    max_sheet_bytes=1024 * 1024,
    max_part_bytes=256 * 1024,
    seconds=60,
)


def too_large(path, fmt, limits=SMALL) -> str:
    report = structure.inspect_file(path, fmt, (), limits)
    assert report.error.startswith("file too large to check: "), report.error
    assert not report.checks
    return report.error


def test_a_row_of_many_cells(tmp_path):
    path = bombs.xlsx_wide_row(str(tmp_path / "wide.xlsx"), cells=20_000)
    assert "a row has more than 500 cells" in too_large(path, "xlsx")


def test_a_sheet_past_its_inflated_size_cap(tmp_path):
    path = bombs.xlsx_wide_row(str(tmp_path / "big.xlsx"), cells=200_000)  # ~3 MB of XML
    assert "xl/worksheets/sheet1.xml is" in too_large(
        path, "xlsx", replace(SMALL, max_row_cells=10**9)
    )


def test_a_zip_header_that_lies_about_the_size(tmp_path):
    path = bombs.xlsx_lying_header(str(tmp_path / "lie.xlsx"), cells=200_000)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 1024  # the lie
    assert "more than its header says" in too_large(
        path, "xlsx", replace(SMALL, max_row_cells=10**9)
    )


def test_a_declared_width_the_reader_pads_every_row_to(tmp_path):
    path = bombs.xlsx_huge_dimension(str(tmp_path / "dim.xlsx"), rows=100)  # 100 x 16384
    assert "more than 100000 cells" in too_large(path, "xlsx")
    few = bombs.xlsx_huge_dimension(str(tmp_path / "few.xlsx"), rows=3)  # 49152: read
    report = structure.inspect_file(few, "xlsx", (), SMALL)
    assert not report.error and (report.rows, report.columns) == (2, 2)


def test_a_part_openpyxl_holds_whole(tmp_path):
    path = str(tmp_path / "strings.xlsx")
    bombs.xlsx_huge_dimension(path, rows=3)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>x</t></si>" * 50_000 + "</sst>")
    assert "xl/sharedStrings.xml is" in too_large(path, "xlsx")


def test_a_doctype_with_entities(tmp_path):
    path = str(tmp_path / "laughs.xlsx")
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + bombs.SHEET_HEAD.format(dimension="").split("?>", 1)[1]
        + bombs.HEADER_ROW
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>&b;</t></is></c></row>'
        + bombs.SHEET_TAIL
    )
    with zipfile.ZipFile(path, "w") as z:
        for name, text in (
            ("[Content_Types].xml", bombs.CONTENT_TYPES),
            ("_rels/.rels", bombs.ROOT_RELS),
            ("xl/workbook.xml", bombs.WORKBOOK),
            ("xl/_rels/workbook.xml.rels", bombs.WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet),
        ):
            z.writestr(name, text)
    assert "DOCTYPE" in too_large(path, "xlsx")


def test_csv_one_enormous_line(tmp_path):
    path = bombs.csv_one_line(str(tmp_path / "line.csv"), mb=2)
    assert "a line is longer than 64 KB" in too_large(path, "csv")


def test_csv_many_lines_past_the_byte_cap(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("kecamatan,jumlah\n" + ("Cikarang Utara," * 200 + "1\n") * 400)
    assert "more than 1 MB" in too_large(str(path), "csv")


def test_csv_many_cells(tmp_path):
    path = tmp_path / "cells.csv"
    path.write_text("a,b\n" + ("1," * 300 + "1\n") * 400)  # 301 cells x 400 rows > 100000
    assert "more than 100000 cells" in too_large(str(path), "csv")


def test_reading_time_is_bounded(tmp_path):
    assert "reading took longer than" in too_large(
        DATA / "penduduk_kecamatan_2023.csv", "csv", replace(SMALL, seconds=-1)
    )


@pytest.mark.parametrize(
    "name", sorted(p.name for p in DATA.iterdir() if p.suffix in (".csv", ".xlsx", ".xls"))
)
def test_the_real_files_are_within_the_default_limits(name):
    fmt = name.rsplit(".", 1)[1]
    report = structure.inspect_file(DATA / name, fmt, (), Limits())
    assert not report.error.startswith("file too large"), report.error
    if fmt == "xlsx":
        filelimits.scan_xlsx(DATA / name, Limits(), table_reading.MAX_ROWS)
    elif fmt == "csv":
        filelimits.scan_csv(DATA / name, Limits(), table_reading.MAX_ROWS)
    assert os.path.getsize(DATA / name) > 0


def test_a_doctype_in_a_part_openpyxl_reads_whole(tmp_path):
    path = str(tmp_path / "sst.xlsx")
    bombs.xlsx_huge_dimension(path, rows=3)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "a">]><sst><si><t>&a;</t></si></sst>',
        )
    assert "DOCTYPE" in too_large(path, "xlsx")
