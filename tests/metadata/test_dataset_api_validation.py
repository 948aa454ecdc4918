"""Bad input to the dataset API: each validator refuses with an Indonesian (or English) message and stores nothing, missing fields are listed in a 409, malformed input and lists of the wrong shape are field errors, never a 500."""

from __future__ import annotations

import datetime

import pytest
from ckan import model
from ckan.tests.helpers import call_action
from satudata_testing import complete_dataset_fields

from ckanext.satudata.metadata import fieldmarks

from .metadata_api_fixtures import API, _dataset, _post, editor

pytestmark = pytest.mark.usefixtures("metadata_db")

__all__ = ["editor"]  # fixtures, imported for this module


def _stored_count(name="jumlah-penduduk-per-kecamatan"):
    """How many copies of the dataset ``name`` the database and the search index hold."""
    in_db = model.Session.query(model.Package).filter(model.Package.name == name).count()
    in_index = call_action("package_search", fq=f"name:{name}", include_private=True)["count"]
    return in_db + in_index


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
    assert error["variables"] == [{"name": ["Wajib diisi"]}]  # on the row to add
    assert _stored_count("kosong") == 0


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
