"""Periodic datasets: which datasets a frequency promises again, and which are overdue."""

from __future__ import annotations

import datetime as dt
import logging

import ckan.model as model
import sqlalchemy as sa

from .agency_lookup import organizations
from .clock import iso_utc, now, zone
from .core import calendar as cal
from .core import frequency as freq

log = logging.getLogger(__name__)


def periodic_datasets(
    org_id: str | None = None, overdue_only: bool = True, at: dt.datetime | None = None
) -> list[dict]:
    """Active datasets with a periodic ``frequency``, their next update due
    (from the frequency and ``metadata_modified``) and whether it is overdue."""
    at = at or now()
    tz = zone()
    frequency_col = model.Package.extras["frequency"].astext
    Package = model.Package
    # Only the columns shown, never whole Package objects: the walidata pages list this for
    # thousands of datasets on every view.
    q = (
        model.Session.query(
            Package.id,
            Package.name,
            Package.title,
            Package.owner_org,
            Package.metadata_modified,
            frequency_col,
        )
        .filter(frequency_col.in_(sorted(freq.INTERVALS)))
        .filter(Package.state == "active")
        .filter(Package.type == "dataset")
    )
    if org_id:
        q = q.filter(Package.owner_org == org_id)
    if overdue_only:  # surely up-to-date datasets stay in the database; due_status decides the rest
        q = q.filter(
            sa.or_(
                *(
                    sa.and_(
                        frequency_col == slug,
                        Package.metadata_modified
                        < freq.overdue_only_before(slug, at, tz)
                        .astimezone(dt.timezone.utc)
                        .replace(tzinfo=None),
                    )  # column is naive UTC
                    for slug in sorted(freq.INTERVALS)
                )
            )
        )
    orgs = {o["id"]: o for o in organizations()}
    out = []
    for pkg in q.all():
        frequency = pkg[-1]
        due = freq.due_status(frequency, pkg.metadata_modified, at, tz)
        if due is None or (overdue_only and not due.overdue):
            continue
        out.append(
            {
                "id": pkg.id,
                "name": pkg.name,
                "title": pkg.title or pkg.name,
                "org": orgs.get(pkg.owner_org),
                "frequency": frequency,
                "last_update": iso_utc(pkg.metadata_modified),
                "last_update_local": cal.format_local(pkg.metadata_modified, tz),
                "next_due": iso_utc(due.next_due),
                "next_due_local": cal.format_local(due.next_due, tz),
                "overdue": due.overdue,
                "days_overdue": due.days_overdue,
            }
        )
    out.sort(key=lambda r: (-r["days_overdue"], r["title"]))
    return out
