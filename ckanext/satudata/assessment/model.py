"""Tables of the assessment capability (SQLAlchemy 2.0 declarative on ``toolkit.BaseModel``).
Created by ``migration/satudata/versions/0002_assessment.py``.

Every run is kept: a run (whole portal, one agency or one dataset) owns its chunks, its
dataset results (one row per dataset, the per-indicator results as JSON) and its agency
results. The latest dataset row of a dataset is what ``package_show`` shows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .core import quality_bands

UTC = dt.timezone.utc
TZ = sa.DateTime(timezone=True)

# run scopes, triggers and states
PORTAL, AGENCY, DATASET = "portal", "agency", "dataset"
SCOPES = (PORTAL, AGENCY, DATASET)
PENDING, RUNNING, DONE, FAILED, RETRYING = "pending", "running", "done", "failed", "retrying"


def _uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


class AssessmentRun(tk.BaseModel):
    __tablename__ = "satudata_assessment_run"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    scope: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    target_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    trigger: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="walidata")
    state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default=PENDING)
    created_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, nullable=False, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    datasets_total: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    chunks_total: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    config_source: Mapped[str | None] = mapped_column(sa.UnicodeText)
    points: Mapped[dict | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(sa.UnicodeText)


class AssessmentChunk(tk.BaseModel):
    """A slice of a run's datasets, done by one RQ job. Completion is a conditional UPDATE
    (state != done), so a chunk re-run after a retry or by a second worker counts once."""

    __tablename__ = "satudata_assessment_chunk"
    __table_args__ = (sa.UniqueConstraint("run_id", "seq", name="satudata_assessment_chunk_uq"),)

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    run_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_assessment_run.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    seq: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    dataset_ids: Mapped[list] = mapped_column(JSONB, nullable=False, default=list)
    state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default=PENDING)
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    error: Mapped[str | None] = mapped_column(sa.UnicodeText)
    job_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    started_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    finished_at: Mapped[dt.datetime | None] = mapped_column(TZ)


class DatasetAssessment(tk.BaseModel):
    __tablename__ = "satudata_dataset_assessment"
    __table_args__ = (
        sa.UniqueConstraint("run_id", "dataset_id", name="satudata_dataset_assessment_uq"),
        sa.Index("satudata_dataset_assessment_latest_idx", "dataset_id", "assessed_at"),
    )

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    run_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_assessment_run.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    dataset_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    dataset_name: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    dataset_title: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    org_id: Mapped[str | None] = mapped_column(sa.UnicodeText, index=True)
    score: Mapped[float] = mapped_column(sa.Float, nullable=False, default=0)
    level: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)
    band: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    earned: Mapped[float] = mapped_column(sa.Float, nullable=False, default=0)
    possible: Mapped[float] = mapped_column(sa.Float, nullable=False, default=0)
    results: Mapped[list] = mapped_column(JSONB, nullable=False, default=list)
    # the ids of the indicators that applied / passed, read by the EPSS proposals (0008)
    applicable: Mapped[list] = mapped_column(
        ARRAY(sa.UnicodeText), nullable=False, default=list, server_default="{}"
    )
    passed: Mapped[list] = mapped_column(
        ARRAY(sa.UnicodeText), nullable=False, default=list, server_default="{}"
    )
    error: Mapped[str | None] = mapped_column(sa.UnicodeText)
    assessed_at: Mapped[dt.datetime] = mapped_column(TZ, nullable=False, default=utcnow)

    def as_dict(self, with_results: bool = True) -> dict[str, Any]:
        out = {
            "run_id": self.run_id,
            "dataset_id": self.dataset_id,
            "name": self.dataset_name,
            "title": self.dataset_title,
            "org_id": self.org_id,
            "score": self.score,
            **band_fields(self.band, self.score, self.level),
            "earned": self.earned,
            "possible": self.possible,
            "error": self.error,
            "assessed_at": iso(self.assessed_at),
        }
        if with_results:
            out["results"] = self.results
        return out


def band_fields(code: str, score: float, rank: int) -> dict[str, Any]:
    """The quality band of a stored row (the ``level`` column holds the band's rank); a row
    stored before the bands of the Skor Kualitas Data is banded by its score."""
    if not code or code in _OLD_PREDIKAT:
        band = quality_bands.band_for(score or 0.0)
        return {"band": band.code, "band_rank": band.rank}
    return {"band": code, "band_rank": rank}


# what rows stored before the Skor Kualitas Data held in ``band`` (EPSS predikat names)
_OLD_PREDIKAT = frozenset({"Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"})


class AgencyAssessment(tk.BaseModel):
    __tablename__ = "satudata_agency_assessment"
    __table_args__ = (
        sa.UniqueConstraint("run_id", "org_id", name="satudata_agency_assessment_uq"),
    )

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    run_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_assessment_run.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    org_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, index=True)
    score: Mapped[float] = mapped_column(sa.Float, nullable=False, default=0)
    level: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)
    band: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    datasets: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    missing_items: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    detail: Mapped[dict] = mapped_column(JSONB, nullable=False, default=dict)
    assessed_at: Mapped[dt.datetime] = mapped_column(TZ, nullable=False, default=utcnow)

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.detail or {})
        out.update(
            {
                "run_id": self.run_id,
                "org_id": self.org_id,
                "score": self.score,
                **band_fields(self.band, self.score, self.level),
                "datasets": self.datasets,
                "missing_items": self.missing_items,
                "assessed_at": iso(self.assessed_at),
            }
        )
        return out


class ManualIndicator(tk.BaseModel):
    """A manual EPSS indicator level entered by the walidata for an agency, with evidence.
    Rows are never updated: the latest row per (org, code) is in force, older rows are history."""

    __tablename__ = "satudata_manual_indicator"
    __table_args__ = (sa.Index("satudata_manual_indicator_org_code_idx", "org_id", "epss_code"),)

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    org_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    epss_code: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    level: Mapped[int | None] = mapped_column(sa.Integer)  # None = withdrawn
    evidence: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    entered_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    entered_at: Mapped[dt.datetime] = mapped_column(TZ, nullable=False, default=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "org_id": self.org_id,
            "epss_code": self.epss_code,
            "level": self.level,
            "evidence": self.evidence,
            "entered_by": self.entered_by,
            "entered_at": iso(self.entered_at),
            "manual": True,
        }


class PendingAssessment(tk.BaseModel):
    """A dataset whose re-assessment could not be queued (Redis was down). Written in the
    dataset's own transaction, so the change and the promise to assess it commit together;
    removed once the job is queued."""

    __tablename__ = "satudata_assessment_pending"

    dataset_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    since: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )
