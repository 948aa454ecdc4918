"""The walidata's deadline pages: export and refusal, review and the agency checklist, item edit, new and delete pages, the period form, the admin tab and the menu."""

import csv
import io

import ckan.plugins.toolkit as tk
import openpyxl
import pytest
from ckan.tests.helpers import call_action
from satudata_testing import delivery_dataset

from .deadline_items_fixtures import auth, count_items, ctx, item_state, items_now, world

pytestmark = pytest.mark.usefixtures("deadlines_db")

__all__ = ["items_now", "world"]  # fixtures, imported for this module


def test_walidata_page_export_and_refusal(app, world, items_now):
    res = app.get("/walidata/deadlines", headers=auth(world["walidata"]))
    assert res.status_code == 200
    assert 'data-org="dinkes"' in res.body and "Instansi disdik" in res.body
    res = app.get("/walidata/deadlines", headers=auth(world["dinkes_admin"]))
    assert res.status_code == 403
    res = app.get("/walidata/deadlines/agency/dinkes", headers=auth(world["walidata"]))
    assert res.status_code == 200 and "Jumlah Puskesmas" in res.body
    res = app.get(
        "/walidata/deadlines/export.csv?period=pengumpulan-2026", headers=auth(world["walidata"])
    )
    rows = list(csv.reader(io.StringIO(res.body)))
    assert rows[0][:4] == ["agency_code", "agency", "agency_type", "expected"]
    assert sorted(r[0] for r in rows[1:]) == ["dinkes", "disdik"]
    assert {r[2] for r in rows[1:]} == {"Dinas"}  # the type's label, not the code "dinas"
    page = app.get("/walidata/deadlines", headers=auth(world["walidata"])).body
    assert ">Dinas</option>" in page and ">dinas</option>" not in page  # the type filter
    res = app.get(
        "/walidata/deadlines/export.xlsx?period=pengumpulan-2026", headers=auth(world["walidata"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(res.get_data())).active
    assert [c.value for c in sheet[1]][:2] == ["agency_code", "agency"]
    assert sheet.max_row == 3
    res = app.get("/walidata/deadlines/export.csv", headers=auth(world["dinkes_admin"]))
    assert res.status_code == 403


def test_review_post_and_agency_checklist(app, world, items_now):
    item_id = items_now["Jumlah Puskesmas"]["id"]
    call_action(
        "satudata_item_transition",
        ctx(world["dinkes_admin"]),
        id=item_id,
        action="submit",
        dataset_id=delivery_dataset(world["dinkes"]["id"]),
    )
    # the agency admin may not return its own item through the page
    res = app.post(
        f"/walidata/deadlines/item/{item_id}/transition",
        headers=auth(world["dinkes_admin"]),
        data={"action": "return", "notes": "x"},
    )
    assert res.status_code == 403
    res = app.post(
        f"/walidata/deadlines/item/{item_id}/transition",
        headers=auth(world["walidata"]),
        data={"action": "return", "notes": "Satuan belum sesuai standar"},
    )
    assert res.status_code == 200
    assert item_state(item_id)["return_notes"] == "Satuan belum sesuai standar"
    # the agency sees what came back and why on its page; others do not
    res = app.get("/organization/dinkes", headers=auth(world["dinkes_member"]))
    assert "satudata-checklist" in res.body and "Satuan belum sesuai standar" in res.body
    res = app.get("/organization/dinkes", headers=auth(world["disdik_admin"]))
    assert "satudata-checklist" not in res.body


def test_item_edit_page_saves_and_keeps_what_was_typed_on_error(app, world, items_now):
    item = items_now["Jumlah Puskesmas"]
    url = f"/walidata/deadlines/item/{item['id']}/edit"
    headers = auth(world["walidata"])
    res = app.get(url, headers=headers)
    assert res.status_code == 200 and 'value="Jumlah Puskesmas"' in res.body
    # an error shows the form again with what was typed, and changes nothing
    typed = {
        "title": "Jumlah Puskesmas <b>Rawat Inap</b>",
        "indicator": "",
        "frequency": "tahunan",
        "year_start": "2026",
        "year_end": "dua ribu",
        "notes": "catatan yang panjang",
    }
    res = app.post(url, headers=headers, data=typed)
    assert res.status_code == 409 and 'id="item-errors"' in res.body
    assert "Masukkan tahun" in res.body or "Enter a year" in res.body
    assert 'value="dua ribu"' in res.body and "catatan yang panjang" in res.body
    assert "Jumlah Puskesmas &lt;b&gt;Rawat Inap&lt;/b&gt;" in res.body
    assert item_state(item["id"])["title"] == "Jumlah Puskesmas"
    res = app.post(url, headers=headers, data=dict(typed, year_end="2025"))
    assert (
        "The first year must not be later than the last year" in res.body
        or "Tahun awal tidak boleh lebih besar dari tahun akhir" in res.body
    )
    res = app.post(url, headers=headers, data=dict(typed, year_end="2027"))
    assert res.status_code == 200
    saved = item_state(item["id"])
    assert (saved["title"], saved["year_start"], saved["year_end"], saved["notes"]) == (
        "Jumlah Puskesmas <b>Rawat Inap</b>",
        2026,
        2027,
        "catatan yang panjang",
    )
    assert saved["state"] == item["state"]  # the description only, never the lifecycle
    # the agency's own admin may not edit its list
    for method in (app.get, app.post):
        res = method(url, headers=auth(world["dinkes_admin"]), data={"title": "x"})
        assert res.status_code == 403
    assert item_state(item["id"])["title"] == "Jumlah Puskesmas <b>Rawat Inap</b>"


def test_item_new_with_an_error_keeps_the_typed_values(app, world, items_now):
    before = count_items()
    res = app.post(
        "/walidata/deadlines/item/new",
        headers=auth(world["walidata"]),
        data={
            "period_id": world["period"]["id"],
            "org_id": "dinkes",
            "title": "Jumlah Bidan Desa",
            "indicator": "Rasio bidan",
            "frequency": "tahunan",
            "year_start": "tahun ini",
        },
    )
    assert res.status_code == 409 and 'id="item-errors"' in res.body
    assert 'value="Jumlah Bidan Desa"' in res.body and 'value="tahun ini"' in res.body
    assert count_items() == before
    res = app.post(
        "/walidata/deadlines/item/new",
        headers=auth(world["walidata"]),
        data={
            "period_id": world["period"]["id"],
            "org_id": "dinkes",
            "title": "Jumlah Bidan Desa",
            "frequency": "tahunan",
            "year_start": "2026",
        },
    )
    assert res.status_code == 200 and count_items() == before + 1


def test_period_form_page(app, walidata):
    headers = auth(walidata)
    res = app.get("/walidata/deadlines/period/new/edit", headers=headers)
    assert res.status_code == 200 and 'name="cutoff"' in res.body
    res = app.post(
        "/walidata/deadlines/period/new/edit",
        headers=headers,
        data={
            "name": "pengumpulan-2027",
            "title": "Pengumpulan 2027",
            "year": "2027",
            "opens": "2027-11-01 00:00",
            "cutoff": "2027-11-23",
            "input_close": "2027-12-08",
            "corrections_end": "",
        },
    )
    assert res.status_code == 200
    shown = call_action("satudata_period_show", id="pengumpulan-2027")
    assert shown["cutoff_local"] == "2027-11-23 23:59 WIB" and shown["corrections_end_at"] is None
    res = app.post(
        "/walidata/deadlines/period/new/edit",
        headers=headers,
        data={"name": "x", "year": "2027", "cutoff": "23-11-2027"},
    )
    assert "Enter a date" in res.body or "Masukkan tanggal" in res.body


def test_admin_tab_and_agency_type_filter(app, world, items_now, org_maker):
    from ckan.tests import factories as f

    sysadmin = f.Sysadmin()
    res = app.get("/ckan-admin", headers=auth(sysadmin))
    assert 'href="/walidata/deadlines"' in res.body
    kec = org_maker("321601", agency_type="kecamatan")
    call_action(
        "satudata_item_create",
        ctx(world["walidata"]),
        period_id=world["period"]["id"],
        org_id=kec["id"],
        title="Jumlah RT/RW",
    )
    res = app.get("/walidata/deadlines?agency_type=kecamatan", headers=auth(world["walidata"]))
    assert 'data-org="321601"' in res.body and 'data-org="dinkes"' not in res.body


def test_item_delete_page(app, world, items_now):
    item_id = items_now["Jumlah Sekolah"]["id"]
    res = app.post(
        f"/walidata/deadlines/item/{item_id}/delete", headers=auth(world["dinkes_admin"])
    )
    assert res.status_code == 403
    res = app.post(f"/walidata/deadlines/item/{item_id}/delete", headers=auth(world["walidata"]))
    assert res.status_code == 200
    assert count_items() == 1


def test_walidata_menu_lists_the_deadlines_page_once(app, world):
    """The Walidata menu is filled by the capabilities' "walidata_menu" panels."""
    assert (
        tk.h.satudata_panels("walidata_menu").count("satudata/deadlines/walidata_menu_item.html")
        == 1
    )
    page = app.get("/dataset/", headers=auth(world["walidata"])).body
    assert page.count('href="/walidata/deadlines"') == 1
