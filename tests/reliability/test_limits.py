"""Finding 7 (#13): every bad input is a 4xx with an Indonesian field error, never a 500, and
nothing is stored.

Each case was a 500 or was wrongly accepted before: an over-long value in any Satu Data dataset
or organization field (PostgreSQL's index limit, Solr's 32 kB terms), period dates past
``datetime``'s range (``9999-12-31T23:59:59-12:00``, which then broke the reminders of every
period), item years up to 3000 or past PostgreSQL's integer, a 1 MB line in the daftar-data
import, ``date: 2023-02-30`` in a YAML register, an unencoded DCAT paging link, a query Solr
cannot parse in an agency feed, and a manual indicator ``level`` of ``true`` or ``1.5`` stored
as 1. The limits are read from the schema YAML and ``metadata/limits.py``, so a field added
without a limit fails ``test_every_text_field_has_a_limit``.
"""

from __future__ import annotations

import io
import json
import re
from importlib import resources

import pytest
import rdflib
import yaml

from .conftest import World, complete_dataset_fields
from .fuzz_inputs import _counts

TOO_LONG = "Panjang maksimal {max} karakter"
DATE_RANGE = "Masukkan tanggal antara 2000-01-01 dan 2100-12-31"


def _schema(name: str) -> dict:
    text = resources.files("ckanext.satudata.schemas").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


def _limit(field: dict) -> int | None:
    match = re.search(r"satudata_max_length\((\d+)\)", field.get("validators") or "")
    return int(match.group(1)) if match else None


def dataset_text_fields() -> list[tuple[str, str, int | None]]:
    """``(where, field, limit)`` of every text field of the dataset schema."""
    schema = _schema("dataset.yaml")
    out = []
    for field in schema["dataset_fields"]:
        for sub in field.get("repeating_subfields") or []:
            if "satudata_text" in (sub.get("validators") or ""):
                out.append((field["field_name"], sub["field_name"], _limit(sub)))
        if "satudata_text" in (field.get("validators") or ""):
            out.append(("dataset", field["field_name"], _limit(field)))
    for field in schema["resource_fields"]:
        if "satudata_text" in (field.get("validators") or ""):
            out.append(("resources", field["field_name"], _limit(field)))
    return out


def organization_text_fields() -> list[tuple[str, int | None]]:
    return [
        (f["field_name"], _limit(f))
        for f in _schema("organization.yaml")["fields"]
        if "unicode_safe" in (f.get("validators") or "")
        and "satudata_agency_date" not in f["validators"]
    ]  # dates: a range instead


def test_every_text_field_has_a_limit():
    missing = [f"{w}.{f}" for w, f, n in dataset_text_fields() if n is None]
    missing += [f"organization.{f}" for f, n in organization_text_fields() if n is None]
    assert not missing, f"text fields without satudata_max_length: {missing}"


@pytest.fixture(scope="module")
def client(world):
    from ckan.tests.helpers import _get_test_app

    return _get_test_app()


def api(client, world: World, role: str, _action: str, **body):
    return client.post(
        f"/api/3/action/{_action}",
        data=json.dumps(body),
        headers={"Authorization": world.tokens[role], "Content-Type": "application/json"},
    )


def refused(response, field: str, expected: str, before: tuple) -> None:
    """A 409 whose error names ``field`` with the Indonesian ``expected`` text, nothing stored."""
    from ckan import model

    assert response.status_code == 409, (
        response.status_code,
        response.get_data(as_text=True)[:500],
    )
    error = response.json["error"]
    assert field in error, error
    assert expected in json.dumps(error[field], ensure_ascii=False), (field, error[field])
    model.Session.remove()
    assert _counts() == before


# ------------------------------------------------------------------------ dataset fields


@pytest.mark.parametrize(
    "where,field,maximum",
    [c for c in dataset_text_fields() if c[1:] != ("owner_org", 100)],
    ids=lambda v: str(v),
)
def test_an_over_long_dataset_field_is_a_field_error(world, client, where, field, maximum):
    """The agency's editor sends every text field one character over its limit."""
    data = complete_dataset_fields(
        owner_org=world.org_a["id"],
        title="Dataset panjang",
        name=f"panjang-{where}-{field}".replace("_", "-"),
    )
    value = "http://x.example/" + "a" * maximum if field == "url" else "a" * (maximum + 1)
    if where == "dataset":
        data[field] = value
    else:
        data[where][0][field] = value
    before = _counts()
    response = api(client, world, "editor", "package_create", **data)
    key = field if where == "dataset" else where
    refused(response, key, TOO_LONG.format(max=maximum), before)


def test_a_1mb_title_is_refused_not_a_database_error(world, client):
    data = complete_dataset_fields(
        owner_org=world.org_a["id"], name="judul-1mb", title="J" * 1_000_000
    )
    before = _counts()
    refused(
        api(client, world, "editor", "package_create", **data),
        "title",
        TOO_LONG.format(max=500),
        before,
    )


@pytest.mark.parametrize("field,maximum", list(organization_text_fields()), ids=lambda v: str(v))
def test_an_over_long_organization_field_is_a_field_error(world, client, field, maximum):
    data = {
        "name": "instansi-panjang",
        "title": "Instansi panjang",
        "agency_code": "instansi-panjang",
        "agency_type": "dinas",
        field: ("http://x.example/" + "a" * maximum) if field == "url" else "a" * (maximum + 1),
    }
    before = _counts()
    refused(
        api(client, world, "sysadmin", "organization_create", **data),
        field,
        TOO_LONG.format(max=maximum),
        before,
    )


def test_an_organization_date_out_of_range_is_a_field_error(world, client):
    before = _counts()
    response = api(
        client,
        world,
        "sysadmin",
        "organization_create",
        name="instansi-tanggal",
        title="Instansi",
        agency_code="instansi-tanggal",
        agency_type="dinas",
        agreement_number="PKS 1",
        agreement_date="2024-01-01",
        agreement_valid_until="9999-12-31",
    )
    refused(response, "agreement_valid_until", "Masukkan tanggal antara 1945-01-01", before)


# ------------------------------------------------------------------------ periods

BAD_DATES = [
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "1999-12-31",
    "2101-01-01",
    "9999-12-31",
]


@pytest.mark.parametrize("field", ["opens", "cutoff", "input_close", "corrections_end"])
@pytest.mark.parametrize("value", BAD_DATES)
def test_a_period_date_out_of_range_is_a_field_error(world, client, field, value):
    body = {
        "name": "periode-rusak",
        "title": "Periode",
        "year": 2027,
        "opens": "2027-01-01",
        "cutoff": "2027-11-23",
        "input_close": "2027-12-08",
        "corrections_end": "2027-12-31",
    }
    body[field] = value
    before = _counts()
    refused(
        api(client, world, "walidata", "satudata_period_create", **body),
        field,
        "Masukkan tanggal",
        before,
    )


def test_reminders_still_run_after_the_refused_dates(world, client):
    response = api(client, world, "sysadmin", "satudata_reminders_send")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]


@pytest.mark.parametrize(
    "field,value,expected",
    [
        ("title", "p" * 201, TOO_LONG.format(max=200)),
        ("year", True, "Masukkan tahun"),
        ("year", 2026.5, "Masukkan tahun"),
        ("year", "2026.5", "Masukkan tahun"),
        ("year", 10**20, "Masukkan tahun"),
    ],
)
def test_a_bad_period_field_is_a_field_error(world, client, field, value, expected):
    body = {
        "name": "periode-salah",
        "title": "Periode",
        "year": 2027,
        "cutoff": "2027-11-23",
        field: value,
    }
    before = _counts()
    refused(
        api(client, world, "walidata", "satudata_period_create", **body), field, expected, before
    )


def test_the_period_form_refuses_a_date_past_the_range(world, client):
    before = _counts()
    response = client.post(
        "/walidata/deadlines/period/new/edit",
        data={
            "name": "periode-form",
            "title": "Periode",
            "year": "2027",
            "cutoff": "9999-12-31T23:59:59-12:00",
        },
        headers={"Authorization": world.tokens["walidata"]},
    )
    assert response.status_code == 409, response.status_code
    assert "Masukkan tanggal" in response.get_data(as_text=True)
    assert _counts() == before


# ------------------------------------------------------------------------ items


@pytest.mark.parametrize(
    "field,value,expected",
    [
        ("title", "t" * 501, TOO_LONG.format(max=500)),
        ("indicator", "i" * 501, TOO_LONG.format(max=500)),
        ("notes", "n" * 2001, TOO_LONG.format(max=2000)),
        ("year_start", 3000, "Tahun harus di antara 1945"),
        ("year_end", "3000", "Tahun harus di antara 1945"),
        ("year_start", 10**20, "Tahun harus di antara 1945"),
        ("year_start", True, "Masukkan tahun"),
        ("year_end", 2025.5, "Masukkan tahun"),
    ],
)
def test_a_bad_item_field_is_a_field_error(world, client, field, value, expected):
    body = {
        "period_id": world.period["id"],
        "org_id": world.org_a["id"],
        "title": "Butir",
        "frequency": "tahunan",
        "year_start": 2025,
        field: value,
    }
    before = _counts()
    refused(api(client, world, "walidata", "satudata_item_create", **body), field, expected, before)
    refused(
        api(
            client, world, "walidata", "satudata_item_update", id=world.item["id"], **{field: value}
        ),
        field,
        expected,
        before,
    )


def test_the_item_form_refuses_the_year_3000(world, client):
    before = _counts()
    response = client.post(
        "/walidata/deadlines/item/new",
        data={
            "period_id": world.period["id"],
            "org_id": world.org_a["name"],
            "title": "Butir 3000",
            "frequency": "tahunan",
            "year_start": "3000",
        },
        headers={"Authorization": world.tokens["walidata"]},
    )
    assert response.status_code == 409, response.status_code
    assert "Tahun harus di antara 1945" in response.get_data(as_text=True)
    assert _counts() == before


def test_return_notes_over_the_limit_are_a_field_error(world, client):
    before = _counts()
    refused(
        api(
            client,
            world,
            "walidata",
            "satudata_item_transition",
            id=world.item["id"],
            action="submit",
            notes="r" * 2001,
        ),
        "notes",
        TOO_LONG.format(max=2000),
        before,
    )


@pytest.mark.parametrize(
    "content,expected",
    [
        (
            "agency,title,frequency\ndinkes," + "a" * 1_000_000 + ",tahunan\n",
            "baris 2: baris ini lebih dari 10000 karakter",
        ),
        (
            "agency,title,frequency\ndinkes," + "a" * 501 + ",tahunan\n",
            "baris 2: title lebih dari 500 karakter",
        ),
        (
            "agency,title,frequency,year_start\ndinkes,Butir,tahunan,3000\n",
            "baris 2: year_start harus di antara 1945",
        ),
    ],
)
def test_the_import_refuses_over_long_lines_and_fields_by_line(world, client, content, expected):
    before = _counts()
    refused(
        api(
            client,
            world,
            "walidata",
            "satudata_item_import",
            period_id=world.period["id"],
            content=content,
            filename="daftar.csv",
        ),
        "file",
        expected,
        before,
    )


# ------------------------------------------------------------------------ the agency register

BAD_REGISTER = """agencies:
  - code: instansi-baru
    name: Dinas Baru
    type: dinas
    sk: {number: SK 1, date: 2023-02-30}
  - code: instansi-lama
    name: Dinas Lama
    type: dinas
    agreement: {number: PKS 1, date: 2024-01-01, valid_until: 9999-12-31}
  - code: instansi-panjang
    name: %s
    type: dinas
""" % ("N" * 201)


def test_a_yaml_register_with_an_impossible_date_names_the_row(world, client):
    before = _counts()
    response = api(
        client, world, "walidata", "satudata_agency_sync", register=BAD_REGISTER, format="yaml"
    )
    refused(
        response, "register", "baris 1 (instansi-baru): sk_date: '2023-02-30' bukan tanggal", before
    )
    rows = {(r["row"], r["field"]): r["reason"] for r in response.json["error"]["rows"]}
    assert "Masukkan tanggal antara 1945-01-01 dan 2100-12-31" in rows[(2, "agreement_valid_until")]
    assert rows[(3, "name")] == TOO_LONG.format(max=200)


def test_the_walidata_register_upload_names_the_row(world, client):
    before = _counts()
    response = client.post(
        "/walidata/agencies",
        headers={"Authorization": world.tokens["walidata"]},
        data={"register": (io.BytesIO(BAD_REGISTER.encode()), "register.yaml"), "apply": "1"},
    )
    assert response.status_code == 409, response.status_code
    body = response.get_data(as_text=True)
    assert "baris 1 (instansi-baru): sk_date: &#39;2023-02-30&#39; bukan tanggal" in body
    assert _counts() == before


# ------------------------------------------------------------------------ manual indicators


@pytest.mark.parametrize(
    "field,value",
    [
        ("level", True),
        ("level", 1.5),
        ("level", "1.5"),
        ("level", 0),
        ("level", "6"),
        ("level", [1]),
        ("evidence", "e" * 2001),
        ("epss_code", 5),
    ],
)
def test_a_bad_manual_indicator_is_a_field_error(world, client, field, value):
    from ckanext.satudata.assessment.core import agency_score

    code = agency_score.DEFAULT_MANUAL_CODES[0]  # an indicator entered per OPD
    body = {
        "org_id": world.org_a["id"],
        "epss_code": code,
        "level": 3,
        "evidence": "SK Bupati 12/2026",
        field: value,
    }
    before = _counts()
    expected = {
        "level": "1 sampai 5",
        "evidence": TOO_LONG.format(max=2000),
        "epss_code": "Harus berupa teks",
    }[field]
    refused(
        api(client, world, "walidata", "satudata_manual_indicator_set", **body),
        field,
        expected,
        before,
    )


# ------------------------------------------------------------------------ DCAT feeds


@pytest.mark.parametrize("path", ["/catalog.ttl", "/organization/dinkes/catalog.ttl"])
def test_a_query_with_a_space_gives_encoded_paging_links(world, client, path):
    response = client.get(path, query_string={"q": "Data terbuka", "page": "1"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    hydra = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
    links = {str(o) for p in (hydra.first, hydra.last) for o in graph.objects(None, p)}
    assert links and all("q=Data+terbuka" in link and " " not in link for link in links), links


def test_a_broken_solr_query_in_an_agency_feed_is_a_400_in_its_format(world, client):
    response = client.get("/organization/dinkes/catalog.ttl", query_string={"fq": "title:("})
    assert response.status_code == 400, response.status_code
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    hydra = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
    assert (None, rdflib.RDF.type, hydra.Status) in graph
    assert "Kueri pencarian tidak dapat dibaca" in {
        str(o) for o in graph.objects(None, hydra.description)
    }
    response = client.get("/catalog.ttl", query_string={"fq": "title:("})
    assert response.status_code == 409, response.status_code
