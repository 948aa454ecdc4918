"""The DataStore follows the dataset's access rules: a private dataset's table (any
classification but ``terbuka``) is read only by whom CKAN lets read the dataset, and written
only by its agency's editors. Tried from the side of another agency's admin and of an anonymous
visitor, through the action API, the download (dump) and the DataTables preview's AJAX endpoint;
and the DataStore's read-only database role is checked to be read-only indeed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from satudata_testing import complete_dataset_fields

CSV = Path(__file__).resolve().parents[1] / "assessment" / "data" / "penduduk_kecamatan_2023.csv"
ROWS = sum(1 for _ in csv.DictReader(CSV.open(encoding="utf-8", newline="")))
OUTSIDERS = ("other_admin", "anonymous")


@dataclass
class PrivateTable:
    portal: object
    tokens: dict
    dataset: dict
    resource: dict
    view: dict


@pytest.fixture(scope="module")
def private_table(previews_portal) -> PrivateTable:
    """Dinkes' editor publishes a restricted (so private) dataset with a CSV, loaded by the
    worker; Disdik's admin is the other agency."""
    import ckan.plugins.toolkit as tk
    from ckan.tests import factories

    editor = factories.User(name="ds-editor-dinkes")
    other = factories.User(name="ds-admin-disdik")
    dinkes = factories.Organization(
        name="dinkes",
        title="Dinas Kesehatan",
        agency_code="dinkes",
        agency_type="dinas",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    factories.Organization(
        name="disdik",
        title="Dinas Pendidikan",
        agency_code="disdik",
        agency_type="dinas",
        users=[{"name": other["name"], "capacity": "admin"}],
    )
    tokens = {"anonymous": None}
    for role, user in (("editor", editor), ("other_admin", other)):
        tokens[role] = tk.get_action("api_token_create")(
            {"user": user["name"], "ignore_auth": True},
            {"user": user["name"], "name": "datastore-access"},
        )["token"]
    portal = previews_portal
    dataset = portal.ok(
        "package_create",
        tokens["editor"],
        **complete_dataset_fields(
            name="kunjungan-puskesmas-2023",
            title="Kunjungan Puskesmas 2023",
            owner_org=dinkes["id"],
            classification="terbatas",
            resources=[],
        ),
    )
    assert dataset["private"] is True
    resource = portal.upload(tokens["editor"], dataset["id"], str(CSV), name="Kunjungan 2023")
    portal.wait_loaded(tokens["editor"], resource["id"])
    (view,) = portal.ok("resource_view_list", tokens["editor"], id=resource["id"])
    assert view["view_type"] == "datatables_view"
    return PrivateTable(portal, tokens, dataset, resource, view)


def rows_as_editor(t: PrivateTable) -> list[dict]:
    found = t.portal.ok(
        "datastore_search", t.tokens["editor"], resource_id=t.resource["id"], limit=1000, sort="_id"
    )
    assert found["total"] == len(found["records"])
    return found["records"]


def test_the_agency_reads_its_private_table(private_table):
    records = rows_as_editor(private_table)
    assert len(records) == ROWS and records[0]["kecamatan"] == "Tarumajaya"


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize(
    "action,params",
    [
        ("datastore_search", {"limit": 5}),
        ("datastore_search", {"q": "Tarumajaya"}),
        ("datastore_info", {}),
    ],
)
def test_outsiders_cannot_read_the_private_table(private_table, role, action, params):
    t = private_table
    key = "id" if action == "datastore_info" else "resource_id"
    response = t.portal.api(action, t.tokens[role], **{key: t.resource["id"]}, **params)
    assert response.status_code == 403, response.text[:500]
    assert "Tarumajaya" not in response.text


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_download_the_private_table(private_table, role):
    t = private_table
    headers = {"Authorization": t.tokens[role]} if t.tokens[role] else {}
    for fmt in ("csv", "json"):
        response = requests.get(
            f"{t.portal.url}/datastore/dump/{t.resource['id']}",
            params={"format": fmt},
            headers=headers,
            timeout=60,
        )
        assert response.status_code in (403, 404), (fmt, response.status_code)
        assert "Tarumajaya" not in response.text
    # control: the agency's editor does get the rows
    mine = requests.get(
        f"{t.portal.url}/datastore/dump/{t.resource['id']}",
        headers={"Authorization": t.tokens["editor"]},
        timeout=60,
    )
    assert mine.status_code == 200 and "Tarumajaya" in mine.text


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_read_the_private_table_through_the_preview(private_table, role):
    t = private_table
    headers = {"Authorization": t.tokens[role]} if t.tokens[role] else {}
    form = {"draw": "1", "search[value]": "", "start": "0", "length": "10"}
    response = requests.post(
        f"{t.portal.url}/datatables/ajax/{t.view['id']}", data=form, headers=headers, timeout=60
    )
    # CKAN's view looks the view up outside its try: a 500 before errorpages.py
    assert response.status_code == 403, (response.status_code, response.text[:500])
    assert "Tarumajaya" not in response.text and "Traceback" not in response.text
    page = requests.get(
        f"{t.portal.url}/dataset/{t.dataset['name']}/resource/"
        f"{t.resource['id']}/view/{t.view['id']}",
        headers=headers,
        timeout=60,
    )
    assert page.status_code in (403, 404) and "Tarumajaya" not in page.text


def test_the_preview_of_an_unknown_view_is_a_404(private_table):
    t = private_table
    response = requests.post(
        f"{t.portal.url}/datatables/ajax/no-such-view",
        timeout=60,
        data={"draw": "1", "search[value]": "", "start": "0", "length": "10"},
        headers={"Authorization": t.tokens["editor"]},
    )
    assert response.status_code == 404, (response.status_code, response.text[:500])
    assert "Traceback" not in response.text
    # control: the agency's editor gets its rows from the same endpoint
    mine = requests.post(
        f"{t.portal.url}/datatables/ajax/{t.view['id']}",
        timeout=60,
        data={"draw": "1", "search[value]": "", "start": "0", "length": "10"},
        headers={"Authorization": t.tokens["editor"]},
    )
    assert mine.status_code == 200 and mine.json()["recordsTotal"] == ROWS


@pytest.mark.parametrize(
    "action,params",
    [
        (
            "datastore_upsert",
            {
                "method": "insert",
                "force": True,
                "records": [
                    {
                        "tahun": "2023",
                        "kode_wilayah": "32.16.99",
                        "kecamatan": "Palsu",
                        "jenis_kelamin": "laki-laki",
                        "jumlah_penduduk": "1",
                    }
                ],
            },
        ),
        (
            "datastore_upsert",
            {"method": "upsert", "force": True, "records": [{"_id": 1, "kecamatan": "Palsu"}]},
        ),
        ("datastore_delete", {"force": True, "filters": {"kecamatan": "Tarumajaya"}}),
        ("datastore_delete", {"force": True}),
        ("datastore_create", {"force": True, "fields": [{"id": "catatan", "type": "text"}]}),
    ],
)
def test_another_agency_cannot_change_the_table(private_table, action, params):
    t = private_table
    before = rows_as_editor(t)
    response = t.portal.api(action, t.tokens["other_admin"], resource_id=t.resource["id"], **params)
    assert response.status_code == 403, response.text[:500]
    assert rows_as_editor(t) == before  # nothing changed in the table
    info = t.portal.ok("datastore_info", t.tokens["editor"], id=t.resource["id"])
    assert "catatan" not in [f["id"] for f in info["fields"]]


def test_the_read_only_role_only_reads(private_table):
    """datastore_ro (ckan.datastore.read_url) may SELECT the tables and nothing else: no
    writes in the DataStore, no CKAN tables (users, API tokens) in CKAN's database."""
    from ckan.common import config

    read_url = sa.engine.make_url(config["ckan.datastore.read_url"])
    table = sa.table(private_table.resource["id"])
    engine = sa.create_engine(read_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(sa.select(sa.func.count()).select_from(table)) == ROWS
        for statement in (
            f'DELETE FROM "{private_table.resource["id"]}"',
            "CREATE TABLE ro_was_here (a int)",
        ):
            with (
                engine.connect() as conn,
                pytest.raises(sa.exc.ProgrammingError, match="permission denied"),
            ):
                conn.execute(sa.text(statement))
                conn.commit()
    finally:
        engine.dispose()
    main = sa.create_engine(
        sa.engine.make_url(config["sqlalchemy.url"]).set(
            username=read_url.username, password=read_url.password
        )
    )
    try:
        with (
            main.connect() as conn,
            pytest.raises(sa.exc.ProgrammingError, match="permission denied"),
        ):
            conn.execute(sa.text('SELECT count(*) FROM "user"'))
    finally:
        main.dispose()
    assert len(rows_as_editor(private_table)) == ROWS
