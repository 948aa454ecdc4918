"""Assessment runs against the real services: portal and agency runs shared by RQ workers, chunk completion and retries, the CLI, who may start a run, the portal overview and ranking."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import manual, results, runs, targets
from ckanext.satudata.assessment.core import agency_score, epss
from ckanext.satudata.assessment.model import (
    AgencyAssessment,
    AssessmentChunk,
    AssessmentRun,
    DatasetAssessment,
)

from .assessment_fixtures import bekasi, ctx, lifecycle_off, work

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")

__all__ = ["bekasi", "lifecycle_off"]  # fixtures, imported for this module


def test_portal_run_shared_by_rq_workers(
    bekasi, walidata_user, with_test_worker, ckan_config, monkeypatch
):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.chunk_size", 2)
    out = call_action("satudata_assessment_run", ctx(walidata_user), scope="portal")
    assert out["datasets_total"] == 3 and out["chunks_total"] == 2
    assert out["state"] == "pending" and out["progress"] == 0
    queued = ckan_jobs.get_queue().job_ids
    assert len(queued) == 2
    work()
    run = call_action("satudata_assessment_run_show", ctx(walidata_user), id=out["run_id"])
    assert run["state"] == "done"
    assert (run["progress"], run["chunks_done"], run["datasets_assessed"]) == (100, 2, 3)

    tidy = call_action(
        "satudata_assessment_show", ctx(walidata_user), dataset_id=bekasi["tidy"]["id"], lang="id"
    )
    by_id = {r["indicator_id"]: r for r in tidy["results"]}
    for check in (
        "struct_single_header",
        "struct_numeric",
        "struct_long_format",
        "open_format",
        "downloadable",
    ):
        assert by_id[check]["status"] == "pass", (check, by_id[check])
    messy = call_action(
        "satudata_assessment_show", ctx(walidata_user), dataset_id=bekasi["messy"]["id"], lang="id"
    )
    by_id = {r["indicator_id"]: r for r in messy["results"]}
    assert by_id["struct_single_header"]["status"] == "fail"
    assert "C3:E3" in by_id["struct_single_header"]["reason"]
    assert by_id["struct_numeric"]["fix"].startswith("Simpan angka")
    assert messy["score"] < tidy["score"]
    pdf = call_action(
        "satudata_assessment_show", ctx(walidata_user), dataset_id=bekasi["pdf"]["id"], lang="en"
    )
    by_id = {r["indicator_id"]: r for r in pdf["results"]}
    assert by_id["open_format"]["status"] == "fail"
    assert "no CSV/XLSX resource (PDF)" in by_id["struct_numeric"]["reason"]

    ranking = call_action("satudata_assessment_list", ctx(walidata_user))
    agencies = {a["org_name"]: a for a in ranking["agencies"]}
    assert agencies["disdukcapil"]["rank"] == 1
    assert agencies["disdukcapil"]["datasets"] == 2 and agencies["dinkes"]["datasets"] == 1
    assert agencies["disdukcapil"]["change"] is None  # first run

    # a second run: the ranking shows the change since the previous run
    call_action(
        "satudata_manual_indicator_set",
        ctx(walidata_user),
        org_id=bekasi["dinkes"]["id"],
        epss_code="40201",
        level=4,
        evidence="SK Kepala Dinas Kesehatan No. 800/2024 tentang Tim Statistik Sektoral",
    )
    out2 = call_action("satudata_assessment_run", ctx(walidata_user), scope="portal")
    work()
    ranking2 = call_action("satudata_assessment_list", ctx(walidata_user), sort="change")
    assert ranking2["run"]["id"] == out2["run_id"]
    dinkes = next(a for a in ranking2["agencies"] if a["org_name"] == "dinkes")
    # level 4 -> 75, weighted over every per-OPD code (the others without a level count 0)
    shares = [epss.BY_CODE[c].share for c in agency_score.DEFAULT_MANUAL_CODES]
    assert dinkes["components"]["manual"] == round(2.55 * 75 / sum(shares), 2)
    assert dinkes["change"] > 0 and dinkes["status"]["manual"] == "incomplete"
    assert dinkes["manual"][0]["epss_code"] == "40201"
    assert ranking2["agencies"][0]["org_name"] == "dinkes"  # sorted by change


def test_chunk_completion_is_idempotent_and_failures_are_reported(
    bekasi, ckan_config, monkeypatch, tmp_path, with_test_worker
):
    run = runs.create_run("portal", None, trigger="test", user=None, enqueue=False)
    chunk_id = f"{run.id}:0"
    # the weights file breaks after the run started and the run has no snapshot to fall back on
    model.Session.query(AssessmentRun).filter_by(id=run.id).update({"points": None})
    model.Session.commit()
    broken = tmp_path / "weights.yaml"
    broken.write_text("points: {open_format: -1}", encoding="utf-8")
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.weights_file", str(broken))
    for _attempt in (1, 2):
        with pytest.raises(Exception, match="must be >= 0"):
            runs.run_chunk(chunk_id)  # RQ retries it
        assert model.Session.get(AssessmentChunk, chunk_id).state == "retrying"
    assert runs.run_chunk(chunk_id) == "done"  # third attempt: failed for good
    summary = results.run_summary(model.Session.get(AssessmentRun, run.id))
    assert summary["state"] == "failed" and summary["chunks_failed"] == 1
    assert "must be >= 0" in summary["failed_chunks"][0]["error"]
    assert summary["datasets_assessed"] == 0

    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.weights_file", "")
    assert runs.resume_run(run.id) == 1
    work()
    runs.run_chunk(chunk_id)  # a second worker, or a retry
    model.Session.query(AssessmentChunk).filter_by(id=chunk_id).update({"state": "running"})
    model.Session.commit()
    runs.run_chunk(chunk_id)  # re-done after a lost ack
    summary = results.run_summary(model.Session.get(AssessmentRun, run.id))
    assert summary["datasets_assessed"] == 3 == summary["datasets_total"]
    assert model.Session.query(DatasetAssessment).filter_by(run_id=run.id).count() == 3
    assert model.Session.query(AgencyAssessment).filter_by(run_id=run.id).count() == 2
    assert summary["state"] == "done" and summary["chunks_done"] == 1


def test_agency_run_and_merge_hook(bekasi, walidata_user, with_test_worker):
    out = call_action(
        "satudata_assessment_run", ctx(walidata_user), scope="agency", id="disdukcapil"
    )
    work()
    assert (
        call_action("satudata_assessment_run_show", ctx(walidata_user), id=out["run_id"])["state"]
        == "done"
    )
    rows = model.Session.query(AgencyAssessment).filter_by(run_id=out["run_id"]).all()
    assert [r.org_id for r in rows] == [bekasi["dukcapil"]["id"]]
    moved = manual.move_rows_on_merge(
        "agencies", model.Session, bekasi["dukcapil"]["id"], bekasi["dinkes"]["id"]
    )
    model.Session.commit()
    assert moved == 2
    assert {r.org_id for r in model.Session.query(DatasetAssessment)} == {bekasi["dinkes"]["id"]}
    from ckanext.satudata.agencies import api as agencies_api

    assert manual.move_rows_on_merge in agencies_api.agency_merged.receivers_for("agencies")


def test_cli_assess_sync(bekasi, cli, ckan_config):
    from satudata_testing import satudata_cli

    satudata = satudata_cli()
    result = cli.invoke(satudata, ["assess", "--sync"])
    assert result.exit_code == 0, result.output
    assert "done, 3/3 datasets" in result.output
    result = cli.invoke(satudata, ["assess", "--dataset", "puskesmas-2023", "--sync"])
    assert "done, 1/1 datasets" in result.output, result.output


def test_walidata_organization_admin_may_run_without_being_sysadmin(bekasi, make_agency):
    kominfo = make_agency("diskominfosantik", title="Diskominfosantik")
    staff = factories.User(name="statistisi-kominfo")
    call_action(
        "organization_member_create", id=kominfo["id"], username=staff["name"], role="editor"
    )
    out = call_action(
        "satudata_assessment_run", ctx(staff), scope="dataset", id=bekasi["pdf"]["name"]
    )
    assert out["datasets_total"] == 1
    from ckanext.satudata.assessment import api

    assert api.latest_result(bekasi["pdf"]["id"]) is None  # not done yet: no worker ran
    runs.run_chunk(f"{out['run_id']}:0")
    result = api.latest_result(bekasi["pdf"]["id"])
    assert set(result) >= {"score", "band", "band_rank", "assessed_at", "indicators"}
    scores = {i["id"]: i["score"] for i in result["indicators"]}
    assert scores["open_format"] == 0 and scores["meta_required"] == 100
    assert scores["submitted_on_time"] is None  # does not apply


def test_cli_enqueues_and_shows(bekasi, cli, with_test_worker):
    from satudata_testing import satudata_cli

    satudata = satudata_cli()
    result = cli.invoke(satudata, ["assess", "--agency", "dinkes"])
    assert result.exit_code == 0, result.output
    run_id = result.output.split()[1].rstrip(":")
    assert "pending, 0/1 datasets" in result.output
    work()
    shown = cli.invoke(satudata, ["assess", "--show", run_id])
    assert '"state": "done"' in shown.output and '"datasets_assessed": 1' in shown.output


def test_portal_overview_in_sql_equals_the_pure_rates(bekasi):
    from ckanext.satudata.assessment.core import scoring

    run = runs.create_run("portal", None, trigger="test", user=None, enqueue=False)
    for (cid,) in model.Session.query(AssessmentChunk.id).filter_by(run_id=run.id).all():
        runs.run_chunk(cid)
    model.Session.refresh(run)
    rows = results.dataset_rows(run.id)
    scores = [
        scoring.DatasetScore(
            r.dataset_id,
            r.dataset_name,
            r.dataset_title,
            r.org_id or "",
            r.score,
            r.earned,
            r.possible,
            r.level,
            r.band,
            tuple(scoring.IndicatorResult.from_dict(x) for x in r.results),
        )
        for r in rows
    ]
    overview = results.portal_overview(run)
    assert overview["rates"] == scoring.indicator_rates(scores)
    assert overview["bins"] == scoring.distribution([s.score for s in scores])
    assert overview["count"] == 3
    # the agency scores are aggregated in SQL too (run_sums): each stored one is what the pure
    # agency score gives on the agency's own scores in memory
    from ckanext.satudata.assessment import run_sums
    from ckanext.satudata.assessment.settings import config

    summaries = run_sums.agency_summaries(run.id)
    assert set(summaries) == {bekasi["dukcapil"]["id"], bekasi["dinkes"]["id"]}
    for org_id, summary in summaries.items():
        own = [s for s in scores if s.owner_org == org_id]
        assert summary.count == len(own) and summary.score_sum == pytest.approx(
            sum(s.score for s in own)
        )
        pure = agency_score.score_agency(org_id, own, runs.delivery_for(org_id), [], config())
        stored = model.Session.query(AgencyAssessment).filter_by(run_id=run.id, org_id=org_id)
        detail = stored.one().detail
        assert detail["indicator_rates"] == pure.as_dict()["indicator_rates"]
        assert detail["epss_evidence"] == pure.as_dict()["epss_evidence"]
        assert detail["components"]["datasets"] == pure.components["datasets"]


def test_rq_retries_a_failing_chunk_then_reports_it(
    bekasi, walidata_user, ckan_config, monkeypatch, tmp_path, with_test_worker
):
    out = call_action("satudata_assessment_run", ctx(walidata_user), scope="portal")
    model.Session.query(AssessmentRun).filter_by(id=out["run_id"]).update({"points": None})
    model.Session.commit()
    broken = tmp_path / "weights.yaml"
    broken.write_text("points: {open_format: -1}", encoding="utf-8")
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.weights_file", str(broken))
    work()  # the job fails, RQ re-enqueues it twice
    chunk = model.Session.query(AssessmentChunk).filter_by(run_id=out["run_id"]).one()
    model.Session.refresh(chunk)
    assert (chunk.state, chunk.attempts) == ("failed", 3)
    shown = call_action("satudata_assessment_run_show", ctx(walidata_user), id=out["run_id"])
    assert shown["state"] == "failed" and shown["chunks_failed"] == 1
    assert "must be >= 0" in shown["failed_chunks"][0]["error"]


def test_two_worker_processes_share_a_run(bekasi, walidata_user, ckan_config, monkeypatch):
    """Real ``ckan jobs worker`` processes (as on one host or several), each taking chunks."""
    import os
    import subprocess
    import sys

    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.chunk_size", 1)
    out = call_action("satudata_assessment_run", ctx(walidata_user), scope="portal")
    assert out["chunks_total"] == 3
    ckan_bin = os.path.join(os.path.dirname(sys.executable), "ckan")
    workers = [
        subprocess.Popen(
            [ckan_bin, "-c", ckan_config["__file__"], "jobs", "worker", "--burst"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for w in workers:
        assert w.wait(timeout=300) == 0, w.stderr.read().decode()[-2000:]
    model.Session.remove()
    shown = call_action("satudata_assessment_run_show", ctx(walidata_user), id=out["run_id"])
    assert (shown["state"], shown["chunks_done"], shown["datasets_assessed"]) == ("done", 3, 3)
    assert model.Session.query(AgencyAssessment).filter_by(run_id=out["run_id"]).count() == 2


def test_archived_agencies_are_not_ranked(bekasi, make_agency):
    old = make_agency("dinas-lama", title="Dinas Lama", agency_status="archived")
    assert old["id"] not in targets.active_org_ids()
    assert bekasi["dinkes"]["id"] in targets.active_org_ids()
