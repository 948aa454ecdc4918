"""The EPSS worksheet actions: the walidata's worksheet with its IPS and the portal's proposals;
agency admins refused with nothing stored; every bad input a 409 field error."""

from __future__ import annotations

import io

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import complete_dataset_fields
from werkzeug.datastructures import FileStorage

from ckanext.satudata.assessment import runs
from ckanext.satudata.assessment.epss_model import (
    EpssEntry,
    EpssEvidence,
    EpssHistory,
    EpssWorksheet,
)
from ckanext.satudata.assessment.model import AssessmentChunk

from .conftest import DATA

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")


@pytest.fixture
def lifecycle_off(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "false")


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def act(name, user, **data):
    return call_action(name, context=ctx(user), **data)


def counts():
    return tuple(
        model.Session.query(t).count()
        for t in (EpssWorksheet, EpssEntry, EpssEvidence, EpssHistory)
    )


@pytest.fixture
def portal(make_agency, make_dataset):
    dukcapil = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    make_dataset(dukcapil["id"], name="penduduk-kecamatan-2023", title="Penduduk 2023")
    make_dataset(dinkes["id"], name="puskesmas-2023", title="Puskesmas 2023")
    admin = factories.User(name="admin-dinkes")
    call_action("organization_member_create", id=dinkes["id"], username=admin["name"], role="admin")
    return {"dukcapil": dukcapil, "dinkes": dinkes, "admin": admin}


def test_all_levels_3_give_ips_3_00_and_a_missing_level_shows_incomplete(portal, walidata_user):
    act("satudata_epss_worksheet_create", walidata_user, year=2026)
    ws = act("satudata_epss_worksheet_show", walidata_user, year=2026, proposals=False)
    assert len(ws["indicators"]) == 38 and ws["ips"]["ips"] is None
    assert ws["ips"]["filled_share"] == 0 and len(ws["ips"]["missing"]) == 38
    for item in ws["indicators"]:
        act("satudata_epss_entry_update", walidata_user, year=2026, code=item["code"], level=3)
    ws = act("satudata_epss_worksheet_show", walidata_user, year="2026", proposals=False)
    assert ws["ips"]["ips_rounded"] == 3.00 and ws["ips"]["predikat"]["id"] == "Baik"
    assert ws["ips"]["complete"] and ws["ips"]["filled_share"] == 100
    act("satudata_epss_entry_update", walidata_user, year=2026, code="10101", level="")
    act("satudata_epss_entry_update", walidata_user, year=2026, code="20201", level=5)
    ws = act("satudata_epss_worksheet_show", walidata_user, year=2026, proposals=False)
    assert ws["ips"]["ips"] is None and ws["ips"]["missing"] == ["10101"]
    assert ws["ips"]["filled_share"] == 93.0
    # 20201 at 5: aspect 202 = 5, domain 2 = (21*3 + 16*5 + 63*3... )/100 = 3.32
    assert ws["domains"][1]["index"] == pytest.approx(3.32)
    # missing 10101 at 1 / at 5; the rest: IPS 3 + 0.24*0.16*2 = 3.0768
    assert ws["ips"]["ips_min"] == round(3.0768 - 0.14, 2)
    assert ws["ips"]["ips_max"] == round(3.0768 + 0.14, 2)


def test_entry_penjelasan_verification_and_history(portal, walidata_user):
    act("satudata_epss_worksheet_create", walidata_user, year=2026)
    act(
        "satudata_epss_entry_update",
        walidata_user,
        year=2026,
        code="10201",
        level=3,
        penjelasan="Perbup 12/2023 tentang SDI; metadata diperiksa walidata.",
    )
    act(
        "satudata_epss_entry_update",
        walidata_user,
        year=2026,
        code="10201",
        level=4,
        verification="diverifikasi",
    )
    entry = next(
        i
        for i in act("satudata_epss_worksheet_show", walidata_user, year=2026, proposals=False)[
            "indicators"
        ]
        if i["code"] == "10201"
    )
    assert entry["level"] == 4 and entry["verification"] == "diverifikasi"
    assert (
        entry["penjelasan"].startswith("Perbup 12/2023")
        and entry["updated_by"] == "walidata-bekasi"
    )
    hist = act("satudata_epss_history", walidata_user, year=2026, code="10201")
    assert [(h["field"], h["old"], h["new"]) for h in hist][::-1] == [
        ("level", None, "3"),
        ("penjelasan", "", "Perbup 12/2023 tentang SDI; metadata diperiksa walidata."),
        ("level", "3", "4"),
        ("verification", "belum_diverifikasi", "diverifikasi"),
    ]
    assert all(h["changed_by"] == "walidata-bekasi" for h in hist)


@pytest.mark.parametrize(
    "field,value",
    [
        ("level", True),
        ("level", 1.5),
        ("level", "1.5"),
        ("level", 3.0),
        ("level", 0),
        ("level", 6),
        ("level", "tiga"),
        ("level", [3]),
        ("penjelasan", "x" * 4001),
        ("penjelasan", 12),
        ("penjelasan", "Perbup\x01"),
        ("verification", "disetujui"),
        ("code", "99999"),
        ("code", 10101),
        ("year", 1999),
        ("year", True),
        ("year", "20x6"),
    ],
)
def test_bad_input_is_a_409_field_error_and_nothing_changes(portal, walidata_user, field, value):
    act("satudata_epss_worksheet_create", walidata_user, year=2026)
    before = counts()
    data = {"year": 2026, "code": "10201", "level": 2}
    data[field] = value
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_epss_entry_update", walidata_user, **data)
    assert field in e.value.error_dict
    assert counts() == before


def test_year_range_and_duplicate_worksheet(walidata_user):
    for year in (1999, 2101, "abc", False):
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_epss_worksheet_create", walidata_user, year=year)
        assert "year" in e.value.error_dict
    act("satudata_epss_worksheet_create", walidata_user, year=2025)
    act("satudata_epss_worksheet_create", walidata_user, year="2026")
    with pytest.raises(tk.ValidationError):
        act("satudata_epss_worksheet_create", walidata_user, year=2026)
    assert act("satudata_epss_worksheet_list", walidata_user) == [2026, 2025]
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_epss_worksheet_show", walidata_user, year=2024)


def test_an_agency_admin_is_refused_everything_and_nothing_is_stored(portal, walidata_user):
    act("satudata_epss_worksheet_create", walidata_user, year=2026)
    admin = portal["admin"]
    before = counts()
    calls = [
        ("satudata_epss_worksheet_create", {"year": 2027}),
        ("satudata_epss_worksheet_list", {}),
        ("satudata_epss_worksheet_show", {"year": 2026}),
        ("satudata_epss_entry_update", {"year": 2026, "code": "10201", "level": 5}),
        (
            "satudata_epss_evidence_add",
            {"year": 2026, "code": "10201", "url": "https://bekasikab.go.id/perbup.pdf"},
        ),
        ("satudata_epss_evidence_delete", {"year": 2026, "evidence_id": "x"}),
        ("satudata_epss_history", {"year": 2026}),
    ]
    for name, data in calls:
        with pytest.raises(tk.NotAuthorized):
            act(name, admin, **data)
    assert counts() == before


def test_links_and_files_as_bukti_dukung(portal, walidata_user):
    act("satudata_epss_worksheet_create", walidata_user, year=2026)
    link = act(
        "satudata_epss_evidence_add",
        walidata_user,
        year=2026,
        code="10201",
        url="https://jdih.bekasikab.go.id/perbup-12-2023.pdf",
    )
    pdf = (DATA / "penduduk_kecamatan_2023.pdf").read_bytes()
    doc = act(
        "satudata_epss_evidence_add",
        walidata_user,
        year=2026,
        code="10201",
        upload=FileStorage(io.BytesIO(pdf), filename="SK Walidata 2026.pdf"),
    )
    assert (
        doc["kind"] == "file" and doc["mimetype"] == "application/pdf" and doc["size"] == len(pdf)
    )
    before = counts()
    for bad in (
        {"url": "javascript:alert(1)"},
        {"url": "ftp://x/y"},
        {"url": ""},
        {"url": "https://x/" + "a" * 2000},
        {"upload": FileStorage(io.BytesIO(b"MZ\x90\x00"), filename="virus.pdf")},
        {"upload": FileStorage(io.BytesIO(pdf), filename="sk.exe")},
        {"upload": FileStorage(io.BytesIO(b""), filename="kosong.pdf")},
    ):
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_epss_evidence_add", walidata_user, year=2026, code="10201", **bad)
        assert set(e.value.error_dict) <= {"url", "upload"}
    assert counts() == before
    items = next(
        i
        for i in act("satudata_epss_worksheet_show", walidata_user, year=2026, proposals=False)[
            "indicators"
        ]
        if i["code"] == "10201"
    )
    assert [b["kind"] for b in items["bukti_dukung"]] == ["link", "file"]
    assert items["bukti_dukung"][1]["file_name"] == "SK Walidata 2026.pdf"
    act("satudata_epss_evidence_delete", walidata_user, year=2026, evidence_id=link["id"])
    hist = act("satudata_epss_history", walidata_user, year=2026)
    assert [h["field"] for h in hist] == ["bukti_dukung"] * 3 and hist[0]["new"] is None


def test_oversized_upload_is_refused(portal, walidata_user, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.epss_max_upload_mb", "1")
    act("satudata_epss_worksheet_create", walidata_user, year=2026)
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    with pytest.raises(tk.ValidationError) as e:
        act(
            "satudata_epss_evidence_add",
            walidata_user,
            year=2026,
            code="10201",
            upload=FileStorage(io.BytesIO(big), filename="besar.pdf"),
        )
    assert "1 MB" in e.value.error_dict["upload"][0]
    assert model.Session.query(EpssEvidence).count() == 0


def run_inline():
    run = runs.create_run("portal", None, trigger="test", user=None, enqueue=False)
    for (cid,) in model.Session.query(AssessmentChunk.id).filter_by(run_id=run.id).all():
        runs.run_chunk(cid)
    return run


def test_proposals_name_the_rule_the_evidence_and_who_holds_it_back(
    portal, walidata_user, make_agency, make_dataset
):
    dishub = make_agency("dishub", title="Dinas Perhubungan")
    described = [dict(complete_dataset_fields()["resources"][0], description="Tabel penduduk")]
    make_dataset(
        portal["dukcapil"]["id"], name="penduduk-2022", title="Penduduk 2022", resources=described
    )
    make_dataset(
        portal["dinkes"]["id"],
        name="nakes-2023",
        title="Tenaga Kesehatan 2023",
        resources=described,
    )
    make_dataset(
        dishub["id"],
        name="terminal-2023",
        title="Terminal 2023",
        private=True,
        classification="terbatas",
    )
    run_inline()
    act("satudata_epss_worksheet_create", walidata_user, year=2026)
    ws = act("satudata_epss_worksheet_show", walidata_user, year=2026)
    props = {i["code"]: i["proposal"] for i in ws["indicators"]}
    assert {c for c, p in props.items() if p is not None} == {
        i["code"] for i in ws["indicators"] if i["evidence_class"] in ("A", "A/P", "P")
    }
    assert props["30101"] is None and props["20102"] is None
    p = props["10201"]
    # Dishub's only dataset lacks the resource description (MS-Keg/MS-Var/MS-Ind incomplete)
    assert p["level"] == 1 and "belum dilakukan oleh seluruh Produsen Data" in p["evidence"][0]
    assert "2 dari 3 Produsen Data" in p["evidence"][1]
    assert [(h["title"], h["failing"]) for h in p["held_back"]] == [
        ("Dinas Perhubungan", ["Terminal 2023"])
    ]
    assert "Tingkat 5 tidak pernah diusulkan" in p["rule"]
    # 30401: every agency has a public dataset but Dishub's only one is private -> level 1
    assert props["30401"]["level"] == 1
    assert [h["title"] for h in props["30401"]["held_back"]] == ["Dinas Perhubungan"]
    # 40104: every dataset states its classification (the schema requires it) -> level 3 proxy
    assert props["40104"]["level"] == 3 and "Perbup/SK/SOP" in props["40104"]["evidence"][-1]
    assert props["50103"]["level"] is None and props["50201"]["level"] is None
    # 30302: every dataset carries MS-Ind indicators; 40101: public ones with a contact only
    assert props["30302"]["level"] == 3
    assert props["40101"]["level"] == 1 and [h["title"] for h in props["40101"]["held_back"]] == [
        "Dinas Perhubungan"
    ]
    assert props["40304"]["level"] == 1  # no walidata organization on the portal yet
    assert props["40304"]["evidence"] == ["Tingkat 1: \u201cWalidata belum ditetapkan\u201d"]
    make_agency("diskominfosantik", title="Diskominfosantik")  # the walidata, not a producer
    # the first datasets (no resource description) make 10201 level 2 once Dishub is fixed
    call_action("package_patch", id="terminal-2023", resources=described)
    run_inline()
    ws = act("satudata_epss_worksheet_show", walidata_user, year=2026)
    p = next(i["proposal"] for i in ws["indicators"] if i["code"] == "10201")
    assert p["level"] == 2 and "2 dari 5 dataset belum" in p["evidence"][1]
    assert "(3)" in p["evidence"][1]  # the walidata is not a producer
    walidata = next(i["proposal"] for i in ws["indicators"] if i["code"] == "40304")
    assert walidata["level"] == 3 and "Diskominfosantik" in walidata["evidence"][1]
    assert {h["title"]: h["failing"] for h in p["held_back"]} == {
        "Dinas Kependudukan dan Pencatatan Sipil": ["Penduduk 2023"],
        "Dinas Kesehatan": ["Puskesmas 2023"],
    }
