"""What the other capabilities may use of the metadata capability (floor 0).

Pure: nothing here imports ``ckan``, so the other capabilities' pure cores may use it too.
- ``codelists``: the portal's code lists (``load(name)``, ``codes(name)``, ``names()``,
  ``UnknownCodeList``);
- ``fieldmarks``: required/recommended/optional marks of the dataset schema (``all_marks()``,
  ``load_schema()``);
- ``limits``: the maximum length of every text and the range of every date of the plugin's own
  tables (``check_field``, ``limit``, ``parse_int``, ``check_int``, ``DATES``);
- ``rules``: the plain validation rules and their messages (``check_text``, ``N_``);
- ``cells``: the one writer of CSV/XLSX cells for every export (text is never a formula);
- ``kegiatan_rules``: the Kegiatan Statistik record (MS-Keg): ``item_fields()`` (field ->
  MS-Keg block), ``marks()``, ``KEGIATAN_TYPE``, ``LINK_FIELD``;
- ``ms_keg_items(dataset, context=None)``: **msKeg items for a dataset**, read from the
  kegiatan it links to (``{}`` when none is linked). The reader is CKAN's ``package_show``, so
  it is registered by metadata's wiring (``metadata/kegiatan.py``) when the plugin loads; this
  module itself stays pure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import cells, codelists, fieldmarks, kegiatan_rules, limits, rules
from .rules import N_

__all__ = [
    "N_",
    "cells",
    "codelists",
    "fieldmarks",
    "kegiatan_rules",
    "limits",
    "ms_keg_items",
    "register_ms_keg_reader",
    "rules",
]


_READERS: list[Callable[[dict, dict | None], dict[str, Any]]] = []


def register_ms_keg_reader(reader: Callable[[dict, dict | None], dict[str, Any]]) -> None:
    """Called once by metadata's wiring with the CKAN reader of kegiatan records."""
    _READERS[:] = [reader]


def ms_keg_items(dataset: dict, context: dict | None = None) -> dict[str, Any]:
    """The MS-Keg items of ``dataset`` (its linked kegiatan's fields by name, blanks left out).
    Without ``context`` every kegiatan is read (for judging all datasets); pages and feeds pass
    their user's context and get ``{}`` for a kegiatan that user may not see."""
    if not _READERS:
        raise RuntimeError("the metadata capability is not loaded (no kegiatan reader)")
    return _READERS[0](dataset, context)
