"""Headless Chromium against the live server: an agency admin links a dataset to
its agreed item through the stock dataset form; the walidata returns it with a
note; the agency sees the note on its page."""

import pytest
import satudata_testing
from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("deadlines_db")]

PASSWORD = "Bekasi-Satu-Data-2026"


def login(page, user_name):
    satudata_testing.login(page, user_name, PASSWORD)


@pytest.fixture
def scene(dataset_fields, org_maker):
    make_org = org_maker
    walidata = factories.User(
        name="walidata1", email="walidata1@bekasikab.go.id", password=PASSWORD
    )
    make_org("diskominfosantik", [(walidata, "admin")])
    admin = factories.User(
        name="admin-dinkes", email="admin.dinkes@bekasikab.go.id", password=PASSWORD
    )
    dinkes = make_org("dinkes", [(admin, "admin")])
    make_org("disdik")
    wctx = {"user": walidata["name"], "ignore_auth": False}
    period = call_action(
        "satudata_period_create",
        wctx,
        name="pengumpulan-2026",
        year=2026,
        title="Pengumpulan 2026",
        cutoff="2026-11-23",
        input_close="2026-12-08",
    )
    items = call_action(
        "satudata_item_import",
        wctx,
        period_id=period["id"],
        content=(
            "agency,title,frequency\n"
            "dinkes,Jumlah Puskesmas per Kecamatan,tahunan\n"
            "disdik,Jumlah Sekolah menurut Jenjang,tahunan\n"
        ),
    )["items"]
    pkg = call_action(
        "package_create",
        {"user": admin["name"], "ignore_auth": False},
        name="puskesmas-2025",
        title="Jumlah Puskesmas 2025",
        owner_org=dinkes["id"],
        **dataset_fields(),
    )
    return dict(
        walidata=walidata, admin=admin, period=period, pkg=pkg, item={i["title"]: i for i in items}
    )


def test_agency_links_dataset_and_walidata_returns_it_with_a_note(browser, scene):
    page = browser
    item = scene["item"]["Jumlah Puskesmas per Kecamatan"]
    other = scene["item"]["Jumlah Sekolah menurut Jenjang"]

    # the agency admin edits its dataset: the field offers only its agency's open items
    login(page, "admin-dinkes")
    page.goto(f"/dataset/edit/{scene['pkg']['name']}/2")  # page 2: Satu Data description
    page.wait_for_selector("#field-agreed_item option >> nth=1", state="attached")
    values = page.eval_on_selector_all("#field-agreed_item option", "els => els.map(e => e.value)")
    assert item["id"] in values and other["id"] not in values
    page.select_option("#field-agreed_item", item["id"])
    page.locator("form#dataset-edit button.btn-primary[name=save]").click()
    page.wait_for_load_state("networkidle")
    shown = call_action("satudata_item_show", {"ignore_auth": True}, id=item["id"])
    assert (shown["state"], shown["dataset_id"]) == ("submitted", scene["pkg"]["id"])
    assert shown["history"][-1]["actor"] == "admin-dinkes"

    # the walidata returns it with a note from the drill-down page (CSRF-protected form)
    context = page.context
    context.clear_cookies()
    login(page, "walidata1")
    page.goto("/walidata/deadlines")
    page.click("#deadlines-table a:has-text('Instansi dinkes')")
    row = page.locator(f"tr[data-item='{item['id']}']")
    row.locator(".return-form textarea").fill("Kolom satuan belum diisi; lengkapi per kecamatan.")
    row.locator(".return-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator(f"tr[data-item='{item['id']}']")
    assert row.locator(".satudata-state[data-state=returned]").count() == 1
    assert "Kolom satuan belum diisi" in row.locator(".return-notes").inner_text()

    # a POST without the CSRF token is refused
    response = page.request.post(
        f"/walidata/deadlines/item/{item['id']}/transition", form={"action": "approve"}
    )
    assert response.status == 400
    assert (
        call_action("satudata_item_show", {"ignore_auth": True}, id=item["id"])["state"]
        == "returned"
    )

    # the agency sees what came back and why on its own page
    context.clear_cookies()
    login(page, "admin-dinkes")
    page.goto("/organization/dinkes")
    checklist = page.locator("#satudata-checklist")
    assert "Kolom satuan belum diisi" in checklist.locator(".returned-items").inner_text()


def test_walidata_edits_an_item_and_a_mistake_loses_nothing(browser, scene):
    page = browser
    item = scene["item"]["Jumlah Sekolah menurut Jenjang"]
    login(page, "walidata1")
    page.goto("/walidata/deadlines/agency/disdik")
    page.locator(f"tr[data-item='{item['id']}'] a.item-edit").click()
    page.wait_for_load_state("networkidle")
    page.fill("#field-title", "Jumlah Sekolah menurut Jenjang dan Status")
    page.fill("#field-year_start", "2026")
    page.fill("#field-year_end", "2025")
    page.fill("#field-notes", "Pisahkan negeri dan swasta.")
    page.locator("#item-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    # refused with the field named, everything typed still there
    assert page.locator("#item-errors").count() == 1
    assert "Tahun awal tidak boleh lebih besar" in page.content()
    assert page.input_value("#field-title") == "Jumlah Sekolah menurut Jenjang dan Status"
    assert page.input_value("#field-notes") == "Pisahkan negeri dan swasta."
    page.fill("#field-year_end", "2026")
    page.locator("#item-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator(f"tr[data-item='{item['id']}']")
    assert "Jumlah Sekolah menurut Jenjang dan Status" in row.inner_text()
    shown = call_action("satudata_item_show", {"ignore_auth": True}, id=item["id"])
    assert (shown["year_start"], shown["year_end"], shown["notes"]) == (
        2026,
        2026,
        "Pisahkan negeri dan swasta.",
    )
