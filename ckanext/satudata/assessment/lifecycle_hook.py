"""The dataset lifecycle hooks of the assessment capability."""

from __future__ import annotations

import logging

import ckan.model as model
import sqlalchemy as sa

from ckanext.satudata.metadata import api as metadata_api

log = logging.getLogger(__name__)
_TABLE = "satudata_dataset_assessment"
_table_seen = False


def _table_exists() -> bool:
    """Before the migration ran the table is absent; a failing query would abort the
    request's transaction, so look first (and remember once it is there)."""
    global _table_seen
    if not _table_seen:
        _table_seen = sa.inspect(model.Session.connection()).has_table(_TABLE)
    return _table_seen


def add_flat_values(pkg_dict: dict) -> None:
    global _table_seen
    if not pkg_dict.get("id") or not _table_exists():
        return
    from .model import DatasetAssessment, band_fields, iso

    try:
        with model.Session.begin_nested():
            row = (
                model.Session.query(
                    DatasetAssessment.score,
                    DatasetAssessment.band,
                    DatasetAssessment.level,
                    DatasetAssessment.assessed_at,
                )
                .filter(
                    DatasetAssessment.dataset_id == pkg_dict["id"],
                    DatasetAssessment.error.is_(None),
                )
                .order_by(DatasetAssessment.assessed_at.desc())
                .first()
            )
    except sa.exc.ProgrammingError:  # the table went away (tests rebuilding the database)
        _table_seen = False
        return
    if row is None:
        return
    pkg_dict["satudata_score"] = float(row.score)
    pkg_dict["satudata_band"] = band_fields(row.band, row.score, row.level)["band"]
    pkg_dict["satudata_assessed_at"] = iso(row.assessed_at)


def schedule(pkg_dict: dict) -> None:
    """Queue the debounced re-assessment of a changed dataset.

    If the queue (Redis) is down the dataset still saves: the promise is written to
    ``satudata_assessment_pending`` in the dataset's own transaction, and the next change that
    reaches the queue (or ``ckan satudata assess --pending``) queues every pending one."""
    from . import jobs, settings

    if not pkg_dict.get("id") or not settings.lifecycle_enabled():
        return
    if pkg_dict.get("type") == metadata_api.kegiatan_rules.KEGIATAN_TYPE:
        # a kegiatan is not assessed; the datasets that read their MS-Keg items from it are
        from . import targets

        for dataset_id in targets.datasets_of_kegiatan(pkg_dict["id"]):
            schedule({"id": dataset_id})
        return
    try:
        jobs.schedule_dataset(pkg_dict["id"])
    except Exception:  # a queue outage must never block editing a dataset
        log.exception(
            "could not schedule the assessment of dataset %s; kept as pending", pkg_dict.get("id")
        )
        _remember_pending(pkg_dict["id"])
        return
    queue_pending()


def _remember_pending(dataset_id: str) -> None:
    from sqlalchemy.dialects.postgresql import insert

    from .model import PendingAssessment

    if not _table_exists():
        return
    model.Session.execute(
        insert(PendingAssessment)
        .values(dataset_id=dataset_id)
        .on_conflict_do_nothing(index_elements=["dataset_id"])
    )


def queue_pending(limit: int = 500) -> int:
    """Queue the re-assessments that an outage left pending; returns how many were queued.

    Rows are taken with ``SKIP LOCKED`` so two processes never queue the same one twice, and
    removed in the caller's transaction (a failure to queue keeps them)."""
    from . import jobs
    from .model import PendingAssessment

    if not _table_exists():
        return 0
    rows = (
        model.Session.query(PendingAssessment)
        .order_by(PendingAssessment.since)
        .with_for_update(skip_locked=True)
        .limit(limit)
        .all()
    )
    queued = 0
    for row in rows:
        try:
            jobs.schedule_dataset(row.dataset_id)
        except Exception:
            log.exception(
                "the queue is still unreachable; %d re-assessments stay pending", len(rows) - queued
            )
            break
        model.Session.delete(row)
        queued += 1
    return queued
