"""The ids of the debounced lifecycle re-assessments in RQ, and dropping the pending ones.

Apart from :mod:`.jobs` (which enqueues them and runs them, and so imports :mod:`.runs`) so that
:mod:`.runs` can drop the jobs a run makes redundant without importing the jobs back.
"""

from __future__ import annotations


def job_id_for(dataset_id: str) -> str:
    return f"satudata-assess-{dataset_id}"


def cancel_lifecycle_jobs(dataset_ids: list[str] | None = None) -> int:
    """Drop the pending (scheduled or queued, not started) lifecycle re-assessments of these
    datasets — of every dataset when ``None``: a run that covers them makes them redundant.
    One Redis pipeline: scheduled ids leave the scheduled registry, and the job hashes are
    deleted (a worker skips a queued id whose job is gone). Returns how many were dropped."""
    from ckan.lib import jobs as ckan_jobs
    from rq.job import Job

    queue = ckan_jobs.get_queue()
    prefix = "satudata-assess-"

    def lifecycle(job_id: str) -> bool:
        return job_id.startswith(prefix) and not job_id.startswith(prefix + "chunk-")

    registry = queue.scheduled_job_registry
    scheduled = [j for j in registry.get_job_ids() if lifecycle(j)]
    queued = [j for j in queue.job_ids if lifecycle(j)]
    if dataset_ids is not None:
        wanted = {job_id_for(d) for d in dataset_ids} | {
            job_id_for(d) + "-next" for d in dataset_ids
        }
        scheduled = [j for j in scheduled if j in wanted]
        queued = [j for j in queued if j in wanted]
    if not scheduled and not queued:
        return 0
    pipe = queue.connection.pipeline()
    if scheduled:
        pipe.zrem(registry.key, *scheduled)
    for job_id in set(scheduled) | set(queued):
        pipe.delete(Job.key_for(job_id), Job.dependents_key_for(job_id))
    pipe.execute()
    return len(set(scheduled) | set(queued))
