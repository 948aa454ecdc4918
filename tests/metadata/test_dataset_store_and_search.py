"""The Satu Data dataset schema through CKAN's API, PostgreSQL and Solr: a complete dataset round-trips field for field, is indexed, found by every facet, and a non-open classification makes it private."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from .metadata_api_fixtures import _dataset, _post, editor, make_org

pytestmark = pytest.mark.usefixtures("metadata_db")

__all__ = ["editor"]  # fixtures, imported for this module


def test_complete_dataset_round_trips_field_for_field(app, editor):
    user, agency = editor
    sent = _dataset(
        agency, sds_code="SP00055.00.00", reference_number="070/123/Diskominfosantik", unit="Jiwa"
    )
    created = _post(app, user, "package_create", sent, 200)["result"]
    shown = call_action("package_show", id=created["id"])

    for key, value in sent.items():
        if key in ("resources", "variables", "indicators", "tag_string", "owner_org"):
            continue
        assert shown[key] == value, key
    assert shown["owner_org"] == agency["id"]
    assert sorted(t["name"] for t in shown["tags"]) == ["kependudukan", "penduduk"]
    for got, want in zip(shown["variables"], sent["variables"]):
        assert {k: got.get(k) for k in want} == want
    assert len(shown["variables"]) == 2
    assert {k: shown["indicators"][0].get(k) for k in sent["indicators"][0]} == sent["indicators"][
        0
    ]
    res = shown["resources"][0]
    for key, value in sent["resources"][0].items():
        assert res[key] == value, key
    assert isinstance(shown["year_start"], int) and shown["private"] is False


def test_long_statistical_metadata_is_indexed_and_searchable(app, editor):
    user, agency = editor
    variables = [
        {
            "name": f"variabel_{i:02d}",
            "concept": "Konsep",
            "definition": "Definisi panjang " * 80,
            "unit": "jiwa",
            "data_type": "integer",
            "reference_period": "2023",
        }
        for i in range(60)
    ]
    variables[59]["concept"] = "Konsep istimewa tenggelamnya"
    _post(app, user, "package_create", _dataset(agency, variables=variables, indicators=[]), 200)
    found = call_action("package_search", q="tenggelamnya")
    assert [r["name"] for r in found["results"]] == ["jumlah-penduduk-per-kecamatan"]
    assert call_action("package_search", fq="vocab_variables:variabel_59")["count"] == 1
    assert len(found["results"][0]["variables"]) == 60


def test_every_facet_finds_the_dataset(app, editor):
    user, agency = editor
    _post(app, user, "package_create", _dataset(agency), 200)
    other = make_org("dinkes", "Dinas Kesehatan")
    call_action(
        "package_create",
        **_dataset(
            other,
            name="fasilitas-kesehatan",
            title="Fasilitas Kesehatan",
            topic="9",
            urusan=["1.02"],
            frequency="semesteran",
            year_start=2024,
            year_end=2024,
            presentation_level="kabupaten",
            area_codes=["32.16"],
        ),
    )

    facets = [
        "organization",
        "topic",
        "vocab_urusan",
        "frequency",
        "vocab_year",
        "presentation_level",
        "vocab_area_codes",
    ]
    found = call_action("package_search", q="*:*", **{"facet.field": facets, "rows": 10})
    assert found["count"] == 2
    items = {f: {i["name"]: i["count"] for i in found["search_facets"][f]["items"]} for f in facets}
    assert items["organization"] == {"disdukcapil": 1, "dinkes": 1}
    assert items["topic"] == {"2": 1, "9": 1}
    assert items["vocab_urusan"] == {"2.12": 1, "1.02": 1}
    assert items["frequency"] == {"tahunan": 1, "semesteran": 1}
    assert items["vocab_year"] == {"2022": 1, "2023": 1, "2024": 1}
    assert items["presentation_level"] == {"kecamatan": 1, "kabupaten": 1}
    assert items["vocab_area_codes"] == {"32.16.01": 1, "32.16.02": 1, "32.16": 1}

    filters = {
        "organization:disdukcapil": "jumlah-penduduk-per-kecamatan",
        "topic:9": "fasilitas-kesehatan",
        'vocab_urusan:"2.12"': "jumlah-penduduk-per-kecamatan",
        "frequency:semesteran": "fasilitas-kesehatan",
        "vocab_year:2023": "jumlah-penduduk-per-kecamatan",
        "presentation_level:kabupaten": "fasilitas-kesehatan",
        'vocab_area_codes:"32.16.02"': "jumlah-penduduk-per-kecamatan",
    }
    for fq, name in filters.items():
        result = call_action("package_search", fq=fq)
        assert [r["name"] for r in result["results"]] == [name], fq


def test_search_page_shows_translated_facets_and_code_labels(app, editor):
    user, agency = editor
    _post(app, user, "package_create", _dataset(agency), 200)
    body = app.get("/dataset/").body
    assert "1 dataset ditemukan" in body
    for title in (
        "Produsen Data",
        "Sektor Kegiatan",
        "Urusan Pemerintahan",
        "Frekuensi",
        "Tahun",
        "Tingkat Penyajian",
        "Wilayah",
    ):
        assert title in body, title
    for label in (
        "Demografi dan Kependudukan",
        "Administrasi Kependudukan dan Pencatatan Sipil",
        "Tahunan",
        "Kecamatan Tarumajaya",
    ):
        assert label in body, label
    filtered = app.get("/dataset/", query_string={"vocab_urusan": "2.12"}).body
    assert "jumlah-penduduk-per-kecamatan" in filtered
    assert (
        "jumlah-penduduk-per-kecamatan"
        not in app.get("/dataset/", query_string={"vocab_urusan": "1.02"}).body
    )


def test_classification_other_than_terbuka_makes_the_dataset_private(app, editor):
    user, agency = editor
    created = _post(
        app, user, "package_create", _dataset(agency, classification="terbatas", private=False), 200
    )["result"]
    assert created["private"] is True
    by_name = f"name:{created['name']}"
    assert call_action("package_search", fq=by_name)["count"] == 0  # anonymous search
    assert (
        call_action(
            "package_search",
            fq=by_name,
            include_private=True,
            context={"user": user["name"], "ignore_auth": False},
        )["count"]
        == 1
    )
    app.get("/dataset/" + created["name"], status=404)
