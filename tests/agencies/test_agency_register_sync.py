"""The agency register sync against the real services: idempotence, renames, archiving, rejected rows, rollback, the CLI and the demo load."""

from __future__ import annotations

import os

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.satudata.agencies import queries, sync
from ckanext.satudata.agencies.core import registry
from ckanext.satudata.agencies.core.registry import RegisterError

from .agency_register_fixtures import REGISTER, org, run_sync

pytestmark = pytest.mark.usefixtures("agencies_db")


BEKASI = os.path.join(os.path.dirname(sync.__file__), "data", "bekasi.yaml")


def org_codes() -> set[str]:
    return {a.code for a in queries.current_agencies()[0]}


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
