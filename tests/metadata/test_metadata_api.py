"""The Satu Data dataset schema through CKAN's API, PostgreSQL and Solr."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import complete_dataset_fields

from ckanext.satudata.metadata import fieldmarks

pytestmark = pytest.mark.usefixtures("metadata_db")
API = "/api/3/action/"


def make_org(name, title, editors=()):
    """A minimal organization named by its agency code, made through the model so that
    these tests do not depend on the agencies capability's organization schema."""
    org = model.Group(name=name, title=title, type="organization", is_organization=True)
    model.Session.add(org)
    model.Session.flush()
    for user_name in editors:
        model.Session.add(
            model.Member(
                group=org,
                table_id=model.User.by_name(user_name).id,
                table_name="user",
                capacity="editor",
            )
        )
    model.Session.commit()
    return {"id": org.id, "name": org.name, "title": org.title}


@pytest.fixture
def editor():
    """An editor of Disdukcapil with an API token, and the agency."""
    user = factories.UserWithToken()
    agency = make_org(
        "disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", editors=[user["name"]]
    )
    return user, agency


def _post(app, user, action, data, status):
    res = app.post(API + action, json=data, headers={"Authorization": user["token"]}, status=status)
    return res.json


def _dataset(agency, **overrides):
    fields = complete_dataset_fields(**overrides)
    fields.setdefault("name", "jumlah-penduduk-per-kecamatan")
    fields.setdefault("title", "Jumlah Penduduk per Kecamatan")
    fields.setdefault("owner_org", agency["id"])
    return fields


def _stored_count(name="jumlah-penduduk-per-kecamatan"):
    """How many copies of the dataset ``name`` the database and the search index hold."""
    in_db = model.Session.query(model.Package).filter(model.Package.name == name).count()
    in_index = call_action("package_search", fq=f"name:{name}", include_private=True)["count"]
    return in_db + in_index


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


MAX = datetime.date.today().year + 5
BAD_INPUT = [
    ({"topic": "99"}, ("topic",), "99 bukan pilihan yang sah"),
    ({"urusan": ["2.12", "9.99"]}, ("urusan",), "9.99 bukan pilihan yang sah"),
    ({"frequency": "kadang-kadang"}, ("frequency",), "kadang-kadang bukan pilihan yang sah"),
    (
        {"presentation_level": "provinsi"},
        ("presentation_level",),
        "provinsi bukan pilihan yang sah",
    ),
    ({"collection_method": "tebakan"}, ("collection_method",), "tebakan bukan pilihan yang sah"),
    ({"classification": "rahasia"}, ("classification",), "rahasia bukan pilihan yang sah"),
    (
        {"area_codes": ["32.75"]},
        ("area_codes",),
        "Kode wilayah 32.75 berada di luar Kabupaten Bekasi (32.16)",
    ),
    (
        {"area_codes": ["32.16.01", "32.16.99"]},
        ("area_codes",),
        "Kode wilayah 32.16.99 tidak dikenal di Kabupaten Bekasi",
    ),
    ({"year_start": 1900}, ("year_start",), f"Tahun harus di antara 1945 dan {MAX}"),
    ({"year_end": MAX + 1}, ("year_end",), f"Tahun harus di antara 1945 dan {MAX}"),
    ({"year_start": "dua ribu"}, ("year_start",), "Tahun harus berupa bilangan bulat"),
    (
        {"year_start": 2024, "year_end": 2020},
        ("year_end",),
        "Tahun awal tidak boleh lebih besar dari tahun akhir",
    ),
    (
        {
            "variables": [
                {
                    "name": "jumlah_penduduk",
                    "concept": "a",
                    "definition": "b",
                    "unit": "jiwa",
                    "data_type": "integer",
                    "reference_period": "2023",
                },
                {
                    "name": "Jumlah_Penduduk",
                    "concept": "a",
                    "definition": "b",
                    "unit": "jiwa",
                    "data_type": "integer",
                    "reference_period": "2023",
                },
            ],
            "indicators": [],
        },
        ("variables", 1, "name"),
        "Nama Jumlah_Penduduk dipakai lebih dari sekali",
    ),
    (
        {
            "variables": [
                {
                    "name": "jumlah_penduduk",
                    "concept": "a",
                    "definition": "b",
                    "unit": "jiwa",
                    "data_type": "angka",
                    "reference_period": "2023",
                }
            ],
            "indicators": [],
        },
        ("variables", 0, "data_type"),
        "angka bukan pilihan yang sah",
    ),
    (
        {
            "indicators": [
                dict(
                    complete_dataset_fields()["indicators"][0],
                    builder_variables="jumlah_penduduk, luas_lahan",
                )
            ]
        },
        ("indicators", 0, "builder_variables"),
        "Variabel pembangun luas_lahan tidak ada di antara variabel dataset ini",
    ),
    (
        {
            "indicators": [
                complete_dataset_fields()["indicators"][0],
                complete_dataset_fields()["indicators"][0],
            ]
        },
        ("indicators", 1, "name"),
        "Nama kepadatan_penduduk dipakai lebih dari sekali",
    ),
]


@pytest.mark.parametrize(
    "overrides,path,message",
    BAD_INPUT,
    ids=["-".join(map(str, c[1])) + f"-{i}" for i, c in enumerate(BAD_INPUT)],
)
def test_each_validator_refuses_with_indonesian_message_and_stores_nothing(
    app, editor, overrides, path, message
):
    user, agency = editor
    error = _post(app, user, "package_create", _dataset(agency, **overrides), 409)["error"]
    node = error
    for step in path:
        node = node[step]
    assert message in node, error
    assert _stored_count() == 0


def test_bad_update_keeps_the_stored_dataset(app, editor):
    user, agency = editor
    created = _post(app, user, "package_create", _dataset(agency), 200)["result"]
    error = _post(
        app,
        user,
        "package_update",
        _dataset(agency, id=created["id"], topic="42", year_start=2030, year_end=2020),
        409,
    )["error"]
    assert error["topic"] == ["42 bukan pilihan yang sah"]
    assert call_action("package_show", id=created["id"])["topic"] == "2"


def test_missing_required_fields_are_listed_in_a_409(app, editor):
    user, agency = editor
    error = _post(
        app,
        user,
        "package_create",
        {"name": "kosong", "title": "Kosong", "owner_org": agency["id"]},
        409,
    )["error"]
    assert error["__type"] == "Validation Error"
    expected = set(fieldmarks.required_fields()) - {"name", "title", "owner_org"}
    assert expected <= set(error), expected - set(error)
    assert error["notes"] == ["Wajib diisi"]
    assert error["variables"] == ["Wajib diisi"]
    assert _stored_count("kosong") == 0


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
    assert pages[0].index("Creative Commons Attribution 4.0") < pages[0].index("Other (Not Open)")


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


MALFORMED = [
    {"title": "Jumlah\x00Penduduk"},
    {"notes": "a\x00b"},
    {"owner_org": "\x00"},
    {"owner_org": ["disdukcapil"]},
    {"tag_string": False},
    {"resources": [{"url": "http://x/a.csv", "name": "a", "format": ["CSV"]}]},
    {"resources": [{"url": 5, "name": "a"}]},
    {
        "variables": [
            {
                "name": "a\x00",
                "concept": "a",
                "definition": "b",
                "unit": "c",
                "data_type": "integer",
                "reference_period": "2023",
            }
        ]
    },
    {"variables": "bukan daftar"},
    {"indicators": "bukan daftar"},
    {"indicators": ["x"]},
    {"variables": [1, 2]},
    {"urusan": {"kode": "2.12"}},
    {"area_codes": 3216},
    {"year_start": [2020]},
    {"topic": ["2"]},
    {
        "variables": [
            {
                "name": ["jumlah"],
                "concept": "a",
                "definition": "b",
                "unit": "c",
                "data_type": ["integer"],
                "reference_period": "2023",
            }
        ]
    },
]


@pytest.mark.parametrize("overrides", MALFORMED, ids=lambda o: "-".join(o))
def test_malformed_input_is_refused_never_a_500(app, editor, overrides):
    """Wrong values, wrong shapes included (a repeating field that is not a list of
    objects), are field-level 409s naming the field."""
    user, agency = editor
    res = app.post(
        API + "package_create",
        json=_dataset(agency, **overrides),
        headers={"Authorization": user["token"]},
    )
    assert res.status_code == 409, res.body
    assert res.json["success"] is False
    assert set(overrides) & set(res.json["error"]), res.json["error"]
    assert _stored_count() == 0


# --- request shape: list fields that are not lists of objects ----------------------------

SHAPE_FIELDS = ("variables", "indicators", "resources", "tags", "extras", "groups")
NOT_LISTS_OF_OBJECTS = ("teks", None, 5, {"name": "x"}, ["teks"], [{"name": "x"}, 3])


@pytest.mark.parametrize("field", SHAPE_FIELDS)
def test_a_list_field_of_the_wrong_shape_is_a_field_error(app, editor, field):
    """CKAN itself answers these with a bare English "Integrity Error" (HTTP 400); the
    plugin's chained package_create names the field, in the portal's language."""
    user, agency = editor
    before = model.Session.query(model.Package).count()
    for value in NOT_LISTS_OF_OBJECTS:
        data = complete_dataset_fields(
            name="bentuk-salah", title="Bentuk salah", owner_org=agency["id"]
        )
        data[field] = value
        body = _post(app, user, "package_create", data, 409)
        assert body["error"][field] == ['Harus berupa daftar objek, mis. [{"name": "..."}]'], (
            field,
            value,
            body["error"],
        )
    assert model.Session.query(model.Package).count() == before


def test_update_and_patch_with_the_wrong_shape_change_nothing(app, editor):
    user, agency = editor
    data = complete_dataset_fields(
        name="bentuk-benar", title="Bentuk benar", owner_org=agency["id"]
    )
    created = _post(app, user, "package_create", data, 200)["result"]
    for action in ("package_update", "package_patch"):
        change = dict(created) if action == "package_update" else {"id": created["id"]}
        change["variables"] = "bukan daftar"
        body = _post(app, user, action, change, 409)
        assert list(body["error"]) == ["variables", "__type"] or set(body["error"]) == {
            "variables",
            "__type",
        }
    shown = call_action("package_show", id=created["id"])
    assert shown["variables"] == created["variables"]
    assert shown["metadata_modified"] == created["metadata_modified"]


def test_the_english_ui_gets_the_english_message(app, editor):
    user, agency = editor
    data = complete_dataset_fields(name="bentuk-en", title="Shape", owner_org=agency["id"])
    data["tags"] = "a,b"
    res = app.post(
        "/en" + API + "package_create",
        json=data,
        headers={"Authorization": user["token"]},
        status=409,
    )
    assert res.json["error"]["tags"] == ['Must be a list of objects, e.g. [{"name": "..."}]']
