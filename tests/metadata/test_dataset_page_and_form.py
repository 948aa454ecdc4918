"""The dataset page and the dataset form of the Satu Data schema: metadata shown readably, the form in Indonesian and English with its marks, the edit form keeping the values, the area summary."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests.helpers import call_action

from .metadata_api_fixtures import _dataset, _post, editor

pytestmark = pytest.mark.usefixtures("metadata_db")

__all__ = ["editor"]  # fixtures, imported for this module


def test_dataset_page_shows_the_metadata_readably(app, editor):
    user, agency = editor
    created = _post(app, user, "package_create", _dataset(agency), 200)["result"]
    body = app.get("/dataset/" + created["name"]).body
    for text in (
        "Kecamatan Tarumajaya",
        "Kecamatan Babelan",  # area names, not codes
        "Demografi dan Kependudukan",
        "Tahunan",
        "Kompilasi Produk Administrasi",
        "Variabel (MS-Var)",
        "jumlah_penduduk",
        "Bilangan Bulat",
        "Indikator (MS-Ind)",
        "kepadatan_penduduk",
        "Ya (Komposit)",
        "Administrasi Kependudukan dan Pencatatan Sipil",
    ):
        assert text in body, text
    resource = call_action("package_show", id=created["id"])["resources"][0]
    page = app.get(f"/dataset/{created['name']}/resource/{resource['id']}").body
    assert "Deskripsi Kolom" in page and "kode_wilayah" in page and "Periode Data" in page


def _form_pages(app, user, agency, lang=""):
    """The four pages of the dataset form as an editor reaches them: page 1 at /dataset/new,
    pages 2-4 of the draft that page 1 created."""
    auth = {"Authorization": user["token"]}
    first = app.get(f"{lang}/dataset/new", headers=auth).body
    name = f"draf-formulir{lang.replace('/', '-')}"
    app.post(
        "/dataset/new",
        headers=auth,
        data={
            "title": "Draf",
            "name": name,
            "notes": "Draf.",
            "license_id": "cc-by",
            "owner_org": agency["id"],
            "_ckan_phase": "1",
            "save": "continue",
        },
        follow_redirects=False,
        status=302,
    )
    return [first] + [
        app.get(f"{lang}/dataset/new/{name}/{page}", headers=auth).body for page in (2, 3, 4)
    ]


def test_form_is_indonesian_and_shows_the_marks(app, editor):
    user, agency = editor
    pages = _form_pages(app, user, agency)
    expected = {
        0: ("Kata Kunci (disarankan)", "Visibilitas", "format Markdown", "Berikutnya"),
        1: (
            "Sektor Kegiatan (Topik)",
            "Urusan Pemerintahan",
            "Cakupan Wilayah",
            "Sifat Data",
            "Kecamatan Bojongmangu",
            "Statistik",
            "Kegiatan Statistik (MS-Keg, Peraturan BPS 5/2020)",
            "Seluruh kecamatan (23)",
        ),
        2: ("Variabel (MS-Var)", "Usulkan variabel dari berkas"),
        3: ("Indikator (MS-Ind)",),
    }
    for n, texts in expected.items():
        for text in texts + ('data-satudata-mark="required"', "Deskripsi Satu Data"):
            assert text in pages[n], (n + 1, text)
    assert 'data-satudata-mark="recommended"' in pages[0]
    # open licences first, with their titles in the page's language
    assert pages[0].index("Creative Commons Atribusi 4.0") < pages[0].index(
        "Lainnya (Tidak Terbuka)"
    )


def test_form_in_english_and_edit_form_keeps_the_values(app, editor):
    user, agency = editor
    auth = {"Authorization": user["token"]}
    english = "".join(_form_pages(app, user, agency, "/en"))
    for text in (
        "Topic (activity sector)",
        "Government affairs",
        "Areas covered",
        "Tags (recommended)",
        "Variables (MS-Var)",
        "Bojongmangu District",
        "All 23 districts",
    ):
        assert text in english, text
    created = _post(app, user, "package_create", _dataset(agency), 200)["result"]
    edit = BeautifulSoup(
        "".join(
            app.get(f"/dataset/edit/{created['name']}/{page}", headers=auth).body
            for page in (1, 2, 3, 4)
        ),
        "html.parser",
    )
    assert [o["value"] for o in edit.select("#field-area_codes option[selected]")] == [
        "32.16.01",
        "32.16.02",
    ]
    assert [o["value"] for o in edit.select("#field-urusan option[selected]")] == ["2.12"]
    assert edit.select_one("#field-variables-1-name")["value"] == "luas_wilayah"
    assert (
        edit.select_one("#field-indicators-0-builder_variables")["value"]
        == "jumlah_penduduk,luas_wilayah"
    )
    assert edit.select_one("#field-year_start")["value"] == "2022"


def test_area_summary_reads_names_and_all_kecamatan_as_one_phrase():
    from ckanext.satudata.metadata import codelists
    from ckanext.satudata.metadata.helpers import satudata_area_summary

    every = [f"32.16.{i:02d}" for i in range(1, 24)]
    assert (
        satudata_area_summary(["32.16.06", "32.16.01"], "id")
        == "Kecamatan Tambun Selatan, Kecamatan Tarumajaya"
    )
    assert (
        satudata_area_summary(every + ["32.16"], "id") == "Kabupaten Bekasi, Seluruh kecamatan (23)"
    )
    assert satudata_area_summary(every, "en") == "All 23 districts"
    # every desa/kelurahan of a kecamatan (the form's shortcut) reads as one phrase too
    setu = [e.code for e in codelists.load("area") if e.get("parent") == "32.16.18"]
    assert len(setu) == 11
    assert (
        satudata_area_summary(setu + ["32.16.01.1007"], "id")
        == "Seluruh desa/kelurahan dalam Kecamatan Setu, Kelurahan Setia Asih"
    )
    assert satudata_area_summary(setu[:2], "en") == "Cijengkol Village, Lubangbuaya Village"
