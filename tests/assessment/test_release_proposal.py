"""EPSS 20302 (Pemantauan Ketepatan Waktu Diseminasi) from the release calendar: the walidata
plans a release date per agreed item, the actual date is when the linked dataset is first
public, and the worksheet's proposal compares the two for every Produsen Data."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("assessment_db")


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def calendar(make_agency, make_dataset, walidata_user, freezer):
    freezer.move_to("2026-11-02 03:00:00")
    dukcapil = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    period = call_action(
        "satudata_period_create",
        ctx(walidata_user),
        name="pengumpulan-2026",
        title="Pengumpulan 2026",
        year=2026,
        opens="2026-11-01",
        cutoff="2026-11-23",
        input_close="2026-12-08",
    )
    items = {}
    for org, title, planned in (
        (dukcapil, "Jumlah Penduduk", "2026-11-10"),
        (dinkes, "Jumlah Puskesmas", "2026-11-05"),
    ):
        items[org["name"]] = call_action(
            "satudata_item_create",
            ctx(walidata_user),
            period_id=period["id"],
            org_id=org["id"],
            title=title,
            release_date=planned,
        )
    datasets = {
        "disdukcapil": make_dataset(dukcapil["id"], name="penduduk-2026", title="Penduduk 2026"),
        "dinkes": make_dataset(dinkes["id"], name="puskesmas-2026", title="Puskesmas 2026"),
    }
    return {"items": items, "datasets": datasets}


def _deliver(walidata_user, item, dataset):
    call_action(
        "satudata_item_transition",
        ctx(walidata_user),
        id=item["id"],
        action="submit",
        dataset_id=dataset["id"],
    )


def _proposal(walidata_user):
    call_action("satudata_epss_worksheet_create", ctx(walidata_user), year=2026)
    ws = call_action("satudata_epss_worksheet_show", ctx(walidata_user), year=2026)
    return next(i["proposal"] for i in ws["indicators"] if i["code"] == "20302")


def test_20302_is_proposed_from_planned_vs_actual_publication(calendar, walidata_user, freezer):
    items, datasets = calendar["items"], calendar["datasets"]
    # 4 Nov 10:00 WIB: Dukcapil publishes before its planned 10 November
    freezer.move_to("2026-11-04 03:00:00")
    _deliver(walidata_user, items["disdukcapil"], datasets["disdukcapil"])
    # 6 Nov 00:30 WIB (still 5 November in UTC): Dinkes publishes a day after its plan
    freezer.move_to("2026-11-05 17:30:00")
    _deliver(walidata_user, items["dinkes"], datasets["dinkes"])
    shown = call_action("satudata_item_show", ctx(walidata_user), id=items["dinkes"]["id"])
    assert shown["release_date"] == "2026-11-05" and shown["release_status"] == "late"
    shown = call_action("satudata_item_show", ctx(walidata_user), id=items["disdukcapil"]["id"])
    assert shown["release_status"] == "on_time"
    p = _proposal(walidata_user)
    assert p["level"] == 1 and "jadwal rilis" in p["rule"]
    assert [(h["title"], h["failing"]) for h in p["held_back"]] == [
        ("Dinas Kesehatan", ["Puskesmas 2026"])
    ]


def test_a_release_not_yet_due_is_not_counted_against_the_agency(calendar, walidata_user):
    items, datasets = calendar["items"], calendar["datasets"]
    _deliver(walidata_user, items["disdukcapil"], datasets["disdukcapil"])
    call_action(  # 2 Nov: Dinkes's release moved to 20 Nov, not due yet
        "satudata_item_update",
        ctx(walidata_user),
        id=items["dinkes"]["id"],
        release_date="2026-11-20",
    )
    p = _proposal(walidata_user)
    # Dinkes has no release due yet, so it has none on time either: held back at level 1
    assert p["level"] == 1
    assert [h["title"] for h in p["held_back"]] == ["Dinas Kesehatan"]
    assert p["held_back"][0]["datasets"] == 0
