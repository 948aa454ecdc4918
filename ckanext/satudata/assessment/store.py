"""Storing what the pure scoring returns: one row per (run, dataset), read in batches from the
search index."""

from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.dialects.postgresql import insert as pg_insert

from .core import scoring, static
from .inputs import agreed_items, inputs_for
from .model import DatasetAssessment, utcnow
from .settings import site_user

log = logging.getLogger(__name__)


def _row_values(
    run_id: str, pkg: dict, score: scoring.DatasetScore | None, error: str | None = None
) -> dict[str, Any]:
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
    }


def store_rows(rows: list[dict[str, Any]]) -> None:
    """Insert or replace the rows of (run, dataset) in one statement: a chunk done twice
    writes each row once."""
    if not rows:
        return
    stmt = pg_insert(DatasetAssessment.__table__).values(rows)
    stmt = stmt.on_conflict_do_update(
        constraint="satudata_dataset_assessment_uq",
        set_={k: stmt.excluded[k] for k in rows[0] if k not in ("id", "run_id", "dataset_id")},
    )
    model.Session.execute(stmt)


def store_dataset(
    run_id: str, pkg: dict, score: scoring.DatasetScore | None, error: str | None = None
) -> None:
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
                q = " OR ".join(f'"{i}"' for i in dataset_ids[start : start + SEARCH_BATCH])
                out = tk.get_action("package_search")(
                    dict(context),
                    {"fq": f"id:({q})", "rows": SEARCH_BATCH, "include_private": True},
                )
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
