"""Shared by the agencies integration tests: a small register, the sync runner and the walidata setup."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.agencies import queries, sync

REGISTER = """
agencies:
  - code: kominfo
    name: Dinas Komunikasi dan Informatika
    short_name: Diskominfo
    type: dinas
    area_code: "32.16"
    sk: {number: DEMO-SK-1, date: 2023-11-01}
    agreement: {number: DEMO-PKS-1, date: 2024-11-06, valid_until: 2027-11-05}
    admins:
      - {email: admin.kominfo@example.go.id, name: admin-kominfo}
  - code: dinkes
    name: Dinas Kesehatan
    type: dinas
    area_code: "32.16"
  - code: "321601"
    name: Kecamatan Tarumajaya
    short_name: Tarumajaya
    type: kecamatan
    area_code: "32.16.01"
"""


def run_sync(text: str = REGISTER, **kwargs):
    return sync.sync(sync.parse_register(text), **kwargs)


def org(code: str) -> dict:
    group = queries.org_by_code(code)
    assert group is not None, code
    return helpers.call_action("organization_show", id=group.id)


@pytest.fixture
def walidata_setup(make_dataset):
    run_sync(
        REGISTER
        + """
  - code: diskominfosantik
    name: Dinas Komunikasi, Informatika, Persandian dan Statistik
    type: dinas
"""
    )
    walidata_user = factories.User(name="wali-editor")
    helpers.call_action(
        "organization_member_create",
        id=org("diskominfosantik")["id"],
        username="wali-editor",
        role="editor",
    )
    dinkes = org("dinkes")
    private = make_dataset(dinkes["id"], classification="terbatas")
    assert private["private"] is True
    return walidata_user, private
