"""Security #13, finding 3: an agency cannot take another agency's identity.

From the side of agency A's own admin (``dinkes``), who may edit its organization: every
field of A's identity and standing (code, type, parent, area, decree, agreement, status,
merge) is refused by the action and read-only in the form, and nothing is stored; lookups by
code (``satudata_agency_show``, the daftar-data import) keep answering the right agency
whatever A calls itself.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests.helpers import call_action

from ckanext.satudata.agencies.core.standing import WALIDATA_FIELDS

# what a hostile admin of A would like to become (B's id as its code: the capture found)
ATTEMPTS = {
    "agency_code": lambda w: w.org_b["id"],
    "agency_type": lambda w: "kecamatan",
    "parent_code": lambda w: "disdik",
    "area_code": lambda w: "32.16.01",
    "sk_number": lambda w: "800/SK-PALSU/2026",
    "sk_date": lambda w: "2026-01-02",
    "agreement_number": lambda w: "PKS/PALSU/2026",
    "agreement_date": lambda w: "2026-01-02",
    "agreement_valid_until": lambda w: "2031-12-31",
    "agency_status": lambda w: "archived",
    "merged_into": lambda w: "disdik",
}


def stored(org_id: str) -> dict:
    """The organization's row as PostgreSQL has it now (name, title and extras)."""
    from ckan import model

    model.Session.remove()
    group = model.Session.get(model.Group, org_id)
    return {"name": group.name, "title": group.title, **dict(group.extras or {})}


def test_every_walidata_field_has_an_attempt():
    assert set(ATTEMPTS) == set(WALIDATA_FIELDS)


@pytest.mark.parametrize("field", sorted(ATTEMPTS))
def test_agency_admin_cannot_patch_its_identity_or_standing(world, field):
    before = stored(world.org_a["id"])
    with pytest.raises(tk.ValidationError) as exc:
        call_action(
            "organization_patch",
            world.context("admin"),
            id=world.org_a["id"],
            **{field: ATTEMPTS[field](world)},
        )
    assert list(exc.value.error_dict) == [field]
    assert stored(world.org_a["id"]) == before
    # and the full update of the API, and group_update (which saves an organization too)
    for action in ("organization_update", "group_update"):
        with pytest.raises(tk.ValidationError):
            call_action(
                action,
                world.context("admin"),
                **{**before, "id": world.org_a["id"], field: ATTEMPTS[field](world)},
            )
        assert stored(world.org_a["id"]) == before


def test_code_lookups_still_answer_the_other_agency(world):
    # the capture found: A's code set to B's id made every lookup of B answer A
    with pytest.raises(tk.ValidationError):
        call_action(
            "organization_patch",
            world.context("admin"),
            id=world.org_a["id"],
            agency_code=world.org_b["id"],
        )
    shown = call_action("satudata_agency_show", {"user": ""}, id=world.org_b["id"])
    assert shown["id"] == world.org_b["id"]
    merge = call_action(
        "satudata_agency_merge",
        world.context("walidata"),
        old=world.org_b["id"],
        new="diskominfosantik",
        dry_run=True,
    )
    assert merge["old"] == "disdik"


def test_agency_admin_edit_keeps_the_standing_it_cannot_see_as_inputs(world):
    before = stored(world.org_a["id"])
    # an update that leaves the walidata fields out (what the form posts) keeps them
    call_action(
        "organization_update",
        world.context("admin"),
        id=world.org_a["id"],
        name=before["name"],
        title=before["title"],
        short_name="Dinkes",
    )
    after = stored(world.org_a["id"])
    assert {f: after.get(f) for f in WALIDATA_FIELDS} == {f: before.get(f) for f in WALIDATA_FIELDS}
    assert after["short_name"] == "Dinkes"


def test_form_shows_the_standing_read_only_and_refuses_a_posted_change(world, app):
    headers = {"Authorization": world.tokens["admin"]}
    page = app.get(f"/organization/edit/{world.org_a['name']}", headers=headers).body
    assert 'name="agency_code"' not in page and 'name="agency_status"' not in page
    assert 'id="field-agency_code"' in page and 'value="dinkes"' in page
    # a sysadmin (the walidata who may edit every organization) gets the inputs
    walidata_page = app.get(
        f"/organization/edit/{world.org_a['name']}",
        headers={"Authorization": world.tokens["sysadmin"]},
    ).body
    assert 'name="agency_code"' in walidata_page
    before = stored(world.org_a["id"])
    response = app.post(
        f"/organization/edit/{world.org_a['name']}",
        headers=headers,
        data={
            "name": before["name"],
            "title": before["title"],
            "agency_code": world.org_b["id"],
            "agency_type": "kecamatan",
            "save": "",
        },
    )
    assert "Hanya walidata yang dapat mengisi isian ini" in response.body
    assert stored(world.org_a["id"]) == before


def test_url_name_cannot_be_another_agencys_code(world):
    other = call_action(
        "organization_create",
        {"user": world.user("sysadmin")},
        name="badan-perencanaan",
        title="Bappeda",
        agency_code="bappeda",
        agency_type="badan",
    )
    before = stored(world.org_a["id"])
    with pytest.raises(tk.ValidationError) as exc:
        call_action(
            "organization_patch", world.context("admin"), id=world.org_a["id"], name="bappeda"
        )
    assert "name" in exc.value.error_dict
    assert stored(world.org_a["id"]) == before
    # nor may even the walidata give an agency a code that is another organization's name
    with pytest.raises(tk.ValidationError) as exc:
        call_action(
            "organization_patch",
            world.context("sysadmin"),
            id=other["id"],
            agency_code=world.org_a["id"],
        )
    assert "agency_code" in exc.value.error_dict
    assert stored(other["id"])["agency_code"] == "bappeda"


def _import(world, csv_text: str) -> dict:
    return call_action(
        "satudata_item_import",
        world.context("walidata"),
        period_id=world.period["id"],
        content=csv_text,
        filename="daftar.csv",
    )


def test_import_resolves_by_code_not_by_a_captured_name(world):
    from ckan import model

    from ckanext.satudata.deadlines.model import AgreedItem

    before = stored(world.org_a["id"])
    # A may retitle itself and choose its short name: it picks B's code and sorts first
    call_action(
        "organization_patch",
        world.context("admin"),
        id=world.org_a["id"],
        title="Badan Dinas Pendidikan",
        short_name="disdik",
    )
    try:
        out = _import(world, "agency,title,frequency\ndisdik,Angka Partisipasi Sekolah,tahunan\n")
        item = model.Session.get(AgreedItem, out["items"][0]["id"])
        assert item.org_id == world.org_b["id"]
        # a name two agencies carry is a row error, nothing is imported
        call_action(
            "organization_patch",
            world.context("admin"),
            id=world.org_a["id"],
            title="Dinas Pendidikan",
        )
        count = model.Session.query(AgreedItem).filter_by(period_id=world.period["id"]).count()
        with pytest.raises(tk.ValidationError) as exc:
            _import(world, "agency,title,frequency\nDinas Pendidikan,Jumlah Guru,tahunan\n")
        assert "ambiguous" in " ".join(exc.value.error_dict["file"])
        model.Session.remove()
        assert (
            model.Session.query(AgreedItem).filter_by(period_id=world.period["id"]).count() == count
        )
    finally:
        call_action(
            "organization_patch",
            world.context("admin"),
            id=world.org_a["id"],
            title=before["title"],
            short_name=before.get("short_name", ""),
        )
