"""Fixtures of the agencies integration tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def agencies_db(clean_db, clean_index, migrate_db_for, with_plugins):
    """A clean database and index, the satudata migrations applied (the merge runs the
    deadlines/assessment merge hooks, which need their tables), the plugins loaded."""
    migrate_db_for("satudata")
