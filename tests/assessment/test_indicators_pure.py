"""The indicator table (pure): points, the shipped weights, complete entries, the complete dataset passing every indicator, marks from the schema, codes and tags."""

from __future__ import annotations

import pytest
import yaml

from ckanext.satudata.assessment.core import epss, scoring, static
from ckanext.satudata.assessment.core import indicators as ind

from .indicator_inputs import CONFIG, TIDY, complete_dataset, evaluate

pytestmark = pytest.mark.pure


def test_points_sum_to_the_documented_maximum():
    assert sum(i.points for i in ind.INDICATORS) == ind.MAX_POINTS == 100
    assert CONFIG.max_points == 100


def test_shipped_weights_file_lists_every_indicator_with_its_default_points():
    raw = yaml.safe_load(scoring.DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    assert raw["points"] == {i.id: i.points for i in ind.INDICATORS if not i.precondition}


def test_table_entries_are_complete():
    assert len(ind.BY_ID) == len(ind.INDICATORS)
    for i in ind.INDICATORS:
        assert i.principle in ind.PRINCIPLES
        assert i.epss in epss.BY_CODE or (i.epss == "" and i.id == "submitted_on_time")
        assert i.applies_to in (ind.DATASET, ind.RESOURCE)
        for text in (i.title, i.reason, i.fix):
            assert text["id"].strip() and text["en"].strip() and text["id"] != text["en"]
        assert "{details}" in i.reason["id"] and "{details}" in i.reason["en"]
        # a precondition (guaranteed by form validation) earns no points; every other does
        assert (i.points == 0) == i.precondition, i.id


def test_the_complete_dataset_passes_every_indicator():
    score = evaluate(complete_dataset())
    failing = {r.indicator_id: r.details for r in score.results if r.status != scoring.PASS}
    assert failing == {}
    assert score.score == 100.0 and score.band == "siap_pakai" and score.capped_by == ""


def test_marks_come_from_the_schema_not_a_second_list():
    marks = dict(static.marks())
    assert marks["notes"] == "required" and marks["variables.definition"] == "required"
    ds = complete_dataset()
    ds["sds_code"] = ""
    assert evaluate(ds).result("meta_required").status == scoring.PASS  # sds_code is optional
    marks["sds_code"] = "required"  # the schema changes
    inp = ind.Inputs(
        marks=marks,
        codelists=static.codelist_map(),
        formats=static.formats_map(),
        structure={"res-tidy": TIDY},
        timeliness=None,
    )
    r = scoring.score_dataset(ds, inp, CONFIG).result("meta_required")
    assert r.status == scoring.PARTIAL and r.details == ("sds_code",)


def test_desa_codes_of_the_area_list_are_valid():
    ds = complete_dataset()
    ds["presentation_level"] = "desa_kelurahan"
    ds["area_codes"] = ["32.16.18.2001", "32.16.18.2002"]
    assert evaluate(ds).result("area_codes").status == scoring.PASS
    ds["area_codes"] = ["32.16.99.2001", "32.16.18.3001"]
    r = evaluate(ds).result("area_codes")
    assert r.status == scoring.FAIL and len(r.details) == 3


def test_tags_count_for_the_tag_string_field():
    ds = complete_dataset()
    del ds["tag_string"]
    assert evaluate(ds).result("meta_recommended").status == scoring.PASS
    ds["tags"] = []
    assert evaluate(ds).result("meta_recommended").details == ("tag_string",)
