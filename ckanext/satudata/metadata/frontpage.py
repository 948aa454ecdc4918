"""Template helpers of the portal's front (home page, search filters): figures, the sektor
kegiatan, the newest and the most-used datasets (one package_search each), and code labels for
the filter pills."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from . import codelists, helpers, indexing

#: Search parameters that carry the same code list as a facet (``?area_codes=`` next to
#: the facet's ``?vocab_area_codes=``).
FILTER_CODELIST = {
    **{f: cl for f, cl in indexing.FACET_CODELIST.items() if cl},
    **{field: indexing.FACET_CODELIST[solr] for field, solr in indexing.MULTI_FIELDS.items()},
}


def _search(public: bool = False, **params: Any) -> dict:
    # As the visitor (never more than they may see), or as nobody for the published figures.
    visitor = tk.current_user.name if tk.current_user.is_authenticated else ""
    context = {"user": "" if public else visitor}
    try:
        return tk.get_action("package_search")(context, params)
    except tk.ValidationError:
        return {"count": 0, "results": [], "search_facets": {}}


def satudata_front_summary() -> dict[str, Any]:
    """Figures and the sektor kegiatan of the home page, public datasets only (the same for
    every visitor, as /instansi's): ``datasets``, ``agencies`` (those with at least one),
    ``topics`` (every code with its label and count, file order) and ``topics_with_data``."""
    result = _search(
        public=True, rows=0, **{"facet.field": '["organization", "topic"]', "facet.limit": -1}
    )
    facets = result.get("search_facets") or {}
    orgs = [i for i in (facets.get("organization") or {}).get("items", []) if i.get("count")]
    counts = {i["name"]: i["count"] for i in (facets.get("topic") or {}).get("items", [])}
    lang = helpers._lang()
    topics = [
        {"code": e.code, "label": e.label(lang), "count": counts.get(e.code, 0)}
        for e in codelists.load("topic")
    ]
    return {
        "datasets": result.get("count", 0),
        "agencies": len(orgs),
        "topics": topics,
        "topics_with_data": sum(1 for t in topics if t["count"]),
    }


def satudata_newest_datasets(limit: int = 6) -> list[dict]:
    return _search(rows=limit, sort="metadata_modified desc").get("results", [])


#: Most viewed first: views of the last 14 days (CKAN tracking's ``views_recent``, its "Popular"
#: sort), then of all time; among equals the most recently updated.
MOST_USED_SORT = "views_recent desc, views_total desc, metadata_modified desc"


def satudata_most_used_datasets(limit: int = 6) -> list[dict]:
    """The public datasets opened most often, as CKAN's ``tracking`` plugin counts them (one
    visitor per day and page; ``ckan tracking update`` puts the counts in the search index).
    Only datasets opened at least once: ``[]`` while nothing has been counted, or when the
    plugin is not loaded (no counts in the index; the page says so instead of repeating the
    newest datasets)."""
    # public=True: the same list for every visitor, never a restricted dataset
    return _search(public=True, rows=limit, fq="views_total:[1 TO *]", sort=MOST_USED_SORT).get(
        "results", []
    )


def satudata_display_title(pkg: dict) -> str:
    """The dataset's title in the page's language: ``title_en`` on English pages when set."""
    if helpers._lang() == "en" and (pkg.get("title_en") or "").strip():
        return pkg["title_en"]
    return pkg.get("title") or pkg.get("name") or ""


def satudata_filter_label(field: str, value: Any, fallback: str | None = None) -> str:
    """What an active search filter reads as: the code's label for a code-list field,
    otherwise ``fallback`` (CKAN's display name, e.g. the agency's title) or the value."""
    list_name = FILTER_CODELIST.get(field)
    if list_name and codelists.entry(list_name, value) is not None:
        return codelists.label(list_name, value, helpers._lang())
    if field == "organization" and (not fallback or fallback == value):
        # not among the facet items (no result matches): the agency's title all the same
        return _organization_title(str(value)) or str(value)
    return fallback or str(value)


def _organization_title(name: str) -> str:
    try:
        org = tk.get_action("organization_show")(
            {"user": tk.current_user.name if tk.current_user.is_authenticated else ""},
            {
                "id": name,
                "include_datasets": False,
                "include_users": False,
                "include_extras": False,
                "include_groups": False,
                "include_tags": False,
                "include_followers": False,
            },
        )
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return ""
    return org.get("title") or org.get("name") or ""


def all_helpers() -> dict[str, Callable]:
    return {
        "satudata_front_summary": satudata_front_summary,
        "satudata_newest_datasets": satudata_newest_datasets,
        "satudata_most_used_datasets": satudata_most_used_datasets,
        "satudata_display_title": satudata_display_title,
        "satudata_filter_label": satudata_filter_label,
    }
