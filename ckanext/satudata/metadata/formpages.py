"""The dataset form in pages (pure): which fields each page holds, and which errors a draft
saved from one page may leave for the pages still to come.

ckanext-scheming splits the form at the fields marked ``start_form_page`` and saves every page
with ``package_create``/``package_patch`` in the ``draft`` state, but validates the whole schema
each time: page 1 would fail on the required fields of pages 2-4 that nobody has seen yet. So
while a dataset is a draft sent from page N, a missing value of a field on a later page is not
an error yet. Everything else is checked as usual (a value that *is* there, on any page, must be
valid), and publishing (state ``active``: CKAN's resource stage, the API, an edit) checks all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# The form's hidden input that carries the page number (CKAN's and scheming's name).
PAGE_KEY = "_ckan_phase"


def pages(fields: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """Field names per page, split as scheming splits them (a page starts at the first field
    and at every field with ``start_form_page``); ``[]`` when the schema has no pages."""
    out: list[list[str]] = []
    titled = False
    for f in fields:
        if not out or "start_form_page" in f:
            out.append([])
            titled = titled or bool((f.get("start_form_page") or {}).get("title"))
        out[-1].append(f["field_name"])
    return out if (len(out) > 1 or titled) else []


def page_number(value: Any, count: int) -> int | None:
    """The page a form says it was sent from, or ``None`` (not a whole number in 1..count).
    The page-1 form sends the key twice (CKAN's stage ``dataset_new_1``, then scheming's page
    number), which arrives as a list: its last whole number counts."""
    if isinstance(value, (list, tuple)):
        pages = [p for p in (page_number(v, count) for v in value) if p]
        return pages[-1] if pages else None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    try:
        page = int(str(value).strip())
    except ValueError:
        return None
    return page if 1 <= page <= count else None


def later_fields(fields: Iterable[Mapping[str, Any]], page: int) -> set[str]:
    """The names of the fields on the pages after ``page``."""
    return {name for names in pages(fields)[page:] for name in names}


def _blank(value: Any) -> bool:
    if value is None or value == [] or value == {}:
        return True
    if isinstance(value, str):
        return not value.strip()
    return type(value).__name__ == "Missing"  # navl's ``missing`` marker (no CKAN import here)


def is_blank(data: Mapping[tuple, Any], name: str) -> bool:
    """True when the flattened ``data`` holds nothing for field ``name``: no value, and no
    repeating row with a non-blank cell."""
    return not any(key and key[0] == name and not _blank(v) for key, v in data.items())


def expand_form_rows(data_dict: dict, repeating: Iterable[str]) -> None:
    """Turn the ``<field>-<row>-<subfield>`` keys a form page sent into the ``<field>`` list of
    rows, in ``data_dict`` itself (rows in the order of their numbers; keys whose row is not a
    number are left alone). scheming does this inside validation, on the dict it validates:
    ``package_patch`` validates a copy merged into the stored dataset, so there the stored list
    won over the form's rows, and a page shown again after an error lost what was typed."""
    for name in repeating:
        found: dict[int, dict] = {}
        for key in [k for k in data_dict if isinstance(k, str) and k.startswith(name + "-")]:
            row, _, sub = key[len(name) + 1 :].partition("-")
            if row.isdigit() and sub:
                found.setdefault(int(row), {})[sub] = data_dict.pop(key)
        if found:
            data_dict[name] = [found[i] for i in sorted(found)]


def waivable(errors: Mapping[tuple, list], data: Mapping[tuple, Any], later: set[str]) -> list:
    """The error keys to clear on a draft: those of later-page fields that hold nothing."""
    return [
        key
        for key, messages in errors.items()
        if messages and key and key[0] in later and is_blank(data, key[0])
    ]
