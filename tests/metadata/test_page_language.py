"""Resource and dataset pages in the page's language beyond the templates' own text: the
licence title, and the strings CKAN's JavaScript modules read from /api/i18n/<lang>
(DataTables' "Sort", the resource table's "Show more"). The slow language crawl
(tests/foundation/test_language_crawl.py) checks every page; these are the quick checks."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.usefixtures("metadata_db")


def test_the_javascript_strings_are_served_in_indonesian(app):
    served = app.get("/api/i18n/id").json
    assert served["Sort"][-1] == "Urutan"
    assert served["Show more"][-1] == "Tampilkan lebih banyak"
    assert served["Copy to clipboard"][-1] == "Salin ke papan klip"


def test_the_licence_title_follows_the_page_language(app, make_agency, make_dataset):
    org = make_agency("dinkes", title="Dinas Kesehatan")
    dataset = make_dataset(org["id"], name="fasilitas-kesehatan", license_id="cc-by")
    dataset_page = app.get(f"/dataset/{dataset['name']}").body
    assert "Creative Commons Atribusi 4.0 (CC BY 4.0)" in dataset_page
    assert "Creative Commons Attribution 4.0" not in dataset_page
    res_id = dataset["resources"][0]["id"]
    page = BeautifulSoup(
        app.get(f"/dataset/{dataset['name']}/resource/{res_id}").body, "html.parser"
    )
    assert "Creative Commons Atribusi 4.0 (CC BY 4.0)" in page.text
    assert "Creative Commons Attribution 4.0" not in page.text
    english = app.get(f"/en/dataset/{dataset['name']}/resource/{res_id}").body
    assert "Creative Commons Attribution 4.0 (CC BY 4.0)" in english
