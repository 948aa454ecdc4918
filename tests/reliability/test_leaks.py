"""Security #13, finding 9: small leaks closed.

- ``satudata_agency_show`` gives an agency's admin list and warnings only to the walidata and
  the agency's own admins (anonymous, members and other agencies get neither).
- The dataset form of B's admin, opened as ``/dataset/new?owner_org=<A>`` (or with
  ``agreed_item=<A's item>``), lists none of A's agreed items.
- ``tag_list``, ``tag_autocomplete`` and ``tag_search`` do not show a tag that only a private
  dataset carries to whoever cannot read that dataset.
"""

from __future__ import annotations

import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from .conftest import complete_dataset_fields

SECRET_TAG = "rencana-relokasi-rahasia"


@pytest.mark.parametrize("role", ["anonymous", "member", "editor", "other_admin"])
def test_agency_show_hides_admins_and_warnings(world, role):
    shown = call_action("satudata_agency_show", world.context(role), id=world.org_a["name"])
    assert "admins" not in shown and "warnings" not in shown
    assert shown["agency_code"] == "dinkes"


def test_agency_show_over_http_for_anonymous(world, app):
    shown = app.get("/api/3/action/satudata_agency_show", params={"id": world.org_a["name"]}).json[
        "result"
    ]
    assert "admins" not in shown and "warnings" not in shown


@pytest.mark.parametrize("role", ["admin", "walidata", "sysadmin"])
def test_agency_show_keeps_them_for_the_agency_admin_and_walidata(world, role):
    shown = call_action("satudata_agency_show", world.context(role), id=world.org_a["name"])
    assert shown["admins"] == [world.user("admin")]
    assert isinstance(shown["warnings"], list)


def _draft_page_two(app, token: str, org_id: str, name: str, params: dict | None = None):
    """Page 1 of the paged form posted (a draft of ``org_id``), then page 2, where the agreed
    data list's items are offered, fetched with ``params`` a user may add to the URL."""
    from metadata.test_form_pages import page_data

    headers = {"Authorization": token}
    if not model.Package.get(name):
        data = page_data(1, org_id, name=name, title=f"Uji {name}")
        app.post("/dataset/new", data=data, headers=headers, status=302, follow_redirects=False)
    return app.get(f"/dataset/new/{name}/2", params=params or {}, headers=headers).body


def test_dataset_form_of_another_agency_lists_none_of_its_items(world, app):
    title = world.item["title"]
    own = _draft_page_two(app, world.tokens["admin"], world.org_a["id"], "leak-own-draft")
    assert title in own  # the test can see the item where it belongs
    for params in (
        {"owner_org": world.org_a["id"]},
        {"owner_org": world.org_a["name"]},
        {"agreed_item": world.item["id"]},
        {"owner_org": world.org_a["id"], "agreed_item": world.item["id"]},
    ):
        page = _draft_page_two(
            app, world.tokens["other_admin"], world.org_b["id"], "leak-probe-draft", params
        )
        assert title not in page, params
        assert f'value="{world.item["id"]}"' not in page, params  # not an option


@pytest.fixture(scope="module")
def secret_tag(world):
    factories.Dataset(
        owner_org=world.org_a["id"],
        name="rel-secret-tag",
        title="Data relokasi",
        **complete_dataset_fields(classification="terbatas", tag_string=SECRET_TAG),
    )
    return SECRET_TAG


def tags_seen(world, role: str) -> dict:
    ctx = world.context
    return {
        "tag_list": SECRET_TAG in call_action("tag_list", ctx(role)),
        "tag_list_query": SECRET_TAG in call_action("tag_list", ctx(role), query="relokasi"),
        "tag_list_all_fields": SECRET_TAG
        in [t["name"] for t in call_action("tag_list", ctx(role), all_fields=True)],
        "tag_autocomplete": SECRET_TAG
        in call_action("tag_autocomplete", ctx(role), query="relokasi"),
        "tag_search": SECRET_TAG
        in [t["name"] for t in call_action("tag_search", ctx(role), query="relokasi")["results"]],
    }


@pytest.mark.parametrize("role", ["anonymous", "other_admin"])
def test_private_only_tags_stay_hidden(world, secret_tag, role):
    assert tags_seen(world, role) == dict.fromkeys(tags_seen(world, "admin"), False)
    assert "penduduk" in call_action("tag_list", world.context(role))  # public tags stay


def test_private_only_tags_over_http_autocomplete(world, secret_tag, app):
    response = app.get("/api/2/util/tag/autocomplete", params={"incomplete": "relokasi"})
    assert SECRET_TAG not in response.body


@pytest.mark.parametrize("role", ["member", "admin", "walidata", "sysadmin"])
def test_private_only_tags_shown_to_who_may_read_the_dataset(world, secret_tag, role):
    assert set(tags_seen(world, role).values()) == {True}
