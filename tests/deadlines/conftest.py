"""Fixtures of the deadlines integration tests."""

from __future__ import annotations

import datetime as dt

import pytest
from satudata_testing import complete_dataset_fields

from ckanext.satudata.deadlines.core import calendar as cal

JKT = cal.get_zone("Asia/Jakarta")


@pytest.fixture
def deadlines_db(clean_db, migrate_db_for, with_plugins):
    """A clean database with the satudata migrations applied."""
    migrate_db_for("satudata")


def make_org(code, members=(), agency_type="dinas"):
    """An organization with agency extras, made through the model (these tests
    are about deadlines, not the agency form); ``members``: (user, capacity)."""
    import ckan.model as model

    group = model.Group(
        name=code, title=f"Instansi {code}", type="organization", is_organization=True
    )
    group.state = "active"
    group.extras = {"agency_code": code, "agency_type": agency_type}
    model.Session.add(group)
    model.Session.flush()
    for user, capacity in members:
        model.Session.add(
            model.Member(
                group=group,
                group_id=group.id,
                table_name="user",
                table_id=user["id"],
                capacity=capacity,
                state="active",
            )
        )
    model.repo.commit()
    return {"id": group.id, "name": group.name, "title": group.title}


@pytest.fixture
def org_maker():
    """``org_maker(code, [(user, capacity)], agency_type)`` (see make_org)."""
    return make_org


@pytest.fixture
def walidata():
    """A walidata user: an admin of the walidata organization (test.ini:
    ckanext.satudata.walidata_organization = diskominfosantik)."""
    from ckan.tests import factories

    user = factories.User(name="walidata1", email="walidata1@bekasikab.go.id")
    make_org("diskominfosantik", [(user, "admin")])
    return user


@pytest.fixture
def agency_with_admin():
    """``agency_with_admin(code)`` -> (org, admin user, member user)."""
    from ckan.tests import factories

    def make(code="dinkes"):
        admin = factories.User(name=f"admin-{code}", email=f"admin.{code}@bekasikab.go.id")
        member = factories.User(name=f"member-{code}", email=f"member.{code}@bekasikab.go.id")
        org = make_org(code, [(admin, "admin"), (member, "member")])
        return org, admin, member

    return make


@pytest.fixture
def dataset_fields():
    """``dataset_fields(**overrides)``: every field of a complete dataset."""
    return complete_dataset_fields


def local(*args):
    return dt.datetime(*args, tzinfo=JKT)


@pytest.fixture
def period_2026(walidata):
    from ckan.tests.helpers import call_action

    return call_action(
        "satudata_period_create",
        {"user": walidata["name"], "ignore_auth": False},
        name="pengumpulan-2026",
        title="Pengumpulan 2026",
        year=2026,
        opens="2026-11-01 00:00",
        cutoff="2026-11-23",
        input_close="2026-12-08",
    )
