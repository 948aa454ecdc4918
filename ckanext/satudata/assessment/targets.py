"""What a run covers: the active datasets and the agencies that hold them."""

from __future__ import annotations

import logging

import ckan.model as model

log = logging.getLogger(__name__)


def active_dataset_ids(org_id: str | None = None) -> list[str]:
    q = model.Session.query(model.Package.id).filter(
        model.Package.state == "active", model.Package.type == "dataset"
    )
    if org_id:
        q = q.filter(model.Package.owner_org == org_id)
    return [pid for (pid,) in q.order_by(model.Package.owner_org, model.Package.name).all()]


def active_dataset_ids_for(ids: list[str]) -> list[str]:
    return [
        pid
        for (pid,) in model.Session.query(model.Package.id)
        .filter(
            model.Package.id.in_(ids),
            model.Package.state == "active",
            model.Package.type == "dataset",
        )
        .all()
    ]


def active_org_ids() -> list[str]:
    """The agencies a portal run ranks: active organizations, without those the agencies
    capability archived (``agency_status: archived``, e.g. merged into another)."""
    groups = (
        model.Session.query(model.Group)
        .filter(
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
            model.Group.type == "organization",
        )
        .order_by(model.Group.name)
        .all()
    )
    return [
        g.id
        for g in groups
        if ((getattr(g, "extras", None) or {}).get("agency_status") or "active") != "archived"
    ]


def organization_choices() -> list[dict[str, str]]:
    """``[{name, title}]`` of the active organizations, for the run form."""
    return [
        {"name": n, "title": t or n}
        for n, t in model.Session.query(model.Group.name, model.Group.title)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
        .order_by(model.Group.title)
        .all()
    ]


def datasets_of_kegiatan(kegiatan_id: str) -> list[str]:
    """The active datasets linked to a Kegiatan Statistik (their MS-Keg items are its)."""
    return [
        pid
        for (pid,) in model.Session.query(model.Package.id).filter(
            model.Package.state == "active",
            model.Package.type == "dataset",
            model.Package.extras["kegiatan"].astext == kegiatan_id,
        )
    ]
