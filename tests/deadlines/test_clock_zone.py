"""The portal's zone: Asia/Jakarta by default, never silently UTC."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.satudata.deadlines import clock
from ckanext.satudata.deadlines.core import calendar as cal


@pytest.fixture
def zone_setting(ckan_config, monkeypatch):
    def set_(value):
        monkeypatch.setitem(ckan_config, "ckanext.satudata.deadlines.timezone", value)

    return set_


def test_the_zone_defaults_to_jakarta_whatever_ckan_display_timezone_says(
    zone_setting, ckan_config, monkeypatch
):
    zone_setting("")
    monkeypatch.setitem(ckan_config, "ckan.display_timezone", "UTC")
    assert str(clock.zone()) == "Asia/Jakarta"


def test_a_misspelt_zone_is_read_as_jakarta_and_logged_not_as_utc(
    zone_setting, caplog, monkeypatch
):
    # a logging.config run earlier in the process (an ini's [loggers]) may have disabled it
    monkeypatch.setattr(clock.log, "disabled", False)
    caplog.set_level("ERROR", logger=clock.log.name)
    zone_setting("Asia/Jakrta")
    assert str(clock.zone()) == "Asia/Jakarta"
    assert "Asia/Jakrta" in caplog.text


def test_utc_only_when_the_setting_says_so(zone_setting):
    zone_setting("UTC")
    assert str(clock.zone()) == "UTC"


def test_a_bare_cutoff_date_ends_at_2359_wib(zone_setting):
    zone_setting("")
    cutoff = cal.parse_local("2026-11-23", clock.zone())
    assert cutoff == dt.datetime(2026, 11, 23, 16, 59, 59, 999999, tzinfo=dt.timezone.utc)
