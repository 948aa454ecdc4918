"""The indicator table and every indicator shown both to pass and to fire (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from satudata_testing import complete_kegiatan_fields

from ckanext.satudata.assessment.catalogue import translator
from ckanext.satudata.assessment.core import epss, scoring, static, structure
from ckanext.satudata.assessment.core import indicators as ind

from .test_wording_pure import english_words

pytestmark = pytest.mark.pure

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


# --------------------------------------------------------------------------- the table


def test_points_sum_to_the_documented_maximum():
    assert sum(i.points for i in ind.INDICATORS) == ind.MAX_POINTS == 100
    assert CONFIG.max_points == 100


def test_shipped_weights_file_lists_every_indicator_with_its_default_points():
    raw = yaml.safe_load(scoring.DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    assert raw["points"] == {i.id: i.points for i in ind.INDICATORS if not i.precondition}


def test_table_entries_are_complete():
    assert len(ind.BY_ID) == len(ind.INDICATORS)
    for i in ind.INDICATORS:
        assert i.principle in ind.PRINCIPLES
        assert i.epss in epss.BY_CODE or (i.epss == "" and i.id == "submitted_on_time")
        assert i.applies_to in (ind.DATASET, ind.RESOURCE)
        for text in (i.title, i.reason, i.fix):
            assert text["id"].strip() and text["en"].strip() and text["id"] != text["en"]
        assert "{details}" in i.reason["id"] and "{details}" in i.reason["en"]
        # a precondition (guaranteed by form validation) earns no points; every other does
        assert (i.points == 0) == i.precondition, i.id


def test_the_complete_dataset_passes_every_indicator():
    score = evaluate(complete_dataset())
    failing = {r.indicator_id: r.details for r in score.results if r.status != scoring.PASS}
    assert failing == {}
    assert score.score == 100.0 and score.band == "siap_pakai" and score.capped_by == ""


# --------------------------------------------------------------------------- firing cases


def _set(**kw):
    def mutate(ds, inp):
        ds.update(kw)
        return ds, inp

    return mutate


def _res(**kw):
    def mutate(ds, inp):
        ds["resources"][0].update(kw)
        return ds, inp

    return mutate


def _structure_file(name):
    def mutate(ds, inp):
        fmt = name.rsplit(".", 1)[1].upper()
        ds["resources"][0].update(
            format=fmt, url=ds["resources"][0]["url"].replace(".csv", "." + fmt.lower())
        )
        return ds, inputs(structure_reports={"res-tidy": report(name)})

    return mutate


def _variables(ds, inp):
    ds["variables"][0]["definition"] = ""
    return ds, inp


def _indicator_formula(ds, inp):
    ds["indicators"][0]["formula"] = ""
    ds["indicators"][0]["builder_variables"] = "jumlah_penduduk, jumlah_kk"
    return ds, inp


def _variables_documented(ds, inp):
    ds["variables"][1]["validation_rule"] = ""
    ds["variables"][2].pop("alias")
    return ds, inp


def _survey(ds, inp):
    keg = dict(KEGIATAN, collection_method="survei", objective="")
    keg.pop("recommendation_id")
    return ds, inputs(ms_keg=keg)


def _no_kegiatan(ds, inp):
    ds.pop("kegiatan")
    return ds, inputs(ms_keg={})


def _timeliness(**kw):
    def mutate(ds, inp):
        base = dict(submission="on_time", cutoff="2023-11-23", periodic=True, overdue=False)
        base.update(kw)
        return ds, inputs(timeliness=ind.Timeliness(**base))

    return mutate


FIRES = {
    "meta_required": (_set(notes="", year_end=None), ["notes", "year_end"]),
    "meta_recommended": (_set(maintainer="", data_source=None), ["maintainer", "data_source"]),
    "activity_metadata": (_survey, ["objective", "recommendation_id"]),
    "variables_documented": (
        _variables_documented,
        ["luas_wilayah: validation_rule", "kecamatan: alias"],
    ),
    "variables_complete": (_variables, ["jumlah_penduduk: definition"]),
    "indicators_complete": (_indicator_formula, ["kepadatan_penduduk: formula", "jumlah_kk"]),
    "codes_valid": (
        _set(topic="Kependudukan", urusan=["2.12", "2.99"]),
        ["topic=Kependudukan", "urusan=2.99"],
    ),
    "area_codes": (
        _set(area_codes=["32.75.01", "32.16"]),
        ["area_codes=32.75.01", "presentation_level=kecamatan"],
    ),
    "unit_present": (_set(unit=""), ["unit"]),
    "dcat_valid": (
        _set(license_id="notspecified", maintainer_email=""),
        ["license_id", "maintainer_email"],
    ),
    "open_format": (
        _res(format="PDF", url="http://portal.example/x/penduduk.pdf"),
        ["Penduduk 2023: PDF"],
    ),
    "downloadable": (
        _res(url_type="", url="https://disdukcapil.bekasikab.go.id/data/penduduk.csv"),
        ["disdukcapil.bekasikab.go.id"],
    ),
    "submitted_on_time": (_timeliness(submission="late"), ["late (cutoff 2023-11-23)"]),
    "up_to_date": (
        _timeliness(overdue=True, days_overdue=40, next_due="2024-12-31"),
        ["tahunan: 40 d"],
    ),
}
VALUE_INDICATORS = {
    "area_values": "val_area_codes",
    "filled_columns": "val_columns_filled",
    "unique_rows": "val_unique_rows",
    "years": "val_years",
}
for _name, _spec in EXPECTED.items():
    for _check in _spec["fails"] or ():
        _id = VALUE_INDICATORS.get(_check, "struct_" + _check)
        FIRES.setdefault(_id, (_structure_file(_name), ["Penduduk 2023: "]))


# the value checks fire on files of the corpus (data/corpus/corpus.yaml)
FIRES["val_area_codes"] = (
    _structure_file("corpus/posyandu_kode_salah.csv"),
    ["32.16.99, 32.75", 'Penduduk 2023: column "kode_wilayah": codes'],
)
FIRES["val_columns_filled"] = (
    _structure_file("corpus/pasar_kolom_kosong.csv"),
    ['Penduduk 2023: column "keterangan" is empty'],
)
FIRES["val_unique_rows"] = (
    _structure_file("corpus/rumah_ibadah_baris_kembar.csv"),
    ["Penduduk 2023: rows 25, 26 repeat an earlier row"],
)
FIRES["val_years"] = (
    _structure_file("corpus/penduduk_tahun_luar_cakupan.csv"),
    ["2018, 2019", "Penduduk 2023: years 2018, 2019 outside 2023-2023"],
)


def test_every_indicator_has_a_firing_case():
    assert set(FIRES) == set(ind.BY_ID)


@pytest.mark.parametrize("indicator_id", sorted(ind.BY_ID))
def test_indicator_fires_with_reason_and_fix(indicator_id):
    mutate, expected_details = FIRES[indicator_id]
    ds, inp = mutate(complete_dataset(), inputs())
    score = evaluate(ds, inp)
    result = score.result(indicator_id)
    assert result.status in (scoring.FAIL, scoring.PARTIAL)
    if ind.BY_ID[indicator_id].precondition:
        # no points of its own: a failed precondition caps the score instead
        assert result.points == 0 and score.capped_by == "precondition"
        assert score.score <= CONFIG.gate.precondition_cap
    else:
        assert result.earned < result.points
    joined = " | ".join(result.details)
    for d in expected_details:
        assert d in joined, joined
    reason = ind.BY_ID[indicator_id].text("reason", "en", result.details)
    assert expected_details[0] in reason
    said = ind.BY_ID[indicator_id].text(
        "reason", "id", result.details, static.field_labels(), translator("id")
    )
    assert not english_words(said), said
    assert score.score < 100


def test_not_applicable_indicators_leave_the_maximum():
    ds = complete_dataset()
    ds["indicators"] = []
    ds["frequency"] = "sekali"
    s = evaluate(ds, inputs(timeliness=None))
    na = {r.indicator_id for r in s.results if r.status == scoring.NA}
    assert na == {"indicators_complete", "submitted_on_time", "up_to_date"}
    assert s.possible == 100 - 3 - 5 - 5
    assert s.score == 100.0


def test_not_submitted_and_no_resources():
    ds = complete_dataset()
    ds["resources"] = []
    s = evaluate(ds, inputs(timeliness=ind.Timeliness(submission="not_submitted")))
    assert s.result("submitted_on_time").status == scoring.FAIL
    assert s.result("open_format").details == ("no resources",)
    assert s.result("up_to_date").status == scoring.NA


def test_empty_dataset_scores_low_but_does_not_crash():
    s = evaluate(
        {"id": "x", "name": "kosong", "title": "Kosong"},
        inputs(structure_reports={}, timeliness=None),
    )
    assert s.score < 20 and s.band == "belum_layak"


def test_marks_come_from_the_schema_not_a_second_list():
    marks = dict(static.marks())
    assert marks["notes"] == "required" and marks["variables.definition"] == "required"
    ds = complete_dataset()
    ds["sds_code"] = ""
    assert evaluate(ds).result("meta_required").status == scoring.PASS  # sds_code is optional
    marks["sds_code"] = "required"  # the schema changes
    inp = ind.Inputs(
        marks=marks,
        codelists=static.codelist_map(),
        formats=static.formats_map(),
        structure={"res-tidy": TIDY},
        timeliness=None,
    )
    r = scoring.score_dataset(ds, inp, CONFIG).result("meta_required")
    assert r.status == scoring.PARTIAL and r.details == ("sds_code",)


def test_desa_codes_under_a_known_kecamatan_are_valid():
    ds = complete_dataset()
    ds["presentation_level"] = "desa_kelurahan"
    ds["area_codes"] = ["32.16.18.2001", "32.16.18.2002"]
    assert evaluate(ds).result("area_codes").status == scoring.PASS
    ds["area_codes"] = ["32.16.99.2001", "32.16.18.3001"]
    r = evaluate(ds).result("area_codes")
    assert r.status == scoring.FAIL and len(r.details) == 3


def test_tags_count_for_the_tag_string_field():
    ds = complete_dataset()
    del ds["tag_string"]
    assert evaluate(ds).result("meta_recommended").status == scoring.PASS
    ds["tags"] = []
    assert evaluate(ds).result("meta_recommended").details == ("tag_string",)
