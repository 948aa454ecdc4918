"""The deadlines capability's clock: the portal's zone (``ckanext.satudata.deadlines.timezone``,
Asia/Jakarta by default), now, and instants as ISO 8601 UTC."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Iterator

import ckan.plugins.toolkit as tk

from .core import calendar as cal
from .model import utcnow

log = logging.getLogger(__name__)
# Set only by the demo, which replays a past round's story through the same actions users
# call; everything else always reads the server clock.
_story_time: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar(
    "satudata_story_time", default=None
)


def zone():
    """The portal's zone. Never silently UTC: an empty setting is Asia/Jakarta and a name that
    is not a zone is logged as an error and read as Asia/Jakarta (Kabupaten Bekasi's zone);
    UTC only when the setting says ``UTC``."""
    name = (tk.config.get("ckanext.satudata.deadlines.timezone") or "").strip()
    try:
        return cal.get_zone(name or cal.DEFAULT_ZONE)
    except cal.CalendarError:
        log.error(
            "ckanext.satudata.deadlines.timezone %r is not a zone name; using %s",
            name,
            cal.DEFAULT_ZONE,
        )
        return cal.get_zone(cal.DEFAULT_ZONE)


def now() -> dt.datetime:
    return _story_time.get() or utcnow()


@contextlib.contextmanager
def story_time(at: dt.datetime) -> Iterator[None]:
    """Within the block, the deadlines read ``at`` (aware) as now. Demo only."""
    token = _story_time.set(cal.ensure_utc(at))
    try:
        yield
    finally:
        _story_time.reset(token)


def iso_utc(value: dt.datetime | None) -> str | None:
    return cal.ensure_utc(value).isoformat() if value else None
