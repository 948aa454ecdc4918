"""Display helpers chained onto CKAN's. English pages show a dataset's ``title_en`` / ``notes_en`` where the publisher gave them:
CKAN's own templates read titles and descriptions through ``h.get_translated``, chained here,
so the dataset page, the search results and the home page follow without template copies."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

TRANSLATED_FIELDS = ("title", "notes")


def _is_english() -> bool:
    try:
        return str(tk.h.lang() or "").startswith("en")
    except (RuntimeError, AttributeError, TypeError):  # outside a request
        return False


@tk.chained_helper
def get_translated(next_helper, data_dict: dict[str, Any], field: str) -> Any:
    if field in TRANSLATED_FIELDS and isinstance(data_dict, dict) and _is_english():
        value = data_dict.get(f"{field}_en")
        if isinstance(value, str) and value.strip():
            return value
    return next_helper(data_dict, field)


def helpers() -> dict[str, Any]:
    return {
        "get_translated": get_translated,
        "format_resource_items": format_resource_items,
        "satudata_license_title": license_title,
        "get_allowed_view_types": get_allowed_view_types,
    }


@tk.chained_helper
def get_allowed_view_types(next_helper, resource, package):
    """The "New view" menu of a resource: view plugins give their titles as literals (DataTables'
    ``"Table"``), translated here in the page's language."""
    return [(name, tk._(title), *rest) for name, title, *rest in next_helper(resource, package)]


def license_title(pkg_dict: dict[str, Any]) -> str:
    """The dataset's licence title in the page's language: CKAN reads a licences file's titles
    as written (English) and the dataset and resource pages print them through no gettext; the
    same catalogue entries as the form's choices (translated_license_options)."""
    title = (pkg_dict or {}).get("license_title") or (pkg_dict or {}).get("license_id") or ""
    return tk._(title) if title else ""


# Resource fields that are CKAN's plumbing, not something a person reads on the resource page
HIDDEN_RESOURCE_KEYS = frozenset(
    {
        "datastore_active",
        "datastore_contains_all_records_of_source_file",
        "has_views",
        "package_id",
        "url_type",
        "state",
        "position",
        "id",
        "cache_url",
        "cache_last_updated",
        "mimetype_inner",
        "resource_type",
        "tracking_summary",
    }
)


@tk.chained_helper
def format_resource_items(next_helper, items):
    return next_helper([(k, v) for k, v in items if k not in HIDDEN_RESOURCE_KEYS])


def translated_license_options() -> list[tuple[str, str]]:
    """The licence choices of the dataset form, titles in the page's language (CKAN passes the
    titles of a licences file through no gettext; scheming reads ``g.licenses`` if set)."""
    import ckan.model as model

    return [("", "")] + [(tk._(title), key) for title, key in model.Package.get_license_options()]


bp = Blueprint("satudata_translated", __name__)


@bp.before_app_request
def _licence_choices() -> None:
    tk.g.licenses = translated_license_options()
