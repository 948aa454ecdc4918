"""RQ jobs of the assessment capability and the debounced lifecycle scheduling.

A whole-portal run is split into chunks (:func:`.runs.run_chunk`), one RQ job each, so any number
of ``ckan jobs worker`` processes share it. A change of a dataset schedules
:func:`assess_dataset_job` with the job id ``satudata-assess-<dataset id>`` through RQ's
scheduler (``enqueue_in``): scheduling the same id again only moves its time, so ten quick
edits give one job. The job reads the dataset and writes only the plugin's own tables.
"""

from __future__ import annotations

import datetime as dt
import logging

import ckan.plugins.toolkit as tk

from .lifecycle_queue import job_id_for

log = logging.getLogger(__name__)


def warm_up() -> None:
    """Load what every job needs once, in the worker's parent process: ``ckan jobs worker``
    forks a child per job, and a child would otherwise pay for frictionless' lazy imports, the
    schema marks and the code lists again (about a second per job)."""
    import os
    import tempfile

    from frictionless.formats import ExcelControl  # noqa: F401

    from .core import static, structure

    static.marks()
    static.codelist_map()
    static.formats_map()
    static.area_names()
    static.field_labels()
    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("kecamatan,jumlah\nSetu,1\n")
        structure.inspect_file(path, "csv", static.area_names())
    finally:
        os.unlink(path)


def run_chunk_job(chunk_id: str) -> str:
    """Chunks queued before runs.enqueue_chunk enqueued :func:`.runs.run_chunk` itself."""
    from . import runs

    return runs.run_chunk(chunk_id)


def assess_dataset_job(dataset_id: str) -> str | None:
    """Re-assess one dataset as a run of scope ``dataset`` (trigger ``lifecycle``)."""
    from . import runs, targets
    from .model import DATASET

    if dataset_id not in targets.active_dataset_ids_for([dataset_id]):
        return None
    run = runs.create_run(DATASET, dataset_id, trigger="lifecycle", user=None, enqueue=False)
    runs.run_chunk(f"{run.id}:0")
    return run.id


def schedule_dataset(dataset_id: str, delay: int | None = None) -> str:
    """Schedule the re-assessment of a dataset ``delay`` seconds from now (debounced by job id).
    Returns the RQ job id."""
    from ckan.lib import jobs as ckan_jobs
    from rq.job import Job, JobStatus

    from . import settings

    delay = settings.debounce_seconds() if delay is None else delay
    queue = ckan_jobs.get_queue()
    job_id = job_id_for(dataset_id)
    existing = None
    try:
        existing = Job.fetch(job_id, connection=queue.connection)
    except Exception:  # no such job
        existing = None
    status = existing.get_status(refresh=False) if existing is not None else None
    if status == JobStatus.QUEUED:
        return job_id  # already waiting for a worker: it will read the latest data
    if status == JobStatus.STARTED:
        job_id += "-next"  # running now: one follow-up, itself debounced
    title = f"satudata assessment of dataset {dataset_id}"
    if delay <= 0:
        tk.enqueue_job(assess_dataset_job, [dataset_id], title=title, rq_kwargs={"job_id": job_id})
        return job_id
    job = queue.enqueue_in(
        dt.timedelta(seconds=delay),
        assess_dataset_job,
        dataset_id,
        job_id=job_id,
        job_timeout=tk.config.get("ckan.jobs.timeout"),
        meta={"title": title},
    )
    return job.id


_warmed = False


def warm_up_once() -> None:
    """IForkObserver.before_fork of ``ckan jobs worker``: warm up before the first fork only.

    An optimisation, so a failure is logged and the job runs cold."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    try:
        warm_up()
    except Exception:
        log.warning("assessment: worker warm-up failed", exc_info=True)
