"""Shared by the pure deadlines core tests: the portal zone, the 2026 cut-off, a process clock in UTC (autouse) and local times."""

import datetime as dt
import time

import pytest

from ckanext.satudata.deadlines.core import calendar as cal

UTC = dt.timezone.utc


JKT = cal.get_zone("Asia/Jakarta")


CUTOFF = cal.parse_local("2026-11-23", JKT)


@pytest.fixture(autouse=True)
def process_in_utc(monkeypatch):
    """Run the process in UTC, as the server does."""
    monkeypatch.setenv("TZ", "UTC")
    if hasattr(time, "tzset"):
        time.tzset()
    yield


def local(*args):
    return dt.datetime(*args, tzinfo=JKT)
