"""Apply an agency register to the portal: one transaction, matched by agency code.

Every write goes through CKAN actions with ``defer_commit`` so that the organization
schema's validators run; the session is committed once at the end, or rolled back
entirely when anything fails (nothing is half-applied).
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import queries
from .core import registry
from .core.plan import Plan, Step, diff
from .core.registry import Register, RegisterError, RowError

log = logging.getLogger(__name__)


def _ctx(user: str, **extra: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {"user": user, "ignore_auth": True, "defer_commit": True}
    ctx.update(extra)
    return ctx


def parse_register(text: str, fmt: str = "yaml") -> Register:
    return registry.parse(text, fmt=fmt, area_codes=queries.area_codes())


def load_register(path: str) -> Register:
    return registry.load(path, area_codes=queries.area_codes())


def _resolve_admins(register: Register) -> tuple[Register, set[str]]:
    """Point each register admin at the existing user with that name or e-mail.
    Returns the register with resolved names and the set of existing user names."""
    existing: set[str] = set()
    cache: dict[str, registry.Admin] = {}
    agencies = []
    for agency in register.agencies:
        admins = []
        for adm in agency.admins:
            if adm.email in cache:
                admins.append(cache[adm.email])
                continue
            user = model.User.get(adm.name)
            if user is None or (user.email or "").lower() not in ("", adm.email):
                found = model.User.by_email(adm.email)  # one user or None in CKAN 2.12
                if isinstance(found, list):
                    found = next((u for u in found if u.state != "deleted"), None)
                if found is not None and found.state != "deleted":
                    user = found
            resolved = adm if user is None else dataclasses.replace(adm, name=user.name)
            if user is not None:
                existing.add(user.name)
            cache[adm.email] = resolved
            admins.append(resolved)
        agencies.append(dataclasses.replace(agency, admins=tuple(admins)))
    return dataclasses.replace(register, agencies=tuple(agencies)), existing


def plan_sync(register: Register, prune: bool = False) -> Plan:
    register, existing = _resolve_admins(register)
    current, taken = queries.current_agencies()
    return diff(register, current, prune=prune, existing_users=existing, taken_names=taken)


def sync(register: Register, *, prune: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """Plan and (unless ``dry_run``) apply. Returns the plan as a dict with ``applied``.
    Raises :class:`RegisterError` (row, field, reason) and leaves the portal untouched."""
    plan = plan_sync(register, prune=prune)
    result = plan.as_dict()
    result["dry_run"] = dry_run
    result["applied"] = False
    if dry_run or not plan.changes_anything:
        return result
    by_code = register.by_code()
    site_user = queries.site_user_name()
    try:
        for step in plan.steps:
            try:
                _apply(step, by_code.get(step.code), site_user)
            except tk.ValidationError as e:
                row = by_code[step.code].row if step.code in by_code else 0
                raise RegisterError(
                    [
                        RowError(row, field, _error_text(msg), step.code)
                        for field, msg in _error_items(e)
                    ]
                ) from e
        model.repo.commit()
    except Exception:
        model.Session.rollback()
        raise
    result["applied"] = True
    # the search index keeps each dataset's organization title: refresh renamed ones
    renamed = [
        s.org_id
        for s in plan.steps
        if s.org_id and any(f in ("title", "name", "state") for f, _, _ in s.changes)
    ]
    reindex_datasets(renamed)
    log.info("agency sync applied: %s", plan.summary())
    return result


def reindex_datasets(org_ids: list[str], package_ids: list[str] | None = None) -> int:
    """Re-index the datasets of these organizations (after a rename or a merge: the
    index keeps the organization of each dataset, and package_show reads it)."""
    from ckan.lib import search

    ids = list(package_ids or [])
    if org_ids:
        ids += [
            pid
            for (pid,) in model.Session.query(model.Package.id)
            .filter(model.Package.owner_org.in_(org_ids), model.Package.state != "deleted")
            .all()
        ]
    if ids:
        search.rebuild(package_ids=ids, quiet=True)
        search.commit()
    return len(ids)


def _error_items(e: Any) -> list[tuple[str, Any]]:
    errors = e.error_dict if hasattr(e, "error_dict") else {"": str(e)}
    return list(errors.items()) or [("", str(e))]


def _error_text(msg: Any) -> str:
    if isinstance(msg, list):
        return "; ".join(str(m) for m in msg)
    return str(msg)


def _apply(step: Step, agency: registry.Agency | None, site_user: str) -> None:
    if step.action == "unchanged" or step.action == "missing":
        return
    if step.action == "create":
        assert agency is not None
        data = {"name": step.name, "title": agency.name, **agency.org_fields()}
        org = tk.get_action("organization_create")(_ctx(site_user), data)
        # the acting (site) user became admin of the new organization: not an agency admin
        _drop_member(org["id"], site_user)
        org_id = org["id"]
    else:
        org_id = step.org_id
        patch: dict[str, Any] = {"id": org_id}
        for field, _old, new in step.changes:
            patch[field] = new
        if len(patch) > 1:
            tk.get_action("organization_patch")(_ctx(site_user, allow_partial_update=True), patch)
    _ensure_users(step.new_users, site_user)
    for adm in step.add_admins:
        user = model.User.get(adm.name)
        assert user is not None, adm.name
        tk.get_action("member_create")(
            _ctx(site_user),
            {"id": org_id, "object": user.id, "object_type": "user", "capacity": "admin"},
        )


def _drop_member(org_id: str, user_name: str) -> None:
    model.Session.flush()  # CKAN's session does not autoflush
    user = model.User.get(user_name)
    if user is None:
        return
    for member in model.Session.query(model.Member).filter(
        model.Member.group_id == org_id,
        model.Member.table_name == "user",
        model.Member.table_id == user.id,
    ):
        model.Session.delete(member)
    model.Session.flush()


def _ensure_users(admins: tuple[registry.Admin, ...], site_user: str) -> None:
    for adm in admins:
        if model.User.get(adm.name) is not None:
            continue
        tk.get_action("user_create")(
            _ctx(site_user),
            {
                "name": adm.name,
                "email": adm.email,
                "fullname": adm.fullname or adm.name,
                # nobody knows this password: the admin sets one with "forgot password"
                "password": secrets.token_urlsafe(24),
            },
        )


def export_register() -> Register:
    """The portal's current agencies as a register (for round trips and backups)."""
    current, _ = queries.current_agencies()
    rows = []
    for index, cur in enumerate(sorted(current, key=lambda c: c.code), start=1):
        f = cur.fields
        admins = []
        for name in sorted(cur.admins):
            user = model.User.get(name)
            if user is not None and user.email:
                admins.append(registry.Admin(user.email.lower(), user.name, user.fullname or ""))
        rows.append(
            registry.Agency(
                row=index,
                code=cur.code,
                name=cur.title,
                type=f.get("agency_type", ""),
                short_name=f.get("short_name", ""),
                parent_code=f.get("parent_code", ""),
                area_code=f.get("area_code", ""),
                slug=cur.name,
                status=f.get("agency_status") or "active",
                contact_email=f.get("contact_email", ""),
                contact_phone=f.get("contact_phone", ""),
                address=f.get("address", ""),
                sk_number=f.get("sk_number", ""),
                sk_date=f.get("sk_date", ""),
                agreement_number=f.get("agreement_number", ""),
                agreement_date=f.get("agreement_date", ""),
                agreement_valid_until=f.get("agreement_valid_until", ""),
                admins=tuple(admins),
            )
        )
    return Register(tuple(rows))
