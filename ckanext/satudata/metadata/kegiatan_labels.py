"""CKAN's words for the ``kegiatan`` dataset type, translated ("Tambah Kegiatan Statistik",
not "Add Kegiatan"): CKAN builds them from the type name in English (``humanize_entity_type``);
this chained helper gives its own msgids for the purposes a kegiatan page shows."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from .kegiatan_rules import KEGIATAN_TYPE
from .rules import N_

PURPOSES = {
    "add link": N_("Add statistical activity"),
    "breadcrumb": N_("Statistical activities"),
    "content tab": N_("Statistical activities"),
    "facet label": N_("Statistical activities"),
    "main nav": N_("Statistical activities"),
    "page title": N_("Statistical activities"),
    "create label": N_("Create statistical activity"),
    "create title": N_("Create statistical activity"),
    "edit label": N_("Edit statistical activity"),
    "update label": N_("Update statistical activity"),
    "save label": N_("Save statistical activity"),
    "view label": N_("View statistical activities"),
    "search placeholder": N_("Search statistical activities..."),
    "no any objects": N_("No statistical activities yet"),
    "no description": N_("No background given"),
    "delete confirmation": N_("Are you sure you want to delete this statistical activity?"),
}


@tk.chained_helper
def humanize_entity_type(
    next_helper: Any, entity_type: str, object_type: str, purpose: str
) -> str | None:
    if entity_type == "package" and object_type == KEGIATAN_TYPE and purpose in PURPOSES:
        return tk._(PURPOSES[purpose])
    return next_helper(entity_type, object_type, purpose)


def all_helpers() -> dict[str, Any]:
    return {"humanize_entity_type": humanize_entity_type}
