"""The metadata capability's demo content loads completely and idempotently."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from ckanext.satudata.metadata import demo, fieldmarks, wiring

pytestmark = pytest.mark.usefixtures("metadata_db")


def test_demo_datasets_are_complete_and_found_by_facets(app):
    names = demo.load_demo()
    spec = demo.demo_definitions()
    kegiatan = {k["name"]: k for k in demo.kegiatan_definitions()}
    assert len(names) == len(spec["datasets"]) + len(kegiatan) and len(spec["datasets"]) >= 3

    required = fieldmarks.required_fields()
    recommended = fieldmarks.recommended_fields()
    for item in spec["datasets"]:
        shown = call_action("package_show", id=item["name"])
        assert shown["organization"]["name"] == item["owner"]
        # each demo dataset is linked to the kegiatan of its own agency, which lists it
        linked = call_action("package_show", id=shown["kegiatan"])
        assert linked["name"] == item["kegiatan"] and linked["owner_org"] == shown["owner_org"]
        assert kegiatan[item["kegiatan"]]["owner"] == item["owner"]
        assert item["title"] in app.get("/kegiatan/" + linked["name"]).body
        for field in required + recommended:
            if field == "indicators" and not item["indicators"]:
                continue
            if field == "tag_string":
                assert len(shown["tags"]) >= 3
                continue
            assert shown.get(field) not in (None, "", []), (item["name"], field)
        (resource,) = shown["resources"]
        assert resource["url_type"] == "upload" and resource["format"] == "CSV"
        for field in fieldmarks.required_fields("resource") + fieldmarks.recommended_fields(
            "resource"
        ):
            if field != "description":
                assert resource.get(field), (item["name"], field)
        body = app.get(resource["url"]).body
        assert body.startswith("tahun,kode_wilayah,kecamatan")
        page = app.get("/dataset/" + item["name"]).body
        assert "Seluruh kecamatan (23)" in page and item["title"] in page

    facets = call_action("package_search", **{"facet.field": ["organization", "vocab_year"]})
    orgs = {i["name"] for i in facets["search_facets"]["organization"]["items"]}
    assert {"disdukcapil", "disdik", "dinkes"} <= orgs
    years = {i["name"] for i in facets["search_facets"]["vocab_year"]["items"]}
    assert {"2021", "2022", "2023"} <= years

    # a second run creates nothing and changes nothing
    before = call_action("package_search", rows=0)["count"]
    wiring.CAPABILITY.load_demo()
    assert demo.load_demo() == []
    assert call_action("package_search", rows=0)["count"] == before


def test_the_demo_fills_the_home_pages_most_used_box_once(app):
    from bs4 import BeautifulSoup

    demo.load_demo()
    box = BeautifulSoup(app.get("/").body, "html.parser").select_one("#satudata-most-used")
    assert [a["href"].rsplit("/", 1)[-1] for a in box.select("li a")] == [
        "jumlah-penduduk-per-kecamatan",
        "fasilitas-kesehatan-per-kecamatan",
        "jumlah-siswa-sd-smp-per-kecamatan",
        "peserta-kb-aktif-per-kecamatan",
    ]
    assert "9 kali dilihat" in box.select("li")[0].text
    # a second run records no more visits
    demo.load_demo()
    box = BeautifulSoup(app.get("/").body, "html.parser").select_one("#satudata-most-used")
    assert "9 kali dilihat" in box.select("li")[0].text
