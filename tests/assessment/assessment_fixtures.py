"""Shared by the assessment integration tests: the lifecycle hook switched off, a Bekasi portal of agencies and datasets, running the RQ queue and a user context."""

from __future__ import annotations

import pytest
from ckan.lib import jobs as ckan_jobs


@pytest.fixture
def lifecycle_off(ckan_config, monkeypatch):
    """No scheduled re-assessments unless a test turns them on."""
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "false")


def work():
    """Run the queued jobs with a real RQ worker (in this process, burst mode)."""
    ckan_jobs.Worker().work(burst=True)


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def headers(user):
    """API-token headers of ``user`` (token auth: the CSRF check does not apply)."""
    from ckan.tests import factories

    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def run_inline():
    """A portal run done in this process, chunk by chunk (no worker)."""
    from ckan import model

    from ckanext.satudata.assessment import runs
    from ckanext.satudata.assessment.model import AssessmentChunk

    run = runs.create_run("portal", None, trigger="test", user=None, enqueue=False)
    for (cid,) in model.Session.query(AssessmentChunk.id).filter_by(run_id=run.id).all():
        runs.run_chunk(cid)
    return run


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
