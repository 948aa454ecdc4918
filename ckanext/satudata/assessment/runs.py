"""Assessment runs: a run of the whole portal, one agency or one dataset is split into chunks,
one RQ job each (:func:`run_chunk`), so any number of ``ckan jobs worker`` processes share it;
the last chunk to finish aggregates the agencies (:func:`finalize_run`). A chunk done twice
counts once (results are upserted per run and dataset), and a stopped run can be resumed.
"""

from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError

from ckanext.satudata.deadlines import api as deadlines_api

from . import lifecycle_queue, run_sums
from .core import agency_score, scoring
from .manual import manual_for
from .model import (
    AGENCY,
    DONE,
    FAILED,
    PENDING,
    PORTAL,
    RETRYING,
    RUNNING,
    AgencyAssessment,
    AssessmentChunk,
    AssessmentRun,
    utcnow,
)
from .settings import chunk_size, config, ranking_policy
from .store import assess_many
from .targets import active_dataset_ids, active_org_ids

log = logging.getLogger(__name__)
PARTIAL = "partial"
MAX_ATTEMPTS = 3


def active_portal_run() -> AssessmentRun | None:
    """The whole-portal run that is queued or running (one at most: the partial unique
    index ``satudata_assessment_run_portal_active_uq`` of migration 0005)."""
    return (
        model.Session.query(AssessmentRun)
        .filter(AssessmentRun.scope == PORTAL, AssessmentRun.finished_at.is_(None))
        .populate_existing()
        .first()
    )


def create_run(
    scope: str, target_id: str | None, *, trigger: str, user: str | None, enqueue: bool = True
) -> AssessmentRun:
    """Create a run and its chunks, commit, and enqueue one RQ job per chunk. A portal run
    asked for while another is queued or running is that run (nothing new is created)."""
    if scope == PORTAL:
        running = active_portal_run()
        if running is not None:
            return running
    cfg = config()
    if scope == PORTAL:
        ids = active_dataset_ids()
    elif scope == AGENCY:
        ids = active_dataset_ids(target_id)
    else:
        ids = [target_id] if target_id else []
    size = chunk_size()
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    run = AssessmentRun(
        scope=scope,
        target_id=target_id,
        trigger=trigger,
        created_by=user,
        state=PENDING if chunks else RUNNING,
        datasets_total=len(ids),
        chunks_total=len(chunks),
        config_source=cfg.source,
        points=dict(cfg.points),
    )
    model.Session.add(run)
    try:
        model.Session.flush()
    except IntegrityError:  # a concurrent request created the portal run first
        model.Session.rollback()
        running = active_portal_run() if scope == PORTAL else None
        if running is None:
            raise
        return running
    rows = []
    for seq, part in enumerate(chunks):
        row = AssessmentChunk(id=f"{run.id}:{seq}", run_id=run.id, seq=seq, dataset_ids=part)
        model.Session.add(row)
        rows.append(row)
    model.Session.commit()
    if scope in (PORTAL, AGENCY) and ids:
        try:
            lifecycle_queue.cancel_lifecycle_jobs(None if scope == PORTAL else ids)
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

    tk.enqueue_job(
        run_chunk,
        [chunk_id],
        title=f"satudata assessment chunk {chunk_id}",
        rq_kwargs={
            "job_id": f"satudata-assess-chunk-{chunk_id.replace(':', '-')}",
            "retry": Retry(max=MAX_ATTEMPTS - 1),
        },
    )


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
    session.execute(
        table.update()
        .where(table.c.id == chunk_id, table.c.state != DONE)
        .values(state=RUNNING, attempts=table.c.attempts + 1, started_at=utcnow())
    )
    run = session.get(AssessmentRun, chunk.run_id)
    if run.state == PENDING:
        run.state = RUNNING
    session.commit()
    run_id, dataset_ids = chunk.run_id, list(chunk.dataset_ids)
    try:
        cfg = scoring.with_points(config(), run.points) if run.points else config()
        assess_many(run_id, dataset_ids, cfg)
        session.commit()
        session.execute(
            table.update()
            .where(table.c.id == chunk_id, table.c.state != DONE)
            .values(state=DONE, finished_at=utcnow(), error=None)
        )
        session.commit()
    except Exception as e:
        session.rollback()
        attempts = session.execute(
            sa.select(table.c.attempts).where(table.c.id == chunk_id)
        ).scalar()
        final = (attempts or 0) >= MAX_ATTEMPTS
        session.execute(
            table.update()
            .where(table.c.id == chunk_id, table.c.state != DONE)
            .values(
                state=FAILED if final else RETRYING,
                error=f"{type(e).__name__}: {str(e)[:300]}",
                finished_at=utcnow() if final else None,
            )
        )
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
    states = [
        s
        for (s,) in session.query(AssessmentChunk.state)
        .filter(AssessmentChunk.run_id == run_id)
        .all()
    ]
    if any(s not in (DONE, FAILED) for s in states):
        session.commit()
        return False
    failed = sum(1 for s in states if s == FAILED)
    try:
        cfg = config()
        if run.points:
            cfg = scoring.with_points(cfg, run.points)
        policy = ranking_policy()
    except (scoring.ConfigError, ValueError) as e:  # a bad weights file or ranking setting
        run.state, run.error = FAILED, str(e)
    else:
        if run.scope == PORTAL:
            aggregate_agencies(run, active_org_ids(), cfg, policy)
        elif run.scope == AGENCY and run.target_id:
            aggregate_agencies(run, [run.target_id], cfg, policy)
        run.state = DONE if not failed else (FAILED if failed == len(states) else PARTIAL)
        run.error = None
    run.finished_at = utcnow()
    session.commit()
    return True


def delivery_for(org_id: str) -> agency_score.Delivery | None:
    d = deadlines_api.agreed_items_for_agency(org_id)
    if not d:
        return None
    return agency_score.Delivery(
        cutoff=d["cutoff_at"],
        now=d["now"],
        input_close=d["input_close_at"],
        items=tuple(
            agency_score.Item(i["title"], i["state"], i["submitted_at"]) for i in d["items"]
        ),
    )


def aggregate_agencies(
    run: AssessmentRun,
    org_ids: list[str],
    cfg: scoring.Config,
    policy: agency_score.Policy | None = None,
) -> None:
    policy = policy or ranking_policy()
    summaries = run_sums.agency_summaries(run.id)
    empty = agency_score.DatasetSummary(0, 0.0, {})
    for org_id in org_ids:
        manual = [
            agency_score.ManualIndicator(
                m.epss_code, m.level, m.evidence, m.entered_by or "", m.entered_at.isoformat()
            )
            for m in manual_for(org_id)
        ]
        agg = agency_score.score_agency(
            org_id, summaries.get(org_id, empty), delivery_for(org_id), manual, cfg, policy
        )
        detail = agg.as_dict()
        values = {
            "id": f"{run.id}:{org_id}",
            "run_id": run.id,
            "org_id": org_id,
            "score": agg.score,
            "level": agg.level,
            "band": agg.band,
            "datasets": agg.datasets,
            "missing_items": agg.missing_items,
            "detail": detail,
            "assessed_at": utcnow(),
        }
        stmt = pg_insert(AgencyAssessment.__table__).values(**values)
        stmt = stmt.on_conflict_do_update(
            constraint="satudata_agency_assessment_uq",
            set_={k: stmt.excluded[k] for k in values if k not in ("id", "run_id", "org_id")},
        )
        model.Session.execute(stmt)


def resume_run(run_id: str) -> int:
    """Re-enqueue the chunks of a run that are not done (e.g. after workers were stopped);
    returns how many. A chunk that completes twice still counts once."""
    run = model.Session.get(AssessmentRun, run_id)
    if run is None:
        raise tk.ObjectNotFound("run")
    chunks = (
        model.Session.query(AssessmentChunk)
        .filter(AssessmentChunk.run_id == run_id, AssessmentChunk.state != DONE)
        .all()
    )
    for c in chunks:
        c.state = PENDING
        c.attempts = 0
    run.finished_at = None
    run.state = RUNNING
    try:
        model.Session.commit()
    except IntegrityError:  # another portal run is queued or running: resume that one
        model.Session.rollback()
        raise tk.ValidationError({"resume": [tk._("Another portal run is in progress")]})
    for c in chunks:
        enqueue_chunk(c.id)
    return len(chunks)
