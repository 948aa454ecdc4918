"""Shared by the deadlines integration tests: an agency in the 2026 period, agreed items, a dataset linked to an item, an item's state and a logged-in request."""

import ckan.model as model
import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.satudata.deadlines.model import AgreedItem


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


def auth(user):
    token = factories.APIToken(user=user["name"])
    return {"Authorization": token["token"]}
