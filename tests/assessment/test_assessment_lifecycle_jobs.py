"""The assessment lifecycle hook: dataset and resource edits schedule one reassessment job that never writes the dataset, and a portal run makes pending lifecycle jobs redundant."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import jobs
from ckanext.satudata.assessment.model import AssessmentRun

from .assessment_fixtures import bekasi, ctx, lifecycle_off, work

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")

__all__ = ["bekasi", "lifecycle_off"]  # fixtures, imported for this module


def test_ten_quick_edits_give_one_scheduled_job(bekasi, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "true")
    queue = ckan_jobs.get_queue()
    for n in range(10):
        call_action("package_patch", id=bekasi["tidy"]["id"], notes=f"Catatan revisi {n}")
    scheduled = queue.scheduled_job_registry.get_job_ids()
    assert scheduled.count(jobs.job_id_for(bekasi["tidy"]["id"])) == 1
    assert len([j for j in scheduled if bekasi["tidy"]["id"] in j]) == 1


def test_the_lifecycle_job_never_writes_the_dataset(
    bekasi, ckan_config, monkeypatch, with_test_worker
):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "true")
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.debounce_seconds", 0)
    before = call_action("package_show", id=bekasi["tidy"]["id"])
    ckan_jobs.get_queue().empty()
    call_action("package_patch", id=bekasi["tidy"]["id"], notes="Catatan baru")
    after_edit = call_action("package_show", id=bekasi["tidy"]["id"])
    assert ckan_jobs.get_queue().job_ids == [jobs.job_id_for(bekasi["tidy"]["id"])]
    work()
    shown = call_action("package_show", id=bekasi["tidy"]["id"])
    assert (
        shown["metadata_modified"] == after_edit["metadata_modified"] != before["metadata_modified"]
    )
    assert shown["satudata_score"] > 0
    assert ckan_jobs.get_queue().job_ids == []  # the job did not trigger another one


def test_resource_change_schedules_a_reassessment(
    bekasi, upload_resource, ckan_config, monkeypatch
):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "true")
    upload_resource(bekasi["pdf"], "penduduk_kecamatan_2023.csv", name="Penduduk CSV")
    scheduled = ckan_jobs.get_queue().scheduled_job_registry.get_job_ids()
    assert jobs.job_id_for(bekasi["pdf"]["id"]) in scheduled


def test_a_portal_run_makes_pending_lifecycle_jobs_redundant(
    bekasi, ckan_config, monkeypatch, walidata_user
):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "true")
    queue = ckan_jobs.get_queue()
    for key in ("tidy", "messy"):
        call_action("package_patch", id=bekasi[key]["id"], notes="Catatan revisi")

    def lifecycle_jobs():
        return [
            j
            for j in queue.scheduled_job_registry.get_job_ids()
            if j.startswith("satudata-assess-")
        ]

    assert len(lifecycle_jobs()) == 2
    call_action("satudata_assessment_run", ctx(walidata_user), scope="agency", id="dinkes")
    assert len(lifecycle_jobs()) == 2  # other agency: kept
    call_action("satudata_assessment_run", ctx(walidata_user), scope="portal")
    assert lifecycle_jobs() == []
    assert all(j.startswith("satudata-assess-chunk-") for j in queue.job_ids)


def test_queued_lifecycle_job_dropped_by_a_portal_run_is_skipped(
    bekasi, ckan_config, monkeypatch, walidata_user, with_test_worker
):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "true")
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.debounce_seconds", 0)
    call_action("package_patch", id=bekasi["tidy"]["id"], notes="Catatan revisi")
    queue = ckan_jobs.get_queue()
    assert queue.job_ids == [jobs.job_id_for(bekasi["tidy"]["id"])]
    out = call_action("satudata_assessment_run", ctx(walidata_user), scope="portal")
    work()
    runs = model.Session.query(AssessmentRun).all()
    assert [r.id for r in runs] == [out["run_id"]]  # no separate lifecycle run happened
    assert (
        call_action("satudata_assessment_run_show", ctx(walidata_user), id=out["run_id"])["state"]
        == "done"
    )
