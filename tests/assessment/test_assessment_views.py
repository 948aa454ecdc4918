"""The walidata page, the exports, the dataset badge and the agency report card."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import runs
from ckanext.satudata.assessment.core import indicators as ind
from ckanext.satudata.assessment.model import AssessmentChunk

from .assessment_fixtures import headers, lifecycle_off, run_inline

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")
__all__ = ["lifecycle_off"]  # the fixture, imported for this module


@pytest.fixture
def portal(make_agency, make_dataset, upload_resource):
    dukcapil = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    tidy = make_dataset(
        dukcapil["id"],
        name="penduduk-kecamatan-2023",
        title="Jumlah Penduduk Menurut Kecamatan 2023",
        resources=[],
    )
    upload_resource(tidy, "penduduk_kecamatan_2023.csv", name="Penduduk 2023")
    wide = make_dataset(
        dinkes["id"], name="penduduk-tahun-lebar", title="Penduduk 2019-2023", resources=[]
    )
    upload_resource(wide, "penduduk_tahun_lebar.csv", name="Penduduk per tahun")
    return {"dukcapil": dukcapil, "dinkes": dinkes, "tidy": tidy, "wide": wide}


def test_walidata_page_ranking_charts_and_exports(app, portal, walidata_user):
    run_inline()
    run_inline()
    resp = app.get("/walidata/assessment/", headers=headers(walidata_user))
    assert resp.status_code == 200
    soup = BeautifulSoup(resp.body, "html.parser")
    rows = soup.select("#assessment-ranking tbody tr")
    assert [r.select("td")[1].get_text(strip=True) for r in rows] == [
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Kesehatan",
    ]
    assert "=" in rows[0].get_text()  # no change since the previous run
    assert len(soup.select("#assessment-distribution tbody tr")) == 10
    indicator_rows = soup.select("#assessment-indicators tbody tr")
    assert len(indicator_rows) == len(ind.INDICATORS)
    # the scores carry the portal's own bands, never an EPSS level or predikat
    page = soup.select_one("#assessment-ranking").get_text()
    assert "Siap pakai" in page or "Hampir siap pakai" in page or "Perlu perbaikan" in page
    assert "Pita kualitas" in page
    for word in ("Rintisan", "Terkelola", "Terdefinisi", "Terpadu", "Optimum", "Memuaskan"):
        assert word not in page
    for word in ("Predikat", "Sangat Baik", "Cukup", "Kurang"):  # the IPS's predikat
        assert word not in page
    assert "(tahun" not in indicator_rows[0].get_text() and "+" in indicator_rows[0].get_text()
    form = soup.select_one("#assessment-run-form")
    assert form["method"] == "post" and form.select_one("input[name=_csrf_token]")
    assert soup.select_one("#assessment-progress .progress-bar")["style"] == "width: 100%"
    assert "http" not in "".join(
        link.get("href", "")
        for link in soup.select("link[rel=stylesheet]")
        if "assessment" in link.get("href", "")
    )

    resp = app.get("/walidata/assessment/?sort=org_title", headers=headers(walidata_user))
    soup = BeautifulSoup(resp.body, "html.parser")
    assert (
        soup.select("#assessment-ranking tbody tr")[0].select("td")[1].get_text(strip=True)
        == "Dinas Kependudukan dan Pencatatan Sipil"
    )

    resp = app.get("/walidata/assessment/export.csv", headers=headers(walidata_user))
    table = list(csv.DictReader(io.StringIO(resp.body)))
    assert [r["Nama singkat perangkat daerah"] for r in table] == ["disdukcapil", "dinkes"]
    assert table[0]["Perubahan sejak penilaian sebelumnya"] == "0.0" and table[0]["Pita kualitas"]
    assert "Level" not in table[0] and "Nama level" not in table[0]
    resp = app.get("/walidata/assessment/export.xlsx", headers=headers(walidata_user))
    wb = openpyxl.load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == ["perangkat daerah", "dataset"]
    assert wb["perangkat daerah"]["C2"].value == "disdukcapil"
    assert wb["dataset"].max_row == 3

    resp = app.get("/walidata/assessment/agency/dinkes", headers=headers(walidata_user))
    soup = BeautifulSoup(resp.body, "html.parser")
    assert "Penduduk 2019-2023" in soup.select_one("#agency-datasets").get_text()
    epss_rows = soup.select("#agency-epss tbody tr")
    assert [r.select_one("td").get_text() for r in epss_rows] == [
        "10101",
        "10201",
        "10301",
        "10401",
        "20201",
        "20301",
        "20401",
    ]  # open formats and structure evidence 10301; delivery by the cutoff claims no EPSS code
    assert soup.select_one("#manual-form input[name=_csrf_token]")
    resp = app.get(
        f"/walidata/assessment/dataset/{portal['wide']['name']}", headers=headers(walidata_user)
    )
    assert (
        "2019, 2020, 2021, 2022, 2023"
        in BeautifulSoup(resp.body, "html.parser").select_one("#assessment-results").get_text()
    )


def test_walidata_pages_refuse_others(app, portal):
    user = factories.User()
    for url in (
        "/walidata/assessment/",
        "/walidata/assessment/export.csv",
        "/walidata/assessment/agency/dinkes",
    ):
        assert app.get(url, headers=headers(user), status=403).status_code == 403
        assert app.get(url, status=403).status_code == 403
    assert (
        app.post(
            "/walidata/assessment/run", headers=headers(user), data={"scope": "portal"}, status=403
        ).status_code
        == 403
    )


def _form_token(app, url, user):
    soup = BeautifulSoup(app.get(url, headers=headers(user)).body, "html.parser")
    return soup.select_one("input[name=_csrf_token]")["value"]


def test_run_button_enqueues_a_run_and_the_progress_bar_follows_it(
    app, portal, walidata_user, with_test_worker
):
    hdr = headers(walidata_user)
    token = _form_token(app, "/walidata/assessment/", walidata_user)
    resp = app.post(
        "/walidata/assessment/run",
        headers=hdr,
        data={"scope": "portal", "_csrf_token": token},
        follow_redirects=False,
    )
    assert resp.status_code == 302
    page = BeautifulSoup(app.get("/walidata/assessment/", headers=hdr).body, "html.parser")
    # while it runs: the progress script polls the run's status (a refresh without JavaScript)
    assert page.select_one("noscript meta[http-equiv=refresh]")
    box = page.select_one("#assessment-progress")
    status = app.get(box["data-status-url"], headers=hdr).json
    assert status["progress"] == 0 and status["finished_at"] is None
    assert json.loads(box["data-state-labels"])["running"] == "berjalan"
    assert "{a}" in box["data-counts-template"]
    assert box.select_one(".progress-bar")["style"] == "width: 0%"
    assert len(ckan_jobs.get_queue().job_ids) == 1
    # the workers were stopped and the queue lost: the walidata enqueues the jobs again
    ckan_jobs.get_queue().empty()
    resume = page.select_one("#assessment-resume-form")
    resp = app.post(
        resume["action"],
        headers=hdr,
        data={"_csrf_token": resume.select_one("input[name=_csrf_token]")["value"]},
    )
    assert resp.status_code == 200
    assert len(ckan_jobs.get_queue().job_ids) == 1
    ckan_jobs.Worker().work(burst=True)
    page = BeautifulSoup(app.get("/walidata/assessment/", headers=hdr).body, "html.parser")
    assert page.select_one("meta[http-equiv=refresh]") is None
    assert not page.select_one("#assessment-progress").has_attr("data-status-url")
    assert page.select_one("#assessment-progress .progress-bar")["style"] == "width: 100%"
    assert len(page.select("#assessment-ranking tbody tr")) == 2


def test_manual_indicator_form(app, portal, walidata_user):
    hdr = headers(walidata_user)
    token = _form_token(app, "/walidata/assessment/agency/dinkes", walidata_user)
    app.post(
        "/walidata/assessment/agency/dinkes/manual",
        headers=hdr,
        data={
            "_csrf_token": token,
            "epss_code": "40201",
            "level": "3",
            "evidence": "SK Kepala Dinas Kesehatan tentang Tim Statistik",
        },
    )
    run_inline()
    soup = BeautifulSoup(
        app.get("/walidata/assessment/agency/dinkes", headers=hdr).body, "html.parser"
    )
    manual = soup.select_one("#agency-manual").get_text()
    assert "40201" in manual and "SK Kepala Dinas Kesehatan" in manual
    components = soup.select_one("#agency-components").get_text()
    assert "5.5" in components  # 40201 at level 3 (50) of the ten per-OPD codes' weight
    assert "incomplete" in components or "belum lengkap" in components


def test_dataset_badge_with_reasons_and_report_card(app, portal, walidata_user):
    run_inline()
    visitor = factories.User(name="warga")
    resp = app.get(f"/dataset/{portal['wide']['name']}", headers=headers(visitor))
    badge = BeautifulSoup(resp.body, "html.parser").select_one("#satudata-assessment-badge")
    assert badge is not None
    text = badge.get_text(" ", strip=True)
    assert "2019, 2020" in text  # the reason names the wide year columns
    assert "tahun" in text  # ... and the fix says what to do

    admin = factories.User(name="admin-dinkes")
    outsider = factories.User(name="admin-dukcapil")
    call_action("organization_member_create", id="dinkes", username=admin["name"], role="admin")
    call_action(
        "organization_member_create", id="disdukcapil", username=outsider["name"], role="admin"
    )
    card = BeautifulSoup(
        app.get("/organization/dinkes", headers=headers(admin)).body, "html.parser"
    ).select_one("#satudata-report-card")
    assert card is not None and "Penduduk 2019-2023" in card.get_text()
    for hdr in (headers(outsider), headers(visitor)):
        page = BeautifulSoup(app.get("/organization/dinkes", headers=hdr).body, "html.parser")
        assert page.select_one("#satudata-report-card") is None


def test_admin_panel_has_the_assessment_tab(app, walidata_user):
    soup = BeautifulSoup(app.get("/ckan-admin", headers=headers(walidata_user)).body, "html.parser")
    assert soup.select_one('a[href="/walidata/assessment/"]') is not None
