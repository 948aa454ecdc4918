"""Server-side request forgery through the DataStore loader: an agency editor makes a *link*
resource (format CSV) pointing at a service inside the worker's network. ckanext-xloader would
fetch it on the jobs worker and load the answer into the DataStore, where the editor reads it.
Here the link asks the portal's own Solr for every dataset of the index, private ones of other
agencies included. Only uploads are loaded (metadata/preview_rules.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from satudata_testing import complete_dataset_fields

CSV = Path(__file__).resolve().parents[1] / "assessment" / "data" / "penduduk_kecamatan_2023.csv"


@pytest.fixture(scope="module")
def attempt(previews_portal):
    import ckan.plugins.toolkit as tk
    from ckan.common import config
    from ckan.tests import factories

    editor = factories.User(name="ssrf-editor-dinsos")
    org = factories.Organization(
        name="dinsos",
        title="Dinas Sosial",
        agency_code="dinsos",
        agency_type="dinas",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    victim = factories.Organization(
        name="inspektorat", title="Inspektorat", agency_code="inspektorat", agency_type="badan"
    )
    secret = factories.Dataset(
        owner_org=victim["id"],
        **complete_dataset_fields(
            name="temuan-audit-rahasia",
            title="Temuan audit (rahasia)",
            classification="terbatas",
            resources=[],
        ),
    )
    assert secret["private"] is True
    token = tk.get_action("api_token_create")(
        {"user": editor["name"], "ignore_auth": True}, {"user": editor["name"], "name": "ssrf"}
    )["token"]
    portal = previews_portal
    dataset = portal.ok(
        "package_create",
        token,
        **complete_dataset_fields(
            name="bansos-2023", title="Penerima bansos 2023", owner_org=org["id"], resources=[]
        ),
    )
    solr = config["solr_url"].rstrip("/")
    link = portal.ok(
        "resource_create",
        token,
        package_id=dataset["id"],
        name="Data (tautan)",
        format="CSV",
        url=f"{solr}/select?q=*:*&wt=csv&fl=name,title&rows=1000",
        description="Tabel",
        data_period="2023",
        language="id",
        columns_description="nama, judul",
    )
    # an upload made after the link: once it is loaded, the worker has had the link's turn
    control = portal.upload(token, dataset["id"], str(CSV), name="Penduduk (unggahan)")
    portal.wait_loaded(token, control["id"])
    return {"portal": portal, "token": token, "link": link, "control": control, "secret": secret}


def test_a_link_to_an_internal_service_is_not_fetched_into_the_datastore(attempt):
    portal, token, link = attempt["portal"], attempt["token"], attempt["link"]
    shown = portal.ok("resource_show", token, id=link["id"])
    assert shown["datastore_active"] is False
    search = portal.api("datastore_search", token, resource_id=link["id"])
    assert search.status_code == 404, search.text[:500]
    assert attempt["secret"]["name"] not in search.text
    # no load was even queued for it
    status = portal.api("xloader_status", token, resource_id=link["id"])
    assert status.status_code == 404, status.text[:500]
    assert portal.ok("resource_view_list", token, id=link["id"]) == []


def test_the_upload_beside_it_is_loaded(attempt):
    portal, token = attempt["portal"], attempt["token"]
    found = portal.ok("datastore_search", token, resource_id=attempt["control"]["id"])
    assert found["total"] == 46
