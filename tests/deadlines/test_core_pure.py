"""Pure tests of the deadlines core (no CKAN, no services)."""

import datetime as dt
import io
import time

import pytest

from ckanext.satudata.deadlines.core import calendar as cal
from ckanext.satudata.deadlines.core import frequency as freq
from ckanext.satudata.deadlines.core import importer, summary
from ckanext.satudata.deadlines.core import lifecycle as lc
from ckanext.satudata.deadlines.core import reminders as rem

pytestmark = pytest.mark.pure

UTC = dt.timezone.utc
JKT = cal.get_zone("Asia/Jakarta")
CUTOFF = cal.parse_local("2026-11-23", JKT)


@pytest.fixture(autouse=True)
def process_in_utc(monkeypatch):
    """Run the process in UTC, as the server does."""
    monkeypatch.setenv("TZ", "UTC")
    if hasattr(time, "tzset"):
        time.tzset()
    yield


def local(*args):
    return dt.datetime(*args, tzinfo=JKT)


# --- calendar -------------------------------------------------------------


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


# --- lifecycle ------------------------------------------------------------


def step(status, action, at, role=lc.WALIDATA, **kw):
    event = lc.transition(status, action, at=at, role=role, cutoff=CUTOFF, **kw)
    return lc.apply(status, event), event


def test_full_lifecycle_on_time():
    s = lc.Status()
    s, e = step(s, lc.SUBMIT, local(2026, 11, 23, 23, 59, 59), role=lc.AGENCY, actor="opd")
    assert (s.state, s.timeliness, e.timeliness) == (lc.SUBMITTED, lc.ON_TIME, lc.ON_TIME)
    s, _ = step(s, lc.START_REVIEW, local(2026, 11, 24, 9))
    assert s.state == lc.UNDER_REVIEW
    s, _ = step(s, lc.RETURN, local(2026, 11, 24, 10), notes="Satuan belum diisi")
    assert (s.state, s.notes) == (lc.RETURNED, "Satuan belum diisi")
    s, _ = step(s, lc.CORRECT, local(2026, 11, 25, 10), role=lc.AGENCY)
    assert s.state == lc.CORRECTED
    assert s.timeliness == lc.ON_TIME  # a correction never changes timeliness
    s, _ = step(s, lc.START_REVIEW, local(2026, 11, 26, 9))
    s, _ = step(s, lc.APPROVE, local(2026, 11, 26, 10))
    assert (s.state, s.timeliness, s.notes) == (lc.APPROVED, lc.ON_TIME, "")
    assert s.submitted_at == local(2026, 11, 23, 23, 59, 59).astimezone(UTC)


def test_first_submission_after_cutoff_is_late():
    s, e = step(lc.Status(), lc.SUBMIT, local(2026, 11, 24, 0, 0, 0), role=lc.AGENCY)
    assert s.timeliness == lc.LATE


@pytest.mark.parametrize(
    "action,allowed",
    [
        (lc.SUBMIT, {lc.NOT_SUBMITTED}),
        (lc.START_REVIEW, {lc.SUBMITTED, lc.CORRECTED}),
        (lc.RETURN, {lc.SUBMITTED, lc.UNDER_REVIEW, lc.CORRECTED}),
        (lc.APPROVE, {lc.SUBMITTED, lc.UNDER_REVIEW, lc.CORRECTED}),
    ],
)
def test_transition_sources(action, allowed):
    at = local(2026, 11, 30, 10)
    for state in lc.STATES:
        status = lc.Status(state=state)
        if state in allowed:
            lc.transition(status, action, at=at, role=lc.WALIDATA, cutoff=CUTOFF, notes="x")
        else:
            with pytest.raises(lc.TransitionError) as info:
                lc.transition(status, action, at=at, role=lc.WALIDATA, cutoff=CUTOFF, notes="x")
            assert info.value.code == "invalid"


def test_agency_cannot_review_return_or_approve():
    for action, state in (
        (lc.START_REVIEW, lc.SUBMITTED),
        (lc.RETURN, lc.SUBMITTED),
        (lc.APPROVE, lc.SUBMITTED),
    ):
        with pytest.raises(lc.TransitionError) as info:
            lc.transition(
                lc.Status(state=state),
                action,
                at=local(2026, 11, 30),
                role=lc.AGENCY,
                cutoff=CUTOFF,
                notes="x",
            )
        assert info.value.code == "forbidden"


def test_return_needs_notes():
    with pytest.raises(lc.TransitionError) as info:
        lc.transition(
            lc.Status(state=lc.SUBMITTED),
            lc.RETURN,
            at=local(2026, 11, 30),
            role=lc.WALIDATA,
            cutoff=CUTOFF,
            notes="  ",
        )
    assert info.value.code == "notes"


def test_correction_of_delivered_item_only_after_cutoff():
    submitted = lc.Status(state=lc.SUBMITTED, timeliness=lc.ON_TIME)
    with pytest.raises(lc.TransitionError):
        lc.transition(submitted, lc.CORRECT, at=local(2026, 11, 22), role=lc.AGENCY, cutoff=CUTOFF)
    e = lc.transition(submitted, lc.CORRECT, at=local(2026, 11, 24), role=lc.AGENCY, cutoff=CUTOFF)
    assert e.state == lc.CORRECTED and e.timeliness is None
    # a returned item may be corrected before the cutoff too
    lc.transition(
        lc.Status(state=lc.RETURNED),
        lc.CORRECT,
        at=local(2026, 11, 22),
        role=lc.AGENCY,
        cutoff=CUTOFF,
    )


def test_no_agency_changes_after_corrections_end():
    end = cal.parse_local("2026-12-31", JKT)
    with pytest.raises(lc.TransitionError) as info:
        lc.transition(
            lc.Status(state=lc.RETURNED),
            lc.CORRECT,
            at=local(2027, 1, 1),
            role=lc.AGENCY,
            cutoff=CUTOFF,
            corrections_end=end,
        )
    assert info.value.code == "closed"
    lc.transition(
        lc.Status(state=lc.RETURNED),
        lc.CORRECT,
        at=local(2026, 12, 31, 23, 59),
        role=lc.AGENCY,
        cutoff=CUTOFF,
        corrections_end=end,
    )


def test_dataset_change_mapping():
    before, after = local(2026, 11, 20), local(2026, 11, 24)
    assert lc.on_dataset_change(lc.Status(), at=before, cutoff=CUTOFF) == lc.SUBMIT
    assert lc.on_dataset_change(lc.Status(), at=after, cutoff=CUTOFF) == lc.SUBMIT
    assert (
        lc.on_dataset_change(lc.Status(state=lc.RETURNED), at=before, cutoff=CUTOFF) == lc.CORRECT
    )
    for state in (lc.SUBMITTED, lc.UNDER_REVIEW, lc.CORRECTED, lc.APPROVED):
        assert lc.on_dataset_change(lc.Status(state=state), at=before, cutoff=CUTOFF) is None
        assert lc.on_dataset_change(lc.Status(state=state), at=after, cutoff=CUTOFF) == lc.CORRECT


def test_edit_after_cutoff_is_never_a_new_on_time_submission():
    s, _ = step(lc.Status(), lc.SUBMIT, local(2026, 11, 24, 1), role=lc.AGENCY)
    assert s.timeliness == lc.LATE
    action = lc.on_dataset_change(s, at=local(2026, 11, 25), cutoff=CUTOFF)
    s, e = step(s, action, local(2026, 11, 25), role=lc.AGENCY)
    assert (s.state, s.timeliness) == (lc.CORRECTED, lc.LATE)
    with pytest.raises(lc.TransitionError):
        step(s, lc.SUBMIT, local(2026, 11, 25), role=lc.AGENCY)


def test_replay_as_of_cutoff():
    events = []
    s = lc.Status()
    for action, at, role in [
        (lc.SUBMIT, local(2026, 11, 20), lc.AGENCY),
        (lc.RETURN, local(2026, 11, 22), lc.WALIDATA),
        (lc.CORRECT, local(2026, 11, 26), lc.AGENCY),
        (lc.APPROVE, local(2026, 11, 27), lc.WALIDATA),
    ]:
        e = lc.transition(s, action, at=at, role=role, cutoff=CUTOFF, notes="fix")
        s = lc.apply(s, e)
        events.append(e)
    at_cutoff = lc.replay(reversed(events), as_of=CUTOFF)
    assert (at_cutoff.state, at_cutoff.timeliness, at_cutoff.notes) == (
        lc.RETURNED,
        lc.ON_TIME,
        "fix",
    )
    assert lc.replay(events).state == lc.APPROVED
    assert lc.replay(events, as_of=CUTOFF, created_at=local(2026, 11, 24)).exists is False
    assert lc.replay([], as_of=CUTOFF).state == lc.NOT_SUBMITTED


def test_summary_counts():
    statuses = [
        lc.Status(),
        lc.Status(),
        lc.Status(state=lc.SUBMITTED, timeliness=lc.ON_TIME),
        lc.Status(state=lc.RETURNED, timeliness=lc.LATE),
        lc.Status(state=lc.APPROVED, timeliness=lc.ON_TIME),
        lc.Status(exists=False),
    ]
    d = summary.delivery(statuses)
    assert d.as_dict() == {
        "expected": 5,
        "on_time": 2,
        "late": 1,
        "missing": 2,
        "returned": 1,
        "approved": 1,
        "under_review": 0,
        "corrected": 0,
        "delivered": 3,
        "progress": 60,
    }
    assert summary.delivery([]).progress == 0


# --- frequency ------------------------------------------------------------


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


# --- reminders ------------------------------------------------------------

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


# --- import ---------------------------------------------------------------

GOOD = (
    "agency,title,indicator,frequency,year_start,year_end\n"
    "dinkes,Jumlah Puskesmas,,tahunan,2025,2025\n"
    "\n"
    "disdik,,Angka Partisipasi Sekolah,tahunan,2024,2025\n"
)


def test_import_csv_ok():
    res = importer.parse_file(GOOD.encode(), "daftar.csv", agencies={"dinkes", "disdik"})
    assert res.ok, res.errors
    assert [(r.line, r.agency, r.title, r.year_start, r.year_end) for r in res.rows] == [
        (2, "dinkes", "Jumlah Puskesmas", 2025, 2025),
        (4, "disdik", "Angka Partisipasi Sekolah", 2024, 2025),
    ]


def test_import_csv_errors_with_lines():
    data = (
        "instansi;judul;frekuensi;tahun_awal;tahun_akhir\n"
        "dinkes;A;tahunan;2025;2024\n"
        "nope;B;tahunan;2025;\n"
        "dinkes;C;sometimes;x;\n"
        "dinkes;;bulanan;;\n"
        "dinkes;D;bulanan;;\n"
        "dinkes;d;bulanan;;\n"
    )
    res = importer.parse_file(data.encode(), "d.csv", agencies={"dinkes"})
    assert not res.ok
    msgs = [str(e) for e in res.errors]
    assert msgs == [
        "line 2: year_end 2024 is before year_start 2025",
        "line 3: unknown agency: nope",
        "line 4: unknown frequency: sometimes",
        "line 4: year_start is not a year: 'x'",
        "line 5: title or indicator is empty",
        "line 7: duplicate of line 6",
    ]


def test_import_missing_columns_and_empty():
    res = importer.parse_file(b"title,year\nA,2020\n", "d.csv")
    assert [str(e) for e in res.errors] == [
        "line 1: missing column: frequency",
        "line 1: missing column: agency",
    ]
    assert not importer.parse_file(b"", "d.csv").ok
    res = importer.parse_file(b"title,frequency\nA,tahunan\n", "d.csv", default_agency="dinkes")
    assert res.ok and res.rows[0].agency == "dinkes"


def test_import_xlsx():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Agency", "Title", "Frequency", "Year Start"])
    sheet.append(["dinkes", "Jumlah Rumah Sakit", "tahunan", 2025])
    sheet.append([None, None, None, None])
    sheet.append(["dinkes", "Jumlah Bidan", "bulanan", "abc"])
    buf = io.BytesIO()
    book.save(buf)
    res = importer.parse_file(buf.getvalue(), "daftar.xlsx", agencies={"dinkes"})
    assert [str(e) for e in res.errors] == ["line 4: year_start is not a year: 'abc'"]
    assert res.rows[0].line == 2 and res.rows[0].year_end == 2025
    bad = importer.parse_file(b"PK\x03\x04garbage", "x.xlsx")
    assert not bad.ok and "XLSX" in str(bad.errors[0])


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
