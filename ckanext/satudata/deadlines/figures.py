"""The figures of a period: delivery by agency, and the picture frozen at the cutoff."""

from __future__ import annotations

import datetime as dt
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .agency_lookup import organizations
from .agreed_items import events_of, items_query, live_status, status_as_of
from .clock import now
from .core import calendar as cal
from .core import lifecycle as lc
from .core import summary
from .model import CutoffSnapshot, Period

log = logging.getLogger(__name__)


def delivery_by_org(
    period: Period, agency_type: str | None = None, org_id: str | None = None
) -> list[dict]:
    orgs = {o["id"]: o for o in organizations()}
    items = items_query(period.id, org_id).all()
    by_org: dict[str, list] = {}
    for item in items:
        by_org.setdefault(item.org_id, []).append(live_status(item))
    rows = []
    for oid, statuses in by_org.items():
        org = orgs.get(oid) or {
            "id": oid,
            "name": oid,
            "title": oid,
            "agency_type": "",
            "agency_code": "",
            "short_name": "",
        }
        if agency_type and org.get("agency_type") != agency_type:
            continue
        d = summary.delivery(statuses)
        rows.append({"org": org, **d.as_dict()})
    rows.sort(key=lambda r: (r["progress"], r["org"]["title"]))
    return rows


def take_snapshot(period: Period, at: dt.datetime | None = None) -> tuple[bool, int]:
    """Freeze the status of every item as of the cutoff instant, once.
    Returns (taken_now, rows). Refuses before the cutoff."""
    at = at or now()
    cutoff = cal.ensure_utc(period.cutoff_at)
    if at < cutoff:
        raise tk.ValidationError({"period": [tk._("The cutoff has not passed yet")]})
    existing = (
        model.Session.query(sa.func.count(CutoffSnapshot.id))
        .filter(CutoffSnapshot.period_id == period.id)
        .scalar()
    )
    if existing:
        return False, existing
    items = items_query(period.id).all()
    history = events_of(i.id for i in items)
    rows = 0
    for item in items:
        status = status_as_of(item, history[item.id], cutoff)
        if not status.exists:
            continue
        model.Session.add(
            CutoffSnapshot(
                period_id=period.id,
                item_id=item.id,
                org_id=item.org_id,
                state=status.state,
                timeliness=status.timeliness,
                as_of=cutoff,
                taken_at=at,
            )
        )
        rows += 1
    model.Session.flush()
    return True, rows


def snapshot_of(period: Period) -> dict[str, CutoffSnapshot]:
    rows = model.Session.query(CutoffSnapshot).filter(CutoffSnapshot.period_id == period.id).all()
    return {r.item_id: r for r in rows}


def snapshot_delivery_by_org(period: Period) -> dict[str, dict]:
    by_org: dict[str, list] = {}
    for row in snapshot_of(period).values():
        by_org.setdefault(row.org_id, []).append(
            lc.Status(state=row.state, timeliness=row.timeliness)
        )
    return {oid: summary.delivery(s).as_dict() for oid, s in by_org.items()}


def snapshot_due_periods(at: dt.datetime | None = None) -> list[Period]:
    at = at or now()
    taken = sa.select(CutoffSnapshot.period_id).distinct()
    return (
        model.Session.query(Period)
        .filter(Period.cutoff_at <= at)
        .filter(Period.id.notin_(taken))
        .all()
    )
