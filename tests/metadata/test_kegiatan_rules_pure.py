"""The Kegiatan Statistik rules that need no CKAN (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.satudata.metadata import kegiatan_rules as kr

pytestmark = pytest.mark.pure


@pytest.mark.parametrize(
    ("clauses", "asked"),
    [
        (("+dataset_type:kegiatan",), True),
        (('dataset_type:"kegiatan"',), True),
        (("name:x +dataset_type:*",), True),
        (("dataset_type:(dataset OR kegiatan)",), True),
        (("-dataset_type:kegiatan",), False),
        (("-dataset_type:harvest", None, ""), False),  # ckanext-dcat's catalog search
        (("+dataset_type:dataset",), False),
        (("owner_org:abc",), False),
        (("nodataset_type:kegiatan",), False),
    ],
)
def test_a_search_asks_for_kegiatan_only_with_a_positive_type_clause(clauses, asked):
    assert kr.asks_for_kegiatan(*clauses) is asked


@pytest.mark.parametrize(
    ("value", "day", "msgid"),
    [
        ("2023-01-02", "2023-01-02", None),
        ("2023-01-02T10:00:00", "2023-01-02", None),
        (dt.date(1945, 1, 1), "1945-01-01", None),
        ("02-01-2023", None, kr.MSG_DATE_FORMAT),
        ("2023-02-30", None, kr.MSG_DATE_FORMAT),
        ("1944-12-31", None, "Enter a date between %(min)s and %(max)s"),
        ("2101-01-01", None, "Enter a date between %(min)s and %(max)s"),
    ],
)
def test_dates_are_iso_days_inside_the_range(value, day, msgid):
    got, problem = kr.parse_date(value)
    assert got == day
    assert (problem.msgid if problem else None) == msgid


def test_counts_are_whole_numbers_in_range():
    assert kr.check_count("46") == (46, None)
    assert kr.check_count(2.5)[1] is not None
    assert kr.check_count(-1)[1] is not None
    assert kr.check_count(1_000_001)[1] is not None


def test_a_schedule_may_not_end_before_it_starts():
    record = {
        "schedule_collection_start": "2023-01-02",
        "schedule_collection_end": "2022-12-31",
        "schedule_analysis_start": "2023-05-01",
        "schedule_analysis_end": "2023-05-01",
        "schedule_evaluation_end": "2023-01-01",  # no start: nothing to compare
    }
    assert kr.schedule_disorder(record) == ["schedule_collection_end"]


def test_ms_keg_items_are_the_filled_items_with_the_agency_by_name():
    record = {
        "id": "k1",
        "name": "survei-2023",
        "type": "kegiatan",
        "title": "Survei 2023",
        "owner_org": "org-id",
        "organization": {"title": "Dinas Kesehatan"},
        "objective": "",
        "collection_techniques": ["wawancara"],
        "resources": [],
    }
    items = kr.ms_keg_items(record)
    assert items == {
        "id": "k1",
        "name": "survei-2023",
        "title": "Survei 2023",
        "owner_org": "Dinas Kesehatan",
        "collection_techniques": ["wawancara"],
    }
    assert kr.ms_keg_items(None) == {}


def test_every_ms_keg_item_has_a_kind_and_every_block_a_field():
    kinds = kr.field_kinds()
    assert set(kinds) == set(kr.item_fields())
    assert set(kinds.values()) == {"text", "code", "codes", "int", "date", "rows"}
    assert kr.codelist_of("collection_techniques") == "collection_technique"
    assert kr.variable_subfields() == ["name", "concept", "definition", "reference_period"]
