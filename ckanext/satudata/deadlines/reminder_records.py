"""The records of reminders sent per period, and of a period whose reminder run failed."""

from __future__ import annotations

import datetime as dt
import logging

import ckan.model as model
import sqlalchemy as sa

from .clock import iso_utc, zone
from .core import calendar as cal
from .model import Period, ReminderSent

log = logging.getLogger(__name__)


def reminders_of(period: Period) -> list[ReminderSent]:
    return (
        model.Session.query(ReminderSent)
        .filter(ReminderSent.period_id == period.id)
        .filter(ReminderSent.key != FAILURE_KEY)
        .order_by(ReminderSent.handled_at.desc(), ReminderSent.id.desc())
        .all()
    )


#: the ``satudata_reminder_sent`` row (``org_id`` empty) that records the last failure of a
#: period's reminders; deleted by the next run that handles the period


FAILURE_KEY = "run-failed"


def record_reminder_failure(period_id: str, detail: str, at: dt.datetime) -> None:
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    values = {
        "period_id": period_id,
        "org_id": "",
        "key": FAILURE_KEY,
        "kind": "failure",
        "status": "failed",
        "due_at": at,
        "handled_at": at,
        "detail": detail,
    }
    stmt = pg_insert(ReminderSent.__table__).values(**values)
    model.Session.execute(
        stmt.on_conflict_do_update(
            constraint="satudata_reminder_sent_uq",
            set_={"handled_at": at, "due_at": at, "detail": detail},
        )
    )


def clear_reminder_failure(period_id: str) -> None:
    model.Session.execute(
        sa.delete(ReminderSent).where(
            ReminderSent.period_id == period_id,
            ReminderSent.org_id == "",
            ReminderSent.key == FAILURE_KEY,
        )
    )


def reminder_failure(period: Period) -> dict | None:
    """The last recorded failure of this period's reminders, if the period still fails."""
    row = (
        model.Session.query(ReminderSent)
        .filter(
            ReminderSent.period_id == period.id,
            ReminderSent.org_id == "",
            ReminderSent.key == FAILURE_KEY,
        )
        .first()
    )
    return reminder_dict(row) if row is not None else None


def reminder_dict(row: ReminderSent) -> dict:
    tz = zone()
    return {
        "period_id": row.period_id,
        "org_id": row.org_id,
        "key": row.key,
        "kind": row.kind,
        "status": row.status,
        "due_at": iso_utc(row.due_at),
        "handled_at": iso_utc(row.handled_at),
        "handled_at_local": cal.format_local(row.handled_at, tz),
        "recipients": [r for r in row.recipients.split(",") if r],
        "cc": [r for r in row.cc.split(",") if r],
        "item_count": row.item_count,
        "detail": row.detail,
    }
