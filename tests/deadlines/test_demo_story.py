"""`ckan satudata demo` tells a collection round's story: a round whose cutoff has passed with
items delivered on time, late, missing, returned with notes and fixed, under review and
approved, so the frozen picture, the delivery table and the scores mean something."""

from __future__ import annotations

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from click.testing import CliRunner

from ckanext.satudata import plugin
from ckanext.satudata.cli import satudata_group
from ckanext.satudata.deadlines import clock, demo

pytestmark = pytest.mark.usefixtures("deadlines_db", "clean_index")


def _by_title(period_id, code):
    return {
        i["title"]: i for i in call_action("satudata_item_list", period_id=period_id, org_id=code)
    }


def test_demo_round_shows_every_kind_of_delivery(app):
    result = CliRunner().invoke(satudata_group(plugin.CAPABILITIES), ["demo"])
    assert result.exit_code == 0, result.output
    year = demo.story_year(clock.now())
    period = call_action("satudata_period_show", id=f"pengumpulan-{year}")
    summary = call_action("satudata_delivery_summary", period_id=period["id"])
    assert summary["snapshot_taken"]
    rows = {r["org"]["name"]: r for r in summary["agencies"]}

    # the frozen picture counts every item of the list, as it stood at the cutoff
    frozen = [r["at_cutoff"] for r in rows.values()]
    assert sum(f["expected"] for f in frozen) == sum(r["expected"] for r in rows.values()) == 12
    assert sum(f["on_time"] for f in frozen) == 3 and sum(f["late"] for f in frozen) == 0

    dinkes = _by_title(period["id"], "dinkes")["Jumlah Puskesmas per Kecamatan"]
    assert (dinkes["state"], dinkes["timeliness"]) == ("approved", "on_time")
    dukcapil = call_action(
        "satudata_item_show",
        id=_by_title(period["id"], "disdukcapil")[
            "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin"
        ]["id"],
    )
    assert (dukcapil["state"], dukcapil["timeliness"]) == ("corrected", "on_time")
    actions = [e["action"] for e in dukcapil["history"]]
    assert actions == ["create", "submit", "start_review", "return", "correct"]
    assert "SIAK" in dukcapil["history"][3]["notes"]
    disdik = _by_title(period["id"], "disdik")["Jumlah Sekolah menurut Jenjang"]
    assert (disdik["state"], disdik["timeliness"]) == ("submitted", "late")
    kb = _by_title(period["id"], "dppkb")["Jumlah Peserta KB Aktif per Kecamatan"]
    assert (kb["state"], kb["timeliness"]) == ("under_review", "on_time")
    live = {k: sum(r[k] for r in rows.values()) for k in ("on_time", "late", "missing", "approved")}
    assert live == {"on_time": 3, "late": 1, "missing": 8, "approved": 1}

    # the walidata's table shows the frozen picture beside the live one
    page = app.get(
        f"/walidata/deadlines?period={period['name']}",
        headers={"Authorization": factories.APIToken(user="walidata")["token"]},
    ).body
    assert 'class="frozen"' in page and "Jumlah Peserta KB" not in page

    # the scores read the timeliness: the late dataset is scored, like every demo dataset
    scored = call_action("satudata_assessment_show", dataset_id="jumlah-siswa-sd-smp-per-kecamatan")
    assert scored["score"] is not None

    # a second run changes nothing
    again = CliRunner().invoke(satudata_group(plugin.CAPABILITIES), ["demo"])
    assert again.exit_code == 0, again.output
    again_rows = call_action("satudata_delivery_summary", period_id=period["id"])["agencies"]
    assert sum(r["expected"] for r in again_rows) == 12
