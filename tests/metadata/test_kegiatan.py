"""The Kegiatan Statistik record (scheming type ``kegiatan``, MS-Keg) through CKAN's API,
PostgreSQL and Solr, and the dataset's link to it."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.logic import ValidationError
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import complete_dataset_fields, complete_kegiatan_fields

from ckanext.satudata.metadata import api, kegiatan_rules

pytestmark = pytest.mark.usefixtures("metadata_db")
API = "/api/3/action/"


def _org(name, editors=()):
    return factories.Organization(
        name=name,
        title=f"Instansi {name}",
        agency_code=name,
        agency_type="dinas",
        users=[{"name": u, "capacity": "editor"} for u in editors],
    )


@pytest.fixture
def editor():
    user = factories.UserWithToken()
    return user, _org("disdukcapil", [user["name"]])


def _post(app, user, action, data, status):
    res = app.post(API + action, json=data, headers={"Authorization": user["token"]}, status=status)
    return res.json


def _kegiatan(org, **overrides):
    fields = complete_kegiatan_fields(**overrides)
    fields.setdefault("name", "kompilasi-kependudukan-2023")
    fields.setdefault("title", "Kompilasi Data Kependudukan 2023")
    fields.setdefault("owner_org", org["id"])
    return fields


def _dataset(org, **overrides):
    fields = complete_dataset_fields(**overrides)
    fields.setdefault("name", "jumlah-penduduk")
    fields.setdefault("title", "Jumlah Penduduk")
    fields.setdefault("owner_org", org["id"])
    return fields


def _stored(name):
    in_db = model.Session.query(model.Package).filter(model.Package.name == name).count()
    in_index = call_action(
        "package_search", fq=f"name:{name} +dataset_type:*", include_private=True
    )["count"]
    return in_db + in_index


def test_a_complete_kegiatan_round_trips_every_ms_keg_item(app, editor):
    user, org = editor
    sent = _kegiatan(org)
    created = _post(app, user, "package_create", sent, 200)["result"]
    shown = call_action("package_show", id=created["id"])
    assert shown["type"] == "kegiatan"
    for key, value in sent.items():
        if key == "variables":
            assert [{k: got.get(k) for k in value[0]} for got in shown[key]] == value
        elif key != "owner_org":
            assert shown[key] == value, key
    assert shown["owner_org"] == org["id"]
    # every MS-Keg item of the schema is in the builder, so every one was stored
    assert set(kegiatan_rules.item_fields()) - set(sent) == set()


@pytest.mark.parametrize(
    ("field", "value", "msg"),
    [
        ("schedule_collection_start", "31-12-2023", "Masukkan tanggal dengan format YYYY-MM-DD"),
        ("release_digital", "2101-01-01", "Masukkan tanggal antara 1945-01-01 dan 2100-12-31"),
        ("supervisor_count", "2,5", "Harus berupa bilangan bulat"),
        ("collection_techniques", ["wawancara", "telepati"], "telepati bukan pilihan yang sah"),
        ("collection_method", "", "Wajib diisi"),
        ("objective", "x" * 5001, "Panjang maksimal 5000 karakter"),
    ],
)
def test_bad_ms_keg_items_are_field_errors_and_nothing_is_stored(app, editor, field, value, msg):
    user, org = editor
    error = _post(app, user, "package_create", _kegiatan(org, **{field: value}), 409)["error"]
    assert any(msg in e for e in error[field]), error
    assert _stored("kompilasi-kependudukan-2023") == 0


def test_a_schedule_that_ends_before_it_starts_is_refused(app, editor):
    user, org = editor
    bad = _kegiatan(org, schedule_collection_end="2022-12-31")
    error = _post(app, user, "package_create", bad, 409)["error"]
    assert error["schedule_collection_end"] == ["Tanggal akhir tidak boleh sebelum tanggal awal"]
    assert _stored("kompilasi-kependudukan-2023") == 0


def test_a_dataset_links_to_its_agencys_kegiatan_and_both_pages_show_it(app, editor):
    user, org = editor
    keg = _post(app, user, "package_create", _kegiatan(org), 200)["result"]
    ds = _post(app, user, "package_create", _dataset(org, kegiatan=keg["name"]), 200)["result"]
    assert ds["kegiatan"] == keg["id"]  # stored as the id, whatever was typed
    page = app.get("/dataset/" + ds["name"]).body
    assert "Kompilasi Data Kependudukan 2023" in page and "/kegiatan/" + keg["name"] in page
    assert "B-123/32160/VS.100/2023" in page
    kpage = app.get("/kegiatan/" + keg["name"]).body
    assert "/dataset/" + ds["name"] in kpage
    for text in (
        "8.1 Produk Kegiatan yang Tersedia untuk Umum",
        "Digital (Softcopy)",
        "Wawancara",
        "Pengumpulan Data Sekunder",
        "Paper-assisted Personal Interviewing (PAPI)",
        "4.2 Frekuensi Penyelenggaraan",
        "jumlah_penduduk",  # 3.4 variables collected
    ):
        assert text in kpage, text
    items = api.ms_keg_items(ds)
    assert items["title"] == keg["title"] and items["collection_techniques"] == [
        "wawancara",
        "data_sekunder",
    ]
    assert items["owner_org"] == org["title"]
    assert api.ms_keg_items(_dataset(org)) == {}


def test_a_dataset_cannot_link_to_another_agencys_kegiatan(app, editor):
    user, org = editor
    other = _org("dinkes")
    keg = call_action("package_create", **_kegiatan(other, name="profil-kesehatan"))
    error = _post(app, user, "package_create", _dataset(org, kegiatan=keg["id"]), 409)["error"]
    assert error["kegiatan"] == ["Kegiatan statistik harus milik instansi dataset ini"]
    assert _stored("jumlah-penduduk") == 0
    error = _post(app, user, "package_create", _dataset(org, kegiatan="tidak-ada"), 409)["error"]
    assert error["kegiatan"] == ["Kegiatan statistik tidak ditemukan"]
    ds = call_action("package_create", **_dataset(org))
    error = _post(app, user, "package_create", _dataset(org, name="x2", kegiatan=ds["id"]), 409)
    assert error["error"]["kegiatan"] == ["Kegiatan statistik tidak ditemukan"]  # not a kegiatan


def test_kegiatan_are_searched_only_when_asked_for(app, editor):
    user, org = editor
    keg = _post(app, user, "package_create", _kegiatan(org), 200)["result"]
    ds = _post(app, user, "package_create", _dataset(org, kegiatan=keg["id"]), 200)["result"]
    found = call_action("package_search", q="*:*")
    assert [r["name"] for r in found["results"]] == [ds["name"]]
    found = call_action("package_search", fq="+dataset_type:kegiatan", q="kependudukan")
    assert [r["name"] for r in found["results"]] == [keg["name"]]
    assert keg["name"] in app.get("/kegiatan/").body
    listing = app.get("/kegiatan/", headers={"Authorization": user["token"]}).body
    assert "Tambah Kegiatan Statistik" in listing and "Add Kegiatan" not in listing
    assert "/kegiatan/" + keg["name"] not in app.get("/dataset/").body
    assert "/kegiatan/" + keg["name"] not in app.get("/organization/" + org["name"]).body
    assert "/dataset/" + ds["name"] in app.get("/organization/" + org["name"]).body


def test_a_harvesters_import_leaves_out_a_link_to_a_kegiatan_this_portal_lacks(app, editor):
    """ckanext-harvest saves with ``ignore_auth`` (call_action's context too): a link to another
    portal's record that does not exist here is left out and the dataset is saved; a kegiatan
    that does exist here but belongs to another agency is still refused."""
    user, org = editor
    ds = call_action("package_create", **_dataset(org, kegiatan="kegiatan-portal-lain"))
    assert "kegiatan" not in call_action("package_show", id=ds["id"])
    other = call_action("package_create", **_kegiatan(_org("dinkes"), name="profil-kesehatan"))
    with pytest.raises(ValidationError) as refused:
        call_action("package_create", **_dataset(org, name="x3", kegiatan=other["id"]))
    assert refused.value.error_dict["kegiatan"] == [kegiatan_rules.MSG_OTHER_AGENCY]
