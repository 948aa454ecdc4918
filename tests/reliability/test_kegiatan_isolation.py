"""A Kegiatan Statistik (MS-Keg record) of agency B stays B's: an editor or admin of agency A
can neither see B's private kegiatan (API, search, list page, the dataset form's choices) nor
link A's dataset to any kegiatan of B, nor create a kegiatan owned by B. Each request that
would have worked for B fails for A, and nothing changes in the database."""

from __future__ import annotations

import pytest
from ckan import model
from satudata_testing import complete_kegiatan_fields

from .conftest import api


@pytest.fixture(scope="module")
def b_kegiatan(world):
    """A private and a public kegiatan of agency B, made by B's admin through the API."""
    from ckan.tests.helpers import call_action

    made = {}
    for private in (True, False):
        made[private] = call_action(
            "package_create",
            {"user": world.user("other_admin"), "ignore_auth": False},
            **complete_kegiatan_fields(
                name=f"kegiatan-rahasia-b-{int(private)}",
                title=f"Survei Rahasia Disdik {int(private)}",
                owner_org=world.org_b["id"],
                private=private,
            ),
        )
    return made


def _post(app, world, role, action, body):
    return app.post(
        f"/api/3/action/{action}", json=body, headers={"Authorization": world.tokens[role]}
    )


def _state(dataset_id):
    model.Session.expire_all()
    pkg = model.Package.get(dataset_id)
    return (pkg.metadata_modified, (pkg.extras or {}).get("kegiatan"))


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_agency_a_cannot_link_its_dataset_to_a_kegiatan_of_b(app, world, b_kegiatan, role):
    before = _state(world.public["id"])
    for private, message in (
        (True, "Kegiatan statistik tidak ditemukan"),  # private: as if it did not exist
        (False, "Kegiatan statistik harus milik instansi dataset ini"),
    ):
        for ref in (b_kegiatan[private]["id"], b_kegiatan[private]["name"]):
            res = _post(
                app, world, role, "package_patch", {"id": world.public["id"], "kegiatan": ref}
            )
            assert res.status_code == 409, res.get_data(as_text=True)[:300]
            assert res.json["error"]["kegiatan"] == [message]
    assert _state(world.public["id"]) == before


def test_agency_a_does_not_see_bs_private_kegiatan_anywhere(app, world, b_kegiatan):
    secret = b_kegiatan[True]
    res = _post(app, world, "editor", "package_show", {"id": secret["id"]})
    assert res.status_code == 403
    found = api(
        app, world, "editor", "package_search", fq="+dataset_type:kegiatan", include_private=True
    )
    names = [r["name"] for r in found["results"]]
    assert secret["name"] not in names and b_kegiatan[False]["name"] in names
    headers = {"Authorization": world.tokens["editor"]}
    for url in ("/kegiatan/", f"/dataset/edit/{world.public['name']}", "/dataset/new"):
        body = app.get(url, headers=headers).get_data(as_text=True)
        assert secret["id"] not in body and secret["title"] not in body, url
    # nor the public one of B among A's dataset form choices (only A's own kegiatan are offered)
    body = app.get(f"/dataset/edit/{world.public['name']}", headers=headers).get_data(as_text=True)
    assert b_kegiatan[False]["id"] not in body
    assert app.get("/kegiatan/" + secret["name"], headers=headers).status_code == 404
    # B's own admin does see it: the refusal above is about A, not a broken record
    assert api(app, world, "other_admin", "package_show", id=secret["id"])["title"]


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_agency_a_cannot_create_or_change_a_kegiatan_of_b(app, world, b_kegiatan, role):
    fields = complete_kegiatan_fields(
        name=f"kegiatan-palsu-{role}", title="Palsu", owner_org=world.org_b["id"]
    )
    assert _post(app, world, role, "package_create", fields).status_code == 403
    assert model.Session.query(model.Package).filter_by(name=fields["name"]).count() == 0
    target = b_kegiatan[False]
    before = _state(target["id"])
    res = _post(app, world, role, "package_patch", {"id": target["id"], "title": "Diubah"})
    assert res.status_code == 403
    assert _state(target["id"]) == before
