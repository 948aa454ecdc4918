"""Merge hooks: how other capabilities move their rows when agencies merge.

Pure module (no ``ckan`` imports). A capability that keeps rows per organization
(deadlines, assessment) registers a callable at import time of its wiring::

    from ckanext.satudata.agencies import hooks
    hooks.register_merge_hook("deadlines", move_rows)

``move_rows(session, old_org_id, new_org_id) -> int`` must only use ``session``
(a SQLAlchemy session) and must not commit: the merge commits once, after every
hook ran, and rolls everything back if one raises. The return value (rows moved)
is reported by ``satudata_agency_merge``.
"""
from __future__ import annotations

from typing import Any, Callable

MergeHook = Callable[[Any, str, str], int]

merge_hooks: dict[str, MergeHook] = {}


def register_merge_hook(name: str, func: MergeHook) -> None:
    """Register (or replace) the hook called ``name``."""
    merge_hooks[name] = func


def unregister_merge_hook(name: str) -> None:
    merge_hooks.pop(name, None)


def run_merge_hooks(session: Any, old_org_id: str, new_org_id: str) -> dict[str, int]:
    """Call every hook in registration order; exceptions propagate."""
    return {name: int(func(session, old_org_id, new_org_id) or 0)
            for name, func in list(merge_hooks.items())}
