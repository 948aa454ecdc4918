"""Database and CKAN work of the assessment capability, shared by the jobs, actions, views and
the CLI. The scoring itself is the pure core (:mod:`.core`); this module only gathers its plain
inputs (dataset dicts, files, code lists, deadlines) and stores what it returns. Runs and their
RQ chunks are in :mod:`.runs`, what the pages and actions read back in :mod:`.results`.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
from typing import Any, Optional

from sqlalchemy.dialects.postgresql import insert as pg_insert

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.deadlines import api as deadlines_api

from .core import indicators as ind
from .core import scoring, static, structure
from .core.filelimits import Limits
from . import files
from .model import DatasetAssessment, ManualIndicator, utcnow

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- settings

def _cfg(key: str, default: Any = None) -> Any:
    value = tk.config.get("ckanext.satudata.assessment." + key)
    return default if value in (None, "") else value


def chunk_size() -> int:
    return max(1, int(_cfg("chunk_size", 500)))


def debounce_seconds() -> int:
    return max(0, int(_cfg("debounce_seconds", 30)))


def read_limits() -> Limits:
    """The bounds of reading one CSV/XLSX file (docs/security.md)."""
    mb = 1024 * 1024
    return Limits(
        max_cells=int(_cfg("max_cells", 1_000_000)),
        max_row_cells=int(_cfg("max_row_cells", 2000)),
        max_line_bytes=int(float(_cfg("max_line_kb", 1024)) * 1024),
        max_text_bytes=int(float(_cfg("max_text_mb", 64)) * mb),
        max_sheet_bytes=int(float(_cfg("max_sheet_mb", 64)) * mb),
        max_part_bytes=int(float(_cfg("max_part_mb", 16)) * mb),
        seconds=float(_cfg("read_seconds", 60)))


def lifecycle_enabled() -> bool:
    return tk.asbool(_cfg("lifecycle", True))


@functools.lru_cache(maxsize=8)
def _config_cached(path: str, mtime: float) -> scoring.Config:
    return scoring.load_config(path or None)


def config() -> scoring.Config:
    """The weights configuration (``ckanext.satudata.assessment.weights_file``), re-read when
    the file changes."""
    path = _cfg("weights_file", "") or str(scoring.DEFAULT_CONFIG_PATH)
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        mtime = 0.0
    return _config_cached(path, mtime)


def site_user() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


# --------------------------------------------------------------------------- inputs

STRUCTURE_CACHE_VERSION = "2"   # bump when core/structure.py changes what it reports
STRUCTURE_CACHE_TTL = 90 * 24 * 3600


def _structure_key(res: dict) -> Optional[str]:
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
        report = structure.inspect_file(path, fmt, static.area_names(), read_limits())
    if key and not report.error:
        try:
            _redis().setex(key, STRUCTURE_CACHE_TTL, json.dumps(report.as_dict()))
        except Exception:
            pass
    return report


def structure_reports(pkg: dict) -> dict[str, ind.StructureReport]:
    return {res["id"]: structure_report(res) for res in scoring.tabular_resources(pkg)}


def _parse_time(value: Any) -> Optional[dt.datetime]:
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


def agreed_items(dataset_ids: list[str]) -> Optional[dict[str, dict]]:
    """The deadlines capability's item of each dataset (one query for many)."""
    return deadlines_api.timeliness_for_datasets(dataset_ids)


def timeliness(pkg: dict, now: Optional[dt.datetime] = None,
               items: Optional[dict[str, dict]] = _NO_ITEMS) -> Optional[ind.Timeliness]:
    """Plain timeliness values from the deadlines capability (docs/architecture.md)."""
    if items is _NO_ITEMS:
        items = agreed_items([pkg["id"]])
    if items is None:
        return None
    item = items.get(pkg["id"])
    submission = None
    if item:
        submission = item.get("timeliness") or (
            "not_submitted" if item.get("state") == "not_submitted" else None)
    last = [_parse_time(r.get("last_modified") or r.get("created")) for r in pkg.get("resources") or []]
    last = [d for d in last if d] or [_parse_time(pkg.get("metadata_modified"))]
    last_update = max((d for d in last if d), default=None)
    periodic = deadlines_api.is_periodic(pkg.get("frequency"))
    due = deadlines_api.due_status(pkg.get("frequency"), last_update, now or utcnow()) \
        if periodic else None
    return ind.Timeliness(
        submission=submission, periodic=periodic,
        overdue=None if due is None else due.overdue,
        days_overdue=due.days_overdue if due else 0,
        next_due=due.next_due.date().isoformat() if due else None)


def inputs_for(pkg: dict, items: Optional[dict[str, dict]] = _NO_ITEMS,
               marks: Optional[dict] = None) -> ind.Inputs:
    return ind.Inputs(marks=marks or static.marks(), codelists=static.codelist_map(),
                      formats=static.formats_map(), structure=structure_reports(pkg),
                      timeliness=timeliness(pkg, items=items),
                      portal_url=tk.config.get("ckan.site_url") or "")


def assess_package(pkg: dict, cfg: Optional[scoring.Config] = None) -> scoring.DatasetScore:
    return scoring.score_dataset(pkg, inputs_for(pkg), cfg or config())


# --------------------------------------------------------------------------- storing

def _row_values(run_id: str, pkg: dict, score: Optional[scoring.DatasetScore],
                error: Optional[str] = None) -> dict[str, Any]:
    return {
        "id": f"{run_id}:{pkg['id']}", "run_id": run_id, "dataset_id": pkg["id"],
        "dataset_name": pkg.get("name") or "", "dataset_title": pkg.get("title") or "",
        "org_id": pkg.get("owner_org"), "error": error, "assessed_at": utcnow(),
        "score": score.score if score else 0.0, "level": score.level if score else 1,
        "band": score.band if score else "", "earned": score.earned if score else 0.0,
        "possible": score.possible if score else 0.0,
        "results": [r.as_dict() for r in score.results] if score else [],
    }


def store_rows(rows: list[dict[str, Any]]) -> None:
    """Insert or replace the rows of (run, dataset) in one statement: a chunk done twice
    writes each row once."""
    if not rows:
        return
    stmt = pg_insert(DatasetAssessment.__table__).values(rows)
    stmt = stmt.on_conflict_do_update(
        constraint="satudata_dataset_assessment_uq",
        set_={k: stmt.excluded[k] for k in rows[0] if k not in ("id", "run_id", "dataset_id")})
    model.Session.execute(stmt)


def store_dataset(run_id: str, pkg: dict, score: Optional[scoring.DatasetScore],
                  error: Optional[str] = None) -> None:
    store_rows([_row_values(run_id, pkg, score, error)])


# ids per search query: well under Solr's default maxBooleanClauses (1024)
SEARCH_BATCH = 250


def fetch_packages(dataset_ids: list[str]) -> list[dict]:
    """The active datasets among ``dataset_ids`` as package_show returns them. Many at once come
    from the search index (its stored ``validated_data_dict`` is package_show's output, one
    query per chunk); any the index lacks fall back to package_show."""
    context = {"user": site_user(), "ignore_auth": True}
    found: dict[str, dict] = {}
    if len(dataset_ids) > 1:
        wanted = set(dataset_ids)
        try:
            for start in range(0, len(dataset_ids), SEARCH_BATCH):
                q = " OR ".join(f'"{i}"' for i in dataset_ids[start:start + SEARCH_BATCH])
                out = tk.get_action("package_search")(dict(context), {
                    "fq": f"id:({q})", "rows": SEARCH_BATCH, "include_private": True})
                found.update((p["id"], p) for p in out["results"] if p.get("id") in wanted)
        except Exception:  # the index is an optimisation here
            log.warning("assessment: search index unavailable, reading datasets one by one")
            found = {}
    for dataset_id in dataset_ids:
        if dataset_id in found:
            continue
        try:
            found[dataset_id] = tk.get_action("package_show")(dict(context), {"id": dataset_id})
        except tk.ObjectNotFound:
            continue
    return [found[i] for i in dataset_ids if i in found and found[i].get("state") == "active"]


def assess_many(run_id: str, dataset_ids: list[str], cfg: scoring.Config) -> int:
    """Assess datasets and store them under ``run_id`` (not committed); returns how many."""
    pkgs = fetch_packages(dataset_ids)
    items = agreed_items([p["id"] for p in pkgs])
    marks = static.marks()
    rows = []
    for pkg in pkgs:
        try:
            score = scoring.score_dataset(pkg, inputs_for(pkg, items, marks), cfg)
        except Exception as e:  # one broken dataset must not stop the chunk
            log.exception("assessment of %s failed", pkg.get("id"))
            rows.append(_row_values(run_id, pkg, None, f"{type(e).__name__}: {e}"))
            continue
        rows.append(_row_values(run_id, pkg, score))
    store_rows(rows)
    return len(rows)


def assess_dataset_into(run_id: str, dataset_id: str, cfg: scoring.Config) -> bool:
    """Assess one dataset and store it under ``run_id``; False if it is gone."""
    return assess_many(run_id, [dataset_id], cfg) > 0


# --------------------------------------------------------------------------- what a run covers

def active_dataset_ids(org_id: Optional[str] = None) -> list[str]:
    q = model.Session.query(model.Package.id).filter(
        model.Package.state == "active", model.Package.type == "dataset")
    if org_id:
        q = q.filter(model.Package.owner_org == org_id)
    return [pid for (pid,) in q.order_by(model.Package.owner_org, model.Package.name).all()]


def active_dataset_ids_for(ids: list[str]) -> list[str]:
    return [pid for (pid,) in model.Session.query(model.Package.id).filter(
        model.Package.id.in_(ids), model.Package.state == "active",
        model.Package.type == "dataset").all()]


def active_org_ids() -> list[str]:
    """The agencies a portal run ranks: active organizations, without those the agencies
    capability archived (``agency_status: archived``, e.g. merged into another)."""
    groups = model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active",
        model.Group.type == "organization").order_by(model.Group.name).all()
    return [g.id for g in groups
            if ((getattr(g, "extras", None) or {}).get("agency_status") or "active") != "archived"]


def organization_choices() -> list[dict[str, str]]:
    """``[{name, title}]`` of the active organizations, for the run form."""
    return [{"name": n, "title": t or n} for n, t in model.Session.query(
        model.Group.name, model.Group.title).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active").order_by(
        model.Group.title).all()]


# --------------------------------------------------------------------------- manual indicators

def manual_for(org_id: str) -> list[ManualIndicator]:
    """The manual indicators in force for an agency: the latest row per EPSS code, if not
    withdrawn."""
    rows = model.Session.query(ManualIndicator).filter(ManualIndicator.org_id == org_id).order_by(
        ManualIndicator.epss_code, ManualIndicator.entered_at.desc()).all()
    latest: dict[str, ManualIndicator] = {}
    for r in rows:
        latest.setdefault(r.epss_code, r)
    return [r for r in latest.values() if r.level is not None]


def manual_history(org_id: str) -> list[dict]:
    return [m.as_dict() for m in model.Session.query(ManualIndicator).filter(
        ManualIndicator.org_id == org_id).order_by(ManualIndicator.entered_at.desc()).limit(100)]


def add_manual(org_id: str, epss_code: str, level: Optional[int], evidence: str,
               user: Optional[str]) -> ManualIndicator:
    if level is not None:
        scoring.validate_manual(scoring.ManualIndicator(epss_code, int(level), evidence))
    row = ManualIndicator(org_id=org_id, epss_code=epss_code,
                          level=None if level is None else int(level),
                          evidence=evidence.strip(), entered_by=user)
    model.Session.add(row)
    model.Session.commit()
    return row


def move_rows_on_merge(sender: Any, session: Any, old_org_id: str, new_org_id: str) -> int:
    """Receiver of agencies' ``agency_merged`` signal: the datasets' assessment rows and the manual indicators follow
    the datasets to the new agency; the old agency's aggregate rows stay as its history."""
    n = session.execute(DatasetAssessment.__table__.update().where(
        DatasetAssessment.__table__.c.org_id == old_org_id).values(org_id=new_org_id)).rowcount
    n += session.execute(ManualIndicator.__table__.update().where(
        ManualIndicator.__table__.c.org_id == old_org_id).values(org_id=new_org_id)).rowcount
    return n
