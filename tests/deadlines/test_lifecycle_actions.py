"""Lifecycle transitions and their permissions through the actions, against
the real database. Times are the server's (frozen where it matters)."""

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests.helpers import call_action
from satudata_testing import delivery_dataset

from ckanext.satudata.deadlines.model import ItemEvent

pytestmark = pytest.mark.usefixtures("deadlines_db")

CSV = (
    "agency,title,frequency,year_start\n"
    "dinkes,Jumlah Puskesmas,tahunan,2025\n"
    "dinkes,Jumlah Bidan,tahunan,2025\n"
)


@pytest.fixture
def setup(walidata, period_2026, agency_with_admin):
    org, admin, member = agency_with_admin("dinkes")
    other_org, other_admin, _ = agency_with_admin("disdik")
    result = call_action(
        "satudata_item_import",
        ctx(walidata),
        period_id=period_2026["id"],
        content=CSV,
        filename="d.csv",
    )
    item = result["items"][0]
    return dict(
        walidata=walidata,
        period=period_2026,
        org=org,
        admin=admin,
        member=member,
        other_admin=other_admin,
        item=item,
        items=result["items"],
    )


def ctx(user):
    # call_action ignores auth unless told not to
    return {"user": user["name"], "ignore_auth": False}


def transition(user, item, action, notes=""):
    extra = {"dataset_id": delivery_dataset(item["org_id"])} if action == "submit" else {}
    return call_action(
        "satudata_item_transition", ctx(user), id=item["id"], action=action, notes=notes, **extra
    )


@pytest.mark.freeze_time("2026-11-20 03:00:00")
def test_every_transition_in_order_with_actor_and_server_time(setup):
    s = setup
    out = transition(s["admin"], s["item"], "submit")
    assert (out["state"], out["timeliness"]) == ("submitted", "on_time")
    out = transition(s["walidata"], s["item"], "start_review")
    assert out["state"] == "under_review"
    out = transition(s["walidata"], s["item"], "return", notes="Satuan belum diisi")
    assert (out["state"], out["return_notes"]) == ("returned", "Satuan belum diisi")
    out = transition(s["admin"], s["item"], "correct")
    assert out["state"] == "corrected"
    out = transition(s["walidata"], s["item"], "approve")
    assert (out["state"], out["timeliness"], out["return_notes"]) == ("approved", "on_time", "")
    history = out["history"]
    assert [(h["action"], h["state"], h["actor"]) for h in history] == [
        ("create", "not_submitted", "walidata1"),
        ("submit", "submitted", "admin-dinkes"),
        ("start_review", "under_review", "walidata1"),
        ("return", "returned", "walidata1"),
        ("correct", "corrected", "admin-dinkes"),
        ("approve", "approved", "walidata1"),
    ]
    assert all(h["at"] == "2026-11-20T03:00:00+00:00" for h in history)
    assert history[3]["notes"] == "Satuan belum diisi"


@pytest.mark.parametrize(
    "frozen,expected",
    [
        ("2026-11-23 16:59:59", "on_time"),  # 23:59:59 WIB on 23 November
        ("2026-11-23 17:00:00", "late"),  # 00:00:00 WIB on 24 November
    ],
)
def test_submission_boundary_in_portal_zone(setup, freezer, frozen, expected):
    freezer.move_to(frozen)
    out = transition(setup["admin"], setup["item"], "submit")
    assert out["timeliness"] == expected


def test_history_is_append_only_and_edit_after_cutoff_is_a_correction(setup, freezer):
    s = setup
    freezer.move_to("2026-11-22 01:00:00")
    transition(s["admin"], s["item"], "submit")
    freezer.move_to("2026-11-22 02:00:00")
    with pytest.raises(tk.ValidationError):  # a second submission is never allowed
        transition(s["admin"], s["item"], "submit")
    with pytest.raises(tk.ValidationError):  # before the cutoff it is not a correction
        transition(s["admin"], s["item"], "correct")
    freezer.move_to("2026-11-25 02:00:00")
    out = transition(s["admin"], s["item"], "correct")
    assert (out["state"], out["timeliness"]) == ("corrected", "on_time")
    rows = model.Session.query(ItemEvent).filter_by(item_id=s["item"]["id"]).count()
    assert rows == 3


@pytest.mark.freeze_time("2026-11-20 03:00:00")
def test_agency_admin_refused_walidata_actions(setup):
    s = setup
    transition(s["admin"], s["item"], "submit")
    for action in ("start_review", "return", "approve"):
        with pytest.raises(tk.NotAuthorized):
            transition(s["admin"], s["item"], action, notes="x")
    assert (
        call_action("satudata_item_show", ctx(s["walidata"]), id=s["item"]["id"])["state"]
        == "submitted"
    )


@pytest.mark.freeze_time("2026-11-20 03:00:00")
def test_member_and_other_agency_refused_submit(setup):
    s = setup
    with pytest.raises(tk.NotAuthorized):
        transition(s["member"], s["item"], "submit")
    with pytest.raises(tk.NotAuthorized):
        transition(s["other_admin"], s["item"], "submit")
    with pytest.raises(tk.NotAuthorized):
        call_action("satudata_item_show", ctx(s["other_admin"]), id=s["item"]["id"])
    # the agency's own member may read its list
    assert len(call_action("satudata_item_list", ctx(s["member"]), org_id="dinkes")) == 2
    with pytest.raises(tk.NotAuthorized):
        call_action("satudata_item_list", ctx(s["other_admin"]), org_id="dinkes")


def test_return_needs_notes(setup, freezer):
    freezer.move_to("2026-11-20 03:00:00")
    transition(setup["admin"], setup["item"], "submit")
    with pytest.raises(tk.ValidationError):
        transition(setup["walidata"], setup["item"], "return", notes=" ")


def test_period_writes_are_walidata_only(setup):
    s = setup
    for user in (s["admin"], s["member"]):
        with pytest.raises(tk.NotAuthorized):
            call_action(
                "satudata_period_create", ctx(user), name="x-2027", year=2027, cutoff="2027-11-23"
            )
        with pytest.raises(tk.NotAuthorized):
            call_action("satudata_period_update", ctx(user), id=s["period"]["id"], title="x")
        with pytest.raises(tk.NotAuthorized):
            call_action("satudata_item_import", ctx(user), period_id=s["period"]["id"], content=CSV)
        with pytest.raises(tk.NotAuthorized):
            call_action(
                "satudata_item_create",
                ctx(user),
                period_id=s["period"]["id"],
                org_id="dinkes",
                title="X",
            )
    updated = call_action(
        "satudata_period_update", ctx(s["walidata"]), id=s["period"]["id"], input_close="2026-12-07"
    )
    assert updated["input_close_local"] == "2026-12-07 23:59 WIB"
    assert len(call_action("satudata_period_list", ctx(s["member"]))) == 1


def test_period_validation(walidata):
    with pytest.raises(tk.ValidationError) as info:
        call_action(
            "satudata_period_create",
            ctx(walidata),
            name="Bad Name",
            year=2026,
            cutoff="23/11/2026",
            input_close="2026-11-01",
        )
    assert set(info.value.error_dict) == {"name", "cutoff"}
    with pytest.raises(tk.ValidationError) as info:
        call_action(
            "satudata_period_create",
            ctx(walidata),
            name="p-2026",
            year=2026,
            cutoff="2026-11-23",
            input_close="2026-11-01",
        )
    assert set(info.value.error_dict) == {"input_close"}


def test_corrections_closed_after_end(setup, freezer):
    s = setup
    call_action(
        "satudata_period_update",
        ctx(s["walidata"]),
        id=s["period"]["id"],
        corrections_end="2026-12-31",
    )
    freezer.move_to("2026-11-20 03:00:00")
    transition(s["admin"], s["item"], "submit")
    transition(s["walidata"], s["item"], "return", notes="fix")
    freezer.move_to("2026-12-31 17:00:00")  # 1 January 00:00 WIB
    with pytest.raises(tk.ValidationError):
        transition(s["admin"], s["item"], "correct")


def test_correct_refused_to_member_and_other_agency(setup, freezer):
    s = setup
    freezer.move_to("2026-11-20 03:00:00")
    transition(s["admin"], s["item"], "submit")
    transition(s["walidata"], s["item"], "return", notes="Lengkapi")
    for user in (s["member"], s["other_admin"]):
        with pytest.raises(tk.NotAuthorized):
            transition(user, s["item"], "correct")
    assert transition(s["admin"], s["item"], "correct")["state"] == "corrected"


def test_item_edit_and_delete_are_walidata_only(setup):
    s = setup
    with pytest.raises(tk.NotAuthorized):
        call_action("satudata_item_update", ctx(s["admin"]), id=s["item"]["id"], title="X")
    with pytest.raises(tk.NotAuthorized):
        call_action("satudata_item_delete", ctx(s["admin"]), id=s["item"]["id"])
    out = call_action(
        "satudata_item_update",
        ctx(s["walidata"]),
        id=s["item"]["id"],
        title="Jumlah Puskesmas per Kecamatan",
        year_start=2025,
    )
    assert (out["title"], out["year_end"]) == ("Jumlah Puskesmas per Kecamatan", 2025)
    call_action("satudata_item_delete", ctx(s["walidata"]), id=s["items"][1]["id"])
    assert len(call_action("satudata_item_list", ctx(s["walidata"]), org_id="dinkes")) == 1
