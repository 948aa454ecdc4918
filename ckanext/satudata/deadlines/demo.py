"""Demo content: this year's collection round (cutoff 23 November, input close
8 December, in the portal's zone; corrections open-ended, as in Bekasi's 2023
round) and a small daftar data for a few agencies (demo_data/daftar-data.csv).
Idempotent. The opening date (1 November) is an assumption."""
from __future__ import annotations

import datetime as dt
import logging
import os

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import service
from .core import importer

log = logging.getLogger(__name__)
DEMO_CSV = os.path.join(os.path.dirname(__file__), "demo_data", "daftar-data.csv")


def load_demo(year: int | None = None) -> dict:
    tz = service.zone()
    year = year or service.now().astimezone(tz).year
    name = f"pengumpulan-{year}"
    period = service.get_period(name)
    if period is None:
        period = service.create_period({
            "name": name, "title": f"Pengumpulan Data Sektoral {year}", "year": year,
            "opens": f"{year}-11-01 00:00", "cutoff": f"{year}-11-23",
            "input_close": f"{year}-12-08", "corrections_end": "",
        }, None)
    created = 0
    if not service.items_query(period.id).first():
        keys = service.organization_keys()
        with open(DEMO_CSV, "rb") as stream:
            result = importer.parse_file(stream.read(), DEMO_CSV)
        result.rows = [r for r in result.rows if r.agency.lower() in keys]
        if result.ok and result.rows:
            created = len(service.import_items(period, result, None))
        else:
            log.warning("deadlines demo: no demo agency found; load the agencies demo first")
    model.repo.commit()
    return {"period": period.name, "items": created}
