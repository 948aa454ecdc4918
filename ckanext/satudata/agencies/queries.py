"""Read the portal's agencies (organizations carrying an ``agency_code``) from the database."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .core.plan import CurrentAgency
from .core.registry import ORG_FIELDS

EXTRA_FIELDS = ORG_FIELDS + ("merged_into",)


def extras_by_group(group_ids: list[str]) -> dict[str, dict[str, str]]:
    """The flat extras (a JSONB column in CKAN 2.12) of each organization."""
    out: dict[str, dict[str, str]] = {gid: {} for gid in group_ids}
    if not group_ids:
        return out
    rows = model.Session.execute(
        sa.select(model.Group.id, model.Group.extras).where(model.Group.id.in_(group_ids))
    ).all()
    for gid, extras in rows:
        out[gid] = {k: (v or "") for k, v in (extras or {}).items()}
    return out


def _code_column() -> Any:
    return model.Group.extras["agency_code"].astext


def _admins_by_group(group_ids: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {gid: set() for gid in group_ids}
    if not group_ids:
        return out
    rows = model.Session.execute(
        sa.select(model.Member.group_id, model.User.name)
        .join(model.User, model.User.id == model.Member.table_id)
        .where(model.Member.group_id.in_(group_ids))
        .where(model.Member.table_name == "user")
        .where(model.Member.state == "active")
        .where(model.Member.capacity == "admin")
        .where(model.User.state != "deleted")
        .where(model.User.sysadmin.is_(False))
    ).all()
    for gid, name in rows:
        out[gid].add(name)
    return out


def organizations(include_deleted: bool = True) -> list[model.Group]:
    q = model.Session.query(model.Group).filter(model.Group.is_organization.is_(True))
    if not include_deleted:
        q = q.filter(model.Group.state == "active")
    return q.order_by(model.Group.title).all()


def current_agencies() -> tuple[list[CurrentAgency], dict[str, str]]:
    """Every organization with an agency code (deleted ones too), and a map of every
    organization URL name -> its agency code ('' when it has none)."""
    orgs = organizations(include_deleted=True)
    ids = [o.id for o in orgs]
    extras = extras_by_group(ids)
    admins = _admins_by_group(ids)
    taken: dict[str, str] = {}
    agencies = []
    for org in orgs:
        fields = extras[org.id]
        code = fields.get("agency_code", "")
        taken[org.name] = code
        if not code:
            continue
        agencies.append(
            CurrentAgency(
                code=code,
                org_id=org.id,
                name=org.name,
                title=org.title or "",
                fields={k: fields.get(k, "") for k in EXTRA_FIELDS},
                admins=frozenset(admins[org.id]),
                state=org.state,
            )
        )
    return agencies, taken


def clean_ref(ref: Any) -> str:
    """A reference from a request as text; '' for anything that cannot be one (not a
    string or number, or with a NUL character, which PostgreSQL refuses)."""
    if isinstance(ref, bool) or not isinstance(ref, (str, int)):
        return ""
    text = str(ref).strip()
    return "" if "\x00" in text or len(text) > 200 else text


def org_by_code(code: str) -> model.Group | None:
    """The organization whose ``agency_code`` is ``code`` (an active one first)."""
    code = clean_ref(code)
    if not code:
        return None
    rows = (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization.is_(True))
        .filter(_code_column() == code)
        .all()
    )
    rows.sort(key=lambda g: g.state != "active")
    return rows[0] if rows else None


def resolve_org(ref: str) -> model.Group | None:
    """An organization by agency code, id or URL name."""
    ref = clean_ref(ref)
    if not ref:
        return None
    org = org_by_code(ref)
    if org is None:
        org = model.Group.get(ref)
        if org is not None and not org.is_organization:
            org = None
    return org


def agency_fields(org: model.Group) -> dict[str, str]:
    fields = extras_by_group([org.id])[org.id]
    return {k: fields.get(k, "") for k in EXTRA_FIELDS}


def admin_names(org_id: str) -> list[str]:
    return sorted(_admins_by_group([org_id])[org_id])


def area_codes() -> frozenset[str] | None:
    """The metadata capability's area code list, if it is there."""
    try:
        from ckanext.satudata.metadata.api import codelists

        return frozenset(codelists.codes("area"))
    except Exception:  # the list is optional: only the format is checked then
        return None


def site_user_name() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def dataset_counts(user: str | None = None) -> dict[str, int]:
    """Active dataset counts per organization id, as visible to ``user``
    (private datasets are counted where the user may read them)."""
    user_obj = model.User.get(user) if user else None
    context: dict[str, Any] = {"user": user_obj.name if user_obj else "", "auth_user_obj": user_obj}
    result = tk.get_action("package_search")(
        context,
        {
            "q": "*:*",
            "rows": 0,
            "facet.field": ["owner_org"],
            "facet.limit": -1,
            "include_private": True,
        },
    )
    return {k: int(v) for k, v in result.get("facets", {}).get("owner_org", {}).items()}
