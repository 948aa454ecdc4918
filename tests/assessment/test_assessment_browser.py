"""Headless Chromium against the live server: the walidata starts a run and watches the
progress bar move without reloading the page; the charts are drawn (Chart.js served through
webassets) beside their tables; an agency admin opens its own assessment from the header.
Screenshots go to /tmp/satudata-assessment-*.png."""

from __future__ import annotations

import pytest
import satudata_testing
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import charts

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("assessment_db")]

PASSWORD = "Bekasi-Satu-Data-2026"


@pytest.fixture
def scene(make_agency, make_dataset, upload_resource, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "false")
    if not charts.available():
        pytest.fail("Chart.js is not installed: run scripts/setup (scripts/fetch-assets)")
    walidata = factories.Sysadmin(name="walidata-bekasi", password=PASSWORD)
    admin = factories.User(name="admin-dinkes", password=PASSWORD)
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    dukcapil = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    call_action("organization_member_create", id="dinkes", username=admin["name"], role="admin")
    tidy = make_dataset(dukcapil["id"], name="penduduk-2023", title="Penduduk 2023", resources=[])
    upload_resource(tidy, "penduduk_kecamatan_2023.csv", name="Penduduk 2023")
    wide = make_dataset(
        dinkes["id"], name="penduduk-lebar", title="Penduduk 2019-2023", resources=[]
    )
    upload_resource(wide, "penduduk_tahun_lebar.csv", name="Penduduk per tahun")
    return {"walidata": walidata, "admin": admin}


def test_progress_bar_moves_without_reload_and_charts_are_drawn(browser, scene, with_test_worker):
    page = browser
    satudata_testing.login(page, "walidata-bekasi", PASSWORD)
    page.goto("/walidata/assessment/")
    page.locator("#assessment-run-form button[type=submit]").click()
    page.wait_for_selector("#assessment-progress[data-status-url]")
    assert page.locator("#assessment-progress .progress-bar").inner_text() == "0%"
    page.evaluate("window.satudataMarker = 'same page'")
    ckan_jobs.Worker().work(burst=True)  # the run's jobs, on a real RQ worker
    page.wait_for_selector("#assessment-progress[data-finished=true]", timeout=20_000)
    assert page.evaluate("window.satudataMarker") == "same page"  # never reloaded
    assert page.locator("#assessment-progress .progress-bar").inner_text() == "100%"
    assert page.locator(".sd-run-state").inner_text() == "selesai"
    page.screenshot(path="/tmp/satudata-assessment-progress.png", full_page=False)
    page.locator(".sd-run-finished a").click()
    page.wait_for_selector("canvas#chart-distribution[data-sd-drawn=true]")
    page.wait_for_selector("canvas#chart-pass-rates[data-sd-drawn=true]")
    # the charts' numbers stay readable as tables
    assert page.locator("#assessment-distribution tbody tr").count() == 10
    page.screenshot(path="/tmp/satudata-assessment-charts.png", full_page=True)


def test_agency_admin_opens_its_assessment_from_the_header(browser, scene, with_test_worker):
    for _ in range(2):  # two runs: a trend
        call_action("satudata_assessment_run", {"user": "walidata-bekasi"}, scope="portal")
        ckan_jobs.Worker().work(burst=True)
    page = browser
    satudata_testing.login(page, "admin-dinkes", PASSWORD)
    page.goto("/dataset/")
    page.locator('header a[href="/dashboard/assessment"]').click()
    page.wait_for_selector("#dashboard-assessment")
    page.locator("#dashboard-assessment h3 a").click()
    page.wait_for_selector("canvas#chart-trend[data-sd-drawn=true]")
    assert "Penduduk 2019-2023" in page.locator("#agency-datasets").inner_text()
    page.screenshot(path="/tmp/satudata-assessment-agency.png", full_page=True)
    response = page.goto("/walidata/assessment/agency/disdukcapil")
    assert response.status == 403


def test_walidata_menu_entries_have_their_labels(browser, scene):
    page = browser
    satudata_testing.login(page, "walidata-bekasi", PASSWORD)
    page.goto("/dataset/")
    page.locator(".satudata-walidata-menu > a").click()
    entries = page.locator(".satudata-walidata-menu .dropdown-menu a")
    labels = [entries.nth(n).inner_text().strip() for n in range(entries.count())]
    assert "Penilaian" in labels and all(labels), labels
    page.screenshot(path="/tmp/satudata-assessment-menu.png")


def test_epss_worksheet_draws_the_ips_by_domain(browser, scene):
    ctx = {"user": "walidata-bekasi"}
    call_action("satudata_epss_worksheet_create", ctx, year=2026)
    sheet = call_action("satudata_epss_worksheet_show", ctx, year=2026, proposals=False)
    first_domain = sheet["domains"][0]["code"]
    for item in sheet["indicators"]:
        if item["domain"] == first_domain:  # one domain complete, the others missing
            call_action("satudata_epss_entry_update", ctx, year=2026, code=item["code"], level=3)
    page = browser
    satudata_testing.login(page, "walidata-bekasi", PASSWORD)
    page.goto("/walidata/epss/2026")
    page.wait_for_selector("canvas#chart-epss-domains[data-sd-drawn=true]")
    assert "3.00" in page.locator("#epss-indices").inner_text()
    page.locator("#epss-ips").screenshot(path="/tmp/satudata-assessment-epss.png")
