"""Calendar arithmetic in the portal's zone.

Every instant the capability stores is an aware UTC ``datetime``. Users enter
*local* dates and times (the portal's zone, ``ckanext.satudata.deadlines.timezone``). A bare
local date used as a deadline ("by 23 November") means the very end of that
local day: 23:59:59.999999 local time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.timezone.utc
DEFAULT_ZONE = "Asia/Jakarta"


class CalendarError(ValueError):
    """A value that cannot be read as a local date or date-time."""


def get_zone(name: str | None) -> ZoneInfo:
    """The portal's zone. ``server``/empty/unknown names fall back to UTC
    only when explicitly asked; an unknown name is an error."""
    if not name or name.strip().lower() in ("utc", "server"):
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CalendarError(f"unknown time zone: {name!r}") from exc


def ensure_utc(value: dt.datetime) -> dt.datetime:
    """An aware UTC instant. A naive value is taken to be UTC already
    (CKAN keeps naive UTC timestamps)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def start_of_local_day(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz).astimezone(UTC)


def end_of_local_day(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The last instant of ``day`` in ``tz`` (23:59:59.999999 local), in UTC."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=tz).astimezone(UTC)


def to_local(instant: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    return ensure_utc(instant).astimezone(tz)


def local_date(instant: dt.datetime, tz: ZoneInfo) -> dt.date:
    return to_local(instant, tz).date()


def parse_local(value, tz: ZoneInfo, *, end_of_day: bool = True) -> dt.datetime | None:
    """Read a local date or date-time and return an aware UTC instant.

    - ``None``/``""`` -> ``None`` (open-ended)
    - ``date`` or ``"YYYY-MM-DD"`` -> end (or start) of that local day
    - naive ``datetime`` or ``"YYYY-MM-DD[T ]HH:MM[:SS]"`` -> that local time
    - aware ``datetime`` or ISO string with offset -> that instant
    """
    try:
        return _parse_local(value, tz, end_of_day)
    except OverflowError as exc:  # e.g. 9999-12-31T23:59:59-12:00 is past datetime.max in UTC
        raise CalendarError(f"out of range: {value!r}") from exc


def _parse_local(value, tz: ZoneInfo, end_of_day: bool) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz).astimezone(UTC)
        return value.astimezone(UTC)
    if isinstance(value, dt.date):
        return end_of_local_day(value, tz) if end_of_day else start_of_local_day(value, tz)
    if not isinstance(value, str):
        raise CalendarError(f"not a date: {value!r}")
    text = value.strip()
    if not text:
        return None
    if len(text) == 10:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise CalendarError(f"not a date (YYYY-MM-DD): {text!r}") from exc
        return _parse_local(day, tz, end_of_day)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise CalendarError(f"not a date-time (YYYY-MM-DD HH:MM): {text!r}") from exc
    return _parse_local(parsed, tz, end_of_day)


def format_local(instant: dt.datetime | None, tz: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if instant is None:
        return ""
    local = to_local(instant, tz)
    return local.strftime(fmt) + " " + (local.tzname() or "")


@dataclass(frozen=True)
class TimeLeft:
    """Signed time from ``now`` to a deadline, split for display."""

    seconds: int

    @property
    def past(self) -> bool:
        return self.seconds < 0

    @property
    def days(self) -> int:
        return abs(self.seconds) // 86400

    @property
    def hours(self) -> int:
        return (abs(self.seconds) % 86400) // 3600

    @property
    def minutes(self) -> int:
        return (abs(self.seconds) % 3600) // 60


def time_left(now: dt.datetime, deadline: dt.datetime | None) -> TimeLeft | None:
    if deadline is None:
        return None
    delta = ensure_utc(deadline) - ensure_utc(now)
    # floor towards zero for display
    secs = int(delta.total_seconds())
    return TimeLeft(secs)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to month end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if month == 12:
        last = 31
    else:
        last = (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))
