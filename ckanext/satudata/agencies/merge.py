"""Reorganisation: merge agency OLD into agency NEW in one transaction.

Moves every dataset (any state) of OLD to NEW, moves OLD's members (keeping the
higher capacity where a user is in both), sends the merge signal to the other
capabilities (deadlines, assessment: see :mod:`.signals`), points OLD's child agencies
(``parent_code``) at NEW, then archives OLD with
``merged_into: <NEW code>``. OLD is never deleted, so its own history stays.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import queries, signals

log = logging.getLogger(__name__)

RANK = {"member": 1, "editor": 2, "admin": 3}


class MergeError(ValueError):
    """``field`` is the parameter the problem is about (``old`` or ``new``)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def merge(old_ref: str, new_ref: str, *, dry_run: bool = False) -> dict[str, Any]:
    old = queries.resolve_org(old_ref)
    new = queries.resolve_org(new_ref)
    if old is None:
        raise MergeError("old", tk._("Agency not found: {}").format(old_ref))
    if new is None:
        raise MergeError("new", tk._("Agency not found: {}").format(new_ref))
    if old.id == new.id:
        raise MergeError("new", tk._("An agency cannot be merged into itself"))
    old_fields, new_fields = queries.agency_fields(old), queries.agency_fields(new)
    if new.state != "active" or new_fields.get("agency_status") == "archived":
        raise MergeError("new", tk._("The target agency {} is archived").format(new_ref))

    pkg_ids = [
        pid
        for (pid,) in model.Session.query(model.Package.id)
        .filter(model.Package.owner_org == old.id)
        .all()
    ]
    members = (
        model.Session.query(model.Member)
        .filter(
            model.Member.group_id == old.id,
            model.Member.table_name == "user",
            model.Member.state == "active",
        )
        .all()
    )
    result: dict[str, Any] = {
        "old": old_fields.get("agency_code") or old.name,
        "new": new_fields.get("agency_code") or new.name,
        "datasets": len(pkg_ids),
        "members": len(members),
        "hooks": {},
        "children": [],
        "dry_run": dry_run,
        "applied": False,
    }
    if dry_run:
        return result

    site_user = queries.site_user_name()
    ctx = lambda: {"user": site_user, "ignore_auth": True, "defer_commit": True}  # noqa: E731
    try:
        for pid in pkg_ids:
            tk.get_action("package_owner_org_update")(ctx(), {"id": pid, "organization_id": new.id})
        model.Session.flush()  # CKAN's session does not autoflush
        new_members = {
            m.table_id: m
            for m in model.Session.query(model.Member).filter(
                model.Member.group_id == new.id,
                model.Member.table_name == "user",
                model.Member.state == "active",
            )
        }
        for m in members:
            target = new_members.get(m.table_id)
            if target is None:
                model.Session.add(
                    model.Member(
                        group=new,
                        table_name="user",
                        table_id=m.table_id,
                        capacity=m.capacity,
                        state="active",
                    )
                )
            elif RANK.get(m.capacity, 0) > RANK.get(target.capacity, 0):
                target.capacity = m.capacity
            m.state = "deleted"
        model.Session.flush()
        result["hooks"] = signals.send_agency_merged(model.Session, old.id, new.id)
        # agencies under OLD now sit under NEW
        children = [
            c
            for c in queries.current_agencies()[0]
            if c.fields.get("parent_code") == result["old"] and c.org_id != new.id
        ]
        for child in children:
            tk.get_action("organization_patch")(
                {**ctx(), "allow_partial_update": True},
                {"id": child.org_id, "parent_code": result["new"]},
            )
        result["children"] = sorted(c.code for c in children)
        tk.get_action("organization_patch")(
            {**ctx(), "allow_partial_update": True},
            {"id": old.id, "agency_status": "archived", "merged_into": result["new"]},
        )
        model.repo.commit()
    except Exception:
        model.Session.rollback()
        raise
    result["applied"] = True
    from .sync import reindex_datasets

    reindex_datasets([], pkg_ids)
    log.info("agency merge %s -> %s: %s", result["old"], result["new"], result)
    return result
