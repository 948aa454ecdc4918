"""The OPD ranking through the actions a walidata uses: the same components for every agency,
a component without input shown as missing (and counted 0), Pemda-level indicators refused."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import runs
from ckanext.satudata.assessment.core import agency_score
from ckanext.satudata.assessment.model import AssessmentChunk, ManualIndicator

pytestmark = pytest.mark.usefixtures("assessment_db")


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def twins(make_agency, make_dataset, upload_resource):
    """Two agencies holding the same tidy table."""
    out = {}
    for code in ("dinsos", "disnaker"):
        org = make_agency(code, title=f"Dinas {code}")
        ds = make_dataset(
            org["id"], name=f"penduduk-{code}", title=f"Penduduk ({code})", resources=[]
        )
        upload_resource(ds, "penduduk_kecamatan_2023.csv", name="Penduduk 2023")
        out[code] = org
    return out


def _run_portal():
    run = runs.create_run("portal", None, trigger="test", user=None, enqueue=False)
    for (cid,) in model.Session.query(AssessmentChunk.id).filter_by(run_id=run.id).all():
        runs.run_chunk(cid)


def test_an_agency_without_manual_input_shows_it_missing_and_ranks_below(twins, walidata_user):
    for code in agency_score.DEFAULT_MANUAL_CODES:
        call_action(
            "satudata_manual_indicator_set",
            ctx(walidata_user),
            org_id=twins["dinsos"]["id"],
            epss_code=code,
            level=3,
            evidence=f"SOP {code} Dinas Sosial 2026",
        )
    _run_portal()
    ranking = call_action("satudata_assessment_list", ctx(walidata_user))
    by_name = {a["org_name"]: a for a in ranking["agencies"]}
    with_input, without = by_name["dinsos"], by_name["disnaker"]
    assert with_input["components"]["datasets"] == without["components"]["datasets"]
    assert with_input["components"]["manual"] == 50.0 and with_input["status"]["manual"] == "ok"
    assert without["components"]["manual"] is None and without["status"]["manual"] == "missing"
    assert without["manual_missing"] == list(agency_score.DEFAULT_MANUAL_CODES)
    assert without["weights_used"] == with_input["weights_used"]  # same components for both
    assert without["complete"] is False
    assert with_input["score"] > without["score"] and with_input["rank"] < without["rank"]


@pytest.mark.parametrize("code", ["40301", "40302", "40304", "50302"])
def test_pemda_level_indicators_cannot_be_entered_per_opd(twins, walidata_user, code):
    from ckan.logic import ValidationError

    with pytest.raises(ValidationError) as e:
        call_action(
            "satudata_manual_indicator_set",
            ctx(walidata_user),
            org_id=twins["dinsos"]["id"],
            epss_code=code,
            level=3,
            evidence="Notulen Forum SDI",
        )
    assert "Pemda" in str(e.value.error_dict["epss_code"])
    assert model.Session.query(ManualIndicator).count() == 0


def test_a_credit_out_of_range_fails_the_run_with_its_reason(
    twins, walidata_user, ckan_config, monkeypatch
):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.ranking.late_credit", "3")
    _run_portal()
    run = call_action("satudata_assessment_list", ctx(walidata_user))["run"]
    assert run["state"] == "failed" and "late_credit" in (run.get("error") or "")
