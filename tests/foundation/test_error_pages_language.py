"""The error pages a person meets (403 of a walidata page, 404 of a missing dataset) are in the
page's language too: CKAN's error document has English-only strings ("You might need to login
to access this page.") that the menu crawl never reaches, since no menu links a refused page."""

from __future__ import annotations

import pytest
from ckan.tests import factories
from language_check import problems

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "migrate_db_for", "with_plugins")


@pytest.fixture
def editor(migrate_db_for):
    migrate_db_for("satudata")  # the header's agency menus read the extension's tables
    user = factories.UserWithToken()
    factories.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        agency_code="disdukcapil",
        agency_type="dinas",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return {"Authorization": user["token"]}


@pytest.mark.parametrize("prefix,lang", [("", "id"), ("/en", "en")])
def test_refused_and_missing_pages_speak_the_pages_language(app, editor, prefix, lang):
    cases = [
        ("/walidata/assessment/", {}, 403),
        ("/walidata/assessment/", editor, 403),
        ("/dataset/tidak-ada-dataset-ini", {}, 404),
        ("/kegiatan/tidak-ada", editor, 404),
    ]
    for path, headers, status in cases:
        html = app.get(prefix + path, headers=headers, status=status).body
        assert problems(html, lang, []) == [], (prefix + path, status)
    anonymous = app.get(prefix + "/walidata/assessment/", status=403).body
    expected = "Click here to login" if lang == "en" else "Klik di sini untuk masuk"
    assert expected in anonymous
