"""What the walidata's pages, the actions and the DCAT feed read back from the assessment
tables: a run's progress, the latest results, the agency ranking and the portal overview.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from . import run_sums
from .core import scoring
from .model import (
    DONE,
    FAILED,
    AgencyAssessment,
    AssessmentChunk,
    AssessmentRun,
    DatasetAssessment,
    iso,
)

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
    counts = dict(
        model.Session.query(AssessmentChunk.state, sa.func.count())
        .filter(AssessmentChunk.run_id == run.id)
        .group_by(AssessmentChunk.state)
        .all()
    )
    assessed, errors = (
        model.Session.query(
            sa.func.count(DatasetAssessment.id), sa.func.count(DatasetAssessment.error)
        )
        .filter(DatasetAssessment.run_id == run.id)
        .one()
    )
    done = counts.get(DONE, 0)
    failed = counts.get(FAILED, 0)
    total = run.chunks_total
    failed_chunks = (
        model.Session.query(AssessmentChunk.seq, AssessmentChunk.error)
        .filter(AssessmentChunk.run_id == run.id, AssessmentChunk.state == FAILED)
        .all()
    )
    return {
        "id": run.id,
        "scope": run.scope,
        "target_id": run.target_id,
        "trigger": run.trigger,
        "state": run.state,
        "created_by": run.created_by,
        "created_at": run.created_at.isoformat() if run.created_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "datasets_total": run.datasets_total,
        "datasets_assessed": assessed,
        "datasets_failed": errors,
        "chunks_total": total,
        "chunks_done": done,
        "chunks_failed": failed,
        "chunks_pending": total - done - failed,
        "progress": 100 if not total else round(100 * (done + failed) / total),
        "failed_chunks": [{"seq": s, "error": e} for s, e in failed_chunks],
        # the file's name only: a person (and the API) never sees the server's directories
        "config_source": os.path.basename(run.config_source or "") or None,
        "error": run.error,
    }


def latest_run(
    scope: str | None = None, finished: bool = True, before: dt.datetime | None = None
) -> AssessmentRun | None:
    q = model.Session.query(AssessmentRun)
    if scope:
        q = q.filter(AssessmentRun.scope == scope)
    if finished:
        q = q.filter(AssessmentRun.finished_at.isnot(None))
    if before is not None:
        q = q.filter(AssessmentRun.created_at < before)
    return q.order_by(AssessmentRun.created_at.desc()).first()


def latest_dataset(dataset_id: str) -> DatasetAssessment | None:
    return (
        model.Session.query(DatasetAssessment)
        .filter(DatasetAssessment.dataset_id == dataset_id, DatasetAssessment.error.is_(None))
        .order_by(DatasetAssessment.assessed_at.desc())
        .first()
    )


def latest_scores(dataset_ids: list[str]) -> list[tuple]:
    """``(dataset_id, score, band, level, assessed_at)`` of each dataset's latest assessment, one
    query for all (PostgreSQL ``DISTINCT ON``; a feed page needs no indicator results)."""
    if not dataset_ids:
        return []
    return (
        model.Session.query(
            DatasetAssessment.dataset_id,
            DatasetAssessment.score,
            DatasetAssessment.band,
            DatasetAssessment.level,
            DatasetAssessment.assessed_at,
        )
        .filter(DatasetAssessment.dataset_id.in_(dataset_ids), DatasetAssessment.error.is_(None))
        .distinct(DatasetAssessment.dataset_id)
        .order_by(DatasetAssessment.dataset_id, DatasetAssessment.assessed_at.desc())
        .all()
    )


def latest_agency(org_id: str) -> AgencyAssessment | None:
    return (
        model.Session.query(AgencyAssessment)
        .join(AssessmentRun, AssessmentRun.id == AgencyAssessment.run_id)
        .filter(AgencyAssessment.org_id == org_id, AssessmentRun.finished_at.isnot(None))
        .order_by(AgencyAssessment.assessed_at.desc())
        .first()
    )


def ranking(run: AssessmentRun) -> list[dict[str, Any]]:
    """Agencies of a run, best first, with the change since the previous finished run that
    scored the same agency (one query for all agencies)."""
    rows = model.Session.query(AgencyAssessment).filter(AgencyAssessment.run_id == run.id).all()
    orgs = {
        g.id: g
        for g in model.Session.query(model.Group)
        .filter(model.Group.id.in_([r.org_id for r in rows] or [""]))
        .all()
    }
    previous = dict(
        model.Session.execute(
            sa.text(
                "SELECT DISTINCT ON (a.org_id) a.org_id, a.score "
                "FROM satudata_agency_assessment a JOIN satudata_assessment_run r ON r.id = a.run_id "
                "WHERE r.finished_at IS NOT NULL AND r.created_at < :t AND a.run_id != :run "
                "ORDER BY a.org_id, r.created_at DESC"
            ),
            {"t": run.created_at, "run": run.id},
        ).all()
    )
    out = []
    for r in rows:
        prev = previous.get(r.org_id)
        org = orgs.get(r.org_id)
        d = r.as_dict()
        d.update(
            {
                "org_name": org.name if org else r.org_id,
                "org_title": (org.title or org.name) if org else r.org_id,
                "previous_score": prev,
                "change": round(r.score - prev, 2) if prev is not None else None,
            }
        )
        out.append(d)
    out.sort(key=lambda d: (-d["score"], d["org_title"]))
    for n, d in enumerate(out, 1):
        d["rank"] = n
    return out


_overview_cache: dict[tuple, dict] = {}


def portal_overview(run: AssessmentRun) -> dict[str, Any]:
    """Pass rate, mean and gain per indicator (as :func:`scoring.indicator_rates`), the score
    distribution and the mean over a run's datasets, aggregated in PostgreSQL; kept in this
    process per finished run."""
    key = (run.id, iso(run.finished_at))
    if run.finished_at is not None and key in _overview_cache:
        return _overview_cache[key]
    scores = [
        v
        for (v,) in model.Session.query(DatasetAssessment.score)
        .filter(DatasetAssessment.run_id == run.id, DatasetAssessment.error.is_(None))
        .all()
    ]
    n = len(scores)
    rates = scoring.rates_from_sums(run_sums.portal_sums(run.id), n)
    out = {
        "rates": rates,
        "bins": scoring.distribution(scores),
        "count": n,
        "mean": round(sum(scores) / n, 1) if n else 0,
    }
    if run.finished_at is not None:
        if len(_overview_cache) > 32:
            _overview_cache.clear()
        _overview_cache[key] = out
    return out


def dataset_rows(run_id: str, org_id: str | None = None) -> list[DatasetAssessment]:
    q = model.Session.query(DatasetAssessment).filter(DatasetAssessment.run_id == run_id)
    if org_id:
        q = q.filter(DatasetAssessment.org_id == org_id)
    return q.order_by(DatasetAssessment.score, DatasetAssessment.dataset_name).all()


def newest_assessment(
    org_id: str | None = None, dataset_id: str | None = None
) -> dt.datetime | None:
    """When a dataset (of the agency, or this one) was last assessed: one indexed aggregate."""
    query = model.Session.query(sa.func.max(DatasetAssessment.assessed_at))
    if dataset_id:
        query = query.filter(DatasetAssessment.dataset_id == dataset_id)
    elif org_id:
        query = query.filter(DatasetAssessment.org_id == org_id)
    return query.scalar()
