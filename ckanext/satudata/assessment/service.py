"""Database and CKAN work of the assessment capability, shared by the jobs, actions, views and
the CLI. The scoring itself is the pure core (:mod:`.core`); this module only gathers its plain
inputs (dataset dicts, files, code lists, deadlines) and stores what it returns.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
from typing import Any, Iterator, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

import ckan.model as model
import ckan.plugins.toolkit as tk

from .core import indicators as ind
from .core import scoring, static, structure
from .model import (AGENCY, DATASET, DONE, FAILED, PENDING, PORTAL, RETRYING, RUNNING,
                    AgencyAssessment, AssessmentChunk, AssessmentRun, DatasetAssessment,
                    ManualIndicator, iso, utcnow)

log = logging.getLogger(__name__)
PARTIAL = "partial"
MAX_ATTEMPTS = 3


# --------------------------------------------------------------------------- settings

def _cfg(key: str, default: Any = None) -> Any:
    value = tk.config.get("ckanext.satudata.assessment." + key)
    return default if value in (None, "") else value


def chunk_size() -> int:
    return max(1, int(_cfg("chunk_size", 500)))


def debounce_seconds() -> int:
    return max(0, int(_cfg("debounce_seconds", 30)))


def max_download_bytes() -> int:
    return int(float(_cfg("max_download_mb", 20)) * 1024 * 1024)


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

def _upload_path(res: dict) -> Optional[str]:
    """The file of an uploaded resource on the local file system, if that is where it is."""
    from ckan.lib import uploader
    upload = uploader.get_resource_uploader(res)
    if getattr(upload, "storage", None) is not None:
        return None
    path = upload.get_path(res["id"])
    return path if isinstance(path, str) and os.path.isfile(path) else None


@contextlib.contextmanager
def resource_file(res: dict, ext: str = "") -> Iterator[tuple[Optional[str], str]]:
    """``(path, error)`` of the resource file: an upload on the local file system is read in
    place; other uploads (file-keeper storages) and linked files are copied to a temporary
    ``data.<ext>``."""
    if res.get("url_type") == "upload":
        try:
            local = _upload_path(res)
        except Exception as e:
            local, error = None, f"{type(e).__name__}: {str(e)[:100]}"
            yield None, error
            return
        if local:
            yield local, ""
            return
    tmpdir = tempfile.mkdtemp(prefix="satudata-assess-")
    try:
        target = os.path.join(tmpdir, "data" + (f".{ext}" if ext else ""))
        try:
            if res.get("url_type") == "upload":
                _copy_upload(res, target)
            else:
                _download(res.get("url") or "", target)
        except Exception as e:  # reported as a finding of the structure indicators
            yield None, f"{type(e).__name__}: {str(e)[:100]}"
            return
        yield target, ""
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def _copy_upload(res: dict, target: str) -> None:
    import file_keeper as fk
    from ckan.lib import uploader
    upload = uploader.get_resource_uploader(res)
    path = upload.get_path(res["id"])
    storage = getattr(upload, "storage", None)
    if isinstance(storage, fk.Storage):
        from ckan.lib import files
        location = files.Location(str(path))
        data = files.FileData(location, size=storage.size(location))
        with open(target, "wb") as out:
            for chunk in storage.stream(data):
                out.write(chunk)
        return
    shutil.copyfile(str(path), target)


def _download(url: str, target: str) -> None:
    import requests
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError("not an http(s) URL")
    limit = max_download_bytes()
    with requests.get(url, stream=True, timeout=(5, 20)) as r:
        r.raise_for_status()
        size = 0
        with open(target, "wb") as out:
            for chunk in r.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise ValueError(f"larger than {limit // (1024 * 1024)} MB")
                out.write(chunk)


STRUCTURE_CACHE_VERSION = "1"   # bump when core/structure.py changes what it reports
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
    with resource_file(res, fmt) as (path, error):
        if path is None:
            return ind.StructureReport(error=f"download failed: {error}")
        report = structure.inspect_file(path, fmt, static.area_names())
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
    """The deadlines capability's item of each dataset (one query for many); ``None`` when the
    capability is absent."""
    try:
        from ckanext.satudata.deadlines import api as deadlines_api
    except ImportError:
        return None
    return deadlines_api.timeliness_for_datasets(dataset_ids)


def timeliness(pkg: dict, now: Optional[dt.datetime] = None,
               items: Optional[dict[str, dict]] = _NO_ITEMS) -> Optional[ind.Timeliness]:
    """Plain timeliness values from the deadlines capability (docs/architecture.md)."""
    try:
        from ckanext.satudata.deadlines import service as deadlines_service
        from ckanext.satudata.deadlines.core import frequency as freq
    except ImportError:
        return None
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
    periodic = freq.is_periodic(pkg.get("frequency"))
    due = freq.due_status(pkg.get("frequency"), last_update, now or utcnow(),
                          deadlines_service.zone()) if periodic else None
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


# --------------------------------------------------------------------------- runs

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


def create_run(scope: str, target_id: Optional[str], *, trigger: str, user: Optional[str],
               enqueue: bool = True) -> AssessmentRun:
    """Create a run and its chunks, commit, and enqueue one RQ job per chunk."""
    cfg = config()
    if scope == PORTAL:
        ids = active_dataset_ids()
    elif scope == AGENCY:
        ids = active_dataset_ids(target_id)
    else:
        ids = [target_id] if target_id else []
    size = chunk_size()
    chunks = [ids[i:i + size] for i in range(0, len(ids), size)]
    run = AssessmentRun(scope=scope, target_id=target_id, trigger=trigger, created_by=user,
                        state=PENDING if chunks else RUNNING, datasets_total=len(ids),
                        chunks_total=len(chunks), config_source=cfg.source,
                        points=dict(cfg.points))
    model.Session.add(run)
    model.Session.flush()
    rows = []
    for seq, part in enumerate(chunks):
        row = AssessmentChunk(id=f"{run.id}:{seq}", run_id=run.id, seq=seq, dataset_ids=part)
        model.Session.add(row)
        rows.append(row)
    model.Session.commit()
    if scope in (PORTAL, AGENCY) and ids:
        from . import jobs
        try:
            jobs.cancel_lifecycle_jobs(None if scope == PORTAL else ids)
        except Exception:  # an optimisation: the pending jobs would only repeat the work
            log.warning("assessment: could not drop pending lifecycle jobs", exc_info=True)
    if not chunks:
        finalize_run(run.id)
    elif enqueue:
        for row in rows:
            enqueue_chunk(row.id)
    return run


def enqueue_chunk(chunk_id: str) -> None:
    from rq import Retry
    from . import jobs
    tk.enqueue_job(jobs.run_chunk_job, [chunk_id], title=f"satudata assessment chunk {chunk_id}",
                   rq_kwargs={"job_id": f"satudata-assess-chunk-{chunk_id.replace(':', '-')}",
                              "retry": Retry(max=MAX_ATTEMPTS - 1)})


def run_chunk(chunk_id: str) -> str:
    """Do one chunk. Safe to call again for the same chunk (retry, second worker): results are
    upserted per (run, dataset) and the chunk is marked done by one conditional UPDATE."""
    table = AssessmentChunk.__table__
    session = model.Session
    chunk = session.get(AssessmentChunk, chunk_id)
    if chunk is None:
        return "missing"
    if chunk.state == DONE:
        return DONE
    session.execute(table.update().where(table.c.id == chunk_id, table.c.state != DONE).values(
        state=RUNNING, attempts=table.c.attempts + 1, started_at=utcnow()))
    run = session.get(AssessmentRun, chunk.run_id)
    if run.state == PENDING:
        run.state = RUNNING
    session.commit()
    run_id, dataset_ids = chunk.run_id, list(chunk.dataset_ids)
    try:
        cfg = scoring.with_points(config(), run.points) if run.points else config()
        assess_many(run_id, dataset_ids, cfg)
        session.commit()
        session.execute(table.update().where(table.c.id == chunk_id, table.c.state != DONE)
                        .values(state=DONE, finished_at=utcnow(), error=None))
        session.commit()
    except Exception as e:
        session.rollback()
        attempts = session.execute(sa.select(table.c.attempts).where(table.c.id == chunk_id)).scalar()
        final = (attempts or 0) >= MAX_ATTEMPTS
        session.execute(table.update().where(table.c.id == chunk_id, table.c.state != DONE).values(
            state=FAILED if final else RETRYING, error=f"{type(e).__name__}: {str(e)[:300]}",
            finished_at=utcnow() if final else None))
        session.commit()
        if not final:
            raise
        log.error("assessment chunk %s failed for good: %s", chunk_id, e)
    finalize_run(run_id)
    return DONE


def finalize_run(run_id: str) -> bool:
    """Close the run once every chunk is done or failed for good; aggregate the agencies.
    The run row is locked, so two workers finishing the last chunks finalize it once."""
    session = model.Session
    run = session.query(AssessmentRun).filter(AssessmentRun.id == run_id).with_for_update().one()
    if run.finished_at is not None:
        session.commit()
        return False
    states = [s for (s,) in session.query(AssessmentChunk.state).filter(
        AssessmentChunk.run_id == run_id).all()]
    if any(s not in (DONE, FAILED) for s in states):
        session.commit()
        return False
    failed = sum(1 for s in states if s == FAILED)
    try:
        cfg = config()
        if run.points:
            cfg = scoring.with_points(cfg, run.points)
    except scoring.ConfigError as e:
        run.state, run.error = FAILED, str(e)
    else:
        if run.scope == PORTAL:
            aggregate_agencies(run, active_org_ids(), cfg)
        elif run.scope == AGENCY and run.target_id:
            aggregate_agencies(run, [run.target_id], cfg)
        run.state = DONE if not failed else (FAILED if failed == len(states) else PARTIAL)
        run.error = None
    run.finished_at = utcnow()
    session.commit()
    return True


def _scores_of_run(run_id: str, org_id: str) -> list[scoring.DatasetScore]:
    rows = model.Session.query(DatasetAssessment).filter(
        DatasetAssessment.run_id == run_id, DatasetAssessment.org_id == org_id,
        DatasetAssessment.error.is_(None)).all()
    return [scoring.DatasetScore(r.dataset_id, r.dataset_name, r.dataset_title, r.org_id or "",
                                 r.score, r.earned, r.possible, r.level, r.band,
                                 tuple(scoring.IndicatorResult.from_dict(x) for x in r.results))
            for r in rows]


def delivery_for(org_id: str) -> Optional[scoring.Delivery]:
    try:
        from ckanext.satudata.deadlines import api as deadlines_api
    except ImportError:
        return None
    d = deadlines_api.delivery_for_agency(org_id)
    if not d:
        return None
    return scoring.Delivery(expected=int(d.get("expected") or 0), on_time=int(d.get("on_time") or 0),
                            late=int(d.get("late") or 0), missing=int(d.get("missing") or 0))


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


def aggregate_agencies(run: AssessmentRun, org_ids: list[str], cfg: scoring.Config) -> None:
    for org_id in org_ids:
        manual = [scoring.ManualIndicator(m.epss_code, m.level, m.evidence, m.entered_by or "",
                                          m.entered_at.isoformat()) for m in manual_for(org_id)]
        agg = scoring.score_agency(org_id, _scores_of_run(run.id, org_id), delivery_for(org_id),
                                   manual, cfg)
        detail = agg.as_dict()
        values = {"id": f"{run.id}:{org_id}", "run_id": run.id, "org_id": org_id,
                  "score": agg.score, "level": agg.level, "band": agg.band,
                  "datasets": agg.datasets, "missing_items": agg.missing_items,
                  "detail": detail, "assessed_at": utcnow()}
        stmt = pg_insert(AgencyAssessment.__table__).values(**values)
        stmt = stmt.on_conflict_do_update(
            constraint="satudata_agency_assessment_uq",
            set_={k: stmt.excluded[k] for k in values if k not in ("id", "run_id", "org_id")})
        model.Session.execute(stmt)


def resume_run(run_id: str) -> int:
    """Re-enqueue the chunks of a run that are not done (e.g. after workers were stopped);
    returns how many. A chunk that completes twice still counts once."""
    run = model.Session.get(AssessmentRun, run_id)
    if run is None:
        raise tk.ObjectNotFound("run")
    chunks = model.Session.query(AssessmentChunk).filter(
        AssessmentChunk.run_id == run_id, AssessmentChunk.state != DONE).all()
    for c in chunks:
        c.state = PENDING
        c.attempts = 0
    run.finished_at = None
    run.state = RUNNING
    model.Session.commit()
    for c in chunks:
        enqueue_chunk(c.id)
    return len(chunks)


# --------------------------------------------------------------------------- reading

_summary_cache: dict[tuple, dict] = {}


def run_summary(run: AssessmentRun) -> dict[str, Any]:
    """Progress and counts of a run. A finished run no longer changes (resuming it clears
    ``finished_at``), so its summary is kept in this process like :func:`portal_overview`."""
    key = (run.id, iso(run.finished_at), run.state)
    if run.finished_at is not None and key in _summary_cache:
        return dict(_summary_cache[key])
    out = _run_summary(run)
    if run.finished_at is not None:
        if len(_summary_cache) > 64:
            _summary_cache.clear()
        _summary_cache[key] = out
    return dict(out)


def _run_summary(run: AssessmentRun) -> dict[str, Any]:
    counts = dict(model.Session.query(AssessmentChunk.state, sa.func.count()).filter(
        AssessmentChunk.run_id == run.id).group_by(AssessmentChunk.state).all())
    assessed, errors = model.Session.query(
        sa.func.count(DatasetAssessment.id),
        sa.func.count(DatasetAssessment.error)).filter(DatasetAssessment.run_id == run.id).one()
    done = counts.get(DONE, 0)
    failed = counts.get(FAILED, 0)
    total = run.chunks_total
    failed_chunks = model.Session.query(AssessmentChunk.seq, AssessmentChunk.error).filter(
        AssessmentChunk.run_id == run.id, AssessmentChunk.state == FAILED).all()
    return {
        "id": run.id, "scope": run.scope, "target_id": run.target_id, "trigger": run.trigger,
        "state": run.state, "created_by": run.created_by,
        "created_at": run.created_at.isoformat() if run.created_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "datasets_total": run.datasets_total, "datasets_assessed": assessed,
        "datasets_failed": errors, "chunks_total": total, "chunks_done": done,
        "chunks_failed": failed, "chunks_pending": total - done - failed,
        "progress": 100 if not total else round(100 * (done + failed) / total),
        "failed_chunks": [{"seq": s, "error": e} for s, e in failed_chunks],
        "config_source": run.config_source, "error": run.error,
    }


def latest_run(scope: Optional[str] = None, finished: bool = True,
               before: Optional[dt.datetime] = None) -> Optional[AssessmentRun]:
    q = model.Session.query(AssessmentRun)
    if scope:
        q = q.filter(AssessmentRun.scope == scope)
    if finished:
        q = q.filter(AssessmentRun.finished_at.isnot(None))
    if before is not None:
        q = q.filter(AssessmentRun.created_at < before)
    return q.order_by(AssessmentRun.created_at.desc()).first()


def latest_dataset(dataset_id: str) -> Optional[DatasetAssessment]:
    return model.Session.query(DatasetAssessment).filter(
        DatasetAssessment.dataset_id == dataset_id, DatasetAssessment.error.is_(None)).order_by(
        DatasetAssessment.assessed_at.desc()).first()


def latest_agency(org_id: str) -> Optional[AgencyAssessment]:
    return model.Session.query(AgencyAssessment).join(
        AssessmentRun, AssessmentRun.id == AgencyAssessment.run_id).filter(
        AgencyAssessment.org_id == org_id, AssessmentRun.finished_at.isnot(None)).order_by(
        AgencyAssessment.assessed_at.desc()).first()


def ranking(run: AssessmentRun) -> list[dict[str, Any]]:
    """Agencies of a run, best first, with the change since the previous finished run that
    scored the same agency (one query for all agencies)."""
    rows = model.Session.query(AgencyAssessment).filter(AgencyAssessment.run_id == run.id).all()
    orgs = {g.id: g for g in model.Session.query(model.Group).filter(
        model.Group.id.in_([r.org_id for r in rows] or [""])).all()}
    previous = dict(model.Session.execute(sa.text(
        "SELECT DISTINCT ON (a.org_id) a.org_id, a.score "
        "FROM satudata_agency_assessment a JOIN satudata_assessment_run r ON r.id = a.run_id "
        "WHERE r.finished_at IS NOT NULL AND r.created_at < :t AND a.run_id != :run "
        "ORDER BY a.org_id, r.created_at DESC"), {"t": run.created_at, "run": run.id}).all())
    out = []
    for r in rows:
        prev = previous.get(r.org_id)
        org = orgs.get(r.org_id)
        d = r.as_dict()
        d.update({"org_name": org.name if org else r.org_id,
                  "org_title": (org.title or org.name) if org else r.org_id,
                  "previous_score": prev,
                  "change": round(r.score - prev, 2) if prev is not None else None})
        out.append(d)
    out.sort(key=lambda d: (-d["score"], d["org_title"]))
    for n, d in enumerate(out, 1):
        d["rank"] = n
    return out


_OVERVIEW_SQL = sa.text("""
SELECT x->>'indicator_id' AS indicator_id,
       count(*) FILTER (WHERE x->>'status' <> 'na') AS applicable,
       count(*) FILTER (WHERE x->>'status' = 'pass') AS passed,
       coalesce(sum((x->>'fraction')::float) FILTER (WHERE x->>'status' <> 'na'), 0) AS fractions,
       coalesce(sum(100 * ((x->>'points')::float - (x->>'earned')::float) / d.possible)
                FILTER (WHERE x->>'status' <> 'na' AND d.possible > 0), 0) AS gain
FROM satudata_dataset_assessment d, jsonb_array_elements(d.results) AS x
WHERE d.run_id = :run AND d.error IS NULL
GROUP BY 1
""")
_overview_cache: dict[tuple, dict] = {}


def portal_overview(run: AssessmentRun) -> dict[str, Any]:
    """Pass rate, mean and gain per indicator (as :func:`scoring.indicator_rates`), the score
    distribution and the mean over a run's datasets, aggregated in PostgreSQL; kept in this
    process per finished run."""
    key = (run.id, iso(run.finished_at))
    if run.finished_at is not None and key in _overview_cache:
        return _overview_cache[key]
    scores = [v for (v,) in model.Session.query(DatasetAssessment.score).filter(
        DatasetAssessment.run_id == run.id, DatasetAssessment.error.is_(None)).all()]
    n = len(scores)
    rates = {i.id: {"applicable": 0, "passed": 0, "pass_rate": 0.0, "mean": 0.0, "gain": 0.0}
             for i in ind.INDICATORS}
    for row in model.Session.execute(_OVERVIEW_SQL, {"run": run.id}):
        if row.indicator_id not in rates:
            continue
        a = int(row.applicable)
        rates[row.indicator_id] = {
            "applicable": a, "passed": int(row.passed),
            "pass_rate": round(100 * row.passed / a, 1) if a else 0.0,
            "mean": round(100 * row.fractions / a, 1) if a else 0.0,
            "gain": round(row.gain / n, 2) if n else 0.0}
    out = {"rates": rates, "bins": scoring.distribution(scores), "count": n,
           "mean": round(sum(scores) / n, 1) if n else 0}
    if run.finished_at is not None:
        if len(_overview_cache) > 32:
            _overview_cache.clear()
        _overview_cache[key] = out
    return out


def dataset_rows(run_id: str, org_id: Optional[str] = None) -> list[DatasetAssessment]:
    q = model.Session.query(DatasetAssessment).filter(DatasetAssessment.run_id == run_id)
    if org_id:
        q = q.filter(DatasetAssessment.org_id == org_id)
    return q.order_by(DatasetAssessment.score, DatasetAssessment.dataset_name).all()


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


def move_rows(session: Any, old_org_id: str, new_org_id: str) -> int:
    """Merge hook (agencies): the datasets' assessment rows and the manual indicators follow
    the datasets to the new agency; the old agency's aggregate rows stay as its history."""
    n = session.execute(DatasetAssessment.__table__.update().where(
        DatasetAssessment.__table__.c.org_id == old_org_id).values(org_id=new_org_id)).rowcount
    n += session.execute(ManualIndicator.__table__.update().where(
        ManualIndicator.__table__.c.org_id == old_org_id).values(org_id=new_org_id)).rowcount
    return n
