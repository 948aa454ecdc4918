"""Daftar-data import, the dataset field and lifecycle hook, the walidata pages."""

import base64
import csv
import io

import ckan.model as model
import ckan.plugins.toolkit as tk
import openpyxl
import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import delivery_dataset

from ckanext.satudata.deadlines.model import AgreedItem

pytestmark = pytest.mark.usefixtures("deadlines_db")


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def world(walidata, period_2026, agency_with_admin):
    dinkes, dinkes_admin, dinkes_member = agency_with_admin("dinkes")
    disdik, disdik_admin, _ = agency_with_admin("disdik")
    return dict(
        walidata=walidata,
        period=period_2026,
        dinkes=dinkes,
        disdik=disdik,
        dinkes_admin=dinkes_admin,
        dinkes_member=dinkes_member,
        disdik_admin=disdik_admin,
    )


def count_items():
    return model.Session.query(AgreedItem).count()


# --- import ----------------------------------------------------------------------


def test_import_errors_reported_by_line_and_nothing_imported(world):
    content = (
        "agency,title,frequency,year_start,year_end\n"
        "dinkes,Jumlah Puskesmas,tahunan,2025,2025\n"
        "nowhere,Jumlah Bidan,tahunan,2025,2025\n"
        "disdik,Jumlah Sekolah,kadang,2025,2024\n"
    )
    with pytest.raises(tk.ValidationError) as info:
        call_action(
            "satudata_item_import",
            ctx(world["walidata"]),
            period_id=world["period"]["id"],
            content=content,
            filename="d.csv",
        )
    assert info.value.error_dict["file"] == [
        "line 3: unknown agency: nowhere",
        "line 4: unknown frequency: kadang",
        "line 4: year_end 2024 is before year_start 2025",
    ]
    assert count_items() == 0


def test_import_xlsx_and_duplicates_against_existing(world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["instansi", "judul", "frekuensi", "tahun_awal"])
    sheet.append(["dinkes", "Jumlah Puskesmas", "tahunan", 2025])
    sheet.append(["disdik", "Jumlah Sekolah", "semesteran", 2025])
    buf = io.BytesIO()
    book.save(buf)
    data = base64.b64encode(buf.getvalue()).decode()
    out = call_action(
        "satudata_item_import",
        ctx(world["walidata"]),
        period_id=world["period"]["id"],
        content_base64=data,
        filename="d.xlsx",
    )
    assert out["created"] == 2
    assert {i["org_id"] for i in out["items"]} == {world["dinkes"]["id"], world["disdik"]["id"]}
    # importing again: row 2 is already in the list -> nothing imported
    with pytest.raises(tk.ValidationError) as info:
        call_action(
            "satudata_item_import",
            ctx(world["walidata"]),
            period_id=world["period"]["id"],
            content_base64=data,
            filename="d.xlsx",
        )
    assert info.value.error_dict["file"][0].startswith("line 2: already in this period's list")
    assert count_items() == 2


def test_import_with_default_agency(world):
    out = call_action(
        "satudata_item_import",
        ctx(world["walidata"]),
        period_id=world["period"]["id"],
        org_id="disdik",
        content="title,frequency\nAngka Partisipasi Murni,tahunan\n",
    )
    assert out["items"][0]["org_id"] == world["disdik"]["id"]


# --- dataset field and lifecycle hook ----------------------------------------------


def _import_two(world):
    out = call_action(
        "satudata_item_import",
        ctx(world["walidata"]),
        period_id=world["period"]["id"],
        content=(
            "agency,title,frequency\n"
            "dinkes,Jumlah Puskesmas,tahunan\n"
            "disdik,Jumlah Sekolah,tahunan\n"
        ),
    )["items"]
    return {i["title"]: i for i in out}


@pytest.fixture
def items_now(world):
    """The list imported at the real time (page tests: API tokens need the real clock)."""
    return _import_two(world)


@pytest.fixture
def items(world, dataset_fields, freezer):
    """The list imported on 2 November 2026 (the clock stays frozen for the test)."""
    world["fields"] = dataset_fields
    freezer.move_to("2026-11-02 00:00:00")
    return _import_two(world)


def dataset(world, user, name, item_id, **extra):
    return call_action(
        "package_create",
        ctx(user),
        name=name,
        title=name,
        owner_org=world["dinkes"]["id"],
        agreed_item=item_id,
        **world["fields"](**extra),
    )


def item_state(item_id):
    return call_action("satudata_item_show", {"ignore_auth": True}, id=item_id)


def test_linking_a_dataset_submits_the_item_with_server_time(world, items, freezer):
    freezer.move_to("2026-11-23 16:59:59")  # 23:59:59 WIB
    pkg = dataset(world, world["dinkes_admin"], "puskesmas-2025", items["Jumlah Puskesmas"]["id"])
    item = item_state(items["Jumlah Puskesmas"]["id"])
    assert (item["state"], item["timeliness"], item["dataset_id"]) == (
        "submitted",
        "on_time",
        pkg["id"],
    )
    assert item["history"][-1]["actor"] == "admin-dinkes"
    assert item["history"][-1]["at"] == "2026-11-23T16:59:59+00:00"
    # an edit before the cutoff changes nothing; after the cutoff it is a correction
    call_action("package_patch", ctx(world["dinkes_admin"]), id=pkg["id"], notes="Perbaikan kecil")
    assert item_state(pkg["agreed_item"])["state"] == "submitted"
    freezer.move_to("2026-11-23 17:00:01")
    call_action("package_patch", ctx(world["dinkes_admin"]), id=pkg["id"], notes="Perbaikan")
    item = item_state(pkg["agreed_item"])
    assert (item["state"], item["timeliness"]) == ("corrected", "on_time")


def test_first_link_after_cutoff_is_late(world, items, freezer):
    freezer.move_to("2026-11-23 17:00:00")  # 00:00:00 WIB 24 November
    dataset(world, world["dinkes_admin"], "puskesmas-2025", items["Jumlah Puskesmas"]["id"])
    assert item_state(items["Jumlah Puskesmas"]["id"])["timeliness"] == "late"


def test_field_refuses_another_agencys_item_and_taken_items(world, items, freezer):
    freezer.move_to("2026-11-20 03:00:00")
    with pytest.raises(tk.ValidationError) as info:
        dataset(world, world["dinkes_admin"], "sekolah", items["Jumlah Sekolah"]["id"])
    assert "agreed_item" in info.value.error_dict
    with pytest.raises(tk.ValidationError):
        dataset(world, world["dinkes_admin"], "unknown-item", "no-such-item")
    dataset(world, world["dinkes_admin"], "puskesmas-a", items["Jumlah Puskesmas"]["id"])
    with pytest.raises(tk.ValidationError) as info:
        dataset(world, world["dinkes_admin"], "puskesmas-b", items["Jumlah Puskesmas"]["id"])
    assert "agreed_item" in info.value.error_dict
    assert item_state(items["Jumlah Sekolah"]["id"])["state"] == "not_submitted"


def test_returned_item_corrected_by_dataset_edit(world, items, freezer):
    freezer.move_to("2026-11-20 03:00:00")
    pkg = dataset(world, world["dinkes_admin"], "puskesmas", items["Jumlah Puskesmas"]["id"])
    call_action(
        "satudata_item_transition",
        ctx(world["walidata"]),
        id=pkg["agreed_item"],
        action="return",
        notes="Tambahkan satuan",
    )
    freezer.move_to("2026-11-21 03:00:00")
    call_action("package_patch", ctx(world["dinkes_admin"]), id=pkg["id"], unit="unit")
    item = item_state(pkg["agreed_item"])
    assert item["state"] == "corrected"
    assert [h["action"] for h in item["history"]] == ["create", "submit", "return", "correct"]


def test_api_for_assessment(world, items, freezer):
    from ckanext.satudata.deadlines import api

    freezer.move_to("2026-11-24 03:00:00")
    pkg = dataset(world, world["dinkes_admin"], "puskesmas", items["Jumlah Puskesmas"]["id"])
    out = api.timeliness_for_datasets([pkg["id"], "other"])
    assert list(out) == [pkg["id"]]
    assert (out[pkg["id"]]["state"], out[pkg["id"]]["timeliness"]) == ("submitted", "late")
    d = api.delivery_for_agency(world["dinkes"]["id"], world["period"]["id"])
    assert (d["expected"], d["late"], d["missing"], d["progress"]) == (1, 1, 0, 100)
    d = api.delivery_for_agency(world["disdik"]["id"], world["period"]["id"])
    assert (d["expected"], d["missing"], d["progress"]) == (1, 1, 0)


def test_periodic_overdue_listing(world, freezer, dataset_fields):
    complete_dataset_fields = dataset_fields
    freezer.move_to("2026-09-15 03:00:00")
    call_action(
        "package_create",
        ctx(world["dinkes_admin"]),
        name="bulanan-a",
        title="Bulanan A",
        owner_org=world["dinkes"]["id"],
        **complete_dataset_fields(frequency="bulanan"),
    )
    call_action(
        "package_create",
        ctx(world["dinkes_admin"]),
        name="tahunan-a",
        title="Tahunan A",
        owner_org=world["dinkes"]["id"],
        **complete_dataset_fields(frequency="tahunan"),
    )
    freezer.move_to("2026-10-18 03:00:00")
    rows = call_action("satudata_periodic_overdue_list", ctx(world["walidata"]))
    assert [(r["name"], r["days_overdue"]) for r in rows] == [("bulanan-a", 3)]
    with pytest.raises(tk.NotAuthorized):
        call_action("satudata_periodic_overdue_list", ctx(world["dinkes_admin"]))


def test_overdue_query_can_be_answered_from_the_frequency_index(world):
    """The walidata pages run this query on every view: it must stay answerable from the index
    of migration 0004, i.e. every arm compares the indexed expression and ``metadata_modified``
    (a changed expression would silently fall back to scanning every package). The planner's
    own choice is not asserted: on a test database of a few rows a scan is cheaper."""
    import sqlalchemy as sa

    from ckanext.satudata.deadlines import periodic
    from ckanext.satudata.deadlines.core import frequency

    index = model.Session.execute(
        sa.text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'satudata_package_frequency_modified'"
        )
    ).scalar()
    assert index and "(((extras ->> 'frequency'::text)), metadata_modified)" in index
    assert "WHERE ((state = 'active'::text) AND (type = 'dataset'::text))" in index

    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sql = cursor.mogrify(statement, parameters).decode()
        if "'frequency'" in sql and "metadata_modified <" in sql:
            statements.append(sql)

    engine = model.meta.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        periodic.periodic_datasets()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == 1
    sql = " ".join(statements[0].split())
    assert "package.state = 'active' AND package.type = 'dataset'" in sql
    arms = sql.split(" OR ")
    assert len(arms) == len(frequency.INTERVALS)
    for arm in arms:
        assert "(package.extras ->> 'frequency') = '" in arm
        assert "package.metadata_modified < '" in arm


# --- pages ---------------------------------------------------------------------------


def auth(user):
    token = factories.APIToken(user=user["name"])
    return {"Authorization": token["token"]}


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


def test_demo_round_is_idempotent(org_maker, walidata):
    from ckanext.satudata.deadlines import demo

    org_maker("dinkes")
    org_maker("disdik")
    first = demo.load_demo(2026)
    assert first == {
        "period": "pengumpulan-2026",
        "items": 7,
    }  # dinkes 3, disdik 2, diskominfosantik 2
    period = call_action("satudata_period_show", id="pengumpulan-2026")
    assert (period["cutoff_local"], period["input_close_local"]) == (
        "2026-11-23 23:59 WIB",
        "2026-12-08 23:59 WIB",
    )
    assert demo.load_demo(2026) == {"period": "pengumpulan-2026", "items": 0}
    assert count_items() == 7


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


def test_item_of_a_deleted_dataset_can_be_delivered_again(world, items, freezer):
    freezer.move_to("2026-11-20 03:00:00")
    item_id = items["Jumlah Puskesmas"]["id"]
    first = dataset(world, world["dinkes_admin"], "puskesmas-a", item_id)
    call_action("package_delete", ctx(world["dinkes_admin"]), id=first["id"])
    freezer.move_to("2026-11-25 03:00:00")
    second = dataset(world, world["dinkes_admin"], "puskesmas-b", item_id)
    item = item_state(item_id)
    assert (item["state"], item["timeliness"], item["dataset_id"]) == (
        "corrected",
        "on_time",
        second["id"],
    )


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


@pytest.mark.parametrize("text", ["0", "bukan base64!", "QUJ"])
def test_import_refuses_text_that_is_not_base64(world, text):
    with pytest.raises(tk.ValidationError) as info:
        call_action(
            "satudata_item_import",
            ctx(world["walidata"]),
            period_id=world["period"]["id"],
            content_base64=text,
            filename="d.xlsx",
        )
    assert info.value.error_dict["content_base64"] == ["Not a valid base64 text"]
    assert count_items() == 0
