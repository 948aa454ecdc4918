"""Conditional responses of the RDF feeds (issue 16, item 4): a harvester revalidating an
unchanged page gets 304 with no body; any change of what the page is drawn from (a dataset
edited, made private, an assessment) gives a new validator; negotiated responses say
``Vary: Accept``; an agency feed has its own catalog URI."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from .dcat_fixtures import dcat_db

DCAT = Namespace("http://www.w3.org/ns/dcat#")
FEEDS = ["/catalog.ttl", "/catalog.jsonld", "/organization/dinkes/catalog.ttl"]


@pytest.fixture
def portal(make_agency, make_dataset):
    make_agency("diskominfosantik", title="Diskominfosantik")
    dinkes = make_agency("dinkes", title="Dinkes")
    first = make_dataset(dinkes["id"], name="jumlah-puskesmas", title="Jumlah Puskesmas")
    second = make_dataset(dinkes["id"], name="jumlah-posyandu", title="Jumlah Posyandu")
    return {"dinkes": dinkes, "first": first, "second": second}


def _dataset_feeds(portal) -> list[str]:
    return [f"/dataset/{portal['first']['name']}.ttl"]


@pytest.mark.usefixtures("dcat_db")
@pytest.mark.parametrize("url", FEEDS + ["/dataset/jumlah-puskesmas.ttl"])
def test_an_unchanged_feed_answers_304_without_a_body(app, portal, url):
    first = app.get(url)
    assert first.status_code == 200
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"') and "Accept" in first.headers["Vary"]
    again = app.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    since = app.get(url, headers={"If-Modified-Since": modified})
    assert since.status_code == 304


@pytest.mark.usefixtures("dcat_db")
@pytest.mark.parametrize("url", FEEDS + ["/dataset/jumlah-puskesmas.ttl"])
def test_a_changed_dataset_gives_a_new_validator_and_the_new_content(app, portal, url):
    etag = app.get(url).headers["ETag"]
    call_action("package_patch", id=portal["first"]["id"], title="Jumlah Puskesmas 2026")
    after = app.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    assert "Jumlah Puskesmas 2026" in after.get_data(as_text=True)


@pytest.mark.usefixtures("dcat_db")
@pytest.mark.parametrize("url", FEEDS)
def test_a_dataset_made_private_or_deleted_changes_the_catalog(app, portal, url):
    etag = app.get(url).headers["ETag"]
    call_action("package_patch", id=portal["second"]["id"], classification="terbatas")
    private = app.get(url, headers={"If-None-Match": etag})
    assert private.status_code == 200 and "Jumlah Posyandu" not in private.get_data(as_text=True)
    call_action("package_delete", id=portal["first"]["id"])
    deleted = app.get(url, headers={"If-None-Match": private.headers["ETag"]})
    assert deleted.status_code == 200 and "Jumlah Puskesmas" not in deleted.get_data(as_text=True)


@pytest.mark.usefixtures("dcat_db")
def test_another_query_or_format_is_another_validator(app, portal):
    tags = {
        app.get(url).headers["ETag"]
        for url in (
            "/catalog.ttl",
            "/catalog.xml",
            "/catalog.ttl?q=Puskesmas",
            "/catalog.ttl?page=1",
        )
    }
    assert len(tags) == 4


@pytest.mark.usefixtures("dcat_db")
def test_negotiated_responses_vary_on_accept_and_html_pages_get_no_validator(app, portal):
    rdf = app.get("/dataset/jumlah-puskesmas", headers={"Accept": "text/turtle"})
    assert rdf.status_code == 200 and rdf.headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in rdf.headers["Vary"] and "ETag" in rdf.headers
    page = app.get("/dataset/jumlah-puskesmas", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "ETag" not in page.headers  # CSRF token, flashes: never 304
    assert "Accept" in page.headers.get("Vary", "")
    root = app.get("/", headers={"Accept": "text/turtle"})
    assert "Accept" in root.headers["Vary"]


@pytest.mark.usefixtures("dcat_db")
def test_the_agency_feed_has_its_own_catalog_uri(app, portal):
    portal_graph = Graph().parse(
        data=app.get("/catalog.ttl").get_data(as_text=True), format="turtle"
    )
    agency_graph = Graph().parse(
        data=app.get("/organization/dinkes/catalog.ttl").get_data(as_text=True), format="turtle"
    )
    portal_catalogs = set(portal_graph.subjects(RDF.type, DCAT.Catalog))
    agency_catalogs = set(agency_graph.subjects(RDF.type, DCAT.Catalog))
    assert len(portal_catalogs) == 1 and len(agency_catalogs) == 1
    (agency_catalog,) = agency_catalogs
    assert agency_catalog not in portal_catalogs
    assert str(agency_catalog).endswith("/organization/dinkes/catalog")
    assert set(agency_graph.objects(agency_catalog, DCAT.dataset)) == {
        URIRef(str(ref)) for ref in agency_graph.subjects(RDF.type, DCAT.Dataset)
    }
