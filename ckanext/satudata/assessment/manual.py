"""The walidata's manual indicator entries per agency, and moving the assessment's rows when an
agency is merged into another (receiver of agencies' ``agency_merged`` signal)."""

from __future__ import annotations

import logging
from typing import Any

import ckan.model as model

from .core import agency_score
from .model import DatasetAssessment, ManualIndicator

log = logging.getLogger(__name__)


def manual_for(org_id: str) -> list[ManualIndicator]:
    """The manual indicators in force for an agency: the latest row per EPSS code, if not
    withdrawn."""
    rows = (
        model.Session.query(ManualIndicator)
        .filter(ManualIndicator.org_id == org_id)
        .order_by(ManualIndicator.epss_code, ManualIndicator.entered_at.desc())
        .all()
    )
    latest: dict[str, ManualIndicator] = {}
    for r in rows:
        latest.setdefault(r.epss_code, r)
    return [r for r in latest.values() if r.level is not None]


def manual_history(org_id: str) -> list[dict]:
    return [
        m.as_dict()
        for m in model.Session.query(ManualIndicator)
        .filter(ManualIndicator.org_id == org_id)
        .order_by(ManualIndicator.entered_at.desc())
        .limit(100)
    ]


def add_manual(
    org_id: str, epss_code: str, level: int | None, evidence: str, user: str | None
) -> ManualIndicator:
    if level is not None:
        agency_score.validate_manual(agency_score.ManualIndicator(epss_code, int(level), evidence))
    row = ManualIndicator(
        org_id=org_id,
        epss_code=epss_code,
        level=None if level is None else int(level),
        evidence=evidence.strip(),
        entered_by=user,
    )
    model.Session.add(row)
    model.Session.commit()
    return row


def move_rows_on_merge(sender: Any, session: Any, old_org_id: str, new_org_id: str) -> int:
    """Receiver of agencies' ``agency_merged`` signal: the datasets' assessment rows and the manual indicators follow
    the datasets to the new agency; the old agency's aggregate rows stay as its history."""
    n = session.execute(
        DatasetAssessment.__table__.update()
        .where(DatasetAssessment.__table__.c.org_id == old_org_id)
        .values(org_id=new_org_id)
    ).rowcount
    n += session.execute(
        ManualIndicator.__table__.update()
        .where(ManualIndicator.__table__.c.org_id == old_org_id)
        .values(org_id=new_org_id)
    ).rowcount
    return n
