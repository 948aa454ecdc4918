"""The release calendar (jadwal rilis) and the walidata's approval, from the side of agency A's
admin: setting the planned release date of its own item, or approving its own delivery, is
refused (403 over the API and the form) and nothing changes in the database. The walidata
sets the date; a date out of range is a translated field error, nothing half-saved."""

from __future__ import annotations

from ckan.tests.helpers import call_action

from .conftest import api


def item_row(item_id: str) -> tuple:
    from ckan import model

    from ckanext.satudata.deadlines.model import AgreedItem, ItemEvent

    model.Session.remove()
    item = model.Session.get(AgreedItem, item_id)
    events = model.Session.query(ItemEvent).filter_by(item_id=item_id).count()
    return (item.release_date, item.published_at, item.state, item.title, events)


def test_agency_admin_cannot_set_the_release_date_of_its_own_item(world, app):
    before = item_row(world.item["id"])
    for role in ("admin", "editor", "other_admin"):
        response = app.post(
            "/api/3/action/satudata_item_update",
            headers={"Authorization": world.tokens[role]},
            json={"id": world.item["id"], "release_date": "2026-12-10"},
            status=403,
        )
        assert response.json["success"] is False
    assert item_row(world.item["id"]) == before
    assert before[0] is None


def test_agency_admin_cannot_post_the_item_form(world, app):
    before = item_row(world.item["id"])
    app.post(
        f"/walidata/deadlines/item/{world.item['id']}/edit",
        headers={"Authorization": world.tokens["admin"]},
        data={"title": world.item["title"], "release_date": "2026-12-10"},
        status=403,
    )
    assert item_row(world.item["id"]) == before


def test_walidata_sets_the_release_date_with_range_checks(world, app):
    before = item_row(world.item["id"])
    response = app.post(
        "/api/3/action/satudata_item_update",
        headers={"Authorization": world.tokens["walidata"]},
        json={"id": world.item["id"], "release_date": "2031-01-01", "title": "Diubah"},
        status=409,
    )
    error = response.json["error"]["release_date"][0]
    assert "2025-01-01" in error and "2028-12-31" in error and "Masukkan" in error
    assert item_row(world.item["id"]) == before  # the title was not saved either
    response = app.post(
        "/api/3/action/satudata_item_update",
        headers={"Authorization": world.tokens["walidata"]},
        json={"id": world.item["id"], "release_date": "10-12-2026"},
        status=409,
    )
    assert "YYYY-MM-DD" in response.json["error"]["release_date"][0]
    out = api(
        app,
        world,
        "walidata",
        "satudata_item_update",
        id=world.item["id"],
        release_date="2026-12-10",
    )
    assert out["release_date"] == "2026-12-10" and out["release_status"] in ("not_due", "overdue")


def test_agency_admin_cannot_approve_its_own_delivery(world, app):
    call_action(  # the agency's own delivery, allowed: a public dataset of agency A
        "satudata_item_transition",
        world.context("admin"),
        id=world.item["id"],
        action="submit",
        dataset_id=world.public["id"],
    )
    before = item_row(world.item["id"])
    assert before[2] == "submitted"
    assert before[1] is not None  # the linked dataset is public: its publication is noted
    for action in ("approve", "start_review"):
        response = app.post(
            "/api/3/action/satudata_item_transition",
            headers={"Authorization": world.tokens["admin"]},
            json={"id": world.item["id"], "action": action},
            status=403,
        )
        assert response.json["success"] is False
    assert item_row(world.item["id"]) == before
