"""Who may read and change an agency's datasets and see its warnings: the walidata and the agency admins."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from .agency_register_fixtures import REGISTER, org, run_sync, walidata_setup

pytestmark = pytest.mark.usefixtures("agencies_db")

__all__ = ["walidata_setup"]  # fixtures, imported for this module


def test_walidata_reads_private_dataset_of_an_agency(walidata_setup):
    walidata_user, private = walidata_setup
    ctx = {"user": walidata_user["name"], "ignore_auth": False}
    shown = helpers.call_action("package_show", context=dict(ctx), id=private["id"])
    assert shown["id"] == private["id"]
    found = helpers.call_action(
        "package_search", context=dict(ctx), include_private=True, fq=f"id:{private['id']}"
    )
    assert found["count"] == 1
    # reading is not editing
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("package_patch", context=dict(ctx), id=private["id"], notes="x")
    assert helpers.call_auth("satudata_is_walidata", {"user": walidata_user["name"]})
    # an ordinary user of another agency does not read it
    other = factories.User()
    helpers.call_action(
        "organization_member_create", id=org("kominfo")["id"], username=other["name"], role="editor"
    )
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action(
            "package_show", context={"user": other["name"], "ignore_auth": False}, id=private["id"]
        )
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("satudata_is_walidata", {"user": other["name"]})
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action(
            "satudata_agency_sync",
            context={"user": other["name"], "ignore_auth": False},
            register=REGISTER,
        )
    # the walidata (not a sysadmin) may run it
    dry = helpers.call_action(
        "satudata_agency_sync",
        context={"user": walidata_user["name"], "ignore_auth": False},
        register=REGISTER,
        dry_run=True,
    )
    assert dry["dry_run"] is True and dry["applied"] is False


def test_agency_admin_refused_on_another_agencys_dataset(app, walidata_setup, make_dataset):
    _, private = walidata_setup
    kominfo_admin = "admin-kominfo"  # appointed by the register
    dinkes = org("dinkes")
    public = make_dataset(dinkes["id"])
    ctx = {"user": kominfo_admin, "ignore_auth": False}
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("package_patch", context=dict(ctx), id=public["id"], notes="x")
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("package_show", context=dict(ctx), id=private["id"])
    # and through the web, as that user
    user = model.User.get(kominfo_admin)
    token = helpers.call_action(
        "api_token_create", context={"user": kominfo_admin}, user=kominfo_admin, name="t"
    )["token"]
    response = app.get(
        f"/dataset/edit/{public['name']}", headers={"Authorization": token}, status=403
    )
    assert response.status_code == 403
    assert user is not None
    # their own agency's datasets they may edit (same token: the refusal is about the agency)
    own = make_dataset(org("kominfo")["id"])
    app.get(f"/dataset/edit/{own['name']}", headers={"Authorization": token}, status=200)
    helpers.call_action("package_patch", context=dict(ctx), id=own["id"], notes="ok")


def test_warnings_for_the_agency_admin_and_walidata_only(app, walidata_setup):
    expired = (
        REGISTER.replace(
            "date: 2024-11-06, valid_until: 2027-11-05", "date: 2019-11-06, valid_until: 2020-01-31"
        )
        + """
  - code: diskominfosantik
    name: Dinas Komunikasi, Informatika, Persandian dan Statistik
    type: dinas
"""
    )
    assert run_sync(expired)["summary"]["update"] == 1
    name = org("kominfo")["name"]

    def page_as(user_name, path=f"/organization/{name}", status=200):
        token = helpers.call_action(
            "api_token_create", context={"user": user_name}, user=user_name, name="t"
        )["token"]
        return app.get(path, headers={"Authorization": token}, status=status).body

    own_admin = page_as("admin-kominfo")
    assert "satudata-agency-warnings" in own_admin
    assert (
        "The cooperation agreement with the walidata has expired." in own_admin
        or "Perjanjian kerja sama dengan walidata sudah berakhir." in own_admin
    )
    assert "satudata-walidata-menu" not in own_admin
    walidata_page = page_as("wali-editor")
    assert "satudata-agency-warnings" in walidata_page
    assert "satudata-walidata-menu" in walidata_page and "/walidata/agencies" in walidata_page
    assert 'data-code="kominfo"' in page_as("wali-editor", "/walidata/agencies")
    outsider = factories.User()
    assert "satudata-agency-warnings" not in page_as(outsider["name"])
    page_as(outsider["name"], "/walidata/agencies", status=403)
    about = page_as(outsider["name"], f"/organization/about/{name}")
    assert "DEMO-SK-1" in about and "2020-01-31" in about
