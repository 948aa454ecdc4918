"""The agencies as the deadlines capability sees them: organization dicts and the index an
import resolves a row's agency with (by exact code, id, or a name only one agency carries)."""

from __future__ import annotations

import logging

import ckan.model as model

from .core.agency_match import AgencyIndex, AgencyRef

log = logging.getLogger(__name__)


def organizations() -> list[dict]:
    """Active organizations with their agency extras (code, type, short name)."""
    groups = (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization.is_(True))
        .filter(model.Group.state == "active")
        .order_by(model.Group.title)
        .all()
    )
    out = []
    for g in groups:
        e = g.extras or {}  # CKAN 2.12: a flat JSONB column
        out.append(
            {
                "id": g.id,
                "name": g.name,
                "title": g.title or g.name,
                "agency_code": e.get("agency_code") or "",
                "agency_type": e.get("agency_type") or "",
                "short_name": e.get("short_name") or "",
            }
        )
    return out


def agency_index() -> AgencyIndex:
    """The active agencies as an import resolves them: by code (exact), id, or a name
    (URL name, title, short name) only one of them carries (:mod:`.core.agency_match`)."""
    return AgencyIndex(
        AgencyRef(
            id=o["id"],
            code=o["agency_code"],
            name=o["name"],
            title=o["title"],
            short_name=o["short_name"],
        )
        for o in organizations()
    )


def get_org(org_id_or_name: str) -> model.Group | None:
    group = model.Group.get(org_id_or_name)
    if group is None or not group.is_organization:
        return None
    return group
