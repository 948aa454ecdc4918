"""metadata/preview_rules.py: which resources the DataStore loader may fetch."""

from __future__ import annotations

import pytest

from ckanext.satudata.metadata.preview_rules import loadable

pytestmark = pytest.mark.pure

UPLOAD = {"url_type": "upload", "url": "http://127.0.0.1:5000/dataset/x/resource/y/download/a.csv"}
LINK = {"url_type": "", "url": "https://data.bekasikab.go.id/penduduk.csv"}


@pytest.mark.parametrize("load_links", [False, True])
def test_uploads_are_always_loaded(load_links):
    assert loadable(UPLOAD, load_links) is True
    assert loadable({**UPLOAD, "url_type": " Upload "}, load_links) is True


@pytest.mark.parametrize(
    "url",
    [
        "https://data.bekasikab.go.id/penduduk.csv",
        "http://127.0.0.1:8983/solr/ckan/select?wt=csv",
        "http://169.254.169.254/latest/meta-data/",
        "http://redis:6379/",
    ],
)
def test_links_are_loaded_only_when_the_operator_allows_them(url):
    assert loadable({"url": url}, load_links=False) is False
    assert loadable({"url": url, "url_type": None}, load_links=True) is True


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://internal/x.csv", "gopher://x/", "", "penduduk.csv", "  "]
)
def test_other_schemes_and_no_url_are_never_fetched(url):
    assert loadable({"url": url}, load_links=True) is False


@pytest.mark.parametrize("url_type", ["datastore", "xloader", "datapusher", "s3"])
def test_other_url_types_are_not_sources(url_type):
    assert loadable({**LINK, "url_type": url_type}, load_links=True) is False
