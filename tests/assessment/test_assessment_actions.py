"""Assessment runs, jobs, actions and the lifecycle hook against the real services."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import jobs, manual, results, runs, targets
from ckanext.satudata.assessment.core import agency_score, epss, quality_bands
from ckanext.satudata.assessment.model import (
    AgencyAssessment,
    AssessmentChunk,
    AssessmentRun,
    DatasetAssessment,
    ManualIndicator,
)

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")


@pytest.fixture
def lifecycle_off(ckan_config, monkeypatch):
    """No scheduled re-assessments unless a test turns them on."""
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "false")


def work():
    """Run the queued jobs with a real RQ worker (in this process, burst mode)."""
    ckan_jobs.Worker().work(burst=True)


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def bekasi(make_agency, make_dataset, upload_resource):
    """Two agencies: Disdukcapil with a tidy CSV and a report-sheet XLSX, Dinkes with a PDF only."""
    dukcapil = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    tidy = make_dataset(
        dukcapil["id"],
        name="penduduk-kecamatan-2023",
        title="Jumlah Penduduk Menurut Kecamatan 2023",
        resources=[],
    )
    upload_resource(tidy, "penduduk_kecamatan_2023.csv", name="Penduduk 2023")
    messy = make_dataset(
        dukcapil["id"],
        name="penduduk-2021-2023-laporan",
        title="Penduduk 2021-2023 (laporan)",
        resources=[],
    )
    upload_resource(messy, "penduduk_kecamatan_2021_2023_laporan.xlsx", name="Tabel 3.1")
    pdf = make_dataset(dinkes["id"], name="puskesmas-2023", title="Puskesmas 2023", resources=[])
    upload_resource(pdf, "penduduk_kecamatan_2023.pdf", name="Tabel (PDF)")
    return {"dukcapil": dukcapil, "dinkes": dinkes, "tidy": tidy, "messy": messy, "pdf": pdf}


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
