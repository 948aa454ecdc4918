"""The charts of the assessment pages: what they read from the tables and whether the chart
library is there. Chart.js is not in git: ``scripts/fetch-assets`` puts a pinned, checksummed
release into ``assets/vendor/chartjs`` (see docs/assessment.md); without it the pages show
their tables only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ckan.model as model

from .model import AgencyAssessment, AssessmentRun

CHART_JS = (
    Path(__file__).resolve().parent.parent / "assets" / "vendor" / "chartjs" / "chart.umd.min.js"
)
TREND_RUNS = 24


def available() -> bool:
    """Template helper ``h.satudata_charts_available()``."""
    return CHART_JS.is_file()


def agency_trend(org_id: str, limit: int = TREND_RUNS) -> list[dict[str, Any]]:
    """The agency's score in each finished run that scored it, oldest first."""
    rows = (
        model.Session.query(AgencyAssessment.score, AssessmentRun.finished_at, AssessmentRun.id)
        .join(AssessmentRun, AssessmentRun.id == AgencyAssessment.run_id)
        .filter(AgencyAssessment.org_id == org_id, AssessmentRun.finished_at.isnot(None))
        .order_by(AssessmentRun.finished_at.desc())
        .limit(limit)
        .all()
    )
    return [
        {"run_id": run_id, "finished_at": finished.isoformat(), "score": round(score, 1)}
        for score, finished, run_id in reversed(rows)
    ]
