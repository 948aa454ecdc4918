"""The static inputs of the indicators, read from the metadata capability's pure modules: the
schema marks (``satudata_mark`` in schemas/dataset.yaml), the code lists and the format list
(pure; cached by those modules)."""
from __future__ import annotations

import functools

from ckanext.satudata.metadata import codelists, fieldmarks


def marks() -> dict[str, str]:
    return fieldmarks.all_marks()


@functools.lru_cache(maxsize=1)
def codelist_map() -> dict[str, frozenset]:
    return {name: codelists.codes(name) for name in codelists.names()}


@functools.lru_cache(maxsize=1)
def formats_map() -> dict[str, tuple[bool, bool]]:
    out = {}
    for e in codelists.load("format"):
        out[e.code.upper()] = (e.get("open") == "true", e.get("machine_readable") == "true")
    return out


@functools.lru_cache(maxsize=1)
def area_names() -> tuple[str, ...]:
    return tuple(e.label_id for e in codelists.load("area"))
