"""What the other capabilities may use of the metadata capability (floor 0).

Pure: nothing here imports ``ckan``, so the other capabilities' pure cores may use it too.
- ``codelists``: the portal's code lists (``load(name)``, ``codes(name)``, ``names()``,
  ``UnknownCodeList``);
- ``fieldmarks``: required/recommended/optional marks of the dataset schema (``all_marks()``,
  ``load_schema()``).
"""
from __future__ import annotations

from . import codelists, fieldmarks

__all__ = ["codelists", "fieldmarks"]
