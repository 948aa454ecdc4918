"""The agencies capability's signal: an agency was merged into another.

Capabilities that keep rows per organization (deadlines, assessment) subscribe through their
``Capability.signal_subscriptions`` (CKAN's ISignal), so agencies never imports them. A receiver
is called as ``receiver(sender, session=..., old_org_id=..., new_org_id=...)``, must only use
``session`` (a SQLAlchemy session) and must not commit: the merge commits once after every
receiver ran and rolls everything back if one raises. It returns the number of rows it moved.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

agency_merged = tk.signals.ckanext.signal(
    "satudata_agency_merged", "An agency was merged into another (rows move, not yet committed)"
)


def send_agency_merged(session: Any, old_org_id: str, new_org_id: str) -> dict[str, int]:
    """Every receiver's count of moved rows, by the capability that moved them."""
    results = agency_merged.send(
        "agencies", session=session, old_org_id=old_org_id, new_org_id=new_org_id
    )
    return {_capability_of(receiver): int(value or 0) for receiver, value in results}


def _capability_of(receiver: Any) -> str:
    parts = getattr(receiver, "__module__", "").split(".")
    if parts[:2] == ["ckanext", "satudata"] and len(parts) > 2:
        return parts[2]
    return getattr(receiver, "__name__", repr(receiver))
