"""The release calendar (jadwal rilis) of an agreed item, pure: its planned publication date
(a local date, set by the walidata), the range it may take, and how the actual publication
compares with it (EPSS 20302, Pemantauan Ketepatan Waktu Diseminasi).

A planned date means the end of that local day: a dataset first published at 23:59 WIB on
the planned day is on time, at 00:01 WIB the next day it is late (whatever the UTC date)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .calendar import end_of_local_day, ensure_utc

ON_TIME, LATE, OVERDUE, NOT_DUE = "on_time", "late", "overdue", "not_due"
YEARS_BEFORE, YEARS_AFTER = 1, 2  # around the period's year


def bounds(period_year: int) -> tuple[dt.date, dt.date]:
    """The planned date lies from 1 January of the year before the period's year to 31
    December two years after it (a round's data is released around its year)."""
    return dt.date(period_year - YEARS_BEFORE, 1, 1), dt.date(period_year + YEARS_AFTER, 12, 31)


def parse(raw, period_year: int) -> tuple[dt.date | None, str | None]:
    """(date, None), (None, None) for empty, or (None, "format" | "range")."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if isinstance(raw, dt.datetime):
        return None, "format"
    if isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, str) and len(raw.strip()) == 10:
        try:
            day = dt.date.fromisoformat(raw.strip())
        except ValueError:
            return None, "format"
    else:
        return None, "format"
    lo, hi = bounds(period_year)
    if not lo <= day <= hi:
        return None, "range"
    return day, None


def status(
    planned: dt.date | None, published_at: dt.datetime | None, now: dt.datetime, tz: ZoneInfo
) -> str | None:
    """ON_TIME / LATE when published; OVERDUE when the planned day is over and nothing is
    published; NOT_DUE before that; None without a planned date."""
    if planned is None:
        return None
    deadline = end_of_local_day(planned, tz)
    if published_at is not None:
        return ON_TIME if ensure_utc(published_at) <= deadline else LATE
    return OVERDUE if ensure_utc(now) > deadline else NOT_DUE
