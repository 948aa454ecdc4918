"""Demo content: a collection round whose cutoff has passed (23 November, input close
8 December, in the portal's zone; corrections open-ended, as in Bekasi's 2023 round), its
daftar data (demo_data/daftar-data.csv) and the story of that round (demo_story.py), played
through the same actions users call. Idempotent. The opening date (1 November) is an assumption.

Until this year's cutoff is a week past, the story round is last year's, and this year's round
is created as well (its items open), so the front page has a countdown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os

import ckan.plugins.toolkit as tk

from . import agency_lookup, agreed_items, clock, demo_story, periods
from .core import calendar as cal

log = logging.getLogger(__name__)
DEMO_CSV = os.path.join(os.path.dirname(__file__), "demo_data", "daftar-data.csv")
# the story's last step is at most this long after the cutoff
STORY_SPAN = dt.timedelta(days=7)


def _cutoff(year: int) -> dt.datetime:
    return cal.parse_local(f"{year}-11-23", clock.zone())


def story_year(at: dt.datetime) -> int:
    """The latest year whose round's story lies wholly in the past at ``at``."""
    year = cal.local_date(at, clock.zone()).year
    return year if _cutoff(year) + STORY_SPAN <= at else year - 1


def load_demo(year: int | None = None) -> dict:
    at = clock.now()
    year = year or story_year(at)
    result = _load_round(year, play_story=_cutoff(year) + STORY_SPAN <= at)
    this_year = cal.local_date(at, clock.zone()).year
    if year < this_year and _cutoff(this_year) > at:
        _load_round(this_year, play_story=False)  # the round agencies deliver for now
    return result


def _load_round(year: int, play_story: bool) -> dict:
    name = f"pengumpulan-{year}"
    walidata = demo_story.actor("walidata")
    period = periods.get_period(name)
    if period is None:
        # prepared by the walidata a few days before the round opens
        with clock.story_time(cal.parse_local(f"{year}-10-28 09:00", clock.zone())):
            tk.get_action("satudata_period_create")(
                walidata,
                {
                    "name": name,
                    "title": f"Pengumpulan Data Sektoral {year}",
                    "year": year,
                    "opens": f"{year}-11-01 00:00",
                    "cutoff": f"{year}-11-23",
                    "input_close": f"{year}-12-08",
                    "corrections_end": "",
                },
            )
        period = periods.get_period(name)
    created = 0
    if not agreed_items.items_query(period.id).first():
        content = _known_agency_rows()
        if content:
            with clock.story_time(cal.parse_local(f"{year}-10-30 10:00", clock.zone())):
                created = tk.get_action("satudata_item_import")(
                    walidata, {"period_id": period.id, "content": content, "filename": "demo.csv"}
                )["created"]
            if play_story:
                demo_story.play(period)
        else:
            log.warning("deadlines demo: no demo agency found; load the agencies demo first")
    return {"period": period.name, "items": created}


def _known_agency_rows() -> str:
    """The demo daftar data without the rows of agencies this portal does not have (an
    import with an unknown agency imports nothing)."""
    index = agency_lookup.agency_index()
    with open(DEMO_CSV, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = [r for r in reader if index.resolve(r["agency"]).org_id]
        fields = reader.fieldnames or []
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
