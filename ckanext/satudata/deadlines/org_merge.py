"""Moving the deadlines rows of an agency merged into another (receiver of agencies'
``agency_merged`` signal; runs in the merge's transaction, never commits)."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from .model import AgreedItem, CutoffSnapshot, ReminderSent

log = logging.getLogger(__name__)


def move_org_rows_on_merge(sender, session, old_org_id: str, new_org_id: str) -> int:
    """Receiver of agencies' ``agency_merged`` signal: the deadlines rows follow the agency."""
    moved = 0
    kept = sa.select(ReminderSent.period_id, ReminderSent.key).where(
        ReminderSent.org_id == new_org_id
    )
    for period_id, key in session.execute(kept).all():
        session.execute(
            sa.delete(ReminderSent).where(
                ReminderSent.org_id == old_org_id,
                ReminderSent.period_id == period_id,
                ReminderSent.key == key,
            )
        )
    for table in (AgreedItem, CutoffSnapshot, ReminderSent):
        result = session.execute(
            sa.update(table).where(table.org_id == old_org_id).values(org_id=new_org_id)
        )
        moved += result.rowcount or 0
    return moved
