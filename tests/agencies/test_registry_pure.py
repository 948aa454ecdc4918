"""Pure tests of the agency register, the sync plan and status helpers (no services)."""

import datetime
import os

import pytest

from ckanext.satudata.agencies.core import registry, status
from ckanext.satudata.agencies.core.plan import CurrentAgency, diff
from ckanext.satudata.agencies.core.registry import RegisterError

DATA = os.path.join(os.path.dirname(registry.__file__), "..", "data", "bekasi.yaml")

SMALL = """
walidata: kominfo
agencies:
  - code: kominfo
    name: Dinas Komunikasi dan Informatika
    short_name: Diskominfo
    type: dinas
    area_code: "32.16"
    sk: {number: "SK/1/2023", date: 2023-11-01}
    agreement: {number: "PKS/1", date: 2023-11-06, valid_until: 2026-11-05}
    admins:
      - {email: admin.kominfo@example.go.id, name: admin-kominfo}
  - code: "321601"
    name: Kecamatan Tarumajaya
    short_name: Tarumajaya
    type: kecamatan
    area_code: "32.16.01"
"""


def _current(agency, **over):
    fields = agency.org_fields()
    fields.update(over.pop("fields", {}))
    kw = dict(
        code=agency.code,
        org_id=f"id-{agency.code}",
        name=agency.org_name,
        title=agency.name,
        fields=fields,
        admins=frozenset(a.name for a in agency.admins),
    )
    kw.update(over)
    return CurrentAgency(**kw)


def test_parse_yaml_nested_and_defaults():
    reg = registry.parse(SMALL)
    assert reg.walidata == "kominfo"
    kominfo, taru = reg.agencies
    assert kominfo.sk_number == "SK/1/2023" and kominfo.sk_date == "2023-11-01"
    assert kominfo.agreement_valid_until == "2026-11-05"
    assert kominfo.admins[0].name == "admin-kominfo"
    assert kominfo.org_name == "kominfo"
    assert taru.org_name == "kecamatan-tarumajaya"
    assert taru.status == "active"


def test_parse_csv_reference_format():
    text = (
        "code,name,short_name,kind,parent_code,wilayah_code\n"
        "dinkes,Dinas Kesehatan,Dinkes,dinas,,32.16\n"
        "rsud,Rumah Sakit Umum Daerah,RSUD,rsud,dinkes,32.16\n"
    )
    reg = registry.parse(text, fmt="csv")
    assert [a.code for a in reg.agencies] == ["dinkes", "rsud"]
    assert reg.agencies[1].parent_code == "dinkes"
    assert reg.agencies[1].type == "rsud"


def test_csv_admin_emails_column_creates_user_names():
    text = (
        "code,name,type,admin_emails\n"
        "dinkes,Dinas Kesehatan,dinas,admin.dinkes@x.go.id; kepala@x.go.id\n"
    )
    reg = registry.parse(text, fmt="csv")
    assert [a.name for a in reg.agencies[0].admins] == ["admin-dinkes", "kepala"]


def test_invalid_rows_report_row_number_and_reason():
    text = """
agencies:
  - {code: ok, name: Fine, type: dinas}
  - {code: "Bad Code", name: X, type: dinas}
  - {code: ok, name: Dup, type: dinas}
  - {code: kec, name: Kec, type: kecamatan}
  - {code: d1, name: D, type: planet, sk: {number: "1", date: "2023-13-40"}}
  - {code: d2, name: D2, type: dinas, parent_code: nowhere,
     agreement: {number: a, date: 2024-01-02, valid_until: 2023-01-01}}
  - {code: d3, name: D3, type: dinas, admins: [{email: not-an-email}], colour: red}
"""
    with pytest.raises(RegisterError) as exc:
        registry.parse(text)
    got = {(e.row, e.field) for e in exc.value.errors}
    assert (2, "code") in got
    assert (3, "code") in got
    assert (4, "area_code") in got
    assert (5, "type") in got and (5, "sk_date") in got
    assert (6, "parent_code") in got and (6, "agreement_valid_until") in got
    assert (7, "admins[1].email") in got and (7, "colour") in got
    assert (1, "code") not in got and not any(e.row == 1 for e in exc.value.errors)
    dup = next(e for e in exc.value.errors if e.row == 3)
    assert "duplicate of row 1" in dup.reason
    assert "row 5 (d1): type:" in str(exc.value)


def test_area_code_checked_against_list():
    text = "agencies:\n  - {code: '321699', name: K, type: kecamatan, area_code: '32.16.99'}\n"
    with pytest.raises(RegisterError) as exc:
        registry.parse(text, area_codes=frozenset({"32.16", "32.16.01"}))
    assert exc.value.errors[0].field == "area_code"
    assert "not in the area code list" in exc.value.errors[0].reason
    # without a list only the format is checked
    assert registry.parse(text).agencies[0].area_code == "32.16.99"


def test_parent_cycle_rejected():
    text = """
agencies:
  - {code: aa, name: A, type: dinas, parent_code: bb}
  - {code: bb, name: B, type: dinas, parent_code: aa}
"""
    with pytest.raises(RegisterError) as exc:
        registry.parse(text)
    assert {e.reason for e in exc.value.errors} == {"parent chain forms a cycle"}


def test_file_level_errors():
    with pytest.raises(RegisterError) as exc:
        registry.parse("foo: [")
    assert exc.value.errors[0].row == 0
    with pytest.raises(RegisterError):
        registry.parse("agencies: []")
    with pytest.raises(RegisterError):
        registry.parse("name,type\nx,dinas\n", fmt="csv")


def test_dump_round_trips():
    reg = registry.parse(SMALL)
    again = registry.parse(registry.dump_yaml(reg))
    assert again == reg


def test_shipped_bekasi_register_matches_reference():
    reg = registry.load(DATA)
    codes = {a.code for a in reg.agencies}
    assert reg.walidata == "diskominfosantik"
    kec = [a for a in reg.agencies if a.type == "kecamatan"]
    assert len(kec) == 23
    assert {a.area_code for a in kec} == {f"32.16.{i:02d}" for i in range(1, 24)}
    assert len(reg.agencies) == 60
    assert {"setda", "diskominfosantik", "rsud", "dsdabmbk", "dcktr"} <= codes
    assert all(a.admins for a in reg.agencies)
    assert all(a.admins[0].email == f"admin.{a.code}@bekasikab.go.id" for a in reg.agencies)
    assert all("DEMO" in a.sk_number and "DEMO" in a.agreement_number for a in reg.agencies)
    assert next(a for a in reg.agencies if a.code == "rsud").parent_code == "dinkes"
    # the project's reference list lies beside the repository (shared/reference)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ref = os.path.join(root, "..", "shared", "reference", "bekasi-agencies.csv")
    if os.path.exists(ref):
        with open(ref, encoding="utf-8") as f:
            csv_reg = registry.parse(f.read(), fmt="csv")
        by_code = reg.by_code()

        def spelling(name):  # the register writes kecamatan as Kemendagri's code list does
            return name.replace(" ", "").lower()  # ("Karang Bahagia"; the CSV "Karangbahagia")

        for row in csv_reg.agencies:
            assert spelling(by_code[row.code].name) == spelling(row.name)
            assert by_code[row.code].type == row.type
            assert by_code[row.code].area_code == row.area_code


# ---------------------------------------------------------------- plan


def test_plan_from_empty_creates_everything():
    reg = registry.parse(SMALL)
    plan = diff(reg, [])
    assert [s.action for s in plan.steps] == ["create", "create"]
    assert plan.summary()["create"] == 2
    assert plan.summary()["users_created"] == 1
    assert plan.steps[0].add_admins[0].name == "admin-kominfo"
    assert plan.changes_anything


def test_plan_is_empty_when_state_matches():
    reg = registry.parse(SMALL)
    current = [_current(a) for a in reg.agencies]
    plan = diff(reg, current, existing_users={"admin-kominfo"})
    assert {s.action for s in plan.steps} == {"unchanged"}
    assert not plan.changes_anything
    assert plan.as_dict()["steps"] == []


def test_plan_rename_keeps_org_and_name():
    reg = registry.parse(SMALL)
    old = _current(reg.agencies[0], title="Dinas Kominfo Lama")
    plan = diff(reg, [old, _current(reg.agencies[1])], existing_users={"admin-kominfo"})
    step = plan.steps[0]
    assert step.action == "rename"
    assert step.org_id == "id-kominfo" and step.name == "kominfo"
    assert step.old_title == "Dinas Kominfo Lama"
    assert ("title", "Dinas Kominfo Lama", "Dinas Komunikasi dan Informatika") in step.changes
    assert "(was: Dinas Kominfo Lama)" in plan.lines()[0]


def test_plan_matches_by_code_not_name():
    reg = registry.parse(SMALL)
    # an org with the same title but another code is not this agency
    other = CurrentAgency("zzz", "id-z", "zzz", "Dinas Komunikasi dan Informatika", {})
    plan = diff(reg, [other])
    actions = {s.code: s.action for s in plan.steps}
    assert actions == {"kominfo": "create", "321601": "create", "zzz": "missing"}


def test_plan_missing_reported_archived_only_with_prune():
    reg = registry.parse(SMALL)
    gone = CurrentAgency("oldone", "id-old", "oldone", "Old", {"agency_status": "active"})
    current = [_current(a) for a in reg.agencies] + [gone]
    plan = diff(reg, current, existing_users={"admin-kominfo"})
    assert plan.by_action("missing")[0].code == "oldone"
    assert not plan.changes_anything
    pruned = diff(reg, current, prune=True, existing_users={"admin-kominfo"})
    step = pruned.by_action("archive")[0]
    assert step.changes == (("agency_status", "active", "archived"),)
    archived = CurrentAgency("oldone", "id-old", "oldone", "Old", {"agency_status": "archived"})
    again = diff(reg, current[:-1] + [archived], prune=True, existing_users={"admin-kominfo"})
    assert not again.changes_anything


def test_plan_field_update_and_new_admin():
    reg = registry.parse(SMALL)
    cur = _current(reg.agencies[0], fields={"sk_number": "OLD"}, admins=frozenset())
    plan = diff(reg, [cur, _current(reg.agencies[1])], existing_users={"admin-kominfo"})
    step = plan.steps[0]
    assert step.action == "update"
    assert ("sk_number", "OLD", "SK/1/2023") in step.changes
    assert [a.name for a in step.add_admins] == ["admin-kominfo"]
    assert step.new_users == ()


def test_plan_reactivates_archived_or_deleted():
    reg = registry.parse(SMALL)
    cur = _current(reg.agencies[0], fields={"agency_status": "archived"}, state="deleted")
    plan = diff(reg, [cur, _current(reg.agencies[1])], existing_users={"admin-kominfo"})
    fields = {f for f, _, _ in plan.steps[0].changes}
    assert fields == {"state", "agency_status"}


def test_plan_refuses_name_of_another_org():
    reg = registry.parse(SMALL)
    with pytest.raises(RegisterError) as exc:
        diff(reg, [], taken_names={"kominfo": ""})
    assert exc.value.errors[0].row == 1
    assert "without agency code" in exc.value.errors[0].reason


# ---------------------------------------------------------------- status / hooks


def test_warnings():
    today = datetime.date(2026, 1, 1)
    ok = {"agreement_number": "A", "agreement_valid_until": "2026-06-01"}
    assert status.warnings(ok, 1, today) == []
    expired = dict(ok, agreement_valid_until="2025-12-31")
    assert status.warnings(expired, 0, today) == ["agreement_expired", "no_admin"]
    assert status.warnings({}, 1, today) == ["agreement_missing"]
    assert status.warnings({"agency_status": "archived"}, 0, today) == []


def test_group_by_type_order():
    groups = status.group_by_type(
        [
            {"agency_type": "kecamatan", "title": "Kecamatan B"},
            {"agency_type": "dinas", "title": "Dinas Z"},
            {"agency_type": "kecamatan", "title": "Kecamatan A"},
            {"agency_type": "sekretariat", "title": "Setda"},
        ]
    )
    assert [g for g, _ in groups] == ["sekretariat", "dinas", "kecamatan"]
    assert [a["title"] for a in groups[2][1]] == ["Kecamatan A", "Kecamatan B"]


def test_nul_characters_and_broken_csv_rejected():
    with pytest.raises(RegisterError) as exc:
        registry.parse('agencies:\n  - {code: aa, name: "A\\0", type: dinas}\n')
    assert (exc.value.errors[0].row, exc.value.errors[0].field) == (1, "name")
    with pytest.raises(RegisterError):
        registry.parse("code,name,type\naa,A\x00,dinas\n", fmt="csv")
    with pytest.raises(RegisterError):
        registry.parse('code,name,type\naa,"A,dinas\n', fmt="csv")


def test_kecamatan_names_are_the_area_code_lists_kemendagri_spelling():
    """One spelling per kecamatan: the register (the /instansi directory) and the area code
    list (the facets, the dataset page) both write Kemendagri's ("Karang Bahagia")."""
    from ckanext.satudata.metadata.api import codelists

    kecamatan = [a for a in registry.load(DATA).agencies if a.type == "kecamatan"]
    assert len(kecamatan) == 23
    for agency in kecamatan:
        assert agency.name == codelists.label("area", agency.area_code, "id"), agency.code
        assert agency.name == "Kecamatan " + agency.short_name
    names = {a.short_name for a in kecamatan}
    assert {"Karang Bahagia", "Kedung Waringin", "Muaragembong"} <= names


def test_directory_search_is_a_case_insensitive_substring_of_name_or_code():
    from ckanext.satudata.agencies.core import directory

    agencies = [
        {
            "id": "1",
            "title": "Dinas Kesehatan",
            "short_name": "Dinkes",
            "agency_code": "dinkes",
            "area_code": "32.16",
        },
        {
            "id": "2",
            "title": "Kecamatan Karang Bahagia",
            "short_name": "Karang Bahagia",
            "agency_code": "321610",
            "area_code": "32.16.10",
        },
    ]
    assert [a["id"] for a in directory.search(agencies, "KESEHATAN")] == ["1"]
    assert [a["id"] for a in directory.search(agencies, " karang  bahagia ")] == ["2"]
    assert [a["id"] for a in directory.search(agencies, "3216")] == ["2"]
    assert [a["id"] for a in directory.search(agencies, "")] == ["1", "2"]
    assert directory.search(agencies, "karangbahagia") == []
    assert [a["id"] for a in directory.publishing(agencies, {"2": 3, "1": 0})] == ["2"]
