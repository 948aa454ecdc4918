"""Next update due for periodic datasets, from the ``frequency`` slug
(``frequency.csv``) and the last update.

A dataset updated on local day D with frequency F is due by the end of the
local day D + F (months are calendar months, clamped to month end).
``sekali`` (one-off) and ``tidak_tetap`` (irregular) are never due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .calendar import add_months, end_of_local_day, ensure_utc, local_date, start_of_local_day

# slug -> (days, months)
INTERVALS: dict[str, tuple[int, int]] = {
    "harian": (1, 0),
    "mingguan": (7, 0),
    "bulanan": (0, 1),
    "triwulanan": (0, 3),
    "empat_bulanan": (0, 4),
    "semesteran": (0, 6),
    "tahunan": (0, 12),
    "dua_tahunan": (0, 24),
}
NEVER_DUE = frozenset({"sekali", "tidak_tetap"})
SLUGS = frozenset(INTERVALS) | NEVER_DUE


def is_periodic(frequency: str | None) -> bool:
    return (frequency or "") in INTERVALS


def next_due(
    frequency: str | None, last_update: dt.datetime | None, tz: ZoneInfo
) -> dt.datetime | None:
    """The instant (aware UTC) by which the next update is due, or ``None``."""
    if last_update is None or not is_periodic(frequency):
        return None
    days, months = INTERVALS[frequency]
    day = local_date(ensure_utc(last_update), tz)
    due_day = add_months(day, months) + dt.timedelta(days=days)
    return end_of_local_day(due_day, tz)


@dataclass(frozen=True)
class Due:
    frequency: str
    last_update: dt.datetime
    next_due: dt.datetime
    overdue: bool
    days_overdue: int


def due_status(
    frequency: str | None, last_update: dt.datetime | None, now: dt.datetime, tz: ZoneInfo
) -> Due | None:
    due = next_due(frequency, last_update, tz)
    if due is None:
        return None
    now = ensure_utc(now)
    overdue = now > due
    days = (local_date(now, tz) - local_date(due, tz)).days if overdue else 0
    return Due(frequency, ensure_utc(last_update), due, overdue, days)


def overdue_only_before(frequency: str, now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """An instant such that an update at or after it cannot be overdue at ``now``.

    Lets a database filter out the datasets that are surely up to date before
    ``due_status`` decides the rest exactly. A month is at least 28 days, so a local
    update day within ``days + 28 * months`` days of today is due today or later."""
    days, months = INTERVALS[frequency]
    today = local_date(ensure_utc(now), tz)
    return start_of_local_day(today - dt.timedelta(days=days + 28 * months), tz)
