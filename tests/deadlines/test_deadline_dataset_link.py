"""The dataset field linking an agreed item and the lifecycle hook: submission with server time, late links, refused items, corrections, the API for the assessment, overdue listings."""

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests.helpers import call_action

from .deadline_items_fixtures import ctx, dataset, item_state, items, world

pytestmark = pytest.mark.usefixtures("deadlines_db")

__all__ = ["items", "world"]  # fixtures, imported for this module


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
