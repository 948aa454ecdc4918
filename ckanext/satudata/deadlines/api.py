"""What the other capabilities may use of the deadlines capability (floor 2). Read-only;
each returns plain values.

``is_periodic(frequency)`` and ``due_status(frequency, last_update, now)`` (in the portal's zone):
whether a dataset of that frequency is expected again, and whether it is overdue now.

``timeliness_for_datasets(dataset_ids)`` -> ``{dataset_id: {"item_id", "period_id",
"state", "timeliness" ("on_time"|"late"|None), "submitted_at" (ISO UTC|None),
"release_date" (planned publication, ISO date|None), "published_at" (ISO UTC|None),
"release_status" ("on_time"|"late"|"overdue"|"not_due"|None without a jadwal rilis)}}``
for datasets linked to a daftar-data item (latest period's item wins); datasets
not linked are absent.

``delivery_for_agency(org_id, period_id=None)`` -> ``{"period_id", "expected",
"on_time", "late", "missing", "returned", "approved", "under_review",
"corrected", "delivered", "progress"}`` for the period (default: the current
one), or ``None`` when there is no period.

``agreed_items_for_agency(org_id)`` -> ``{"period_id", "cutoff_at", "input_close_at", "now"
(aware UTC datetimes), "items": [{"title", "state", "submitted_at"}]}`` of the current period,
or ``None``: what the agency ranking needs to tell pending, missing and late items apart.

``zone()``: the portal's zone (``ckanext.satudata.deadlines.timezone``, Asia/Jakarta).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import ckan.model as model
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from . import agreed_items, clock, periods
from .core import calendar as cal
from .core import frequency, release, summary
from .model import AgreedItem, Period


def timeliness_for_datasets(dataset_ids: Iterable[str]) -> dict[str, dict]:
    ids = [i for i in dataset_ids if i]
    if not ids:
        return {}
    rows = (
        model.Session.query(AgreedItem, Period.cutoff_at)
        .join(Period, Period.id == AgreedItem.period_id)
        # one array parameter: an IN list of 10,000 ids costs more to build than to run
        .filter(AgreedItem.dataset_id == sa.any_(sa.cast(ids, ARRAY(sa.UnicodeText))))
        .order_by(Period.cutoff_at)
        .all()
    )
    out = {}
    at, tz = clock.now(), clock.zone()
    for item, _cutoff in rows:  # later periods overwrite earlier ones
        out[item.dataset_id] = {
            "item_id": item.id,
            "period_id": item.period_id,
            "state": item.state,
            "timeliness": item.timeliness,
            "submitted_at": item.submitted_at.isoformat() if item.submitted_at else None,
            "release_date": item.release_date.isoformat() if item.release_date else None,
            "published_at": clock.iso_utc(item.published_at),
            "release_status": release.status(item.release_date, item.published_at, at, tz),
        }
    return out


def delivery_for_agency(org_id: str, period_id: str | None = None) -> dict | None:
    period = periods.get_period(period_id) if period_id else periods.current_period()
    if period is None:
        return None
    items = agreed_items.items_query(period.id, org_id).all()
    out = summary.delivery(agreed_items.live_status(i) for i in items).as_dict()
    out["period_id"] = period.id
    return out


def agreed_items_for_agency(org_id: str) -> dict | None:
    period = periods.current_period()
    if period is None:
        return None
    items = agreed_items.items_query(period.id, org_id).all()
    return {
        "period_id": period.id,
        "cutoff_at": cal.ensure_utc(period.cutoff_at),
        "input_close_at": cal.ensure_utc(period.input_close_at) if period.input_close_at else None,
        "now": clock.now(),
        "items": [
            {
                "title": i.title,
                "state": i.state,
                "submitted_at": cal.ensure_utc(i.submitted_at) if i.submitted_at else None,
            }
            for i in items
        ],
    }


def zone():
    return clock.zone()


def is_periodic(frequency_code: str | None) -> bool:
    return frequency.is_periodic(frequency_code)


def due_status(
    frequency_code: str | None, last_update: dt.datetime | None, now: dt.datetime
) -> frequency.Due | None:
    return frequency.due_status(frequency_code, last_update, now, clock.zone())
