"""Read functions for other capabilities (dcat, floor 4). Read-only; plain dicts.

``newest_assessment(org_id=None, dataset_id=None)`` -> the time (UTC) a dataset of the agency,
this dataset, or any dataset was last assessed, or ``None`` (what a feed's validator needs).

``INDICATORS`` (the indicator definitions: ``id``, ``title`` {id, en}, ``principle``, …) and
``PRINCIPLES`` describe what a result's indicator ids mean.

``latest_result(dataset_id)`` -> ``None`` or ``{"score" (0-100, the Skor Kualitas Data), "band" (the
code of its band), "band_rank" (1 = lowest),
"assessed_at" (ISO 8601 UTC), "run_id", "indicators": [{"id", "score" (0-100 or None when the
indicator does not apply), "status", "details"}]}`` — the dataset's latest assessment.

``latest_scores(dataset_ids)`` -> ``{dataset_id: {"score", "level", "assessed_at"}}`` of the
datasets that have an assessment, in one query (a feed page's totals, no indicators).
"""

from __future__ import annotations

from . import results
from .core.indicators import INDICATORS, PRINCIPLES
from .model import band_fields, iso
from .results import newest_assessment

__all__ = ["INDICATORS", "PRINCIPLES", "latest_result", "latest_scores", "newest_assessment"]


def latest_result(dataset_id: str) -> dict | None:
    row = results.latest_dataset(dataset_id)
    if row is None:
        return None
    return {
        "score": row.score,
        **band_fields(row.band, row.score, row.level),
        "assessed_at": iso(row.assessed_at),
        "run_id": row.run_id,
        "indicators": [
            {
                "id": r["indicator_id"],
                "score": None if r.get("fraction") is None else round(100 * r["fraction"], 2),
                "status": r.get("status"),
                "details": r.get("details") or [],
            }
            for r in row.results or []
        ],
    }


def latest_scores(dataset_ids: list[str]) -> dict[str, dict]:
    return {
        dataset_id: {
            "score": score,
            **band_fields(band, score, level),
            "assessed_at": iso(assessed_at),
        }
        for dataset_id, score, band, level, assessed_at in results.latest_scores(list(dataset_ids))
    }
