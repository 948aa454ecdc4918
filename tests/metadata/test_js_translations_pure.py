"""When the JavaScript translations CKAN serves at /api/i18n/<lang> are rebuilt at start-up."""

from __future__ import annotations

import os

import pytest

from ckanext.satudata.metadata.js_translations import stale_locales

pytestmark = pytest.mark.pure


def _touch(path, mtime):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    os.utime(path, (mtime, mtime))


def test_a_missing_or_older_build_is_stale_a_newer_one_is_not(tmp_path):
    js = tmp_path / "js"
    catalogues = [str(tmp_path / "{lang}" / "ckan.po"), str(tmp_path / "{lang}" / "ours.po")]
    _touch(tmp_path / "id" / "ckan.po", 100)
    _touch(tmp_path / "id" / "ours.po", 200)
    _touch(tmp_path / "en" / "ours.po", 100)
    assert stale_locales(str(js), ["id", "en"], catalogues) == ["id", "en"]
    _touch(js / "id.js", 150)  # older than our catalogue
    _touch(js / "en.js", 150)  # newer than every catalogue of en (CKAN's missing)
    assert stale_locales(str(js), ["id", "en"], catalogues) == ["id"]
    _touch(js / "id.js", 250)
    assert stale_locales(str(js), ["id", "en"], catalogues) == []
