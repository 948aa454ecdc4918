"""Submission periods (collection rounds): reading, creating and updating them with their
dates in the portal's zone, and the time left to each deadline."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata.metadata.api import limits

from .clock import iso_utc, now, zone
from .core import calendar as cal
from .model import Period

log = logging.getLogger(__name__)


NAME_RE = re.compile(r"^[a-z0-9_-]{2,100}$")


PERIOD_DATES = ("opens_at", "cutoff_at", "input_close_at", "corrections_end_at")
# form/API names accepted for the dates (local dates or date-times)


PERIOD_INPUTS = {
    "opens": "opens_at",
    "cutoff": "cutoff_at",
    "input_close": "input_close_at",
    "corrections_end": "corrections_end_at",
}


def get_period(id_or_name: str | None) -> Period | None:
    if not id_or_name:
        return None
    return (
        model.Session.query(Period)
        .filter(sa.or_(Period.id == id_or_name, Period.name == id_or_name))
        .first()
    )


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
            if merged["corrections_end_at"] and cal.ensure_utc(
                merged["corrections_end_at"]
            ) < cal.ensure_utc(last):
                errors["corrections_end"] = [
                    tk._("The end of corrections must not be before the input close")
                ]
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


def period_dict(period: Period) -> dict:
    tz = zone()
    out = {
        "id": period.id,
        "name": period.name,
        "title": period.title,
        "year": period.year,
        "created_by": period.created_by,
        "created_at": iso_utc(period.created_at),
    }
    for field, column in PERIOD_INPUTS.items():
        value = getattr(period, column)
        out[column] = iso_utc(value)
        out[field + "_local"] = cal.format_local(value, tz) if value else None
    return out


def time_left(period: Period) -> dict:
    t = now()
    return {
        "cutoff": cal.time_left(t, period.cutoff_at),
        "input_close": cal.time_left(t, period.input_close_at),
        "corrections_end": cal.time_left(t, period.corrections_end_at),
    }
