"""``ckan satudata assess``: run the assessment from cron or by hand."""

from __future__ import annotations

import json
import time

import click


@click.command(short_help="Assess datasets and agencies (whole portal, one agency or one dataset)")
@click.option("--agency", "agency", default=None, help="Only this agency (id or name).")
@click.option("--dataset", "dataset", default=None, help="Only this dataset (id or name).")
@click.option("--sync", is_flag=True, help="Do the work in this process instead of RQ workers.")
@click.option("--wait", is_flag=True, help="Wait until the workers finished the run.")
@click.option("--resume", default=None, help="Re-enqueue the unfinished chunks of this run id.")
@click.option("--show", "show", default=None, help="Print the progress of this run id and exit.")
@click.option(
    "--pending",
    is_flag=True,
    help="Only queue the re-assessments an outage of the queue left pending.",
)
def assess(
    agency: str | None,
    dataset: str | None,
    sync: bool,
    wait: bool,
    resume: str | None,
    show: str | None,
    pending: bool,
) -> None:
    """Start an assessment run as the site user and print its run id.

    Examples for cron: ``ckan satudata assess`` (whole portal, shared by the running
    ``ckan jobs worker`` processes), ``ckan satudata assess --sync`` (no worker needed)."""
    import ckan.plugins.toolkit as tk

    from . import results, runs, settings
    from .model import AGENCY, DATASET, PORTAL, AssessmentChunk

    if pending:
        import ckan.model as model

        from .lifecycle_hook import queue_pending

        queued = queue_pending(limit=100_000)
        model.repo.commit()
        click.echo(f"{queued} pending re-assessment(s) queued")
        return
    context = {"user": settings.site_user(), "ignore_auth": True}
    if show:
        click.echo(
            json.dumps(
                tk.get_action("satudata_assessment_run_show")(context, {"id": show}), indent=2
            )
        )
        return
    if resume:
        out = tk.get_action("satudata_assessment_run")(context, {"resume": resume})
        click.echo(f"run {out['run_id']}: {out['resumed_chunks']} chunk(s) enqueued again")
        return
    scope, target = PORTAL, None
    if agency:
        scope, target = AGENCY, agency
    if dataset:
        scope, target = DATASET, dataset
    if sync:
        import ckan.model as model

        from .actions import _dataset, _org

        target_id = None
        if scope == AGENCY:
            target_id = _org(target).id
        elif scope == DATASET:
            target_id = _dataset(target).id
        run = runs.create_run(scope, target_id, trigger="cli", user=context["user"], enqueue=False)
        chunks = [
            c
            for (c,) in model.Session.query(AssessmentChunk.id)
            .filter(AssessmentChunk.run_id == run.id)
            .order_by(AssessmentChunk.seq)
        ]
        with click.progressbar(chunks, label=f"run {run.id}") as bar:
            for chunk_id in bar:
                runs.run_chunk(chunk_id)
        model.Session.refresh(run)
        summary = results.run_summary(run)
    else:
        summary = tk.get_action("satudata_assessment_run")(
            context, {"scope": scope, "id": target, "trigger": "cli"}
        )
        run_id = summary["run_id"]
        while wait and summary["state"] not in ("done", "failed", "partial"):
            time.sleep(2)
            summary = tk.get_action("satudata_assessment_run_show")(context, {"id": run_id})
    click.echo(
        f"run {summary['id']}: {summary['state']}, {summary['datasets_assessed']}/"
        f"{summary['datasets_total']} datasets, {summary['chunks_done']}/"
        f"{summary['chunks_total']} chunks done, {summary['chunks_failed']} failed"
    )
