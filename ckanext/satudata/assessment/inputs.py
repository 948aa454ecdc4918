"""The plain inputs of the pure scoring: structure reports of the files (cached in Redis for
uploads), the deadlines capability's timeliness, code lists and marks; and scoring one dataset."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.deadlines import api as deadlines_api
from ckanext.satudata.metadata import api as metadata_api

from . import files
from .core import indicators as ind
from .core import scoring, static, structure
from .model import utcnow
from .settings import config, read_limits, site_user

log = logging.getLogger(__name__)


STRUCTURE_CACHE_VERSION = "3"  # bump when core/structure.py changes what it reports
STRUCTURE_CACHE_TTL = 90 * 24 * 3600
# ids per search query: well under Solr's default maxBooleanClauses (1024)
SEARCH_BATCH = 250
_PLAIN_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


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


def _cached_reports(keys: list[str]) -> dict[str, ind.StructureReport]:
    """The cached structure reports of ``keys`` in one round trip (MGET); a cache that does
    not answer is an empty cache."""
    if not keys:
        return {}
    try:
        values = _redis().mget(keys)
    except Exception:  # the cache is an optimisation only
        return {}
    return {k: ind.StructureReport.from_dict(json.loads(v)) for k, v in zip(keys, values) if v}


def _read_report(res: dict) -> ind.StructureReport:
    """Read one file under the address and size policy."""
    fmt = ind.resource_format(res).lower()
    with files.resource_file(res, fmt) as (path, error):
        if path is None:
            return ind.StructureReport(error=error)
        return structure.inspect_file(
            path, fmt, static.area_names(), read_limits(), static.area_codes()
        )


def _cache_reports(reports: dict[str, ind.StructureReport]) -> None:
    """Keep the reports of uploads (by cache key) in one pipelined round trip; a report of a
    file that could not be read is not kept (the next run tries again)."""
    keep = {k: r for k, r in reports.items() if not r.error}
    if not keep:
        return
    try:
        pipe = _redis().pipeline(transaction=False)
        for key, report in keep.items():
            pipe.setex(key, STRUCTURE_CACHE_TTL, json.dumps(report.as_dict()))
        pipe.execute()
    except Exception:  # the cache is an optimisation only
        pass


def structure_reports_many(pkgs: list[dict]) -> dict[str, dict[str, ind.StructureReport]]:
    """The structure reports of every tabular file of ``pkgs`` (by dataset id, then resource
    id): the cached ones of a whole chunk in one MGET, the others read from their files and
    then cached together."""
    tabular = {p["id"]: scoring.tabular_resources(p) for p in pkgs}
    keys = {r["id"]: _structure_key(r) for rs in tabular.values() for r in rs}
    cached = _cached_reports([k for k in keys.values() if k])
    fresh: dict[str, ind.StructureReport] = {}
    out: dict[str, dict[str, ind.StructureReport]] = {}
    for dataset_id, resources in tabular.items():
        reports = out[dataset_id] = {}
        for res in resources:
            key = keys[res["id"]]
            if key in cached:
                reports[res["id"]] = cached[key]
                continue
            reports[res["id"]] = report = _read_report(res)
            if key:
                fresh[key] = report
    _cache_reports(fresh)
    return out


def structure_reports(pkg: dict) -> dict[str, ind.StructureReport]:
    return structure_reports_many([pkg])[pkg["id"]]


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
    pkg: dict,
    items: dict[str, dict] | None = _NO_ITEMS,
    marks: dict | None = None,
    reports: dict[str, ind.StructureReport] | None = None,
    ms_keg: dict[str, Any] | None = None,
) -> ind.Inputs:
    """The inputs of one dataset; a chunk passes what it read for all its datasets at once
    (agreed items, structure reports, MS-Keg items), a single dataset reads its own."""
    return ind.Inputs(
        marks=marks or static.marks(),
        codelists=static.codelist_map(),
        formats=static.formats_map(),
        structure=structure_reports(pkg) if reports is None else reports,
        timeliness=timeliness(pkg, items=items),
        portal_url=tk.config.get("ckan.site_url") or "",
        ms_keg=metadata_api.ms_keg_items(pkg) if ms_keg is None else ms_keg,
        ms_keg_marks=static.kegiatan_marks(),
    )


KEGIATAN_LINK = metadata_api.kegiatan_rules.LINK_FIELD


def indexed_packages(ids: list[str], fq: str = "") -> dict[str, dict]:
    """The datasets among ``ids`` from the search index, by id (its stored
    ``validated_data_dict`` is package_show's output), one query per :data:`SEARCH_BATCH`
    ids, private ones included; ``fq`` narrows them (e.g. to a dataset type). Raises what the
    search raises: callers fall back to package_show."""
    context = {"user": site_user(), "ignore_auth": True}
    # only plain ids go into the query (a stored link is an id; anything else, e.g. a quote,
    # would change the query): others are "not in the index" and take the caller's fallback
    ids = [i for i in ids if _PLAIN_ID.match(i)]
    found: dict[str, dict] = {}
    for start in range(0, len(ids), SEARCH_BATCH):
        q = " OR ".join(f'"{i}"' for i in ids[start : start + SEARCH_BATCH])
        out = tk.get_action("package_search")(
            dict(context),
            {"fq": f"{fq} +id:({q})".strip(), "rows": SEARCH_BATCH, "include_private": True},
        )
        found.update((p["id"], p) for p in out["results"])
    return found


def _kegiatan_records(ids: list[str]) -> dict[str, dict]:
    """The active kegiatan records among ``ids``; ``{}`` when the index does not answer."""
    kind = metadata_api.kegiatan_rules.KEGIATAN_TYPE
    try:
        found = indexed_packages(ids, f"+dataset_type:{kind}")
    except Exception:  # the index is an optimisation here
        log.warning("assessment: search index unavailable, reading kegiatan one by one")
        return {}
    return {i: r for i, r in found.items() if r.get("state") == "active"}


def ms_keg_items_many(pkgs: list[dict]) -> dict[str, dict[str, Any]]:
    """The MS-Keg items of each dataset by id. The kegiatan linked from a chunk are read
    together from the search index (datasets often share theirs); one the index lacks is read
    through metadata's own lookup, as a single dataset would be."""
    refs = sorted({r for p in pkgs if isinstance(r := p.get(KEGIATAN_LINK), str) and r})
    records = _kegiatan_records(refs) if refs else {}
    items: dict[str, dict[str, Any]] = {}
    out = {}
    for pkg in pkgs:
        ref = pkg.get(KEGIATAN_LINK)
        if not isinstance(ref, str) or not ref:
            out[pkg["id"]] = {}
            continue
        if ref not in items:
            record = records.get(ref)
            items[ref] = (
                metadata_api.kegiatan_rules.ms_keg_items(record)
                if record
                else metadata_api.ms_keg_items(pkg)
            )
        out[pkg["id"]] = items[ref]
    return out


def assess_package(pkg: dict, cfg: scoring.Config | None = None) -> scoring.DatasetScore:
    return scoring.score_dataset(pkg, inputs_for(pkg), cfg or config())
