"""The stack is real: PostgreSQL, Solr and Redis answer, and CKAN runs with the plugins."""

from __future__ import annotations

import importlib
import uuid

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis
from ckan.tests.helpers import call_action

PLUGINS = {"satudata", "scheming_datasets", "scheming_organizations", "dcat"}


def record_in_redis(key: str, value: str) -> None:
    """A job: leaves a trace in Redis that the test reads back."""
    connect_to_redis().set(key, value, ex=60)


def test_status_show_lists_the_plugins():
    status = call_action("status_show")
    assert set(status["extensions"]) >= PLUGINS
    assert status["ckan_version"] == "2.12.0"


def test_db_init_and_datastore_cli_import_cleanly():
    for module in ("ckan.cli.db", "ckanext.datastore.cli", "pglast"):
        importlib.import_module(module)


@pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")
def test_dataset_goes_through_postgres_and_solr(make_agency, make_dataset):
    agency = make_agency("disdukcapil")
    dataset = make_dataset(
        agency["id"], name="penduduk-per-kecamatan", title="Penduduk per Kecamatan"
    )

    shown = call_action("package_show", id="penduduk-per-kecamatan")
    assert shown["id"] == dataset["id"]
    assert shown["organization"]["name"] == "disdukcapil"

    found = call_action("package_search", q="kecamatan", fq="organization:disdukcapil")
    assert found["count"] == 1
    assert found["results"][0]["id"] == dataset["id"]

    not_found = call_action("package_search", q="name:tidak-ada-dataset-ini")
    assert not_found["count"] == 0


@pytest.mark.usefixtures("clean_queues", "with_test_worker")
def test_an_enqueued_job_runs_through_redis():
    key = f"satudata-test-{uuid.uuid4()}"
    job = tk.enqueue_job(record_in_redis, [key, "selesai"], queue="satudata-test")
    queue = jobs.get_queue("satudata-test")
    assert job.id in queue.job_ids
    assert connect_to_redis().get(key) is None

    jobs.Worker(["satudata-test"]).work(burst=True)

    assert connect_to_redis().get(key) == b"selesai"
    assert queue.job_ids == []


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_home_and_dataset_pages_render(app, make_agency, make_dataset):
    agency = make_agency("disdik", title="Dinas Pendidikan")
    make_dataset(agency["id"], name="angka-partisipasi-sekolah", title="Angka Partisipasi Sekolah")

    home = app.get("/")
    assert home.status_code == 200

    page = app.get("/dataset/angka-partisipasi-sekolah")
    assert page.status_code == 200
    assert "Angka Partisipasi Sekolah" in page.body
