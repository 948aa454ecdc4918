"""Pure checks of the page-language and most-used plumbing: when the JavaScript translations CKAN
serves at /api/i18n/<lang> are rebuilt, and the view counts a show adds are not saved back."""

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


def test_a_shown_datasets_view_counts_are_not_sent_on_to_the_original_action():
    from ckanext.satudata.metadata.actions import without_computed

    shown = {
        "name": "x",
        "tracking_summary": {"total": 3, "recent": 1},
        "resources": [{"url": "u", "tracking_summary": {"total": 1, "recent": 0}}, "odd"],
    }
    saved = without_computed(shown)
    assert saved == {"name": "x", "resources": [{"url": "u"}, "odd"]}
    assert "tracking_summary" in shown  # the caller's dict is left as it was
    assert without_computed(["not", "a", "dict"]) == ["not", "a", "dict"]
