"""Shared by the pure indicator and scoring tests: the expected reports, the scoring config, a complete dataset that passes every indicator, its inputs and evaluation."""

from __future__ import annotations

from pathlib import Path

import yaml
from satudata_testing import complete_kegiatan_fields

from ckanext.satudata.assessment.core import indicators as ind
from ckanext.satudata.assessment.core import scoring, static, structure

DATA = Path(__file__).resolve().parent / "data"


EXPECTED = yaml.safe_load((DATA / "expected.yaml").read_text(encoding="utf-8"))


CONFIG = scoring.load_config()


def report(name):
    return structure.inspect_file(
        DATA / name, name.rsplit(".", 1)[1], static.area_names(), None, static.area_codes()
    )


TIDY = report("penduduk_kecamatan_2023.csv")


# The MS-Keg items of the dataset's kegiatan, as metadata's ms_keg_items() gives them.
KEGIATAN = {
    **complete_kegiatan_fields(collection_method="kompilasi_administrasi"),
    "id": "6b0c1a52-0000-4000-8000-0000000000a1",
    "name": "kompilasi-data-kependudukan-2023",
    "title": "Kompilasi Data Kependudukan Kabupaten Bekasi",
    "owner_org": "Dinas Kependudukan dan Pencatatan Sipil",
}


KEGIATAN.pop("type")


def complete_dataset() -> dict:
    """A dataset as package_show returns it for a well-kept Disdukcapil table."""
    return {
        "id": "6b0c1a52-0000-4000-8000-000000000001",
        "name": "penduduk-kecamatan-2023",
        "title": "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin 2023",
        "owner_org": "org-disdukcapil",
        "notes": "Jumlah penduduk Kabupaten Bekasi menurut kecamatan.",
        "title_en": "Population by district and sex 2023",
        "notes_en": "Population by district.",
        "tag_string": "penduduk,kependudukan",
        "tags": [{"name": "penduduk"}],
        "license_id": "cc-by",
        "maintainer": "Bidang Statistik Disdukcapil",
        "maintainer_email": "disdukcapil@bekasikab.go.id",
        "topic": "2",
        "urusan": ["2.12"],
        "frequency": "tahunan",
        "year_start": 2023,
        "year_end": 2023,
        "presentation_level": "kecamatan",
        "area_codes": ["32.16.01", "32.16.02", "32.16.18"],
        "unit": "jiwa",
        "measure": "Jumlah",
        "data_source": "Sistem Informasi Administrasi Kependudukan (SIAK)",
        "collection_method": "kompilasi_administrasi",
        "classification": "terbuka",
        "kegiatan": KEGIATAN["id"],
        "variables": [
            {
                "name": "jumlah_penduduk",
                "alias": "penduduk",
                "concept": "Penduduk",
                "definition": "Orang yang berdomisili di Kabupaten Bekasi.",
                "unit": "jiwa",
                "data_type": "integer",
                "reference_period": "31 Desember 2023",
                "value_classification": "bilangan bulat >= 0",
                "validation_rule": "jumlah_penduduk >= 0",
                "selection_reference": "Data Konsolidasi Bersih Dukcapil",
                "question": "Berapa nilainya di kecamatan ini?",
                "public_access": "ya",
            },
            {
                "name": "luas_wilayah",
                "alias": "luas",
                "value_classification": "km2, dua desimal",
                "validation_rule": "luas_wilayah > 0",
                "concept": "Luas wilayah",
                "definition": "Luas daratan kecamatan.",
                "unit": "km2",
                "data_type": "decimal",
                "reference_period": "2023",
                "selection_reference": "Data Konsolidasi Bersih Dukcapil",
                "question": "Berapa nilainya di kecamatan ini?",
                "public_access": "ya",
            },
            {
                "name": "kecamatan",
                "alias": "nama_kecamatan",
                "value_classification": "nama kecamatan menurut Kemendagri",
                "validation_rule": "salah satu dari 23 kecamatan",
                "concept": "Kecamatan",
                "definition": "Wilayah kerja camat.",
                "unit": "-",
                "data_type": "text",
                "reference_period": "2023",
                "selection_reference": "Data Konsolidasi Bersih Dukcapil",
                "question": "Berapa nilainya di kecamatan ini?",
                "public_access": "ya",
            },
        ],
        "indicators": [
            {
                "name": "kepadatan_penduduk",
                "concept": "Kepadatan penduduk",
                "definition": "Banyaknya penduduk per km2.",
                "interpretation": "Makin tinggi makin padat.",
                "formula": "jumlah_penduduk / luas_wilayah",
                "unit": "jiwa/km2",
                "reference_period": "2023",
                "composite": "ya",
                "builder_variables": "jumlah_penduduk, luas_wilayah",
                "estimation_level": "kecamatan",
                "measure": "Rasio",
                "presentation_classification": "Menurut kecamatan",
                "cumulative": "tidak",
                "builder_indicators": "-",
                "builder_publication": "Kabupaten Bekasi Dalam Angka 2024",
                "public_access": "ya",
            }
        ],
        "resources": [
            {
                "id": "res-tidy",
                "name": "Penduduk 2023",
                "url_type": "upload",
                "url": "http://portal.example/dataset/x/resource/res-tidy/download/penduduk.csv",
                "format": "CSV",
                "description": "Tabel penduduk",
                "data_period": "2023",
                "columns_description": "tahun, kode_wilayah, kecamatan, jenis_kelamin, jumlah_penduduk",
                "language": "id",
            }
        ],
    }


def inputs(ds=None, structure_reports=None, timeliness="default", ms_keg=None) -> ind.Inputs:
    if timeliness == "default":
        timeliness = ind.Timeliness(
            submission="on_time", cutoff="2023-11-23", periodic=True, overdue=False
        )
    reports = {"res-tidy": TIDY} if structure_reports is None else structure_reports
    return ind.Inputs(
        marks=static.marks(),
        codelists=static.codelist_map(),
        formats=static.formats_map(),
        structure=reports,
        timeliness=timeliness,
        ms_keg=KEGIATAN if ms_keg is None else ms_keg,
        ms_keg_marks=static.kegiatan_marks(),
    )


def evaluate(ds, inp=None):
    return scoring.score_dataset(ds, inp or inputs(), CONFIG)


def _no_kegiatan(ds, inp):
    ds.pop("kegiatan")
    return ds, inputs(ms_keg={})
