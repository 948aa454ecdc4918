"""The agency pages and actions: the organization form, the directory, the agency page, the list action, odd input and the walidata's register upload page."""

from __future__ import annotations

import io

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from .agency_register_fixtures import REGISTER, org, run_sync, walidata_setup

pytestmark = pytest.mark.usefixtures("agencies_db")

__all__ = ["walidata_setup"]  # fixtures, imported for this module


def test_organization_form_validates_agency_fields(app):
    sysadmin = factories.SysadminWithToken()
    headers = {"Authorization": sysadmin["token"]}
    form = app.get("/organization/new", headers=headers).body
    assert 'name="agency_code"' in form and 'name="agreement_valid_until"' in form
    with pytest.raises(tk.ValidationError) as exc:
        helpers.call_action(
            "organization_create",
            context={"user": sysadmin["name"]},
            name="x-org",
            title="X",
            agency_code="Bad Code",
            agency_type="planet",
            area_code="31.71",
            sk_date="2023-02-30",
            agreement_date="2024-01-01",
            agreement_valid_until="2023-01-01",
        )
    errors = exc.value.error_dict
    assert set(errors) >= {
        "agency_code",
        "agency_type",
        "area_code",
        "sk_date",
        "agreement_valid_until",
    }
    made = helpers.call_action(
        "organization_create",
        context={"user": sysadmin["name"]},
        name="dishub",
        title="Dinas Perhubungan",
        agency_code="dishub",
        agency_type="dinas",
        area_code="32.16",
    )
    assert made["agency_status"] == "active"
    with pytest.raises(tk.ValidationError) as exc:
        helpers.call_action(
            "organization_create",
            context={"user": sysadmin["name"]},
            name="dishub-2",
            title="Dishub 2",
            agency_code="dishub",
            agency_type="dinas",
        )
    assert "agency_code" in exc.value.error_dict
    # editing keeps its own code
    helpers.call_action(
        "organization_patch", context={"user": sysadmin["name"]}, id=made["id"], short_name="Dishub"
    )


def test_agency_list_filters_and_counts(walidata_setup):
    kec = helpers.call_action("satudata_agency_list", type="kecamatan")
    assert [a["agency_code"] for a in kec] == ["321601"]
    area = helpers.call_action("satudata_agency_list", area_code="32.16.01")
    assert [a["agency_code"] for a in area] == ["321601"]
    everything = {a["agency_code"]: a for a in helpers.call_action("satudata_agency_list")}
    assert set(everything) == {"kominfo", "dinkes", "321601", "diskominfosantik"}
    # the private dataset counts for the walidata, not for the anonymous public
    assert everything["dinkes"]["dataset_count"] == 0
    wali = {
        a["agency_code"]: a
        for a in helpers.call_action("satudata_agency_list", context={"user": "wali-editor"})
    }
    assert wali["dinkes"]["dataset_count"] == 1
    # warnings (and admins) are for the walidata and the agency's admins only (security #13)
    assert "warnings" not in helpers.call_action("satudata_agency_show", id="dinkes")
    wali_ctx = {"user": "wali-editor"}
    shown = helpers.call_action("satudata_agency_show", context=wali_ctx, id="dinkes")
    assert shown["warnings"] == ["agreement_missing", "no_admin"]
    assert (
        helpers.call_action("satudata_agency_show", context=dict(wali_ctx), id="kominfo")[
            "warnings"
        ]
        == []
    )
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("satudata_agency_show", id="nope")


def test_directory_page_grouped_by_type(app, make_dataset):
    run_sync()
    # anonymous pages ask the walidata labels with Flask-Login's anonymous proxy
    dataset = make_dataset(org("kominfo")["id"])
    app.get("/dataset/", status=200)
    app.get(f"/dataset/{dataset['name']}", status=200)
    # odd API input is a clean 404/409, never a server error
    # (the extension's action guard answers malformed ids and NUL characters field by field)
    for body in ({"id": 1}, {"id": ["x"]}):
        refused = app.post("/api/3/action/satudata_agency_show", json=body, status=409)
        assert "id" in refused.json["error"]
    app.post("/api/3/action/satudata_agency_show", json={"id": "tidak-ada"}, status=404)
    refused = app.post("/api/3/action/satudata_agency_list", json={"type": "\u0000"}, status=409)
    assert "type" in refused.json["error"]
    page = app.get("/instansi").body
    assert "Dinas Komunikasi dan Informatika" in page
    assert page.index('id="type-dinas"') < page.index('id="type-kecamatan"')
    assert app.get("/agency").body.count('class="satudata-agency"') == 3


def test_directory_counts_the_agencies_that_publish_and_can_be_searched(app, make_dataset):
    """Of the three registered agencies, only kominfo has a public dataset; dinkes has a
    restricted (private) one, the kecamatan none."""
    run_sync()
    make_dataset(org("kominfo")["id"])
    make_dataset(
        org("dinkes")["id"], name="rencana-terbatas", title="Rencana", classification="terbatas"
    )
    publishing = [
        a
        for a in helpers.call_action("satudata_agency_list", {"user": ""})
        if helpers.call_action("package_search", fq=f"owner_org:{a['id']}")["count"]
    ]
    assert len(publishing) == 1
    page = BeautifulSoup(app.get("/instansi").body, "html.parser")
    total = page.select_one(".satudata-directory-total").text
    assert total.strip() == "1 dari 3 instansi terdaftar menerbitkan data di portal ini."
    # a sysadmin sees the private dataset in the table, the figure stays "public datasets"
    sysadmin = factories.SysadminWithToken()
    as_admin = BeautifulSoup(
        app.get("/instansi", headers={"Authorization": sysadmin["token"]}).body, "html.parser"
    )
    assert as_admin.select_one(".satudata-directory-total").text.strip().startswith("1 dari 3")

    def found(query):
        body = app.get("/instansi", query_string={"q": query}).body
        return [
            r["data-code"] for r in BeautifulSoup(body, "html.parser").select("tr.satudata-agency")
        ]

    assert found("KESEHATAN") == ["dinkes"]
    assert found("diskominfo") == ["kominfo"]  # the short name
    assert found("321601") == ["321601"]  # the code
    assert found("tidak ada") == []
    assert "Tidak ada instansi yang cocok." in app.get("/instansi?q=tidak+ada").body
    assert len(found("")) == 3
    # the search keeps the type filter
    assert found("a") and all(
        c != "321601"
        for c in [
            r["data-code"]
            for r in BeautifulSoup(
                app.get("/instansi", query_string={"q": "a", "type": "dinas"}).body, "html.parser"
            ).select("tr.satudata-agency")
        ]
    )


def test_agency_page_shows_sk_agreement_and_warnings(app):
    run_sync()
    kominfo = org("kominfo")
    page = app.get(f"/organization/{kominfo['name']}").body
    assert "DEMO-SK-1" in page and "DEMO-PKS-1" in page
    assert "satudata-agency-warnings" not in page  # anonymous: no warnings
    sysadmin = factories.SysadminWithToken()
    dinkes = org("dinkes")
    page = app.get(
        f"/organization/{dinkes['name']}", headers={"Authorization": sysadmin["token"]}
    ).body
    assert "satudata-agency-warnings" in page
    walidata_page = app.get("/walidata/agencies", headers={"Authorization": sysadmin["token"]}).body
    assert 'data-code="dinkes"' in walidata_page
    app.get("/walidata/agencies", status=403)


ODD_VALUES = [
    1,
    0,
    True,
    None,
    [],
    ["x"],
    {},
    {"a": 1},
    "",
    "\u0000",
    "x" * 300,
    "be7d234c-5428-4bd7-a531-13d881868070",
    "agencies: [",
    "code\nx\n",
]


ACTION_PARAMS = {
    "satudata_agency_sync": ["register", "format", "prune", "dry_run"],
    "satudata_agency_merge": ["old", "new", "dry_run"],
    "satudata_agency_list": ["type", "area_code", "include_archived"],
    "satudata_agency_show": ["id"],
}


def test_actions_answer_odd_input_without_server_errors(app):
    run_sync()
    sysadmin = factories.SysadminWithToken()
    headers = {"Authorization": sysadmin["token"]}
    for action, params in ACTION_PARAMS.items():
        for param in params:
            for value in ODD_VALUES:
                body = {param: value}
                if action == "satudata_agency_sync":
                    # the synced register again: even a real run changes nothing
                    body = {"register": REGISTER, "dry_run": True, **body}
                if action == "satudata_agency_merge":
                    # an unknown agency, so that no value of dry_run merges anything
                    body = {"old": "nope", "new": "kominfo", "dry_run": True, **body}
                response = app.post(
                    f"/api/3/action/{action}", json=body, headers=headers, expect_errors=True
                )
                assert response.status_code < 500, (action, body, response.body[:300])
    assert org("dinkes")["agency_status"] == "active"  # every merge above was a dry run


def test_walidata_page_previews_and_applies_a_register_upload(app, walidata_setup):
    token = helpers.call_action(
        "api_token_create", context={"user": "wali-editor"}, user="wali-editor", name="t"
    )["token"]
    headers = {"Authorization": token}
    renamed = (
        REGISTER.replace("Dinas Kesehatan", "Dinas Kesehatan Kabupaten Bekasi")
        + """
  - code: diskominfosantik
    name: Dinas Komunikasi, Informatika, Persandian dan Statistik
    type: dinas
"""
    )
    preview = app.post(
        "/walidata/agencies",
        headers=headers,
        data={"register": (io.BytesIO(renamed.encode()), "register.yaml"), "apply": "0"},
    ).body
    assert "satudata-sync-result" in preview and "Dinas Kesehatan Kabupaten Bekasi" in preview
    assert org("dinkes")["title"] == "Dinas Kesehatan"
    applied = app.post(
        "/walidata/agencies",
        headers=headers,
        data={"register": (io.BytesIO(renamed.encode()), "register.yaml"), "apply": "1"},
    ).body
    assert "satudata-sync-result" in applied
    assert org("dinkes")["title"] == "Dinas Kesehatan Kabupaten Bekasi"
    bad = app.post(
        "/walidata/agencies",
        headers=headers,
        data={"register": (io.BytesIO(b"code,name,type\nx,,dinas\n"), "r.csv"), "apply": "1"},
    ).body
    assert (
        "satudata-sync-errors" in bad and "baris 1 (x): name: missing name" in bad
    )  # the row in Indonesian
