"""Reminder e-mails through CKAN's mailer (``ckan satudata deadlines remind``
and the scheduled job). Every slot whose moment is at or before now and that
was not handled yet is handled once: sent, or recorded as superseded /
nothing missing. Rows in ``satudata_reminder_sent`` make repeated runs send
nothing twice; they are committed per agency."""

from __future__ import annotations

import datetime as dt
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib import mailer
from sqlalchemy.exc import IntegrityError

from ckanext.satudata.agencies import api as agencies_api

from . import agency_lookup, agreed_items, clock, figures, periods, reminder_records
from .core import calendar as cal
from .core import lifecycle as lc
from .core import reminders as core
from .model import AgreedItem, Period, ReminderSent

log = logging.getLogger(__name__)


def _int(name: str, default: int) -> int:
    value = tk.config.get(f"ckanext.satudata.deadlines.{name}")
    return default if value in (None, "") else int(value)


def settings() -> dict:
    cfg = tk.config
    return {
        "offsets": core.parse_offsets(cfg.get("ckanext.satudata.deadlines.reminder_offsets")),
        "hour": _int("reminder_hour", 8),
        "every": _int("overdue_every_days", 7),
        "max_delay": _int("reminder_max_delay_days", 7),
        "cc": walidata_emails(),
    }


def walidata_emails() -> list[str]:
    """Configured addresses plus the e-mails of the walidata organization's
    admins and editors (agencies capability)."""
    emails = [
        e
        for e in (tk.config.get("ckanext.satudata.deadlines.walidata_emails") or "")
        .replace(",", " ")
        .split()
        if e
    ]
    org = agencies_api.walidata_org()
    if org is not None:
        users = (
            model.Session.query(model.User.email)
            .join(model.Member, model.Member.table_id == model.User.id)
            .filter(
                model.Member.group_id == org.id,
                model.Member.table_name == "user",
                model.Member.state == "active",
                model.Member.capacity.in_(agencies_api.WALIDATA_CAPACITIES),
                model.User.state == "active",
            )
            .order_by(model.User.name)
            .all()
        )
        emails += [u[0] for u in users if u[0] and u[0] not in emails]
    return emails


def agency_admins(org_id: str) -> list[model.User]:
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(model.Member.group_id == org_id)
        .filter(model.Member.table_name == "user")
        .filter(model.Member.state == "active")
        .filter(model.Member.capacity == "admin")
        .filter(model.User.state == "active")
        .order_by(model.User.name)
        .all()
    )


def mail_gettext(lang: str | None = None):
    """gettext of the extension's catalogue in ``lang``, by default the portal's
    (``ckan.locale_default``): mails go out in that language whether they are sent
    from a page, the CLI or a background job (no request there)."""
    import os

    from babel.support import Translations

    lang = lang or tk.config.get("ckan.locale_default") or "en"
    directory = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n")
    return Translations.load(directory, [lang], domain="ckanext-satudata").gettext


def _body(kind: str, org: dict, period, items, tz, at) -> tuple[str, str]:
    _ = mail_gettext()
    missing = [i for i in items if i.state == lc.NOT_SUBMITTED]
    returned = [i for i in items if i.state == lc.RETURNED]
    cutoff = cal.format_local(period.cutoff_at, tz)
    if kind == core.BEFORE:
        left = cal.time_left(at, period.cutoff_at)
        subject = _("[Satu Data] {agency}: {n} item(s) due by {cutoff}").format(
            agency=org["title"], n=len(missing) + len(returned), cutoff=cutoff
        )
        intro = _(
            "{days} day(s) and {hours} hour(s) are left before the cutoff of {period} ({cutoff})."
        ).format(
            days=left.days, hours=left.hours, period=period.title or period.name, cutoff=cutoff
        )
    else:
        subject = _("[Satu Data] {agency}: {n} item(s) overdue since {cutoff}").format(
            agency=org["title"], n=len(missing) + len(returned), cutoff=cutoff
        )
        close = cal.format_local(period.input_close_at, tz) if period.input_close_at else "-"
        intro = _("The cutoff of {period} ({cutoff}) has passed. Input closes on {close}.").format(
            period=period.title or period.name, cutoff=cutoff, close=close
        )
    lines = [_("Dear admin of {agency},").format(agency=org["title"]), "", intro, ""]
    if missing:
        lines.append(_("Not submitted yet:"))
        lines += [f"  - {i.title}{_years(i)}" for i in missing]
        lines.append("")
    if returned:
        lines.append(_("Returned for correction:"))
        lines += [f"  - {i.title}: {i.return_notes}" for i in returned]
        lines.append("")
    site = tk.config.get("ckan.site_url") or ""
    lines.append(_("Your checklist: {url}").format(url=f"{site}/organization/{org['name']}"))
    lines += ["", "-- ", _("Walidata, Satu Data portal")]
    return subject, "\n".join(lines)


def _years(item) -> str:
    if not item.year_start:
        return ""
    if item.year_end and item.year_end != item.year_start:
        return f" ({item.year_start}-{item.year_end})"
    return f" ({item.year_start})"


def _done_keys(period_id: str, org_id: str) -> set[str]:
    rows = (
        model.Session.query(ReminderSent.key)
        .filter(ReminderSent.period_id == period_id, ReminderSent.org_id == org_id)
        .all()
    )
    return {r[0] for r in rows}


def _record(period, org_id, slot, status, **kw):
    model.Session.add(
        ReminderSent(
            period_id=period.id,
            org_id=org_id,
            key=slot.key,
            kind=slot.kind,
            status=status,
            due_at=slot.moment,
            handled_at=kw.pop("at"),
            **kw,
        )
    )


def run(at: dt.datetime | None = None) -> dict:
    """Take due cutoff snapshots, then handle every due reminder. Returns a report.

    Each period is handled on its own: one whose stored data makes its snapshot or its
    reminders fail is rolled back, logged and recorded (``reminder_records.record_reminder_failure``,
    shown on the walidata page of that period), and the other periods still get theirs."""
    at = at or clock.now()
    tz = clock.zone()
    conf = settings()
    report = {
        "snapshots": [],
        "sent": [],
        "superseded": 0,
        "nothing_missing": 0,
        "no_recipient": 0,
        "errors": [],
        "failed_periods": [],
    }
    for period in figures.snapshot_due_periods(at):
        ref = (period.id, period.name)  # for the failure record, whatever the session's state
        try:
            taken, rows = figures.take_snapshot(period, at)
            model.repo.commit()
        except IntegrityError:  # a concurrent run froze it first
            model.Session.rollback()
            continue
        except Exception as exc:  # this period only: the others still get theirs
            _period_failed(ref, "snapshot", exc, at, report)
            continue
        report["snapshots"].append({"period": period.name, "rows": rows})
    orgs = {o["id"]: o for o in agency_lookup.organizations()}
    for ref in [(p.id, p.name) for p in periods.list_periods()]:
        try:
            _run_period(model.Session.get(Period, ref[0]), at, tz, conf, orgs, report)
        except Exception as exc:
            _period_failed(ref, "reminders", exc, at, report)
        else:
            if ref[1] not in report["failed_periods"]:  # its snapshot did not fail either
                reminder_records.clear_reminder_failure(ref[0])
                model.repo.commit()
    return report


def _period_failed(ref: tuple, stage: str, exc: Exception, at: dt.datetime, report: dict) -> None:
    period_id, name = ref
    model.Session.rollback()
    log.exception("deadlines: %s of period %s failed", stage, name)
    detail = f"{stage}: {type(exc).__name__}: {exc}"[:1000]
    report["errors"].append(f"{name}: {detail}")
    report["failed_periods"].append(name)
    try:
        reminder_records.record_reminder_failure(period_id, detail, at)
        model.repo.commit()
    except Exception:  # recording must not stop the other periods either
        model.Session.rollback()
        log.exception("deadlines: could not record the failure of period %s", name)


def _run_period(period, at, tz, conf, orgs, report) -> None:
    slots = core.schedule(
        period.cutoff_at,
        tz,
        offsets=conf["offsets"],
        hour=conf["hour"],
        input_close=period.input_close_at,
        overdue_every_days=conf["every"],
    )
    if not slots or slots[0].moment > at:
        return
    org_ids = [
        r[0]
        for r in model.Session.query(sa.distinct(AgreedItem.org_id))
        .filter(AgreedItem.period_id == period.id)
        .all()
    ]
    for org_id in sorted(org_ids, key=lambda o: (orgs.get(o) or {}).get("name", o)):
        plan = core.due_reminders(slots, at, _done_keys(period.id, org_id), period.cutoff_at)
        send = [s for s in plan.send if at - s.moment <= dt.timedelta(days=conf["max_delay"])]
        stale = [s for s in plan.send if s not in send]
        try:
            for slot in list(plan.supersede) + stale:
                _record(period, org_id, slot, "superseded", at=at)
            model.Session.flush()
            model.repo.commit()
            report["superseded"] += len(plan.supersede) + len(stale)
            for slot in send:
                _send_one(period, orgs.get(org_id), org_id, slot, conf, tz, at, report)
        except IntegrityError:  # a concurrent run handled these slots
            model.Session.rollback()


def _send_one(period, org, org_id, slot, conf, tz, at, report):
    org = org or {"id": org_id, "name": org_id, "title": org_id}
    items = agreed_items.items_query(period.id, org_id).all()
    todo = [i for i in items if i.state in (lc.NOT_SUBMITTED, lc.RETURNED)]
    if not todo:
        _record(period, org_id, slot, "nothing_missing", at=at)
        model.Session.flush()
        model.repo.commit()
        report["nothing_missing"] += 1
        return
    admins = [u for u in agency_admins(org_id) if u.email]
    if not admins:
        _record(
            period,
            org_id,
            slot,
            "no_recipient",
            at=at,
            item_count=len(todo),
            cc=",".join(conf["cc"]),
        )
        model.Session.flush()
        model.repo.commit()
        report["no_recipient"] += 1
        return
    subject, body = _body(slot.kind, org, period, items, tz, at)
    headers = {"Cc": ", ".join(conf["cc"])} if conf["cc"] else {}
    # claim the slot first (unique per period, agency and slot): a concurrent run
    # fails here instead of mailing twice
    _record(period, org_id, slot, "sending", at=at)
    model.Session.flush()
    model.repo.commit()
    row = (
        model.Session.query(ReminderSent)
        .filter_by(period_id=period.id, org_id=org_id, key=slot.key)
        .one()
    )
    try:
        for user in admins:
            mailer.mail_recipient(user.display_name, user.email, subject, body, headers=headers)
        for email in conf["cc"]:
            mailer.mail_recipient("Walidata", email, subject, body, headers=headers)
    except mailer.MailerException as exc:
        log.error("reminder %s for %s not sent: %s", slot.key, org_id, exc)
        report["errors"].append(f"{org['name']} {slot.key}: {exc}")
        model.Session.delete(row)  # not sent: the next run tries again
        model.repo.commit()
        return
    row.status = "sent"
    row.recipients = ",".join(u.email for u in admins)
    row.cc = ",".join(conf["cc"])
    row.item_count = len(todo)
    row.detail = subject
    model.repo.commit()
    report["sent"].append(
        {
            "period": period.name,
            "org": org["name"],
            "key": slot.key,
            "to": [u.email for u in admins],
            "cc": conf["cc"],
        }
    )


# --- the scheduled job (RQ scheduler of the 2.12 worker) ---------------------

JOB_ID = "satudata-deadlines-tick"


def tick(reschedule_minutes: int | None = None) -> dict:
    """Job body: run reminders/snapshots, then schedule the next tick."""
    report = run()
    minutes = reschedule_minutes
    if minutes is None:
        minutes = int(tk.config.get("ckanext.satudata.deadlines.job_interval_minutes") or 60)
    if minutes > 0:
        schedule_job(minutes)
    return report


def schedule_job(minutes: int | None = None):
    """Schedule the next tick on the default queue (one job id, so
    scheduling twice keeps one)."""
    from ckan.lib import jobs

    minutes = (
        minutes
        if minutes is not None
        else int(tk.config.get("ckanext.satudata.deadlines.job_interval_minutes") or 60)
    )
    queue = jobs.get_queue()
    return queue.enqueue_in(
        dt.timedelta(minutes=minutes),
        tick,
        job_id=JOB_ID,
        description="satudata deadlines: reminders and cutoff snapshots",
    )
