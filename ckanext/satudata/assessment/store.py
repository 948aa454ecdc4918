"""Storing what the pure scoring returns: one row per (run, dataset), read in batches from the
search index."""

from __future__ import annotations

import json
import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert

from .core import scoring, static
from .inputs import (
    agreed_items,
    indexed_packages,
    inputs_for,
    ms_keg_items_many,
    structure_reports_many,
)
from .model import DatasetAssessment, utcnow
from .settings import site_user

log = logging.getLogger(__name__)


def _row_values(
    run_id: str, pkg: dict, score: scoring.DatasetScore | None, error: str | None = None
) -> dict[str, Any]:
    applicable, passed = score.verdicts() if score else ([], [])
    return {
        "id": f"{run_id}:{pkg['id']}",
        "run_id": run_id,
        "dataset_id": pkg["id"],
        "dataset_name": pkg.get("name") or "",
        "dataset_title": pkg.get("title") or "",
        "org_id": pkg.get("owner_org"),
        "error": error,
        "assessed_at": utcnow(),
        "score": score.score if score else 0.0,
        "level": score.band_rank if score else 1,  # the column holds the quality band's rank
        "band": score.band if score else "",
        "earned": score.earned if score else 0.0,
        "possible": score.possible if score else 0.0,
        "results": [r.as_dict() for r in score.results] if score else [],
        "applicable": applicable,
        "passed": passed,
    }


def _json_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def store_rows(rows: list[dict[str, Any]]) -> None:
    """Insert or replace the rows of (run, dataset) in one statement: a chunk done twice
    writes each row once. The rows travel as one JSON parameter that PostgreSQL unpacks
    (``jsonb_populate_recordset``): an upsert is not batched by SQLAlchemy's executemany, and a
    statement built with ``.values(rows)`` is compiled anew for every chunk; both cost more
    than the scoring itself."""
    if not rows:
        return
    table = DatasetAssessment.__table__
    names = list(rows[0])
    unpacked = sa.func.jsonb_populate_recordset(
        sa.literal_column(f"NULL::{table.name}"), sa.cast(sa.bindparam("rows"), JSONB)
    ).table_valued(*names)
    stmt = pg_insert(table).from_select(names, sa.select(*(unpacked.c[n] for n in names)))
    stmt = stmt.on_conflict_do_update(
        constraint="satudata_dataset_assessment_uq",
        set_={k: stmt.excluded[k] for k in names if k not in ("id", "run_id", "dataset_id")},
    )
    model.Session.execute(stmt, {"rows": json.dumps(rows, default=_json_value)})


def store_dataset(
    run_id: str, pkg: dict, score: scoring.DatasetScore | None, error: str | None = None
) -> None:
    store_rows([_row_values(run_id, pkg, score, error)])


def fetch_packages(dataset_ids: list[str]) -> list[dict]:
    """The active datasets among ``dataset_ids`` as package_show returns them. Many at once come
    from the search index (one query per chunk); any the index lacks fall back to
    package_show."""
    context = {"user": site_user(), "ignore_auth": True}
    found: dict[str, dict] = {}
    if len(dataset_ids) > 1:
        try:
            found = indexed_packages(dataset_ids)
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
    reports = structure_reports_many(pkgs)
    ms_keg = ms_keg_items_many(pkgs)
    rows = []
    for pkg in pkgs:
        try:
            inputs = inputs_for(pkg, items, marks, reports[pkg["id"]], ms_keg[pkg["id"]])
            score = scoring.score_dataset(pkg, inputs, cfg)
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
