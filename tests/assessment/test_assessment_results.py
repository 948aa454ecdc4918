"""What the assessment actions give back: flat values on package_show, who sees which results, manual indicators with validation and history, timeliness and delivery from the agreed data list."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import manual, runs
from ckanext.satudata.assessment.core import quality_bands
from ckanext.satudata.assessment.model import AssessmentChunk, ManualIndicator

from .assessment_fixtures import bekasi, ctx, lifecycle_off

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")

__all__ = ["bekasi", "lifecycle_off"]  # fixtures, imported for this module


def test_package_show_carries_only_flat_values(bekasi, walidata_user):
    run = runs.create_run("dataset", bekasi["tidy"]["id"], trigger="test", user=None, enqueue=False)
    runs.run_chunk(f"{run.id}:0")
    shown = call_action("package_show", id=bekasi["tidy"]["id"])
    assert isinstance(shown["satudata_score"], float) and 0 < shown["satudata_score"] <= 100
    assert shown["satudata_band"] in {b.code for b in quality_bands.DEFAULT_BANDS}
    assert "satudata_level" not in shown
    assert shown["satudata_assessed_at"].endswith("+00:00")
    assert not any(isinstance(shown[k], (dict, list)) for k in shown if k.startswith("satudata_"))
    other = call_action("package_show", id=bekasi["messy"]["id"])
    assert "satudata_score" not in other
    # a client that sends package_show's dict back does not store the flat values
    call_action("package_update", **shown)
    assert "satudata_score" not in (model.Package.get(bekasi["tidy"]["id"]).extras or {})


def test_who_sees_what(bekasi, walidata_user):
    run = runs.create_run("portal", None, trigger="test", user=None, enqueue=False)
    for (cid,) in model.Session.query(AssessmentChunk.id).filter_by(run_id=run.id).all():
        runs.run_chunk(cid)
    admin = factories.User(name="admin-dukcapil")
    outsider = factories.User(name="admin-dinkes")
    call_action(
        "organization_member_create",
        id=bekasi["dukcapil"]["id"],
        username=admin["name"],
        role="admin",
    )
    call_action(
        "organization_member_create",
        id=bekasi["dinkes"]["id"],
        username=outsider["name"],
        role="admin",
    )
    own = call_action("satudata_assessment_show", ctx(admin), org_id=bekasi["dukcapil"]["id"])
    assert own["datasets"] == 2 and len(own["datasets_detail"]) == 2
    assert {i["indicator_id"] for i in own["indicators"]} >= {"struct_numeric", "open_format"}
    from ckan.logic import NotAuthorized

    with pytest.raises(NotAuthorized):
        call_action("satudata_assessment_show", ctx(outsider), org_id=bekasi["dukcapil"]["id"])
    with pytest.raises(NotAuthorized):
        call_action("satudata_assessment_run", ctx(admin), scope="portal")
    with pytest.raises(NotAuthorized):
        call_action("satudata_assessment_list", ctx(admin))
    # a public dataset's score and reasons are public, like its badge
    anon = call_action(
        "satudata_assessment_show",
        {"user": "", "ignore_auth": False},
        dataset_id=bekasi["pdf"]["id"],
    )
    assert anon["score"] >= 0
    assert (
        call_action("satudata_assessment_show", ctx(walidata_user), org_id=bekasi["dinkes"]["id"])[
            "datasets"
        ]
        == 1
    )


def test_manual_indicator_validation_and_history(bekasi, walidata_user):
    from ckan.logic import ValidationError

    with pytest.raises(ValidationError) as e:
        call_action(
            "satudata_manual_indicator_set",
            ctx(walidata_user),
            org_id=bekasi["dinkes"]["id"],
            epss_code="99999",
            level=9,
            evidence="",
        )
    assert set(e.value.error_dict) == {"epss_code", "level", "evidence"}
    for level in (2, 3):
        call_action(
            "satudata_manual_indicator_set",
            ctx(walidata_user),
            org_id=bekasi["dinkes"]["id"],
            epss_code="40201",
            level=level,
            evidence=f"Notulen Forum SDI {level}",
        )
    in_force = manual.manual_for(bekasi["dinkes"]["id"])
    assert [(m.epss_code, m.level) for m in in_force] == [("40201", 3)]
    assert model.Session.query(ManualIndicator).count() == 2  # history kept
    call_action(
        "satudata_manual_indicator_set",
        ctx(walidata_user),
        org_id=bekasi["dinkes"]["id"],
        epss_code="40201",
        level="",
        evidence="Ditarik: bukti tidak sah",
    )
    assert manual.manual_for(bekasi["dinkes"]["id"]) == []


@pytest.mark.freeze_time("2026-11-20 03:00:00")
def test_timeliness_and_delivery_come_from_the_agreed_data_list(bekasi, walidata_user, freezer):
    period = call_action(
        "satudata_period_create",
        ctx(walidata_user),
        name="pengumpulan-2026",
        title="Pengumpulan 2026",
        year=2026,
        opens="2026-11-01 00:00",
        cutoff="2026-11-23",
        input_close="2026-12-08",
    )
    items = call_action(
        "satudata_item_import",
        ctx(walidata_user),
        period_id=period["id"],
        filename="daftar.csv",
        content=(
            "agency,title,frequency,year_start\n"
            "disdukcapil,Jumlah Penduduk Menurut Kecamatan,tahunan,2023\n"
            "disdukcapil,Jumlah Akta Kelahiran,tahunan,2023\n"
        ),
    )["items"]
    call_action(
        "satudata_item_transition",
        ctx(walidata_user),
        id=items[0]["id"],
        action="submit",
        dataset_id=bekasi["tidy"]["id"],
    )
    run = runs.create_run("portal", None, trigger="test", user=None, enqueue=False)
    for (cid,) in model.Session.query(AssessmentChunk.id).filter_by(run_id=run.id).all():
        runs.run_chunk(cid)
    tidy = call_action(
        "satudata_assessment_show", ctx(walidata_user), dataset_id=bekasi["tidy"]["id"]
    )
    by_id = {r["indicator_id"]: r for r in tidy["results"]}
    assert by_id["submitted_on_time"]["status"] == "pass"
    assert by_id["up_to_date"]["status"] == "pass"  # uploaded today, yearly
    messy = call_action(
        "satudata_assessment_show", ctx(walidata_user), dataset_id=bekasi["messy"]["id"]
    )
    assert {r["indicator_id"]: r["status"] for r in messy["results"]}["submitted_on_time"] == "na"
    agency = call_action(
        "satudata_assessment_show", ctx(walidata_user), org_id=bekasi["dukcapil"]["id"]
    )
    # before the cutoff (23 Nov, 23:59 WIB) the item not yet delivered is pending, not missing,
    # and the delivery not yet approved by the walidata is pending too
    assert agency["missing_items"] == 0 and agency["status"]["delivery"] == "pending"
    assert agency["delivery"]["pending"] == 2 and agency["delivery"]["on_time"] == 1
    assert agency["components"]["datasets"] == round((tidy["score"] + messy["score"]) / 2, 2)

    # after the cutoff: the undelivered item is missing (a dataset scoring 0), the delivery
    # counts on time x unapproved_credit 0.5 until the walidata approves it
    freezer.move_to("2026-11-24 09:00:00")
    agency = _portal_run_agency(walidata_user, bekasi["dukcapil"]["id"])
    assert agency["missing_items"] == 1 and agency["missing_titles"] == ["Jumlah Akta Kelahiran"]
    assert agency["components"]["delivery"] == 25.0  # (1 x 0.5 + 0) / 2
    assert agency["components"]["datasets"] == round((tidy["score"] + messy["score"]) / 3, 2)
    call_action("satudata_item_transition", ctx(walidata_user), id=items[0]["id"], action="approve")
    freezer.move_to("2026-11-24 10:00:00")  # a later run (runs are told apart by their time)
    agency = _portal_run_agency(walidata_user, bekasi["dukcapil"]["id"])
    assert agency["components"]["delivery"] == 50.0  # the walidata's approval counts: (1 + 0) / 2
    assert agency["delivery"]["approved"] == 1


def _portal_run_agency(user, org_id):
    run = runs.create_run("portal", None, trigger="test", user=None, enqueue=False)
    for (cid,) in model.Session.query(AssessmentChunk.id).filter_by(run_id=run.id).all():
        runs.run_chunk(cid)
    return call_action("satudata_assessment_show", ctx(user), org_id=org_id)
