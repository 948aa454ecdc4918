"""Shared by the dataset schema API tests: an agency with editors, the editor fixture, API posts and a complete dataset of an agency."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.tests import factories
from satudata_testing import complete_dataset_fields

API = "/api/3/action/"


def make_org(name, title, editors=()):
    """A minimal organization named by its agency code, made through the model so that
    these tests do not depend on the agencies capability's organization schema."""
    org = model.Group(name=name, title=title, type="organization", is_organization=True)
    model.Session.add(org)
    model.Session.flush()
    for user_name in editors:
        model.Session.add(
            model.Member(
                group=org,
                table_id=model.User.by_name(user_name).id,
                table_name="user",
                capacity="editor",
            )
        )
    model.Session.commit()
    return {"id": org.id, "name": org.name, "title": org.title}


@pytest.fixture
def editor():
    """An editor of Disdukcapil with an API token, and the agency."""
    user = factories.UserWithToken()
    agency = make_org(
        "disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", editors=[user["name"]]
    )
    return user, agency


def _post(app, user, action, data, status):
    res = app.post(API + action, json=data, headers={"Authorization": user["token"]}, status=status)
    return res.json


def _dataset(agency, **overrides):
    fields = complete_dataset_fields(**overrides)
    fields.setdefault("name", "jumlah-penduduk-per-kecamatan")
    fields.setdefault("title", "Jumlah Penduduk per Kecamatan")
    fields.setdefault("owner_org", agency["id"])
    return fields
