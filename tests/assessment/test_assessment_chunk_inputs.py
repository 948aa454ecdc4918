"""A chunk reads its datasets' inputs together (the kegiatan they link in a few index queries,
the cached structure reports in one Redis round trip): every dataset must get exactly the
verdicts it gets when it is assessed alone."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests.helpers import call_action
from satudata_testing import complete_kegiatan_fields

from ckanext.satudata.assessment import inputs, settings, store
from ckanext.satudata.assessment.model import DatasetAssessment

from .assessment_fixtures import lifecycle_off, run_inline

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")

__all__ = ["lifecycle_off"]  # fixture, imported for this module


def _by_indicator(results: list[dict]) -> dict[str, dict]:
    return {r["indicator_id"]: r for r in results}


def _alone(pkg: dict) -> tuple[float, dict[str, dict]]:
    """Score and results of ``pkg`` assessed on its own, as the stored row would hold them."""
    score = inputs.assess_package(call_action("package_show", id=pkg["id"]), settings.config())
    return score.score, _by_indicator(json.loads(json.dumps([r.as_dict() for r in score.results])))


def test_a_chunk_gives_each_dataset_the_verdicts_it_gets_alone(
    make_agency, make_dataset, upload_resource
):
    org = make_agency(name="dinas-kependudukan-dan-pencatatan-sipil")
    # the fixture's complete kegiatan, shared by two datasets
    shared_a = make_dataset(org["id"], name="penduduk-a")
    shared_b = make_dataset(org["id"], name="penduduk-b")
    # a private kegiatan missing its recommended contact and schedule items
    sparse = call_action(
        "package_create",
        **complete_kegiatan_fields(
            name="kegiatan-tanpa-kontak",
            title="Survei Tanpa Kontak",
            owner_org=org["id"],
            private=True,
            organizer_phone="",
            organizer_email="",
            technical_email="",
            schedule_collection_start="",
            schedule_collection_end="",
        ),
    )
    own = make_dataset(org["id"], name="penduduk-c", kegiatan=sparse["id"])
    unlinked = make_dataset(org["id"], name="penduduk-d", kegiatan="")
    upload_resource(shared_a, "penduduk_kecamatan_2023.csv")
    upload_resource(own, "penduduk_kecamatan_2023.csv")
    pkgs = [shared_a, shared_b, own, unlinked]

    run = run_inline()

    stored = {
        r.dataset_id: r for r in model.Session.query(DatasetAssessment).filter_by(run_id=run.id)
    }
    assert set(stored) >= {p["id"] for p in pkgs}
    for pkg in pkgs:
        score, results = _alone(pkg)
        assert _by_indicator(stored[pkg["id"]].results) == results, pkg["name"]
        assert stored[pkg["id"]].score == score
    activity = {i: _by_indicator(stored[i].results)["activity_metadata"] for i in stored}
    # the test tells kegiatan apart: the sparse one and none at all do not pass
    assert activity[shared_a["id"]]["status"] == "pass"
    assert activity[shared_b["id"]] == activity[shared_a["id"]]
    assert activity[own["id"]]["status"] != "pass"
    assert activity[unlinked["id"]]["status"] != "pass"
    assert activity[own["id"]] != activity[unlinked["id"]]


def test_the_chunk_reads_the_linked_kegiatan_from_the_index(make_agency, make_dataset):
    org = make_agency(name="dinas-kesehatan")
    datasets = [make_dataset(org["id"], name=f"faskes-{i}") for i in range(3)]
    pkgs = store.fetch_packages([d["id"] for d in datasets])
    ids = {p["kegiatan"] for p in pkgs}
    assert len(ids) == 1
    assert set(inputs.indexed_packages(sorted(ids), "+dataset_type:kegiatan")) == ids
    items = inputs.ms_keg_items_many(pkgs)
    assert len({id(v) for v in items.values()}) == 1  # one record, read once
    assert items[pkgs[0]["id"]]["objective"]


def test_stored_verdicts_match_the_results_and_the_migration_backfill(make_agency, make_dataset):
    """The two id arrays the EPSS proposals read: written with every row, and for rows stored
    before migration 0008, rebuilt by its backfill from the results to the same values."""
    import importlib.util
    from pathlib import Path

    import ckanext.satudata

    org = make_agency(name="dinas-pendidikan")
    for i in range(3):
        make_dataset(org["id"], name=f"sekolah-{i}")
    run = run_inline()
    rows = model.Session.query(DatasetAssessment).filter_by(run_id=run.id).all()
    written = {}
    for r in rows:
        assert r.applicable == [x["indicator_id"] for x in r.results if x["status"] != "na"]
        assert r.passed == [x["indicator_id"] for x in r.results if x["status"] == "pass"]
        assert set(r.passed) < set(r.applicable)
        written[r.id] = (r.applicable, r.passed)
    path = next(
        Path(ckanext.satudata.__file__).parent.glob("migration/satudata/versions/0008_*.py")
    )
    spec = importlib.util.spec_from_file_location("migration_0008", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    model.Session.execute(
        sa.text("UPDATE satudata_dataset_assessment SET applicable = '{}', passed = '{}'")
    )
    model.Session.execute(sa.text(migration.BACKFILL))
    model.Session.expire_all()
    again = model.Session.query(DatasetAssessment).filter_by(run_id=run.id).all()
    assert {r.id: (r.applicable, r.passed) for r in again} == written


def test_a_link_that_is_not_a_plain_id_never_widens_the_index_query(make_agency, make_dataset):
    """The search index is asked with ids spliced into a Solr query: a value that is not a
    plain id (here one that would make the query match every dataset) is left out and read
    through the one-by-one fallback instead."""
    org = make_agency(name="dinas-sosial")
    wanted = make_dataset(org["id"], name="bansos-2023")
    others = [make_dataset(org["id"], name=f"bansos-lain-{i}") for i in range(2)]
    hostile = f'{wanted["id"]}") OR id:(*'
    found = inputs.indexed_packages([hostile, wanted["id"]])
    assert set(found) == {wanted["id"]}
    assert not {o["id"] for o in others} & set(found)
