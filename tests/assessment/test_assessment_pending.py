"""A re-assessment that could not be queued is kept in PostgreSQL until it is."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.lib import jobs
from ckan.tests import factories
from satudata_testing import complete_dataset_fields

from ckanext.satudata.assessment import lifecycle_hook as hooks
from ckanext.satudata.assessment.lifecycle_queue import job_id_for
from ckanext.satudata.assessment.model import PendingAssessment


@pytest.mark.usefixtures("assessment_db")
def test_pending_reassessments_are_queued_by_the_cli_once(cli):
    from satudata_testing import satudata_cli

    satudata = satudata_cli()

    org = factories.Organization(name="dinsos", agency_code="dinsos", agency_type="dinas")
    dataset = factories.Dataset(owner_org=org["id"], **complete_dataset_fields(name="pending"))
    jobs.get_queue().empty()
    hooks._remember_pending(dataset["id"])
    hooks._remember_pending(dataset["id"])  # a second failed save keeps one promise
    model.repo.commit()
    assert model.Session.query(PendingAssessment).count() == 1

    result = cli.invoke(satudata, ["assess", "--pending"])
    assert result.exit_code == 0, result.output
    assert "1 pending re-assessment(s) queued" in result.output

    model.Session.remove()
    assert model.Session.query(PendingAssessment).count() == 0
    queue = jobs.get_queue()
    scheduled = queue.scheduled_job_registry.get_job_ids() + queue.job_ids
    assert job_id_for(dataset["id"]) in scheduled

    again = cli.invoke(satudata, ["assess", "--pending"])
    assert "0 pending re-assessment(s) queued" in again.output


@pytest.mark.usefixtures("assessment_db")
def test_a_changed_kegiatan_reschedules_its_datasets_not_itself(make_agency, make_dataset):
    from ckan.tests.helpers import call_action

    org = make_agency("dinsos")
    dataset = make_dataset(org["id"], name="bansos")
    other = make_dataset(org["id"], name="tanpa-kegiatan", kegiatan="")
    queue = jobs.get_queue()
    queue.empty()
    for job_id in queue.scheduled_job_registry.get_job_ids():
        queue.scheduled_job_registry.remove(job_id, delete_job=True)

    call_action("package_patch", id=dataset["kegiatan"], objective="Tujuan yang diperbarui.")
    scheduled = queue.scheduled_job_registry.get_job_ids() + queue.job_ids
    assert job_id_for(dataset["id"]) in scheduled
    assert job_id_for(dataset["kegiatan"]) not in scheduled
    assert job_id_for(other["id"]) not in scheduled
