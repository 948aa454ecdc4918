"""Database work of the deadlines capability, shared by actions, views, the
lifecycle hook, jobs and the CLI: periods, agencies, delivery figures, the frozen picture at
the cutoff, periodic datasets and reminder records. The agreed items and their lifecycle are
in :mod:`.items`. Callers check authorization; functions here do not commit unless they say
so."""
from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.metadata.api import limits

from .core import calendar as cal
from .core.agency_match import AgencyIndex, AgencyRef
from .core import frequency as freq
from .core import lifecycle as lc
from .core import summary
from .model import AgreedItem, CutoffSnapshot, Period, ReminderSent, utcnow

log = logging.getLogger(__name__)

NAME_RE = re.compile(r"^[a-z0-9_-]{2,100}$")


# --- settings ----------------------------------------------------------------

def zone():
    name = tk.config.get("ckan.display_timezone") or "UTC"
    try:
        return cal.get_zone(name)
    except cal.CalendarError:
        log.warning("ckan.display_timezone %r is not a zone name; using UTC", name)
        return cal.get_zone("UTC")


def now() -> dt.datetime:
    return utcnow()


# --- organizations -----------------------------------------------------------

def organizations() -> list[dict]:
    """Active organizations with their agency extras (code, type, short name)."""
    groups = (model.Session.query(model.Group)
              .filter(model.Group.is_organization.is_(True))
              .filter(model.Group.state == "active")
              .order_by(model.Group.title).all())
    out = []
    for g in groups:
        e = g.extras or {}  # CKAN 2.12: a flat JSONB column
        out.append({"id": g.id, "name": g.name, "title": g.title or g.name,
                    "agency_code": e.get("agency_code") or "",
                    "agency_type": e.get("agency_type") or "",
                    "short_name": e.get("short_name") or ""})
    return out


def agency_index() -> AgencyIndex:
    """The active agencies as an import resolves them: by code (exact), id, or a name
    (URL name, title, short name) only one of them carries (:mod:`.core.agency_match`)."""
    return AgencyIndex(AgencyRef(id=o["id"], code=o["agency_code"], name=o["name"],
                                 title=o["title"], short_name=o["short_name"])
                       for o in organizations())


def get_org(org_id_or_name: str) -> model.Group | None:
    group = model.Group.get(org_id_or_name)
    if group is None or not group.is_organization:
        return None
    return group


# --- periods -----------------------------------------------------------------

PERIOD_DATES = ("opens_at", "cutoff_at", "input_close_at", "corrections_end_at")
# form/API names accepted for the dates (local dates or date-times)
PERIOD_INPUTS = {"opens": "opens_at", "cutoff": "cutoff_at", "input_close": "input_close_at",
                 "corrections_end": "corrections_end_at"}


def get_period(id_or_name: str | None) -> Period | None:
    if not id_or_name:
        return None
    return (model.Session.query(Period)
            .filter(sa.or_(Period.id == id_or_name, Period.name == id_or_name)).first())


def list_periods() -> list[Period]:
    return model.Session.query(Period).order_by(Period.cutoff_at.desc()).all()


def current_period(at: dt.datetime | None = None) -> Period | None:
    """The period whose input is still open at ``at`` (earliest cutoff first),
    else the latest one."""
    at = at or now()
    periods = list_periods()
    active = [p for p in periods if cal.ensure_utc(p.input_close_at or p.cutoff_at) >= at]
    if active:
        return min(active, key=lambda p: cal.ensure_utc(p.cutoff_at))
    return periods[0] if periods else None


def _period_values(data: dict, existing: Period | None) -> dict:
    errors: dict[str, list] = {}
    tz = zone()
    values: dict[str, Any] = {}
    if existing is None or "name" in data:
        name = str(data.get("name") or "").strip()
        if not NAME_RE.match(name) or name == "new":
            errors["name"] = [tk._("Use 2-100 lowercase letters, digits, - or _")]
        else:
            other = get_period(name)
            if other is not None and (existing is None or other.id != existing.id):
                errors["name"] = [tk._("That name is already in use")]
        values["name"] = name
    if "title" in data or existing is None:
        values["title"] = str(data.get("title") or "").strip()
        too_long = limits.check_field("period", "title", values["title"])
        if too_long:
            errors["title"] = [too_long.render(tk._)]
    if "year" in data or existing is None:
        year, problem = limits.check_int(data.get("year"), *limits.PERIOD_YEARS)
        values["year"] = year
        if problem:
            errors["year"] = [tk._("Enter a year")]
    for field, column in PERIOD_INPUTS.items():
        raw = data.get(field, data.get(column))
        if field not in data and column not in data and existing is not None:
            continue
        try:
            values[column] = cal.parse_local(raw, tz, end_of_day=(field != "opens"))
        except cal.CalendarError:
            errors[field] = [tk._("Enter a date (YYYY-MM-DD) or date and time (YYYY-MM-DD HH:MM)")]
            continue
        # a sane range (also for the instants later derived from it, e.g. reminder days)
        out_of_range = values[column] and limits.check_date("period", _day(values[column], tz))
        if out_of_range:
            errors[field] = [out_of_range.render(tk._)]
    merged = {c: getattr(existing, c) if existing is not None else None for c in PERIOD_DATES}
    merged.update({k: v for k, v in values.items() if k in PERIOD_DATES})
    if not errors:
        if merged["cutoff_at"] is None:
            errors["cutoff"] = [tk._("Missing value")]
        else:
            cutoff = cal.ensure_utc(merged["cutoff_at"])
            if merged["opens_at"] and cal.ensure_utc(merged["opens_at"]) > cutoff:
                errors["opens"] = [tk._("The opening must be before the cutoff")]
            if merged["input_close_at"] and cal.ensure_utc(merged["input_close_at"]) < cutoff:
                errors["input_close"] = [tk._("The input close must not be before the cutoff")]
            last = merged["input_close_at"] or merged["cutoff_at"]
            if merged["corrections_end_at"] and cal.ensure_utc(merged["corrections_end_at"]) < cal.ensure_utc(last):
                errors["corrections_end"] = [tk._("The end of corrections must not be before the input close")]
    if errors:
        raise tk.ValidationError(errors)
    return values


def _day(instant: dt.datetime, tz) -> dt.date:
    """The local date of ``instant``; its UTC date where the local one is past ``datetime``'s
    range (a year-9999 instant in a zone east of UTC)."""
    try:
        return cal.local_date(instant, tz)
    except OverflowError:
        return instant.date()


def create_period(data: dict, user: str | None) -> Period:
    values = _period_values(data, None)
    period = Period(created_by=user, **values)
    model.Session.add(period)
    model.Session.flush()
    return period


def update_period(period: Period, data: dict) -> Period:
    values = _period_values(data, period)
    for key, value in values.items():
        setattr(period, key, value)
    period.modified_at = now()
    model.Session.flush()
    return period


def iso_utc(value: dt.datetime | None) -> str | None:
    return cal.ensure_utc(value).isoformat() if value else None


def period_dict(period: Period) -> dict:
    tz = zone()
    out = {"id": period.id, "name": period.name, "title": period.title, "year": period.year,
           "created_by": period.created_by, "created_at": iso_utc(period.created_at)}
    for field, column in PERIOD_INPUTS.items():
        value = getattr(period, column)
        out[column] = iso_utc(value)
        out[field + "_local"] = cal.format_local(value, tz) if value else None
    return out


# --- delivery figures --------------------------------------------------------

def delivery_by_org(period: Period, agency_type: str | None = None,
                    org_id: str | None = None) -> list[dict]:
    orgs = {o["id"]: o for o in organizations()}
    from .agreed_items import items_query, live_status
    items = items_query(period.id, org_id).all()
    by_org: dict[str, list] = {}
    for item in items:
        by_org.setdefault(item.org_id, []).append(live_status(item))
    rows = []
    for oid, statuses in by_org.items():
        org = orgs.get(oid) or {"id": oid, "name": oid, "title": oid, "agency_type": "",
                               "agency_code": "", "short_name": ""}
        if agency_type and org.get("agency_type") != agency_type:
            continue
        d = summary.delivery(statuses)
        rows.append({"org": org, **d.as_dict()})
    rows.sort(key=lambda r: (r["progress"], r["org"]["title"]))
    return rows


def time_left(period: Period) -> dict:
    t = now()
    return {"cutoff": cal.time_left(t, period.cutoff_at),
            "input_close": cal.time_left(t, period.input_close_at),
            "corrections_end": cal.time_left(t, period.corrections_end_at)}


# --- frozen picture at the cutoff --------------------------------------------

def take_snapshot(period: Period, at: dt.datetime | None = None) -> tuple[bool, int]:
    """Freeze the status of every item as of the cutoff instant, once.
    Returns (taken_now, rows). Refuses before the cutoff."""
    at = at or now()
    cutoff = cal.ensure_utc(period.cutoff_at)
    if at < cutoff:
        raise tk.ValidationError({"period": [tk._("The cutoff has not passed yet")]})
    existing = (model.Session.query(sa.func.count(CutoffSnapshot.id))
                .filter(CutoffSnapshot.period_id == period.id).scalar())
    if existing:
        return False, existing
    from .agreed_items import events_of, items_query, status_as_of
    items = items_query(period.id).all()
    history = events_of(i.id for i in items)
    rows = 0
    for item in items:
        status = status_as_of(item, history[item.id], cutoff)
        if not status.exists:
            continue
        model.Session.add(CutoffSnapshot(period_id=period.id, item_id=item.id,
                                         org_id=item.org_id, state=status.state,
                                         timeliness=status.timeliness, as_of=cutoff,
                                         taken_at=at))
        rows += 1
    model.Session.flush()
    return True, rows


def snapshot_of(period: Period) -> dict[str, CutoffSnapshot]:
    rows = (model.Session.query(CutoffSnapshot)
            .filter(CutoffSnapshot.period_id == period.id).all())
    return {r.item_id: r for r in rows}


def snapshot_delivery_by_org(period: Period) -> dict[str, dict]:
    by_org: dict[str, list] = {}
    for row in snapshot_of(period).values():
        by_org.setdefault(row.org_id, []).append(
            lc.Status(state=row.state, timeliness=row.timeliness))
    return {oid: summary.delivery(s).as_dict() for oid, s in by_org.items()}


def snapshot_due_periods(at: dt.datetime | None = None) -> list[Period]:
    at = at or now()
    taken = sa.select(CutoffSnapshot.period_id).distinct()
    return (model.Session.query(Period).filter(Period.cutoff_at <= at)
            .filter(Period.id.notin_(taken)).all())


# --- periodic datasets -------------------------------------------------------

def periodic_datasets(org_id: str | None = None, overdue_only: bool = True,
                      at: dt.datetime | None = None) -> list[dict]:
    """Active datasets with a periodic ``frequency``, their next update due
    (from the frequency and ``metadata_modified``) and whether it is overdue."""
    at = at or now()
    tz = zone()
    frequency_col = model.Package.extras["frequency"].astext
    Package = model.Package
    # Only the columns shown, never whole Package objects: the walidata pages list this for
    # thousands of datasets on every view.
    q = (model.Session.query(Package.id, Package.name, Package.title, Package.owner_org,
                             Package.metadata_modified, frequency_col)
         .filter(frequency_col.in_(sorted(freq.INTERVALS)))
         .filter(Package.state == "active")
         .filter(Package.type == "dataset"))
    if org_id:
        q = q.filter(Package.owner_org == org_id)
    if overdue_only:  # surely up-to-date datasets stay in the database; due_status decides the rest
        q = q.filter(sa.or_(*(
            sa.and_(frequency_col == slug,
                    Package.metadata_modified < freq.overdue_only_before(slug, at, tz)
                    .astimezone(dt.timezone.utc).replace(tzinfo=None))  # column is naive UTC
            for slug in sorted(freq.INTERVALS))))
    orgs = {o["id"]: o for o in organizations()}
    out = []
    for pkg in q.all():
        frequency = pkg[-1]
        due = freq.due_status(frequency, pkg.metadata_modified, at, tz)
        if due is None or (overdue_only and not due.overdue):
            continue
        out.append({"id": pkg.id, "name": pkg.name, "title": pkg.title or pkg.name,
                    "org": orgs.get(pkg.owner_org), "frequency": frequency,
                    "last_update": iso_utc(pkg.metadata_modified),
                    "last_update_local": cal.format_local(pkg.metadata_modified, tz),
                    "next_due": iso_utc(due.next_due),
                    "next_due_local": cal.format_local(due.next_due, tz),
                    "overdue": due.overdue, "days_overdue": due.days_overdue})
    out.sort(key=lambda r: (-r["days_overdue"], r["title"]))
    return out


# --- reminders (records) -----------------------------------------------------

def reminders_of(period: Period) -> list[ReminderSent]:
    return (model.Session.query(ReminderSent).filter(ReminderSent.period_id == period.id)
            .filter(ReminderSent.key != FAILURE_KEY)
            .order_by(ReminderSent.handled_at.desc(), ReminderSent.id.desc()).all())


#: the ``satudata_reminder_sent`` row (``org_id`` empty) that records the last failure of a
#: period's reminders; deleted by the next run that handles the period
FAILURE_KEY = "run-failed"


def record_reminder_failure(period_id: str, detail: str, at: dt.datetime) -> None:
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    values = {"period_id": period_id, "org_id": "", "key": FAILURE_KEY, "kind": "failure",
              "status": "failed", "due_at": at, "handled_at": at, "detail": detail}
    stmt = pg_insert(ReminderSent.__table__).values(**values)
    model.Session.execute(stmt.on_conflict_do_update(
        constraint="satudata_reminder_sent_uq",
        set_={"handled_at": at, "due_at": at, "detail": detail}))


def clear_reminder_failure(period_id: str) -> None:
    model.Session.execute(sa.delete(ReminderSent).where(
        ReminderSent.period_id == period_id, ReminderSent.org_id == "",
        ReminderSent.key == FAILURE_KEY))


def reminder_failure(period: Period) -> dict | None:
    """The last recorded failure of this period's reminders, if the period still fails."""
    row = (model.Session.query(ReminderSent)
           .filter(ReminderSent.period_id == period.id, ReminderSent.org_id == "",
                   ReminderSent.key == FAILURE_KEY).first())
    return reminder_dict(row) if row is not None else None


def reminder_dict(row: ReminderSent) -> dict:
    tz = zone()
    return {"period_id": row.period_id, "org_id": row.org_id, "key": row.key,
            "kind": row.kind, "status": row.status, "due_at": iso_utc(row.due_at),
            "handled_at": iso_utc(row.handled_at),
            "handled_at_local": cal.format_local(row.handled_at, tz),
            "recipients": [r for r in row.recipients.split(",") if r],
            "cc": [r for r in row.cc.split(",") if r], "item_count": row.item_count,
            "detail": row.detail}


# --- agencies merge hook -----------------------------------------------------

def move_org_rows_on_merge(sender, session, old_org_id: str, new_org_id: str) -> int:
    """Receiver of agencies' ``agency_merged`` signal: the deadlines rows follow the agency."""
    moved = 0
    kept = sa.select(ReminderSent.period_id, ReminderSent.key).where(
        ReminderSent.org_id == new_org_id)
    for period_id, key in session.execute(kept).all():
        session.execute(sa.delete(ReminderSent).where(
            ReminderSent.org_id == old_org_id, ReminderSent.period_id == period_id,
            ReminderSent.key == key))
    for table in (AgreedItem, CutoffSnapshot, ReminderSent):
        result = session.execute(sa.update(table).where(table.org_id == old_org_id)
                                 .values(org_id=new_org_id))
        moved += result.rowcount or 0
    return moved
