"""IPackageController hooks of the deadlines capability."""

from __future__ import annotations

import logging

import ckan.model as model

from . import agreed_items

log = logging.getLogger(__name__)


def after_dataset_change(context, pkg_dict, created):
    """A dataset linked to an agreed item was created or changed: mark the item
    submitted (on time / late by server time) or corrected, and note its first publication
    for the release calendar. Drafts (the first stage of the web form) do not count. Never
    writes to the dataset."""
    item_id = (pkg_dict or {}).get("agreed_item")
    dataset_id = (pkg_dict or {}).get("id")
    if not dataset_id:
        return
    pkg = model.Package.get(dataset_id)
    if pkg is None or pkg.state != "active":
        return
    item = agreed_items.get_item(item_id) if item_id else None
    if item is not None and item.org_id == pkg.owner_org:
        user = context.get("user") if context else None
        agreed_items.on_dataset_change(item, pkg.id, user)
    agreed_items.note_publication(pkg)
