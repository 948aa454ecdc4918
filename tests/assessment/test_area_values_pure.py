"""Area codes in data files and in the dataset's metadata now that the area list holds every
desa/kelurahan of Kabupaten Bekasi (pure: real CSV files, no CKAN)."""

from __future__ import annotations

import pytest

from ckanext.satudata.assessment.core import scoring, static, structure, value_checks

from .indicator_inputs import complete_dataset, evaluate

pytestmark = pytest.mark.pure


def area_check(tmp_path, text: str):
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    report = structure.inspect_file(
        path, "csv", static.area_names(), area_codes=static.area_codes()
    )
    assert report.error == ""
    return report.checks[value_checks.AREA_VALUES]


def test_a_table_by_desa_of_kabupaten_bekasi_passes(tmp_path):
    check = area_check(
        tmp_path,
        "tahun,kode_desa,desa,jumlah_sekolah\n"
        "2023,32.16.01.1007,Setia Asih,4\n"
        "2023,32.16.01.2001,Sagara Makmur,3\n"
        "2023,3216062002,Lambangsari,5\n"  # the digits without dots, as many exports write them
        "2023,32.16.01,Tarumajaya,12\n",
    )
    assert check.ok, check.details


def test_a_desa_of_another_regency_or_an_unknown_desa_fails(tmp_path):
    check = area_check(
        tmp_path,
        "tahun,kode_desa,jumlah_sekolah\n"
        "2023,32.16.01.2001,3\n"
        "2023,32.75.01.1001,4\n"  # Kota Bekasi, another daerah
        "2023,32.16.01.2999,5\n",  # no such desa in Kecamatan Tarumajaya
    )
    assert not check.ok
    assert "32.75.01.1001" in check.details[0] and "32.16.01.2999" in check.details[0]
    assert "32.16.01.2001" not in check.details[0]


def test_desa_names_as_column_headers_are_a_wide_table():
    report = structure.analyse_rows(
        [
            ["indikator", "Sagara Makmur", "Segarajaya", "Desa Pusaka Rakyat"],
            ["jumlah posyandu", "4", "5", "6"],
        ],
        area_names=static.area_names(),
    )
    assert not report.checks["long_format"].ok
    assert "areas" in report.checks["long_format"].details[0]


def test_dataset_area_codes_are_listed_desa_codes():
    ds = complete_dataset()
    ds["presentation_level"] = "desa_kelurahan"
    ds["area_codes"] = ["32.16.18.2001", "32.16.18.2011", "32.16.01.1007"]
    assert evaluate(ds).result("area_codes").status == scoring.PASS
    ds["area_codes"] = ["32.16.18.2001", "32.16.18.2999"]  # the second is no desa of Setu
    r = evaluate(ds).result("area_codes")
    assert r.status != scoring.PASS and r.details == ("area_codes=32.16.18.2999",)
