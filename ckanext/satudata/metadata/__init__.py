"""Metadata capability (floor 0): the Satu Data dataset schema, code lists and validation.

Pure modules (import nothing from ``ckan``; unit-tested without services):
``codelists``, ``fieldmarks``, ``rules``, ``indexing``, ``limits`` (the maximum length of
every text field of the plugin's own tables, date ranges, strict whole numbers) and ``cells``
(the one cell writer of every CSV/XLSX export: text, never formulas). Every capability may
import ``limits`` and ``cells`` (floor 0).

CKAN-facing modules: ``validators``, ``helpers``, ``wiring``, ``demo``.
"""
