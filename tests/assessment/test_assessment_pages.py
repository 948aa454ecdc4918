"""The pages agency members use: their agency's assessment from the header and the dashboard,
the API's ``id`` (CKAN's convention), the exports' human headers, the live progress bar's
markup and the charts' data with their table fallback."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import runs
from ckanext.satudata.assessment.model import AssessmentChunk, ManualIndicator

from .assessment_fixtures import headers, lifecycle_off, run_inline

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")
__all__ = ["lifecycle_off"]  # the fixture, imported for this module


@pytest.fixture
def portal(make_agency, make_dataset, upload_resource):
    dukcapil = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    tidy = make_dataset(
        dukcapil["id"], name="penduduk-kecamatan-2023", title="Penduduk 2023", resources=[]
    )
    upload_resource(tidy, "penduduk_kecamatan_2023.csv", name="Penduduk 2023")
    wide = make_dataset(
        dinkes["id"], name="penduduk-tahun-lebar", title="Penduduk 2019-2023", resources=[]
    )
    upload_resource(wide, "penduduk_tahun_lebar.csv", name="Penduduk per tahun")
    admin = factories.User(name="admin-dinkes")
    other = factories.User(name="admin-dukcapil")
    call_action("organization_member_create", id="dinkes", username=admin["name"], role="admin")
    call_action(
        "organization_member_create", id="disdukcapil", username=other["name"], role="admin"
    )
    run_inline()
    run_inline()
    return {"dukcapil": dukcapil, "dinkes": dinkes, "tidy": tidy, "wide": wide} | {
        "admin": admin,
        "other": other,
    }


def soup_of(resp):
    return BeautifulSoup(resp.body, "html.parser")


def test_agency_admin_finds_and_opens_its_own_assessment(app, portal):
    hdr = headers(portal["admin"])
    home = soup_of(app.get("/dataset/", headers=hdr))
    link = home.select_one('header a[href="/dashboard/assessment"]')
    assert link is not None and link.get_text(strip=True) == "Penilaian"
    dash = soup_of(app.get("/dashboard/assessment", headers=hdr))
    assert dash.select_one('.nav-tabs a[href="/dashboard/assessment"]') is not None
    entries = dash.select("#dashboard-assessment li")
    assert [e.select_one("h3").get_text(strip=True) for e in entries] == ["Dinas Kesehatan"]
    page = soup_of(app.get(entries[0].select_one("a")["href"], headers=hdr))
    assert "Penduduk 2019-2023" in page.select_one("#agency-datasets").get_text()
    assert page.select_one("#agency-indicators tbody tr") is not None
    # the walidata's tools are not offered to the agency
    assert page.select_one("#manual-form") is None and page.select_one("#agency-run-form") is None
    assert len(page.select("#agency-trend tbody tr")) == 2  # two runs: the trend's table
    detail = page.select_one("#agency-datasets a")["href"]
    assert (
        "2019, 2020"
        in soup_of(app.get(detail, headers=hdr)).select_one("#assessment-results").get_text()
    )
    # the report card on the agency's page leads there too
    card = soup_of(app.get("/organization/dinkes", headers=hdr))
    assert card.select_one("#satudata-report-card-details")["href"].endswith("/agency/dinkes")


def test_another_agencys_assessment_stays_refused(app, portal):
    hdr = headers(portal["other"])  # the admin of Disdukcapil
    before = model.Session.query(ManualIndicator).count()
    assert app.get("/walidata/assessment/agency/dinkes", headers=hdr, status=403)
    assert app.get("/walidata/assessment/agency/disdukcapil", headers=hdr).status_code == 200
    # ... and may not enter a manual indicator for its own agency either (walidata only)
    resp = app.post(
        "/walidata/assessment/agency/disdukcapil/manual",
        headers=hdr,
        data={"epss_code": "40201", "level": "5", "evidence": "SK palsu"},
        status=403,
    )
    assert resp.status_code == 403
    model.Session.remove()
    assert model.Session.query(ManualIndicator).count() == before
    dash = soup_of(app.get("/dashboard/assessment", headers=hdr))
    titles = [h.get_text(strip=True) for h in dash.select("#dashboard-assessment h3")]
    assert titles == ["Dinas Kependudukan dan Pencatatan Sipil"]
    # a user of no agency has no header entry
    nobody = headers(factories.User())
    assert (
        soup_of(app.get("/dataset/", headers=nobody)).select_one(
            'header a[href="/dashboard/assessment"]'
        )
        is None
    )


def test_show_takes_id_like_ckan_and_keeps_the_old_keys(app, portal):
    ctx = {"user": portal["admin"]["name"], "ignore_auth": False}
    by_name = call_action("satudata_assessment_show", ctx, id=portal["wide"]["name"])
    by_id = call_action("satudata_assessment_show", ctx, id=portal["wide"]["id"])
    old = call_action("satudata_assessment_show", ctx, dataset_id=portal["wide"]["id"])
    assert by_name["dataset_id"] == by_id["dataset_id"] == old["dataset_id"] == portal["wide"]["id"]
    agency = call_action("satudata_assessment_show", ctx, id="dinkes")
    assert agency["org_id"] == portal["dinkes"]["id"] and agency["datasets_detail"]
    assert (
        call_action("satudata_assessment_show", ctx, org_id="dinkes")["org_id"] == agency["org_id"]
    )
    # through the HTTP API: a missing id is a translated 409, an unknown one a 404
    hdr = headers(portal["admin"])
    resp = app.post("/api/3/action/satudata_assessment_show", json={}, headers=hdr, status=409)
    assert resp.json["error"]["id"] == ["Berikan id atau nama dataset atau perangkat daerah"]
    resp = app.post(
        "/api/3/action/satudata_assessment_show", json={"id": "x" * 101}, headers=hdr, status=409
    )
    assert resp.json["error"]["id"] == ["Id atau nama paling banyak 100 karakter"]
    resp = app.post(
        "/api/3/action/satudata_assessment_show", json={"id": "tidak-ada"}, headers=hdr, status=404
    )
    assert resp.status_code == 404
    # another agency's card by its name is refused, as by its id
    resp = app.post(
        "/api/3/action/satudata_assessment_show",
        json={"id": "disdukcapil"},
        headers=hdr,
        status=403,
    )
    assert resp.status_code == 403


def test_exports_speak_the_readers_language_and_name_agencies(app, portal, walidata_user):
    hdr = headers(walidata_user)
    # the walidata's dashboard tab leads to its ranking (not one card per agency)
    dash = soup_of(app.get("/dashboard/assessment", headers=hdr))
    assert dash.select_one("#dashboard-assessment-walidata a")["href"] == "/walidata/assessment/"
    table = list(
        csv.reader(io.StringIO(app.get("/walidata/assessment/export.csv", headers=hdr).body))
    )
    assert table[0][:4] == ["Peringkat", "Instansi", "Nama singkat perangkat daerah", "Nilai"]
    assert [r[1] for r in table[1:]] == [
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Kesehatan",
    ]
    english = list(
        csv.reader(io.StringIO(app.get("/en/walidata/assessment/export.csv", headers=hdr).body))
    )
    assert english[0][:4] == ["Rank", "Agency", "Agency short name", "Score"]
    book = openpyxl.load_workbook(
        io.BytesIO(app.get("/walidata/assessment/export.xlsx", headers=hdr).data)
    )
    assert book.sheetnames == ["perangkat daerah", "dataset"]
    sheet = book["dataset"]
    head = [c.value for c in sheet[1]]
    assert head[:3] == ["Instansi", "Nama dataset", "Judul dataset"]
    assert not any("_" in h for h in head)  # indicator titles, not ids
    agencies = {sheet.cell(row=n, column=1).value for n in range(2, sheet.max_row + 1)}
    assert agencies == {"Dinas Kependudukan dan Pencatatan Sipil", "Dinas Kesehatan"}


def test_charts_carry_their_data_and_a_table(app, portal, walidata_user):
    page = soup_of(app.get("/walidata/assessment/", headers=headers(walidata_user)))
    spec = json.loads(page.select_one("#chart-distribution-data").string)
    assert spec["kind"] == "bar" and sum(spec["series"][0]["data"]) == 2
    assert spec["labels"][0] == "0–10" and spec["series"][0]["label"] == "Dataset"
    rows = page.select("#assessment-distribution tbody tr")
    assert sum(int(r.select("td")[1].get_text()) for r in rows) == 2
    canvas = page.select_one("canvas#chart-distribution")
    assert canvas["aria-describedby"] == "assessment-distribution"
    rates = json.loads(page.select_one("#chart-pass-rates-data").string)
    assert rates["max"] == 100 and len(rates["labels"]) == len(rates["series"][0]["data"])
    assert any("assessment-charts" in (s.get("src") or "") for s in page.select("script"))
