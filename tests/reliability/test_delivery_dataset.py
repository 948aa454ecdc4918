"""Security #13, finding 4: delivery needs a dataset.

From the side of agency A's admin: ``satudata_item_transition action=submit`` used to mark an
agreed item delivered (on time, if before the cutoff) with ``dataset_id: null``. Now a
delivery needs an active dataset of the item's own agency, linked already or given: without
one, with another agency's, a deleted or a draft dataset, it is a translated field error and
the item and its history are unchanged.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from .conftest import complete_dataset_fields


def item_row(item_id: str) -> tuple:
    """The item and the number of its events, as stored."""
    from ckan import model

    from ckanext.satudata.deadlines.model import AgreedItem, ItemEvent

    model.Session.remove()
    item = model.Session.get(AgreedItem, item_id)
    events = model.Session.query(ItemEvent).filter_by(item_id=item_id).count()
    return (item.state, item.timeliness, item.submitted_at, item.dataset_id, events)


def submit(world, **extra):
    return call_action(
        "satudata_item_transition",
        world.context("admin"),
        id=world.item["id"],
        action="submit",
        **extra,
    )


def test_submit_without_a_dataset_is_refused_and_changes_nothing(world):
    before = item_row(world.item["id"])
    assert before[0] == "not_submitted" and before[3] is None
    with pytest.raises(tk.ValidationError) as exc:
        submit(world)
    assert list(exc.value.error_dict) == ["dataset_id"]
    assert item_row(world.item["id"]) == before


def test_refusal_is_a_translated_409_over_the_api(world, app):
    before = item_row(world.item["id"])
    response = app.post(
        "/api/3/action/satudata_item_transition",
        headers={"Authorization": world.tokens["admin"]},
        json={"id": world.item["id"], "action": "submit"},
        status=409,
    )
    error = response.json["error"]
    assert "dataset_id" in error
    assert "Tautkan dataset aktif instansi ini" in error["dataset_id"][0]
    assert item_row(world.item["id"]) == before


@pytest.mark.parametrize("kind", ["other_agency", "deleted", "draft"])
def test_submit_with_a_dataset_that_cannot_deliver_is_refused(world, kind):
    if kind == "other_agency":
        pkg = factories.Dataset(
            owner_org=world.org_b["id"],
            name="rel-b-data",
            title="Data instansi lain",
            **complete_dataset_fields(),
        )
    else:
        pkg = factories.Dataset(
            owner_org=world.org_a["id"],
            name=f"rel-a-{kind}",
            title=f"Data {kind}",
            **complete_dataset_fields(),
        )
        if kind == "deleted":
            call_action("package_delete", {"user": world.user("admin")}, id=pkg["id"])
        else:
            from ckan import model

            model.Session.get(model.Package, pkg["id"]).state = "draft"
            model.repo.commit()
    before = item_row(world.item["id"])
    with pytest.raises(tk.ValidationError) as exc:
        submit(world, dataset_id=pkg["id"])
    assert list(exc.value.error_dict) == ["dataset_id"]
    assert item_row(world.item["id"]) == before


def test_submit_with_an_active_dataset_of_the_agency_delivers(world):
    out = submit(world, dataset_id=world.public["id"])
    assert (out["state"], out["dataset_id"]) == ("submitted", world.public["id"])
