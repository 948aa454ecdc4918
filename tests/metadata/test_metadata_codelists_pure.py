"""Code lists: files, loader, labels (pure)."""

import csv

import pytest

from ckanext.satudata.metadata import codelists

EXPECTED = {
    "topic",
    "urusan",
    "area",
    "frequency",
    "collection_method",
    "classification",
    "presentation_level",
    "estimation_level",
    "data_type",
    "composite",
    "language",
    "unit",
    "format",
}


def test_every_expected_list_is_shipped_with_a_source():
    assert set(codelists.names()) >= EXPECTED
    sources = codelists.sources()
    for name in codelists.names():
        assert name in sources, name
        assert sources[name]["source"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lists_have_unique_codes_and_both_labels(name):
    entries = codelists.load(name)
    assert entries
    assert len({e.code for e in entries}) == len(entries)
    for e in entries:
        assert e.label_id and e.label_en, (name, e.code)
    with (codelists.CODELIST_DIR / f"{name}.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header[:3] == ["code", "label_id", "label_en"]


def test_architecture_code_values():
    assert codelists.codes("frequency") == {
        "harian",
        "mingguan",
        "bulanan",
        "triwulanan",
        "empat_bulanan",
        "semesteran",
        "tahunan",
        "dua_tahunan",
        "sekali",
        "tidak_tetap",
    }
    assert codelists.codes("presentation_level") == {"kabupaten", "kecamatan", "desa_kelurahan"}
    assert codelists.codes("collection_method") == {
        "sensus",
        "survei",
        "kompilasi_administrasi",
        "cara_lain",
    }
    assert codelists.codes("classification") == {"terbuka", "terbatas", "dikecualikan"}
    assert codelists.codes("data_type") == {
        "integer",
        "decimal",
        "text",
        "date",
        "category",
        "boolean",
    }
    assert codelists.codes("composite") == {"ya", "tidak"}
    assert codelists.codes("language") == {"id", "en"}
    assert len(codelists.codes("topic")) == 22


def test_area_list_is_the_regency_its_23_kecamatan_and_their_desa_kelurahan():
    area = codelists.codes("area")
    assert len(area) == 1 + 23 + 187  # counts per kecamatan: test_area_codelist_pure.py
    assert "32.16" in area
    assert {f"32.16.{i:02d}" for i in range(1, 24)} <= area
    assert "32.75" not in area  # Kota Bekasi is another daerah
    assert codelists.label("area", "32.16.06") == "Kecamatan Tambun Selatan"
    assert codelists.label("area", "32.16.06", "en") == "Tambun Selatan District"
    assert codelists.entry("area", "32.16.23").get("level") == "kecamatan"


def test_urusan_codes_include_statistik_and_reconstructed_flag():
    assert codelists.label("urusan", "2.20") == "Statistik"
    assert codelists.label("urusan", "2.20", "en") == "Statistics"
    assert codelists.entry("urusan", "2.13").get("confirmed") == "no"
    assert len(codelists.codes("urusan")) == 42


def test_label_falls_back_to_code_and_indonesian():
    assert codelists.label("topic", "999") == "999"
    assert codelists.label("topic", "9", "fr") == "Kesehatan"
    assert codelists.label("topic", None) == ""


def test_choices_are_scheming_shaped():
    ch = codelists.choices("classification")
    assert ch[0] == {"value": "terbuka", "label": {"id": "Terbuka", "en": "Open"}}


def test_extra_columns_and_unknown_list():
    assert codelists.entry("classification", "terbatas").get("private") == "true"
    assert codelists.entry("frequency", "tahunan").get("eu_uri").endswith("/ANNUAL")
    with pytest.raises(codelists.UnknownCodeList):
        codelists.load("nope")
    with pytest.raises(codelists.UnknownCodeList):
        codelists.load("../x")
