"""Integration tests of the agencies capability against the real services."""

from __future__ import annotations

import io
import os

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from ckanext.satudata.agencies import api as agencies_api
from ckanext.satudata.agencies import queries, sync
from ckanext.satudata.agencies.core import registry
from ckanext.satudata.agencies.core.registry import RegisterError

BEKASI = os.path.join(os.path.dirname(sync.__file__), "data", "bekasi.yaml")

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


def org_codes() -> set[str]:
    return {a.code for a in queries.current_agencies()[0]}


pytestmark = pytest.mark.usefixtures("agencies_db")


def test_sync_from_empty_and_again_changes_nothing():
    first = run_sync()
    assert first["applied"] is True
    assert first["summary"]["create"] == 3
    assert first["summary"]["users_created"] == 1
    kominfo = org("kominfo")
    assert kominfo["title"] == "Dinas Komunikasi dan Informatika"
    assert kominfo["agency_code"] == "kominfo"
    assert kominfo["sk_number"] == "DEMO-SK-1"
    assert kominfo["agreement_valid_until"] == "2027-11-05"
    assert org("321601")["name"] == "kecamatan-tarumajaya"
    admins = {u["name"]: u["capacity"] for u in kominfo["users"]}
    assert admins == {"admin-kominfo": "admin"}  # the site user is no member
    user = model.User.get("admin-kominfo")
    assert user.email == "admin.kominfo@example.go.id"

    before = {
        a.code: (a.org_id, a.title, dict(a.fields), a.admins) for a in queries.current_agencies()[0]
    }
    second = run_sync()
    assert second["applied"] is False
    assert second["summary"]["unchanged"] == 3
    assert second["steps"] == []
    after = {
        a.code: (a.org_id, a.title, dict(a.fields), a.admins) for a in queries.current_agencies()[0]
    }
    assert after == before


def test_shipped_bekasi_register_round_trips():
    register = sync.load_register(BEKASI)
    result = sync.sync(register)
    assert result["summary"]["create"] == 60
    assert len(org_codes()) == 60
    walidata = org("diskominfosantik")
    assert walidata["sk_number"].startswith("DEMO/")
    assert [u["name"] for u in walidata["users"]] == ["admin-diskominfosantik"]
    assert org("rsud")["parent_code"] == "dinkes"
    assert sync.sync(register)["applied"] is False
    # what the portal holds, exported, syncs back without drift
    exported = registry.dump_yaml(sync.export_register())
    assert sync.sync(sync.parse_register(exported))["applied"] is False


def test_rename_keeps_organization_and_datasets(make_dataset):
    run_sync()
    kominfo = org("kominfo")
    dataset = make_dataset(kominfo["id"])
    renamed = REGISTER.replace(
        "Dinas Komunikasi dan Informatika",
        "Dinas Komunikasi, Informatika, Persandian dan Statistik",
    )
    result = run_sync(renamed)
    steps = {s["code"]: s for s in result["steps"]}
    assert steps["kominfo"]["action"] == "rename"
    assert steps["kominfo"]["old_title"] == "Dinas Komunikasi dan Informatika"
    assert result["summary"]["create"] == 0
    after = org("kominfo")
    assert after["id"] == kominfo["id"] and after["name"] == kominfo["name"]
    assert after["title"] == "Dinas Komunikasi, Informatika, Persandian dan Statistik"
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert shown["owner_org"] == kominfo["id"]
    assert shown["organization"]["title"] == after["title"]
    found = helpers.call_action("package_search", fq=f"owner_org:{kominfo['id']}")
    assert found["count"] == 1


def test_missing_agency_reported_and_archived_only_with_prune(make_dataset):
    run_sync()
    dinkes = org("dinkes")
    dataset = make_dataset(dinkes["id"])
    without = (
        REGISTER.split("  - code: dinkes")[0]
        + '  - code: "321601"'
        + REGISTER.split('  - code: "321601"')[1]
    )
    assert "dinkes" not in without

    reported = run_sync(without)
    assert [s["code"] for s in reported["steps"] if s["action"] == "missing"] == ["dinkes"]
    assert reported["applied"] is False
    assert org("dinkes")["agency_status"] == "active"

    pruned = run_sync(without, prune=True)
    assert pruned["summary"]["archive"] == 1 and pruned["applied"] is True
    archived = org("dinkes")
    assert archived["agency_status"] == "archived"
    assert archived["state"] == "active"  # never deleted
    assert helpers.call_action("package_show", id=dataset["id"])["owner_org"] == dinkes["id"]
    listed = helpers.call_action("satudata_agency_list")
    assert "dinkes" not in {a["agency_code"] for a in listed}
    # pruning again changes nothing; the full register brings it back
    assert run_sync(without, prune=True)["applied"] is False
    back = run_sync()
    assert back["summary"]["update"] == 1
    assert org("dinkes")["agency_status"] == "active"


def test_invalid_rows_rejected_with_row_and_reason_nothing_applied():
    bad = (
        REGISTER
        + """
  - code: Bad Code
    name: Broken
    type: dinas
  - code: kec2
    name: Kecamatan tanpa kode
    type: kecamatan
"""
    )
    with pytest.raises(tk.ValidationError) as exc:
        helpers.call_action("satudata_agency_sync", register=bad)
    rows = exc.value.error_dict["rows"]
    assert {(r["row"], r["field"]) for r in rows} == {(4, "code"), (5, "area_code")}
    assert any("kecamatan" in r["reason"] for r in rows if r["row"] == 5)
    assert org_codes() == set()
    assert model.User.get("admin-kominfo") is None
    # area codes are checked against the metadata capability's list
    unknown_area = REGISTER.replace('area_code: "32.16.01"', 'area_code: "32.16.99"')
    with pytest.raises(tk.ValidationError) as exc:
        helpers.call_action("satudata_agency_sync", register=unknown_area)
    assert exc.value.error_dict["rows"] == [
        {
            "row": 3,
            "code": "321601",
            "field": "area_code",
            "reason": "'32.16.99' is not in the area code list",
        }
    ]
    assert org_codes() == set()


def test_organization_form_validates_agency_fields(app):
    sysadmin = factories.SysadminWithToken()
    headers = {"Authorization": sysadmin["token"]}
    form = app.get("/organization/new", headers=headers).body
    assert 'name="agency_code"' in form and 'name="agreement_valid_until"' in form
    with pytest.raises(tk.ValidationError) as exc:
        helpers.call_action(
            "organization_create",
            context={"user": sysadmin["name"]},
            name="x-org",
            title="X",
            agency_code="Bad Code",
            agency_type="planet",
            area_code="31.71",
            sk_date="2023-02-30",
            agreement_date="2024-01-01",
            agreement_valid_until="2023-01-01",
        )
    errors = exc.value.error_dict
    assert set(errors) >= {
        "agency_code",
        "agency_type",
        "area_code",
        "sk_date",
        "agreement_valid_until",
    }
    made = helpers.call_action(
        "organization_create",
        context={"user": sysadmin["name"]},
        name="dishub",
        title="Dinas Perhubungan",
        agency_code="dishub",
        agency_type="dinas",
        area_code="32.16",
    )
    assert made["agency_status"] == "active"
    with pytest.raises(tk.ValidationError) as exc:
        helpers.call_action(
            "organization_create",
            context={"user": sysadmin["name"]},
            name="dishub-2",
            title="Dishub 2",
            agency_code="dishub",
            agency_type="dinas",
        )
    assert "agency_code" in exc.value.error_dict
    # editing keeps its own code
    helpers.call_action(
        "organization_patch", context={"user": sysadmin["name"]}, id=made["id"], short_name="Dishub"
    )


def test_failure_while_applying_rolls_everything_back():
    # the portal refuses a row only when it is applied (name taken by a plain org):
    # rows before it must not stay behind
    plain = model.Group(
        name="kecamatan-tarumajaya",
        title="Tarumajaya (old)",
        type="organization",
        is_organization=True,
    )
    model.Session.add(plain)
    model.repo.commit()
    with pytest.raises(RegisterError) as exc:
        run_sync()
    assert exc.value.errors[0].row == 3
    assert "without agency code" in exc.value.errors[0].reason
    assert org_codes() == set()

    # a row that only the organization schema refuses (CKAN reserves the name "edit")
    text = REGISTER.replace('area_code: "32.16.01"', 'area_code: "32.16.01"\n    slug: edit')
    with pytest.raises(RegisterError) as exc:
        run_sync(text)
    assert (exc.value.errors[0].row, exc.value.errors[0].field) == (3, "name")
    assert org_codes() == set()
    assert model.User.get("admin-kominfo") is None


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
    assert result["datasets"] == 2 and result["hooks"]["test_history"] == 2
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


def test_agency_list_filters_and_counts(walidata_setup):
    kec = helpers.call_action("satudata_agency_list", type="kecamatan")
    assert [a["agency_code"] for a in kec] == ["321601"]
    area = helpers.call_action("satudata_agency_list", area_code="32.16.01")
    assert [a["agency_code"] for a in area] == ["321601"]
    everything = {a["agency_code"]: a for a in helpers.call_action("satudata_agency_list")}
    assert set(everything) == {"kominfo", "dinkes", "321601", "diskominfosantik"}
    # the private dataset counts for the walidata, not for the anonymous public
    assert everything["dinkes"]["dataset_count"] == 0
    wali = {
        a["agency_code"]: a
        for a in helpers.call_action("satudata_agency_list", context={"user": "wali-editor"})
    }
    assert wali["dinkes"]["dataset_count"] == 1
    # warnings (and admins) are for the walidata and the agency's admins only (security #13)
    assert "warnings" not in helpers.call_action("satudata_agency_show", id="dinkes")
    wali_ctx = {"user": "wali-editor"}
    shown = helpers.call_action("satudata_agency_show", context=wali_ctx, id="dinkes")
    assert shown["warnings"] == ["agreement_missing", "no_admin"]
    assert (
        helpers.call_action("satudata_agency_show", context=dict(wali_ctx), id="kominfo")[
            "warnings"
        ]
        == []
    )
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("satudata_agency_show", id="nope")


def test_directory_page_grouped_by_type(app, make_dataset):
    run_sync()
    # anonymous pages ask the walidata labels with Flask-Login's anonymous proxy
    dataset = make_dataset(org("kominfo")["id"])
    app.get("/dataset/", status=200)
    app.get(f"/dataset/{dataset['name']}", status=200)
    # odd API input is a clean 404/409, never a server error
    # (the extension's action guard answers malformed ids and NUL characters field by field)
    for body in ({"id": 1}, {"id": ["x"]}):
        refused = app.post("/api/3/action/satudata_agency_show", json=body, status=409)
        assert "id" in refused.json["error"]
    app.post("/api/3/action/satudata_agency_show", json={"id": "tidak-ada"}, status=404)
    refused = app.post("/api/3/action/satudata_agency_list", json={"type": "\u0000"}, status=409)
    assert "type" in refused.json["error"]
    page = app.get("/instansi").body
    assert "Dinas Komunikasi dan Informatika" in page
    assert page.index('id="type-dinas"') < page.index('id="type-kecamatan"')
    assert app.get("/agency").body.count('class="satudata-agency"') == 3


def test_directory_counts_the_agencies_that_publish_and_can_be_searched(app, make_dataset):
    """Of the three registered agencies, only kominfo has a public dataset; dinkes has a
    restricted (private) one, the kecamatan none."""
    run_sync()
    make_dataset(org("kominfo")["id"])
    make_dataset(
        org("dinkes")["id"], name="rencana-terbatas", title="Rencana", classification="terbatas"
    )
    publishing = [
        a
        for a in helpers.call_action("satudata_agency_list", {"user": ""})
        if helpers.call_action("package_search", fq=f"owner_org:{a['id']}")["count"]
    ]
    assert len(publishing) == 1
    page = BeautifulSoup(app.get("/instansi").body, "html.parser")
    total = page.select_one(".satudata-directory-total").text
    assert total.strip() == "1 dari 3 instansi terdaftar menerbitkan data di portal ini."
    # a sysadmin sees the private dataset in the table, the figure stays "public datasets"
    sysadmin = factories.SysadminWithToken()
    as_admin = BeautifulSoup(
        app.get("/instansi", headers={"Authorization": sysadmin["token"]}).body, "html.parser"
    )
    assert as_admin.select_one(".satudata-directory-total").text.strip().startswith("1 dari 3")

    def found(query):
        body = app.get("/instansi", query_string={"q": query}).body
        return [
            r["data-code"] for r in BeautifulSoup(body, "html.parser").select("tr.satudata-agency")
        ]

    assert found("KESEHATAN") == ["dinkes"]
    assert found("diskominfo") == ["kominfo"]  # the short name
    assert found("321601") == ["321601"]  # the code
    assert found("tidak ada") == []
    assert "Tidak ada instansi yang cocok." in app.get("/instansi?q=tidak+ada").body
    assert len(found("")) == 3
    # the search keeps the type filter
    assert found("a") and all(
        c != "321601"
        for c in [
            r["data-code"]
            for r in BeautifulSoup(
                app.get("/instansi", query_string={"q": "a", "type": "dinas"}).body, "html.parser"
            ).select("tr.satudata-agency")
        ]
    )


def test_agency_page_shows_sk_agreement_and_warnings(app):
    run_sync()
    kominfo = org("kominfo")
    page = app.get(f"/organization/{kominfo['name']}").body
    assert "DEMO-SK-1" in page and "DEMO-PKS-1" in page
    assert "satudata-agency-warnings" not in page  # anonymous: no warnings
    sysadmin = factories.SysadminWithToken()
    dinkes = org("dinkes")
    page = app.get(
        f"/organization/{dinkes['name']}", headers={"Authorization": sysadmin["token"]}
    ).body
    assert "satudata-agency-warnings" in page
    walidata_page = app.get("/walidata/agencies", headers={"Authorization": sysadmin["token"]}).body
    assert 'data-code="dinkes"' in walidata_page
    app.get("/walidata/agencies", status=403)


def test_cli_sync_dry_run_and_apply(cli, ckan_config, tmp_path):
    from satudata_testing import satudata_cli

    satudata = satudata_cli()
    path = tmp_path / "register.yaml"
    path.write_text(REGISTER, encoding="utf-8")
    dry = cli.invoke(satudata, ["agencies", "sync", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "dry run, nothing changed" in dry.output and "create" in dry.output
    assert org_codes() == set()
    done = cli.invoke(satudata, ["agencies", "sync", str(path)])
    assert done.exit_code == 0, done.output
    assert org_codes() == {"kominfo", "dinkes", "321601"}
    again = cli.invoke(satudata, ["agencies", "sync", str(path)])
    assert "nothing to change" in again.output
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,type\nok,Ok,dinas\nx,,dinas\n", encoding="utf-8")
    failed = cli.invoke(satudata, ["agencies", "sync", str(bad)])
    assert failed.exit_code == 1
    assert "row 2 (x): name: missing name" in failed.output
    merged = cli.invoke(satudata, ["agencies", "merge", "dinkes", "kominfo"])
    assert merged.exit_code == 0, merged.output
    assert org("dinkes")["agency_status"] == "archived"


def test_load_demo_is_idempotent(capsys):
    from ckanext.satudata.agencies import demo, walidata

    demo.load_demo()
    assert len(org_codes()) == 60
    assert walidata.is_walidata("walidata") and walidata.is_walidata("walidata-editor")
    assert not walidata.is_walidata("editor-disdukcapil")
    roles = {u["name"]: u["capacity"] for u in org("disdukcapil")["users"]}
    assert roles == {
        "admin-disdukcapil": "admin",
        "editor-disdukcapil": "editor",
        "member-disdukcapil": "member",
    }
    assert model.User.get("admin-dinkes").validate_password(demo.DEMO_PASSWORD)
    first = capsys.readouterr().out
    assert "60 created" in first
    demo.load_demo()
    second = capsys.readouterr().out
    assert "0 created" in second and "none (already there)" in second
    assert len(org_codes()) == 60


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


ODD_VALUES = [
    1,
    0,
    True,
    None,
    [],
    ["x"],
    {},
    {"a": 1},
    "",
    "\u0000",
    "x" * 300,
    "be7d234c-5428-4bd7-a531-13d881868070",
    "agencies: [",
    "code\nx\n",
]
ACTION_PARAMS = {
    "satudata_agency_sync": ["register", "format", "prune", "dry_run"],
    "satudata_agency_merge": ["old", "new", "dry_run"],
    "satudata_agency_list": ["type", "area_code", "include_archived"],
    "satudata_agency_show": ["id"],
}


def test_actions_answer_odd_input_without_server_errors(app):
    run_sync()
    sysadmin = factories.SysadminWithToken()
    headers = {"Authorization": sysadmin["token"]}
    for action, params in ACTION_PARAMS.items():
        for param in params:
            for value in ODD_VALUES:
                body = {param: value}
                if action == "satudata_agency_sync":
                    # the synced register again: even a real run changes nothing
                    body = {"register": REGISTER, "dry_run": True, **body}
                if action == "satudata_agency_merge":
                    # an unknown agency, so that no value of dry_run merges anything
                    body = {"old": "nope", "new": "kominfo", "dry_run": True, **body}
                response = app.post(
                    f"/api/3/action/{action}", json=body, headers=headers, expect_errors=True
                )
                assert response.status_code < 500, (action, body, response.body[:300])
    assert org("dinkes")["agency_status"] == "active"  # every merge above was a dry run


def test_walidata_page_previews_and_applies_a_register_upload(app, walidata_setup):
    token = helpers.call_action(
        "api_token_create", context={"user": "wali-editor"}, user="wali-editor", name="t"
    )["token"]
    headers = {"Authorization": token}
    renamed = (
        REGISTER.replace("Dinas Kesehatan", "Dinas Kesehatan Kabupaten Bekasi")
        + """
  - code: diskominfosantik
    name: Dinas Komunikasi, Informatika, Persandian dan Statistik
    type: dinas
"""
    )
    preview = app.post(
        "/walidata/agencies",
        headers=headers,
        data={"register": (io.BytesIO(renamed.encode()), "register.yaml"), "apply": "0"},
    ).body
    assert "satudata-sync-result" in preview and "Dinas Kesehatan Kabupaten Bekasi" in preview
    assert org("dinkes")["title"] == "Dinas Kesehatan"
    applied = app.post(
        "/walidata/agencies",
        headers=headers,
        data={"register": (io.BytesIO(renamed.encode()), "register.yaml"), "apply": "1"},
    ).body
    assert "satudata-sync-result" in applied
    assert org("dinkes")["title"] == "Dinas Kesehatan Kabupaten Bekasi"
    bad = app.post(
        "/walidata/agencies",
        headers=headers,
        data={"register": (io.BytesIO(b"code,name,type\nx,,dinas\n"), "r.csv"), "apply": "1"},
    ).body
    assert (
        "satudata-sync-errors" in bad and "baris 1 (x): name: missing name" in bad
    )  # the row in Indonesian
