"""Reminder schedule of a period.

Before the cutoff, a reminder is due at ``hour``:00 local time on the local
day ``offset`` days before the cutoff's local day (offsets default 7, 3, 1).
After the cutoff, an overdue digest is due at ``hour``:00 on the day after the
cutoff day, then every ``overdue_every_days`` days while the input is open
(until the input close, or only once if there is none).

``due_reminders`` returns what a run at ``now`` must handle: every slot whose
moment is at or before ``now`` and whose key is not in ``done``. A missed run
catches up; a repeated run finds nothing new. When several *before* slots are
due at once, only the latest is sent and the earlier ones are superseded; once
the cutoff has passed, unsent *before* slots are superseded too (a "3 days
left" mail after the cutoff would be wrong).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .calendar import UTC, ensure_utc, local_date

BEFORE = "before"
OVERDUE = "overdue"
DEFAULT_OFFSETS = (7, 3, 1)


@dataclass(frozen=True, order=True)
class Slot:
    moment: dt.datetime  # aware UTC
    kind: str  # before | overdue
    key: str  # stable key, e.g. "before-7" or "overdue-2026-11-24"
    days_left: int = 0  # for before slots: the offset


def parse_offsets(value) -> tuple[int, ...]:
    """``"7 3 1"``, ``"7,3,1"`` or a list -> (7, 3, 1), positive, unique, descending."""
    if value is None or value == "":
        return DEFAULT_OFFSETS
    if isinstance(value, str):
        parts = value.replace(",", " ").split()
    else:
        parts = list(value)
    out = sorted({int(p) for p in parts if int(p) > 0}, reverse=True)
    return tuple(out)


def _at_hour(day: dt.date, hour: int, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz).astimezone(UTC)


def schedule(
    cutoff: dt.datetime,
    tz: ZoneInfo,
    *,
    offsets=DEFAULT_OFFSETS,
    hour: int = 8,
    input_close: dt.datetime | None = None,
    overdue_every_days: int = 7,
) -> list[Slot]:
    cutoff = ensure_utc(cutoff)
    cut_day = local_date(cutoff, tz)
    slots = []
    for off in parse_offsets(offsets):
        moment = _at_hour(cut_day - dt.timedelta(days=off), hour, tz)
        if moment >= cutoff:
            continue
        slots.append(Slot(moment, BEFORE, f"before-{off}", off))
    day = cut_day + dt.timedelta(days=1)
    last_day = local_date(ensure_utc(input_close), tz) if input_close else day
    if last_day < day:
        last_day = day
    step = max(1, int(overdue_every_days))
    while day <= last_day:
        slots.append(Slot(_at_hour(day, hour, tz), OVERDUE, f"overdue-{day.isoformat()}"))
        day += dt.timedelta(days=step)
    return sorted(slots)


@dataclass(frozen=True)
class Plan:
    send: tuple[Slot, ...]
    supersede: tuple[Slot, ...]


def due_reminders(slots, now: dt.datetime, done, cutoff: dt.datetime) -> Plan:
    """What to send and what to mark superseded at ``now``; ``done`` is the
    set of keys already handled (sent or superseded)."""
    now = ensure_utc(now)
    cutoff = ensure_utc(cutoff)
    done = set(done)
    pending = [s for s in sorted(slots) if s.moment <= now and s.key not in done]
    before = [s for s in pending if s.kind == BEFORE]
    overdue = [s for s in pending if s.kind == OVERDUE]
    send, supersede = [], []
    if before:
        if now > cutoff:
            supersede.extend(before)
        else:
            supersede.extend(before[:-1])
            send.append(before[-1])
    if overdue:
        supersede.extend(overdue[:-1])
        send.append(overdue[-1])
    return Plan(tuple(send), tuple(supersede))
