"""Diff a validated register against the portal's current agencies -> a sync plan.

Pure module: no ``ckan`` imports. Matching is by agency code only, never by name.

Step actions:

``create``     the code is new: create an organization.
``rename``     the display name changed (other fields may change too); same organization.
``update``     fields changed and/or admins must be appointed.
``archive``    missing from the register and ``prune`` asked: set ``agency_status: archived``.
``missing``    missing from the register, no ``prune``: reported only.
``unchanged``  nothing to do.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from .registry import ORG_FIELDS, Admin, Register, RowError

CHANGING = ("create", "rename", "update", "archive")


@dataclasses.dataclass(frozen=True)
class CurrentAgency:
    """An organization of the portal that carries an agency code."""

    code: str
    org_id: str
    name: str  # organization URL name
    title: str
    fields: Mapping[str, str]
    admins: frozenset[str] = frozenset()  # user names with capacity admin
    state: str = "active"  # CKAN state of the organization


@dataclasses.dataclass(frozen=True)
class Step:
    action: str
    code: str
    org_id: str = ""
    name: str = ""
    title: str = ""
    old_title: str = ""
    changes: tuple[tuple[str, str, str], ...] = ()  # (field, old, new)
    add_admins: tuple[Admin, ...] = ()
    new_users: tuple[Admin, ...] = ()
    row: int = 0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"action": self.action, "code": self.code, "title": self.title}
        if self.org_id:
            out["org_id"] = self.org_id
        if self.name:
            out["name"] = self.name
        if self.old_title and self.old_title != self.title:
            out["old_title"] = self.old_title
        if self.changes:
            out["changes"] = {f: {"old": o, "new": n} for f, o, n in self.changes}
        if self.add_admins:
            out["add_admins"] = [a.name for a in self.add_admins]
        if self.new_users:
            out["new_users"] = [a.name for a in self.new_users]
        return out


@dataclasses.dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    prune: bool = False

    def by_action(self, action: str) -> list[Step]:
        return [s for s in self.steps if s.action == action]

    @property
    def changes_anything(self) -> bool:
        return any(s.action in CHANGING for s in self.steps)

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(("create", "rename", "update", "archive", "missing", "unchanged"), 0)
        for s in self.steps:
            counts[s.action] += 1
        counts["admins_added"] = sum(len(s.add_admins) for s in self.steps)
        counts["users_created"] = len({a.name for s in self.steps for a in s.new_users})
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "prune": self.prune,
            "steps": [s.as_dict() for s in self.steps if s.action != "unchanged"],
        }

    def lines(self) -> list[str]:
        """Human-readable report, one line per step that is not ``unchanged``."""
        out = []
        for s in self.steps:
            if s.action == "unchanged":
                continue
            text = f"{s.action:8} {s.code}: {s.title}"
            if s.action == "rename":
                text += f" (was: {s.old_title})"
            fields = [f for f, _, _ in s.changes if f != "title"]
            if fields:
                text += f" [{', '.join(fields)}]"
            if s.add_admins:
                text += f" +admins {', '.join(a.name for a in s.add_admins)}"
            out.append(text)
        summary = self.summary()
        out.append(", ".join(f"{k}: {v}" for k, v in summary.items()))
        return out


def _norm(value: Any) -> str:
    return "" if value is None else str(value).strip()


def diff(
    register: Register,
    current: Iterable[CurrentAgency],
    *,
    prune: bool = False,
    existing_users: Iterable[str] = (),
    taken_names: Mapping[str, str] | None = None,
) -> Plan:
    """Compute the plan. ``existing_users``: user names already in the portal.
    ``taken_names``: every organization URL name -> its agency code ("" if none),
    used to refuse a register row whose name belongs to another organization.
    Raises :class:`~.registry.RegisterError` for such conflicts (nothing applied)."""
    from .registry import RegisterError

    current_by_code = {c.code: c for c in current}
    taken = dict(taken_names or {})
    users = set(existing_users)
    created_users: set[str] = set()
    steps: list[Step] = []
    errors: list[RowError] = []

    for agency in register.agencies:
        cur = current_by_code.get(agency.code)
        wanted_name = agency.org_name if cur is None else (agency.slug or cur.name)
        owner = taken.get(wanted_name)
        if owner is not None and owner != agency.code and (cur is None or cur.name != wanted_name):
            who = f"agency '{owner}'" if owner else "an organization without agency code"
            errors.append(
                RowError(
                    agency.row,
                    "slug",
                    f"organization name '{wanted_name}' belongs to {who}",
                    agency.code,
                )
            )
            continue

        new_users = []
        for adm in agency.admins:
            if adm.name not in users and adm.name not in created_users:
                new_users.append(adm)
                created_users.add(adm.name)

        if cur is None:
            steps.append(
                Step(
                    "create",
                    agency.code,
                    name=wanted_name,
                    title=agency.name,
                    changes=tuple((f, "", v) for f, v in agency.org_fields().items() if v),
                    add_admins=agency.admins,
                    new_users=tuple(new_users),
                    row=agency.row,
                )
            )
            continue

        changes: list[tuple[str, str, str]] = []
        if _norm(cur.title) != agency.name:
            changes.append(("title", _norm(cur.title), agency.name))
        if wanted_name != cur.name:
            changes.append(("name", cur.name, wanted_name))
        if cur.state != "active":
            changes.append(("state", cur.state, "active"))
        for field, value in agency.org_fields().items():
            old = _norm(cur.fields.get(field))
            if field == "agency_status":
                old = old or "active"
            if old != value:
                changes.append((field, old, value))
        add_admins = tuple(a for a in agency.admins if a.name not in cur.admins)
        if _norm(cur.title) != agency.name:
            action = "rename"
        elif changes or add_admins:
            action = "update"
        else:
            action = "unchanged"
        steps.append(
            Step(
                action,
                agency.code,
                org_id=cur.org_id,
                name=wanted_name,
                title=agency.name,
                old_title=_norm(cur.title),
                changes=tuple(changes),
                add_admins=add_admins,
                new_users=tuple(new_users),
                row=agency.row,
            )
        )

    if errors:
        raise RegisterError(errors)

    in_register = {a.code for a in register.agencies}
    for cur in sorted(current_by_code.values(), key=lambda c: c.code):
        if cur.code in in_register:
            continue
        status = _norm(cur.fields.get("agency_status")) or "active"
        if status == "archived":
            continue
        if prune:
            steps.append(
                Step(
                    "archive",
                    cur.code,
                    org_id=cur.org_id,
                    name=cur.name,
                    title=_norm(cur.title),
                    old_title=_norm(cur.title),
                    changes=(("agency_status", status, "archived"),),
                )
            )
        else:
            steps.append(
                Step(
                    "missing",
                    cur.code,
                    org_id=cur.org_id,
                    name=cur.name,
                    title=_norm(cur.title),
                    old_title=_norm(cur.title),
                )
            )
    return Plan(tuple(steps), prune)


__all__ = ["CurrentAgency", "Step", "Plan", "diff", "ORG_FIELDS"]
