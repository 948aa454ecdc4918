"""Structure checks of real-looking CSV/XLSX files (pure: frictionless, no CKAN)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ckanext.satudata.assessment.core import static, structure, table_reading

pytestmark = pytest.mark.pure

DATA = Path(__file__).resolve().parent / "data"
EXPECTED = yaml.safe_load((DATA / "expected.yaml").read_text(encoding="utf-8"))
TABULAR = {name: spec for name, spec in EXPECTED.items() if spec["fails"] is not None}


def inspect(name: str):
    return structure.inspect_file(DATA / name, name.rsplit(".", 1)[1], static.area_names())


@pytest.mark.parametrize("name", sorted(TABULAR))
def test_file_fails_exactly_the_expected_checks(name):
    report = inspect(name)
    assert report.error == ""
    failed = sorted(k for k, v in report.checks.items() if not v.ok)
    assert failed == sorted(TABULAR[name]["fails"]), {
        k: v.details for k, v in report.checks.items()
    }
    for check in failed:
        assert report.checks[check].details, check


def test_every_check_is_shown_to_fail_and_to_pass():
    failing = {c for spec in TABULAR.values() for c in spec["fails"]}
    passing = {c for spec in TABULAR.values() for c in structure.CHECKS if c not in spec["fails"]}
    assert failing == set(structure.CHECKS)
    assert passing == set(structure.CHECKS)


def test_report_sheet_details_point_at_the_artefacts():
    r = inspect("penduduk_kecamatan_2021_2023_laporan.xlsx")
    single = " ".join(r.checks["single_header"].details)
    assert "title rows above the header: 1" in single
    assert "header spread over two rows: 3-4" in single
    assert "C3:E3" in single and "note rows" in single
    assert r.header_row == 3
    assert any('"Jumlah"' in d for d in r.checks["no_totals"].details)
    assert "2021, 2022, 2023" in r.checks["long_format"].details[0]
    assert any("156.563" in d for d in r.checks["numeric"].details)


def test_indonesian_separators_are_reported_with_an_example():
    r = inspect("realisasi_apbd_angka_teks.csv")
    details = " ".join(r.checks["numeric"].details)
    assert '"anggaran_rp" e.g. "1.634.257.000.000,00"' in details
    assert '"realisasi_persen" e.g. "96,2"' in details
    # the urusan codes 1.01, 2.20 are not numbers-as-text
    assert "urusan" not in details


def test_tidy_csv_shape():
    r = inspect("penduduk_kecamatan_2023.csv")
    assert (r.header_row, r.rows, r.columns) == (1, 46, 5)


def test_unreadable_file_is_a_finding_not_a_crash(tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"this is not a spreadsheet")
    r = structure.inspect_file(bad, "xlsx")
    assert r.error.startswith("unreadable XLSX")
    assert r.checks == {}


def test_a_single_column_is_no_table():
    r = structure.analyse_rows([["Catatan saja"], ["baris kedua"]])
    assert r.error


def rows_report(rows, **kw):
    return structure.analyse_rows(rows, area_names=static.area_names(), **kw)


def test_months_and_kecamatan_as_columns_are_wide():
    months = rows_report([["tahun", "Januari", "Februari", "Maret"], ["2023", "12", "13", "14"]])
    assert not months.checks["long_format"].ok
    assert "months" in months.checks["long_format"].details[0]
    areas = rows_report(
        [
            ["indikator", "Setu", "Babelan", "Cibitung", "Tambun Selatan"],
            ["jumlah posyandu", "40", "51", "38", "77"],
        ]
    )
    assert not areas.checks["long_format"].ok
    assert "areas" in areas.checks["long_format"].details[0]
    codes = rows_report([["indikator", "32.16.01", "32.16.02", "32.16.03"], ["x", "1", "2", "3"]])
    assert not codes.checks["long_format"].ok


def test_one_year_in_a_column_name_is_not_wide():
    r = rows_report([["kecamatan", "jumlah_2023"], ["Setu", "10"], ["Babelan", "12"]])
    assert r.checks["long_format"].ok


def test_totals_column_and_grand_total_row():
    r = rows_report(
        [
            ["kecamatan", "laki_laki", "perempuan", "Jumlah"],
            ["Setu", "1", "2", "3"],
            ["Total", "1", "2", "3"],
        ]
    )
    details = r.checks["no_totals"].details
    assert 'column "Jumlah"' in details and any('"Total"' in d for d in details)


def test_numbers_in_xlsx_typed_text_versus_code_columns():
    rows = [["kode_wilayah", "tahun", "jumlah"], ["321601", "2023", 10], ["321602", "2023", 12]]
    assert rows_report(rows, typed=True).checks["numeric"].ok
    rows = [["kecamatan", "jumlah"], ["Setu", "10"], ["Babelan", "12"]]
    assert not rows_report(rows, typed=True).checks["numeric"].ok
    # the same text in a CSV is a plain number
    assert rows_report(rows, typed=False).checks["numeric"].ok


@pytest.mark.parametrize("value", ["1,234,567", "Rp 5.000", "Rp5.000,-", "12,5 %", "1.234"])
def test_other_numbers_as_text(value):
    r = rows_report([["kecamatan", "nilai"], ["Setu", value], ["Babelan", "7"]])
    assert not r.checks["numeric"].ok


def test_text_column_with_a_stray_number_is_not_numeric():
    r = rows_report(
        [
            ["kecamatan", "keterangan"],
            ["Setu", "baik"],
            ["Babelan", "rusak ringan"],
            ["Cibitung", "sedang"],
            ["Setu", "1,5 km rusak"],
        ]
    )
    assert r.checks["numeric"].ok


def test_decimals_with_a_point_are_numbers():
    r = rows_report(
        [["kecamatan", "rasio"], ["Setu", "0.125"], ["Babelan", "3.5"], ["Cibitung", "1.250"]]
    )
    assert r.checks["numeric"].ok


TABLES = [
    [
        ["kecamatan", "2021", "", "2021"],
        ["Setu", 1, 2],
        ["Babelan", 1, 2, 3, 4],
        [],
        ["Cibitung", 1, 2, 3],
    ],
    [["a", "b", "c"], ["1", "2", "3"], ["4", "5"], ["", "", ""], ["6", "7", "8", "9"]],
    [["", "", "x"], ["1", "2", "3"]],
]


@pytest.mark.parametrize("table", TABLES)
def test_label_and_cell_errors_match_frictionless(table):
    """The label/cell checks run on the cells frictionless read; frictionless' own validation
    of the same table is the reference."""
    from frictionless import Checklist, Resource

    labels, data = table[0], table[1:]
    report = Resource(data=[labels] + data).validate(
        checklist=Checklist(
            pick_errors=[
                "blank-label",
                "duplicate-label",
                "extra-cell",
                "missing-cell",
                "blank-row",
            ]
        )
    )
    theirs = sorted(
        (e.type, getattr(e, "row_number", None), getattr(e, "field_number", None))
        for e in report.tasks[0].errors
    )
    ours = sorted((t, r, f) for t, r, f, _ in structure.label_and_cell_errors(labels, data))
    assert ours == theirs


def test_merged_ranges_read_from_the_package_match_openpyxl():
    import openpyxl

    path = DATA / "penduduk_kecamatan_2021_2023_laporan.xlsx"
    wb = openpyxl.load_workbook(path)
    assert sorted(table_reading.xlsx_merged_ranges(path)) == sorted(
        str(r) for r in wb.worksheets[0].merged_cells.ranges
    )
    assert table_reading.xlsx_merged_ranges(DATA / "kondisi_jalan_2023.xlsx") == []


def test_latin1_csv_is_read(tmp_path):
    p = tmp_path / "lama.csv"
    p.write_bytes("kecamatan,keterangan\nSetu,ba\xf1o\nBabelan,cafe\xe9\n".encode("latin-1"))
    r = structure.inspect_file(p, "csv")
    assert r.error == "" and r.rows == 2
