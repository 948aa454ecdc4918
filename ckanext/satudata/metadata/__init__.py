"""Metadata capability (floor 0): the Satu Data dataset schema, code lists and validation.

Pure modules (import nothing from ``ckan``; unit-tested without services):
``codelists``, ``fieldmarks``, ``rules``, ``indexing``.

CKAN-facing modules: ``validators``, ``helpers``, ``wiring``, ``demo``.
"""
