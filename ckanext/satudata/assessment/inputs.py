"""The plain inputs of the pure scoring: structure reports of the files (cached in Redis for
uploads), the deadlines capability's timeliness, code lists and marks; and scoring one dataset."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.deadlines import api as deadlines_api
from ckanext.satudata.metadata import api as metadata_api

from . import files
from .core import indicators as ind
from .core import scoring, static, structure
from .model import utcnow
from .settings import config, read_limits

log = logging.getLogger(__name__)


STRUCTURE_CACHE_VERSION = "3"  # bump when core/structure.py changes what it reports
STRUCTURE_CACHE_TTL = 90 * 24 * 3600


def _structure_key(res: dict) -> str | None:
    """Cache key of an uploaded file's structure report: a new upload changes ``size`` /
    ``last_modified``. Linked files are read every time (they change behind the portal)."""
    if res.get("url_type") != "upload" or not res.get("id"):
        return None
    raw = "|".join(str(res.get(k) or "") for k in ("id", "url", "size", "last_modified", "format"))
    digest = hashlib.sha1(f"{STRUCTURE_CACHE_VERSION}|{raw}".encode()).hexdigest()
    return f"ckanext-satudata:assessment:structure:{digest}"


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def structure_report(res: dict) -> ind.StructureReport:
    key = _structure_key(res)
    if key:
        try:
            cached = _redis().get(key)
        except Exception:  # the cache is an optimisation only
            cached = None
        if cached:
            return ind.StructureReport.from_dict(json.loads(cached))
    fmt = ind.resource_format(res).lower()
    with files.resource_file(res, fmt) as (path, error):
        if path is None:
            return ind.StructureReport(error=error)
        report = structure.inspect_file(
            path, fmt, static.area_names(), read_limits(), static.area_codes()
        )
    if key and not report.error:
        try:
            _redis().setex(key, STRUCTURE_CACHE_TTL, json.dumps(report.as_dict()))
        except Exception:
            pass
    return report


def structure_reports(pkg: dict) -> dict[str, ind.StructureReport]:
    return {res["id"]: structure_report(res) for res in scoring.tabular_resources(pkg)}


def _parse_time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    if isinstance(value, dt.datetime):
        d = value
    else:
        try:
            d = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    return d if d.tzinfo else d.replace(tzinfo=dt.timezone.utc)


_NO_ITEMS: dict = {}


def agreed_items(dataset_ids: list[str]) -> dict[str, dict] | None:
    """The deadlines capability's item of each dataset (one query for many)."""
    return deadlines_api.timeliness_for_datasets(dataset_ids)


def timeliness(
    pkg: dict, now: dt.datetime | None = None, items: dict[str, dict] | None = _NO_ITEMS
) -> ind.Timeliness | None:
    """Plain timeliness values from the deadlines capability (docs/architecture.md)."""
    if items is _NO_ITEMS:
        items = agreed_items([pkg["id"]])
    if items is None:
        return None
    item = items.get(pkg["id"])
    submission = None
    if item:
        submission = item.get("timeliness") or (
            "not_submitted" if item.get("state") == "not_submitted" else None
        )
    last = [
        _parse_time(r.get("last_modified") or r.get("created")) for r in pkg.get("resources") or []
    ]
    last = [d for d in last if d] or [_parse_time(pkg.get("metadata_modified"))]
    last_update = max((d for d in last if d), default=None)
    periodic = deadlines_api.is_periodic(pkg.get("frequency"))
    due = (
        deadlines_api.due_status(pkg.get("frequency"), last_update, now or utcnow())
        if periodic
        else None
    )
    return ind.Timeliness(
        submission=submission,
        periodic=periodic,
        overdue=None if due is None else due.overdue,
        days_overdue=due.days_overdue if due else 0,
        next_due=due.next_due.date().isoformat() if due else None,
    )


def inputs_for(
    pkg: dict, items: dict[str, dict] | None = _NO_ITEMS, marks: dict | None = None
) -> ind.Inputs:
    return ind.Inputs(
        marks=marks or static.marks(),
        codelists=static.codelist_map(),
        formats=static.formats_map(),
        structure=structure_reports(pkg),
        timeliness=timeliness(pkg, items=items),
        portal_url=tk.config.get("ckan.site_url") or "",
        ms_keg=metadata_api.ms_keg_items(pkg),
        ms_keg_marks=static.kegiatan_marks(),
    )


def assess_package(pkg: dict, cfg: scoring.Config | None = None) -> scoring.DatasetScore:
    return scoring.score_dataset(pkg, inputs_for(pkg), cfg or config())
