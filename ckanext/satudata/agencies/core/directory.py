"""Pure helpers of the public agency directory: the search box and who publishes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: The agency fields the directory's search box looks in.
SEARCH_FIELDS = ("title", "short_name", "agency_code", "name", "area_code")


def matches(agency: Mapping[str, Any], query: str) -> bool:
    """Whether ``query`` is a case-insensitive substring of the agency's name or code."""
    needle = " ".join(str(query or "").split()).casefold()
    if not needle:
        return True
    return any(needle in str(agency.get(f) or "").casefold() for f in SEARCH_FIELDS)


def search(agencies: Iterable[Mapping[str, Any]], query: str) -> list[Mapping[str, Any]]:
    return [a for a in agencies if matches(a, query)]


def publishing(
    agencies: Iterable[Mapping[str, Any]], public_counts: Mapping[str, int]
) -> list[Mapping[str, Any]]:
    """The agencies with at least one public dataset (``public_counts``: org id -> count),
    most datasets first, then by title."""
    out = [a for a in agencies if public_counts.get(str(a.get("id")), 0) > 0]
    return sorted(
        out,
        key=lambda a: (
            -public_counts.get(str(a.get("id")), 0),
            str(a.get("title") or "").casefold(),
        ),
    )
