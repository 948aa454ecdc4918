"""The deadlines capability's clock: the portal's zone (``ckanext.satudata.deadlines.timezone``,
Asia/Jakarta by default), now, and instants as ISO 8601 UTC."""

from __future__ import annotations

import datetime as dt
import logging

import ckan.plugins.toolkit as tk

from .core import calendar as cal
from .model import utcnow

log = logging.getLogger(__name__)


def zone():
    name = tk.config.get("ckan.display_timezone") or "UTC"
    try:
        return cal.get_zone(name)
    except cal.CalendarError:
        log.warning("ckan.display_timezone %r is not a zone name; using UTC", name)
        return cal.get_zone("UTC")


def now() -> dt.datetime:
    return utcnow()


def iso_utc(value: dt.datetime | None) -> str | None:
    return cal.ensure_utc(value).isoformat() if value else None
