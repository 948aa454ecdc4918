"""Merging agencies: datasets, members, history and child agencies move, in one transaction."""

from __future__ import annotations

import ckan.model as model
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.agencies import api as agencies_api

from .agency_register_fixtures import REGISTER, org, run_sync

pytestmark = pytest.mark.usefixtures("agencies_db")


def test_merge_moves_datasets_members_and_history(make_dataset):
    run_sync()
    old, new = org("dinkes"), org("kominfo")
    editor = factories.User()
    helpers.call_action(
        "organization_member_create", id=old["id"], username=editor["name"], role="editor"
    )
    public = make_dataset(old["id"])
    private = make_dataset(old["id"], classification="terbatas")
    assert private["private"] is True
    moved = []

    def test_history(sender, session, old_org_id, new_org_id):
        moved.append((old_org_id, new_org_id))
        return 2

    agencies_api.agency_merged.connect(test_history)
    try:
        result = helpers.call_action("satudata_agency_merge", old="dinkes", new="kominfo")
    finally:
        agencies_api.agency_merged.disconnect(test_history)
    assert result["applied"] is True
    # every package of the agency moves: the two datasets and the Kegiatan Statistik record
    # they link to (make_dataset links one of the agency's)
    assert result["datasets"] == 3 and result["hooks"]["test_history"] == 2
    kegiatan = helpers.call_action("package_show", id=public["kegiatan"])
    assert kegiatan["type"] == "kegiatan" and kegiatan["owner_org"] == new["id"]
    # the other capabilities moved their rows through the same signal (ISignal)
    assert {"deadlines", "assessment"} <= set(result["hooks"])
    assert moved == [(old["id"], new["id"])]
    for ds in (public, private):
        assert helpers.call_action("package_show", id=ds["id"])["owner_org"] == new["id"]
    assert (
        helpers.call_action("package_search", fq=f"owner_org:{new['id']}", include_private=True)[
            "count"
        ]
        == 2
    )
    roles = {u["name"]: u["capacity"] for u in org("kominfo")["users"]}
    assert roles[editor["name"]] == "editor"
    gone = org("dinkes")
    assert gone["agency_status"] == "archived" and gone["merged_into"] == "kominfo"
    assert gone["id"] == old["id"]  # the old organization and its history stay
    assert editor["name"] not in {u["name"] for u in gone["users"]}
    # the editor now edits the moved dataset in the new agency
    helpers.call_action(
        "package_patch",
        context={"user": editor["name"]},
        id=public["id"],
        notes="updated after merge",
    )


def test_merge_moves_child_agencies_to_the_new_parent():
    run_sync(
        REGISTER
        + """
  - code: rsud
    name: Rumah Sakit Umum Daerah
    type: rsud
    parent_code: dinkes
"""
    )
    result = helpers.call_action("satudata_agency_merge", old="dinkes", new="kominfo")
    assert result["children"] == ["rsud"]
    assert org("rsud")["parent_code"] == "kominfo"


def test_merge_is_one_transaction(make_dataset):
    run_sync()
    old = org("dinkes")
    ds = make_dataset(old["id"])

    def broken(sender, session, old_org_id, new_org_id):
        raise RuntimeError("receiver failed")

    agencies_api.agency_merged.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            helpers.call_action("satudata_agency_merge", old="dinkes", new="kominfo")
    finally:
        agencies_api.agency_merged.disconnect(broken)
    model.Session.remove()
    assert helpers.call_action("package_show", id=ds["id"])["owner_org"] == old["id"]
    assert org("dinkes")["agency_status"] == "active"
