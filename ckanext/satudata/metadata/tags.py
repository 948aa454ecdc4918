"""Tags as the caller may see them: ``tag_list``, ``tag_autocomplete`` and ``tag_search``.

CKAN answers these from the ``tag`` table, so a tag that only private (or draft, or deleted)
datasets carry is shown to everyone: the name of a restricted dataset's subject leaks through
the tag cloud and the autocomplete. Chained here, free tags are limited to those of the
datasets the caller can find: one ``package_search`` facet on ``tags`` with
``include_private``, which applies the caller's permission labels (public active datasets
for anonymous, plus the private ones of the caller's agencies, or all for the walidata).
Vocabulary tags (``vocabulary_id``) are the vocabulary's terms and are left as CKAN gives them.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def visible_tag_names(context: Any) -> frozenset[str]:
    """Free tag names of the active datasets the caller may read."""
    search_context = {
        "user": context.get("user") or "",
        "auth_user_obj": context.get("auth_user_obj"),
        "ignore_auth": False,
    }
    result = tk.get_action("package_search")(
        search_context,
        {
            "q": "*:*",
            "rows": 0,
            "facet.field": ["tags"],
            "facet.limit": -1,
            "facet.mincount": 1,
            "include_private": True,
        },
    )
    return frozenset((result.get("facets") or {}).get("tags", {}))


def _free(data_dict: Any) -> bool:
    return isinstance(data_dict, dict) and not data_dict.get("vocabulary_id")


def _page(data_dict: dict) -> tuple[dict, int, Any]:
    """``data_dict`` without its paging (applied after filtering), offset and limit."""
    inner = {k: v for k, v in data_dict.items() if k not in ("offset", "limit")}
    try:
        offset = max(int(data_dict.get("offset") or 0), 0)
        limit = data_dict.get("limit")
        limit = None if limit in (None, "") else max(int(limit), 0)
    except (TypeError, ValueError):
        raise tk.ValidationError({"limit": [tk._("Must be a whole number")]})
    return inner, offset, limit


def _cut(values: list, offset: int, limit: Any) -> list:
    return values[offset:] if limit is None else values[offset : offset + limit]


@tk.chained_action
@tk.side_effect_free
def tag_list(up_func: Any, context: Any, data_dict: Any) -> Any:
    tags = up_func(context, data_dict)
    if not _free(data_dict):
        return tags
    seen = visible_tag_names(context)
    return [t for t in tags if (t.get("name") if isinstance(t, dict) else t) in seen]


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(up_func: Any, context: Any, data_dict: Any) -> Any:
    if not _free(data_dict):
        return up_func(context, data_dict)
    inner, offset, limit = _page(data_dict)
    seen = visible_tag_names(context)
    return _cut([t for t in up_func(context, inner) if t in seen], offset, limit)


@tk.chained_action
@tk.side_effect_free
def tag_search(up_func: Any, context: Any, data_dict: Any) -> Any:
    if not _free(data_dict):
        return up_func(context, data_dict)
    inner, offset, limit = _page(data_dict)
    seen = visible_tag_names(context)
    found = [t for t in up_func(context, inner)["results"] if t.get("name") in seen]
    return {"count": len(found), "results": _cut(found, offset, limit)}


def chained_actions() -> dict[str, Any]:
    return {"tag_list": tag_list, "tag_autocomplete": tag_autocomplete, "tag_search": tag_search}
