"""The agreed items a dataset may be linked to on the dataset form: open items of the user's
agencies whose corrections have not ended, and the one it delivers already."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import ckan.model as model
import sqlalchemy as sa

from .clock import now
from .core import lifecycle as lc
from .model import AgreedItem, Period

log = logging.getLogger(__name__)


def open_items_for_orgs(org_ids: Iterable[str], dataset_id: str | None = None) -> list[AgreedItem]:
    """Items an agency can link a dataset to: open (not submitted, returned) items
    of periods whose correction time has not ended, not linked to another
    dataset; items whose linked dataset was deleted; plus the item already
    linked to ``dataset_id``."""
    ids = list(org_ids)
    if not ids:
        return []
    at = now()
    q = (
        model.Session.query(AgreedItem)
        .join(Period, Period.id == AgreedItem.period_id)
        .filter(AgreedItem.org_id.in_(ids))
        .filter(sa.or_(Period.corrections_end_at.is_(None), Period.corrections_end_at >= at))
    )
    deleted = sa.select(model.Package.id).where(model.Package.state == "deleted")
    cond = sa.or_(
        sa.and_(
            AgreedItem.state.in_(sorted(lc.OPEN_STATES)),
            sa.or_(AgreedItem.dataset_id.is_(None), AgreedItem.dataset_id == (dataset_id or "")),
        ),
        # delivered with a dataset that was deleted since: may be delivered again
        AgreedItem.dataset_id.in_(deleted),
    )
    if dataset_id:
        cond = sa.or_(cond, AgreedItem.dataset_id == dataset_id)
    return q.filter(cond).order_by(Period.cutoff_at.desc(), AgreedItem.position).all()
