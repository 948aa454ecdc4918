"""The collection round's countdown shown on the home page (pure).

Days are counted in the portal's zone between local calendar dates, so "23 November: 1 day
left" holds all of 22 November local time, whatever the hour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .calendar import ensure_utc, local_date

BEFORE_CUTOFF = "before_cutoff"
INPUT_OPEN = "input_open"  # after the cutoff, before the input close
CLOSED = "closed"


@dataclass(frozen=True)
class Countdown:
    stage: str
    #: the local date of the next deadline (cutoff or input close); None once closed
    deadline: dt.date | None
    #: whole local days from today to ``deadline`` (0 = today)
    days: int


def countdown(
    now: dt.datetime, cutoff: dt.datetime, input_close: dt.datetime | None, tz: ZoneInfo
) -> Countdown:
    now = ensure_utc(now)
    today = local_date(now, tz)
    if now <= ensure_utc(cutoff):
        day = local_date(cutoff, tz)
        return Countdown(BEFORE_CUTOFF, day, (day - today).days)
    if input_close is not None and now <= ensure_utc(input_close):
        day = local_date(input_close, tz)
        return Countdown(INPUT_OPEN, day, (day - today).days)
    return Countdown(CLOSED, None, 0)
