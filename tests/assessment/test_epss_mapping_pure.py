"""The EPSS code each portal indicator gives evidence for, against epss.md sections 2 and 6
(docs/assessment.md gives each code's reason), and the release calendar rule behind 20302."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.satudata.assessment import epss_proposals as proposals
from ckanext.satudata.assessment.core import indicators as ind
from ckanext.satudata.deadlines.core import calendar as cal
from ckanext.satudata.deadlines.core import release

pytestmark = pytest.mark.pure

WIB = cal.get_zone("Asia/Jakarta")


@pytest.mark.parametrize(
    "indicator,code",
    [
        # open, machine-readable formats: 10301 (interoperabilitas), not 20403 (several formats)
        ("open_format", "10301"),
        # tidy, machine-readable tables: 10301; not 20502 (consistency across datasets),
        # 20501 (comparability across periods) or 10101 (konsep, definisi, satuan)
        ("struct_no_totals", "10301"),
        ("struct_long_format", "10301"),
        ("struct_numeric", "10301"),
        # delivery to the walidata by the cutoff is not dissemination timeliness (20302, which
        # the jadwal rilis evidences); epss.md names no indicator for it
        ("submitted_on_time", ""),
        ("up_to_date", "20301"),
        ("downloadable", "20401"),
    ],
)
def test_portal_indicator_epss_codes(indicator, code):
    assert ind.BY_ID[indicator].epss == code


def test_no_portal_indicator_claims_the_codes_the_portal_does_not_check():
    claimed = {i.epss for i in ind.INDICATORS}
    assert not claimed & {"20403", "20501", "20502", "20302"}
    assert {"20501", "20502"} <= set(proposals.NO_SIGNAL)


def test_several_formats_means_two_or_more_with_one_machine_readable():
    assert proposals._several_formats(["CSV", "PDF"]) is True
    assert proposals._several_formats(["csv", ".xlsx"]) is True
    assert proposals._several_formats(["PDF", "PNG"]) is False
    assert proposals._several_formats(["CSV"]) is False


def test_release_date_range_and_format():
    assert release.parse("2026-12-31", 2026) == (dt.date(2026, 12, 31), None)
    assert release.parse("", 2026) == (None, None)
    assert release.parse("2024-12-31", 2026) == (None, "range")
    assert release.parse("2029-01-01", 2026) == (None, "range")
    assert release.parse("2025-01-01", 2026)[0] == dt.date(2025, 1, 1)
    assert release.parse("31/12/2026", 2026) == (None, "format")
    assert release.parse("2026-02-30", 2026) == (None, "format")
    assert release.parse(20261231, 2026) == (None, "format")


def test_release_status_uses_the_end_of_the_planned_day_in_jakarta():
    planned = dt.date(2026, 12, 10)
    last_minute = cal.parse_local("2026-12-10 23:59", WIB)
    next_day = cal.parse_local("2026-12-11 00:01", WIB)  # still 10 December in UTC
    assert release.status(planned, last_minute, next_day, WIB) == release.ON_TIME
    assert release.status(planned, next_day, next_day, WIB) == release.LATE
    assert release.status(planned, None, last_minute, WIB) == release.NOT_DUE
    assert release.status(planned, None, next_day, WIB) == release.OVERDUE
    assert release.status(None, next_day, next_day, WIB) is None


def test_20302_counts_datasets_whose_release_is_due():
    pred = proposals._released_on_time
    assert pred({"release_status": "on_time"}) is True
    assert pred({"release_status": "late"}) is False
    assert pred({"release_status": "overdue"}) is False
    assert pred({"release_status": "not_due"}) is None
    assert pred(None) is None
