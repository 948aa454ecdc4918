"""Fixtures of the assessment integration tests."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def assessment_db(clean_db, migrate_db_for, with_plugins, clean_queues):
    """A clean database with the satudata migrations applied and empty job queues (also the
    scheduled jobs, which ``clean_queues`` leaves)."""
    migrate_db_for("satudata")
    from ckan.lib import jobs
    from rq.exceptions import NoSuchJobError

    for queue in jobs.get_all_queues() or [jobs.get_queue()]:
        registry = queue.scheduled_job_registry
        for job_id in registry.get_job_ids():
            try:
                registry.remove(job_id, delete_job=True)
            except NoSuchJobError:  # its hash is gone already (an earlier run stopped)
                registry.remove(job_id)


@pytest.fixture
def walidata_user():
    from ckan.tests import factories

    # the walidata is a sysadmin here; the agencies capability also grants it to the admins of
    # the walidata organization (tested there)
    return factories.Sysadmin(name="walidata-bekasi", email="statistik@bekasikab.go.id")


@pytest.fixture
def upload_resource(create_with_upload):
    """``upload_resource(dataset, filename, **fields)``: a resource with a file of data/."""

    def make(dataset: dict, filename: str, **fields) -> dict:
        fmt = filename.rsplit(".", 1)[1].upper()
        values = {
            "package_id": dataset["id"],
            "name": fields.pop("name", filename),
            "format": fmt,
            "description": "Tabel",
            "data_period": "2023",
            "columns_description": "lihat judul kolom",
            "language": "id",
        }
        values.update(fields)
        return create_with_upload((DATA / filename).read_bytes(), filename, **values)

    return make
