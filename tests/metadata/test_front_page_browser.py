"""The home page as a person sees it in headless Chromium (a screenshot in /tmp/h9-home.png)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import complete_dataset_fields

from ckanext.satudata.deadlines.core import calendar as cal

SCREENSHOT = os.environ.get("SATUDATA_HOME_SCREENSHOT", "/tmp/h9-home.png")


@pytest.mark.browser
@pytest.mark.usefixtures("metadata_db")
def test_the_home_page_in_indonesian(browser, make_agency):
    disdukcapil = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    for org, name, title, topic in (
        (disdukcapil, "penduduk-2023", "Jumlah Penduduk per Kecamatan 2023", "2"),
        (dinkes, "fasilitas-kesehatan", "Fasilitas Kesehatan per Kecamatan", "9"),
        (dinkes, "tenaga-kesehatan", "Tenaga Kesehatan per Puskesmas", "9"),
    ):
        factories.Dataset(
            owner_org=org["id"], name=name, title=title, **complete_dataset_fields(topic=topic)
        )
    sysadmin = factories.Sysadmin()
    today = cal.local_date(dt.datetime.now(dt.timezone.utc), cal.get_zone("Asia/Jakarta"))
    call_action(
        "satudata_period_create",
        {"user": sysadmin["name"]},
        name="pengumpulan-uji",
        title="Pengumpulan Data Sektoral",
        year=today.year,
        cutoff=(today + dt.timedelta(days=12)).isoformat(),
        input_close=(today + dt.timedelta(days=27)).isoformat(),
    )

    response = browser.goto("/")
    assert response.status == 200
    browser.set_viewport_size({"width": 1280, "height": 900})
    browser.screenshot(path=SCREENSHOT, full_page=True)
    text = browser.locator("body").inner_text()
    for stock in ("Welcome to CKAN", "introductory paragraph"):
        assert stock not in text
    assert browser.locator("img[src*='placeholder']").count() == 0
    assert browser.locator("#satudata-home-q").is_visible()
    assert browser.locator("#satudata-count-datasets").inner_text().strip() == "3"
    assert browser.locator("#satudata-count-agencies").inner_text().strip() == "2"
    assert browser.get_by_text("Demografi dan Kependudukan").is_visible()
    assert "12 hari lagi" in browser.locator(".satudata-countdown-text").inner_text()
    browser.fill("#satudata-home-q", "kesehatan")
    with browser.expect_navigation():
        browser.locator("#satudata-home-q").press("Enter")
    assert "/dataset" in browser.url and "q=kesehatan" in browser.url
