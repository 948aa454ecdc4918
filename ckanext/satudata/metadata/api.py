"""What the other capabilities may use of the metadata capability (floor 0).

Pure: nothing here imports ``ckan``, so the other capabilities' pure cores may use it too.
- ``codelists``: the portal's code lists (``load(name)``, ``codes(name)``, ``names()``,
  ``UnknownCodeList``);
- ``fieldmarks``: required/recommended/optional marks of the dataset schema (``all_marks()``,
  ``load_schema()``);
- ``limits``: the maximum length of every text and the range of every date of the plugin's own
  tables (``check_field``, ``limit``, ``parse_int``, ``check_int``, ``DATES``);
- ``rules``: the plain validation rules and their messages (``check_text``, ``N_``);
- ``cells``: the one writer of CSV/XLSX cells for every export (text is never a formula).
"""

from __future__ import annotations

from . import cells, codelists, fieldmarks, limits, rules
from .rules import N_

__all__ = ["N_", "cells", "codelists", "fieldmarks", "limits", "rules"]
