"""Pure tests of due dates and reminders (no CKAN, no services): the next due date by frequency, overdue status, reminder offsets, catch-up without duplicates, the overdue filter."""

import datetime as dt

import pytest

from ckanext.satudata.deadlines.core import calendar as cal
from ckanext.satudata.deadlines.core import frequency as freq
from ckanext.satudata.deadlines.core import reminders as rem

from .core_pure_clock import CUTOFF, JKT, UTC, local, process_in_utc

pytestmark = pytest.mark.pure

__all__ = ["process_in_utc"]  # fixtures, imported for this module


def test_next_due_by_frequency():
    last = dt.datetime(2026, 1, 31, 20, 0, tzinfo=UTC)  # 1 Feb 03:00 local
    assert freq.next_due("bulanan", last, JKT) == cal.parse_local("2026-03-01", JKT)
    assert freq.next_due("triwulanan", last, JKT) == cal.parse_local("2026-05-01", JKT)
    assert freq.next_due("harian", last, JKT) == cal.parse_local("2026-02-02", JKT)
    assert freq.next_due("mingguan", last, JKT) == cal.parse_local("2026-02-08", JKT)
    assert freq.next_due("empat_bulanan", last, JKT) == cal.parse_local("2026-06-01", JKT)
    assert freq.next_due("semesteran", last, JKT) == cal.parse_local("2026-08-01", JKT)
    assert freq.next_due("tahunan", last, JKT) == cal.parse_local("2027-02-01", JKT)
    assert freq.next_due("dua_tahunan", last, JKT) == cal.parse_local("2028-02-01", JKT)
    assert freq.next_due("sekali", last, JKT) is None
    assert freq.next_due("tidak_tetap", last, JKT) is None
    assert freq.next_due("bulanan", None, JKT) is None
    assert {
        "harian",
        "mingguan",
        "bulanan",
        "triwulanan",
        "empat_bulanan",
        "semesteran",
        "tahunan",
        "dua_tahunan",
        "sekali",
        "tidak_tetap",
    } == freq.SLUGS


def test_due_status_overdue():
    last = local(2026, 9, 15, 10)
    due = freq.due_status("bulanan", last, local(2026, 10, 15, 23, 59), JKT)
    assert not due.overdue
    due = freq.due_status("bulanan", last, local(2026, 10, 18, 1), JKT)
    assert due.overdue and due.days_overdue == 3


CLOSE = cal.parse_local("2026-12-08", JKT)


def test_schedule_default_offsets():
    slots = rem.schedule(CUTOFF, JKT, input_close=CLOSE)
    keys = [s.key for s in slots]
    assert keys == [
        "before-7",
        "before-3",
        "before-1",
        "overdue-2026-11-24",
        "overdue-2026-12-01",
        "overdue-2026-12-08",
    ]
    assert slots[0].moment == local(2026, 11, 16, 8).astimezone(UTC)
    assert rem.parse_offsets("7, 3 1") == (7, 3, 1)
    assert rem.parse_offsets([1, 14]) == (14, 1)


def test_due_reminders_catch_up_and_no_duplicates():
    slots = rem.schedule(CUTOFF, JKT, input_close=CLOSE)
    now = local(2026, 11, 21, 9)  # missed the 7-day run, 3-day is due
    plan = rem.due_reminders(slots, now, set(), CUTOFF)
    assert [s.key for s in plan.send] == ["before-3"]
    assert [s.key for s in plan.supersede] == ["before-7"]
    done = {s.key for s in plan.send + plan.supersede}
    again = rem.due_reminders(slots, now, done, CUTOFF)
    assert again.send == () and again.supersede == ()
    # nothing is due before its moment
    early = rem.due_reminders(slots, local(2026, 11, 16, 7, 59), set(), CUTOFF)
    assert early.send == ()
    # after the cutoff, pending "before" reminders are superseded; the digest is sent once
    late = rem.due_reminders(slots, local(2026, 11, 24, 8), done, CUTOFF)
    assert [s.key for s in late.send] == ["overdue-2026-11-24"]
    assert [s.key for s in late.supersede] == ["before-1"]


def test_overdue_only_before_never_hides_an_overdue_dataset():
    """The database prefilter of the walidata pages: an update at or after the bound is never
    overdue, and updates just before it can be (the bound is tight enough to be useful)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from ckanext.satudata.deadlines.core import frequency as freq

    tz = ZoneInfo("Asia/Jakarta")
    now = dt.datetime(2026, 3, 31, 16, 59, 59, tzinfo=dt.timezone.utc)
    for slug in sorted(freq.INTERVALS):
        bound = freq.overdue_only_before(slug, now, tz)
        for hours in range(0, 24 * 800, 7):
            update = bound + dt.timedelta(hours=hours)
            assert not freq.due_status(slug, update, now, tz).overdue, (slug, update)
        _, months = freq.INTERVALS[slug]
        just_before = bound - dt.timedelta(days=3 * months + 2)  # a month is at most 31 days
        assert freq.due_status(slug, just_before, now, tz).overdue, slug
