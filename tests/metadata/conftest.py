"""Fixtures of the metadata tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def metadata_db(clean_db, clean_index, migrate_db_for, with_plugins):
    """A clean database with the extension's tables (the dataset form shows the deadlines
    capability's agreed-item field, which reads them) and an empty search index."""
    migrate_db_for("satudata")
