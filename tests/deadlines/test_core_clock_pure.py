"""Pure tests of the deadlines calendar (no CKAN, no services): the cut-off as the end of the local day stored in UTC, parsing and formatting local times, month arithmetic, the countdown."""

import datetime as dt

import pytest

from ckanext.satudata.deadlines.core import calendar as cal
from ckanext.satudata.deadlines.core import lifecycle as lc

from .core_pure_clock import CUTOFF, JKT, UTC, local, process_in_utc

pytestmark = pytest.mark.pure

__all__ = ["process_in_utc"]  # fixtures, imported for this module


def test_cutoff_is_end_of_local_day_stored_as_utc():
    assert dt.datetime(2026, 11, 23, 16, 59, 59, 999999, tzinfo=UTC) == CUTOFF
    assert CUTOFF.tzinfo == UTC


def test_boundary_on_time_and_late_in_portal_zone():
    last_second = local(2026, 11, 23, 23, 59, 59)
    first_second = local(2026, 11, 24, 0, 0, 0)
    assert lc.timeliness_for(last_second, CUTOFF) == lc.ON_TIME
    assert lc.timeliness_for(first_second, CUTOFF) == lc.LATE
    # the same instants as the UTC server sees them
    assert (
        lc.timeliness_for(dt.datetime(2026, 11, 23, 16, 59, 59, tzinfo=UTC), CUTOFF) == lc.ON_TIME
    )
    assert lc.timeliness_for(dt.datetime(2026, 11, 23, 17, 0, 0, tzinfo=UTC), CUTOFF) == lc.LATE
    # naive values are UTC (CKAN's convention), not server local time
    assert lc.timeliness_for(dt.datetime(2026, 11, 23, 17, 0, 0), CUTOFF) == lc.LATE


def test_evening_of_23_nov_utc_is_already_late_locally():
    # a "date in UTC" reading would call 23 Nov 20:00 UTC on time; locally it is 24 Nov 03:00
    assert lc.timeliness_for(dt.datetime(2026, 11, 23, 20, 0, tzinfo=UTC), CUTOFF) == lc.LATE


def test_parse_local_forms():
    assert cal.parse_local("", JKT) is None
    assert cal.parse_local(None, JKT) is None
    assert cal.parse_local("2026-12-08", JKT) == dt.datetime(
        2026, 12, 8, 16, 59, 59, 999999, tzinfo=UTC
    )
    assert cal.parse_local("2026-12-08", JKT, end_of_day=False) == dt.datetime(
        2026, 12, 7, 17, 0, tzinfo=UTC
    )
    assert cal.parse_local("2026-11-01 08:00", JKT) == dt.datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
    assert cal.parse_local("2026-11-01T08:00:00+00:00", JKT) == dt.datetime(
        2026, 11, 1, 8, 0, tzinfo=UTC
    )
    assert cal.parse_local(dt.date(2026, 11, 23), JKT) == CUTOFF
    with pytest.raises(cal.CalendarError):
        cal.parse_local("23/11/2026", JKT)
    with pytest.raises(cal.CalendarError):
        cal.get_zone("Mars/Olympus")


def test_format_and_time_left():
    assert cal.format_local(CUTOFF, JKT) == "2026-11-23 23:59 WIB"
    left = cal.time_left(dt.datetime(2026, 11, 20, 14, 0, tzinfo=UTC), CUTOFF)
    assert (left.past, left.days, left.hours) == (False, 3, 2)
    assert cal.time_left(dt.datetime(2026, 11, 25, tzinfo=UTC), CUTOFF).past
    assert cal.time_left(dt.datetime(2026, 11, 25, tzinfo=UTC), None) is None


def test_add_months_clamps():
    assert cal.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert cal.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert cal.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert cal.add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


# --- the home page's countdown ------------------------------------------------------------
def test_countdown_counts_local_days_to_cutoff_then_input_close_then_closed():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from ckanext.satudata.deadlines.core.countdown import (
        BEFORE_CUTOFF,
        CLOSED,
        INPUT_OPEN,
        countdown,
    )

    jkt = ZoneInfo("Asia/Jakarta")
    cutoff = dt.datetime(2026, 11, 23, 23, 59, 59, tzinfo=jkt)
    close = dt.datetime(2026, 12, 8, 23, 59, 59, tzinfo=jkt)
    # 20 November 23:30 Jakarta is 16:30 UTC: still 3 local days before the 23rd
    c = countdown(dt.datetime(2026, 11, 20, 16, 30, tzinfo=dt.timezone.utc), cutoff, close, jkt)
    assert (c.stage, c.deadline, c.days) == (BEFORE_CUTOFF, dt.date(2026, 11, 23), 3)
    # 17:30 UTC on the 20th is already the 21st in Jakarta
    c = countdown(dt.datetime(2026, 11, 20, 17, 30, tzinfo=dt.timezone.utc), cutoff, close, jkt)
    assert c.days == 2
    c = countdown(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.timezone.utc), cutoff, close, jkt)
    assert (c.stage, c.deadline, c.days) == (INPUT_OPEN, dt.date(2026, 12, 8), 7)
    c = countdown(dt.datetime(2026, 12, 9, 3, 0, tzinfo=dt.timezone.utc), cutoff, close, jkt)
    assert c.stage == CLOSED
    c = countdown(dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.timezone.utc), cutoff, None, jkt)
    assert c.stage == CLOSED
