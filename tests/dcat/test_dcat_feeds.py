"""The feeds through the test app: Hydra paging, modified_since, the per-agency feed, per-dataset
RDF and content negotiation."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse, urlsplit

import pytest
from ckanext.dcat.processors import RDFParser
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from satudata_testing import complete_kegiatan_fields

from .dcat_fixtures import dcat_db

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PER_PAGE = 2


def _path(url: str) -> str:
    parts = urlsplit(str(url))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk(app, start: str, fmt: str = "turtle") -> tuple[list[list[str]], list[Graph]]:
    """Follow hydra:next from ``start``; the dataset URIs of every page, and the pages."""
    pages, graphs, url, seen_urls = [], [], start, set()
    while url:
        assert url not in seen_urls, f"paging loops on {url}"
        seen_urls.add(url)
        response = app.get(url)
        assert response.status_code == 200, url
        graph = Graph().parse(data=response.get_data(as_text=True), format=fmt)
        pages.append(sorted(str(s) for s in graph.subjects(RDF.type, DCAT.Dataset)))
        graphs.append(graph)
        nexts = [str(o) for o in graph.objects(None, HYDRA.next)]
        assert len(nexts) <= 1
        url = _path(nexts[0]) if nexts else None
        assert len(pages) < 20, "too many pages"
    return pages, graphs


@pytest.fixture
def portal(make_agency, make_dataset):
    walidata = make_agency("diskominfosantik", title="Diskominfosantik")
    a = make_agency("disdukcapil", title="Disdukcapil")
    b = make_agency("dinkes", title="Dinkes")
    made = [
        make_dataset(a["id"], name=f"data-disdukcapil-{i}", title=f"Data Disdukcapil {i}")
        for i in range(3)
    ]
    made += [
        make_dataset(b["id"], name=f"data-dinkes-{i}", title=f"Data Dinkes {i}") for i in range(2)
    ]
    return {"walidata": walidata, "a": a, "b": b, "datasets": made}


@pytest.mark.usefixtures("dcat_db")
def test_catalog_paging_sees_each_dataset_exactly_once(app, portal, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.dcat.datasets_per_page", PER_PAGE)
    pages, graphs = walk(app, "/catalog.ttl")
    assert [len(p) for p in pages] == [2, 2, 1]
    seen = [uri for page in pages for uri in page]
    assert len(seen) == len(set(seen)) == 5
    ids = {d["id"] for d in portal["datasets"]}
    assert {uri.rsplit("/", 1)[1] for uri in seen} == ids
    total = [int(o) for o in graphs[0].objects(None, HYDRA.totalItems)]
    assert total == [5]
    # Paging links stay on the configured base URI (ckanext.dcat.base_uri).
    first = [str(o) for o in graphs[0].objects(None, HYDRA.next)][0]
    assert first.startswith(
        (ckan_config.get("ckanext.dcat.base_uri") or ckan_config["ckan.site_url"]) + "/catalog.ttl?"
    )


@pytest.mark.usefixtures("dcat_db")
def test_agency_feed_pages_within_the_agency(app, portal, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.dcat.datasets_per_page", PER_PAGE)
    pages, graphs = walk(app, "/organization/disdukcapil/catalog.ttl")
    assert [len(p) for p in pages] == [2, 1]
    seen = {uri.rsplit("/", 1)[1] for page in pages for uri in page}
    assert seen == {d["id"] for d in portal["datasets"][:3]}
    next_url = [str(o) for o in graphs[0].objects(None, HYDRA.next)][0]
    assert "/organization/disdukcapil/catalog.ttl?" in next_url
    # The agency publishes its own catalog.
    catalog = next(graphs[0].subjects(RDF.type, DCAT.Catalog))
    publisher = graphs[0].value(catalog, DCT.publisher)
    assert str(graphs[0].value(publisher, DCT.identifier)) == "disdukcapil"


@pytest.mark.usefixtures("dcat_db")
def test_modified_since_filters_the_feeds(app, portal):
    future = (datetime.datetime.utcnow() + datetime.timedelta(days=1)).isoformat()
    past = (datetime.datetime.utcnow() - datetime.timedelta(days=1)).isoformat()
    for base in ("/catalog.ttl", "/organization/dinkes/catalog.ttl"):
        graph = Graph().parse(
            data=app.get(f"{base}?modified_since={future}").get_data(as_text=True), format="turtle"
        )
        assert list(graph.subjects(RDF.type, DCAT.Dataset)) == []
        graph = Graph().parse(
            data=app.get(f"{base}?modified_since={past}").get_data(as_text=True), format="turtle"
        )
        expected = 5 if base == "/catalog.ttl" else 2
        assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == expected
    assert app.get("/catalog.ttl?modified_since=not-a-date").status_code == 409


@pytest.mark.usefixtures("dcat_db")
@pytest.mark.parametrize(
    "fmt, rdflib_format, content_type",
    [
        ("ttl", "turtle", "text/turtle"),
        ("xml", "xml", "application/rdf+xml"),
        ("jsonld", "json-ld", "application/ld+json"),
    ],
)
def test_agency_feed_formats(app, portal, fmt, rdflib_format, content_type):
    response = app.get(f"/organization/dinkes/catalog.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(content_type)
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 2


@pytest.mark.usefixtures("dcat_db")
def test_agency_feed_unknown_agency_or_format(app, portal):
    assert app.get("/organization/tidak-ada/catalog.ttl").status_code == 404
    assert app.get("/organization/dinkes/catalog.docx").status_code == 404


@pytest.mark.usefixtures("dcat_db")
def test_private_datasets_stay_out_of_the_feeds(app, make_agency, make_dataset):
    agency = make_agency("bapenda", title="Bapenda")
    make_dataset(agency["id"], name="pajak-terbuka", title="Pajak")
    make_dataset(
        agency["id"], name="pajak-terbatas", title="Pajak rinci", classification="terbatas"
    )
    for url in ("/catalog.ttl", "/organization/bapenda/catalog.ttl"):
        body = app.get(url).get_data(as_text=True)
        graph = Graph().parse(data=body, format="turtle")
        titles = {str(o) for o in graph.objects(None, DCT.title)}
        assert "Pajak" in titles and "Pajak rinci" not in titles


@pytest.mark.usefixtures("dcat_db")
def test_dataset_rdf_and_content_negotiation(app, portal, ckan_config):
    dataset = portal["datasets"][0]
    by_extension = app.get(f"/dataset/{dataset['name']}.ttl")
    assert by_extension.status_code == 200
    negotiated = app.get(f"/dataset/{dataset['name']}", headers={"Accept": "text/turtle"})
    assert negotiated.status_code == 200
    assert negotiated.headers["Content-Type"].startswith("text/turtle")
    for response in (by_extension, negotiated):
        parser = RDFParser(profiles=["euro_dcat_ap_3", "satudata"])
        parser.parse(response.get_data(as_text=True), _format="ttl")
        [parsed] = list(parser.datasets())
        assert parsed["name"] == dataset["name"]
        assert parsed["frequency"] == "tahunan"
        assert parsed["area_codes"] == ["32.16.01", "32.16.02"]
    catalog = app.get("/", headers={"Accept": "application/ld+json"})
    assert catalog.headers["Content-Type"].startswith("application/ld+json")
    base = ckan_config.get("ckanext.dcat.base_uri") or ckan_config["ckan.site_url"]
    assert URIRef(f"{base}/dataset/{dataset['id']}") in set(
        Graph()
        .parse(data=catalog.get_data(as_text=True), format="json-ld")
        .subjects(RDF.type, DCAT.Dataset)
    )


def _catalog_publisher(app) -> tuple[Graph, URIRef]:
    graph = Graph().parse(data=app.get("/catalog.ttl").get_data(as_text=True), format="turtle")
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    return graph, graph.value(catalog, DCT.publisher)


@pytest.mark.usefixtures("dcat_db")
def test_walidata_publishes_the_catalog_found_by_agency_code(app, make_agency, make_dataset):
    walidata = make_agency(
        "diskominfosantik",
        name="dinas-kominfo-statistik",
        title="Dinas Komunikasi, Informatika, Persandian dan Statistik",
        contact_email="diskominfosantik@bekasikab.go.id",
    )
    agency = make_agency("dinsos", title="Dinas Sosial")
    dataset = make_dataset(agency["id"], name="penerima-bansos", title="Penerima Bansos")
    graph, publisher = _catalog_publisher(app)
    assert str(publisher).endswith(f"/organization/{walidata['id']}")
    assert str(graph.value(publisher, DCT.identifier)) == "diskominfosantik"
    assert str(graph.value(publisher, FOAF.name)) == walidata["title"]
    # The walidata is every dataset's custodian; the one contact point is the maintainer
    # (a stock harvester keeps one contact point).
    ref = next(s for s in graph.subjects(RDF.type, DCAT.Dataset) if dataset["id"] in str(s))
    roles = {str(graph.value(c, VCARD.role)) for c in graph.objects(ref, DCAT.contactPoint)}
    assert roles == {"None"}
    # the custodian is on the dataset's own RDF (a catalog page is a summary)
    assert graph.value(ref, PROV.qualifiedAttribution) is None
    own = app.get(f"/dataset/{dataset['id']}.ttl").get_data(as_text=True)
    graph = Graph().parse(data=own, format="turtle")
    attribution = graph.value(ref, PROV.qualifiedAttribution)
    assert graph.value(attribution, PROV.agent) == publisher
    assert str(graph.value(attribution, DCAT.hadRole)).endswith("/ResponsiblePartyRole/custodian")
    # without a maintainer, the walidata is the contact point
    bare = make_dataset(
        agency["id"], name="tanpa-kontak", title="Tanpa Kontak", maintainer="", maintainer_email=""
    )
    graph, _ = _catalog_publisher(app)
    ref = next(s for s in graph.subjects(RDF.type, DCAT.Dataset) if bare["id"] in str(s))
    roles = {str(graph.value(c, VCARD.role)) for c in graph.objects(ref, DCAT.contactPoint)}
    assert roles == {"walidata"}


@pytest.mark.usefixtures("dcat_db")
def test_without_a_walidata_organization_the_configured_publisher_is_used(
    app, make_agency, make_dataset, ckan_config
):
    agency = make_agency("dinsos", title="Dinas Sosial")
    make_dataset(agency["id"], name="penerima-bansos", title="Penerima Bansos")
    graph, publisher = _catalog_publisher(app)
    assert (
        str(graph.value(publisher, FOAF.name))
        == ckan_config["ckanext.satudata.dcat.publisher_name"]
    )


@pytest.mark.usefixtures("dcat_db")
def test_html_stays_the_default_with_content_negotiation_on(app, portal):
    dataset = portal["datasets"][0]
    html = app.get(f"/dataset/{dataset['name']}")
    assert html.status_code == 200
    assert html.headers["Content-Type"].startswith("text/html")


@pytest.mark.usefixtures("dcat_db")
def test_a_satu_data_portal_recreates_harvested_datasets_with_package_create(
    app, make_agency, make_dataset
):
    """What a second Satu Data portal (same schema) does with this feed: parse it with
    euro_dcat_ap_3 + satudata and package_create the dicts; the Satu Data fields survive the
    schema's validators unchanged."""
    from ckan.tests.helpers import call_action

    from .test_dcat_roundtrip import normalise

    source = make_agency("disdukcapil", title="Disdukcapil")
    target = make_agency("dinkes", title="Dinkes")
    kegiatan = call_action(
        "package_create",
        **complete_kegiatan_fields(
            name="kompilasi-penduduk", title="Kompilasi Penduduk", owner_org=source["id"]
        ),
    )
    made = make_dataset(
        source["id"],
        name="penduduk",
        title="Penduduk",
        sds_code="SP00055.00.00",
        reference_number="WD-2024/001",
        kegiatan=kegiatan["name"],
    )
    shown = call_action("package_show", id=made["id"])
    # the catalog page is a summary: the full record is the dataset's own RDF it links
    page = Graph().parse(data=app.get("/catalog.ttl").get_data(as_text=True), format="turtle")
    [link] = page.objects(None, RDFS.seeAlso)
    parser = RDFParser(profiles=["euro_dcat_ap_3", "satudata"])
    parser.parse(app.get(urlparse(str(link)).path).get_data(as_text=True), _format="ttl")
    [parsed] = list(parser.datasets())
    # the MS-Keg items of the source's kegiatan come along; the link itself is local
    assert parsed["kegiatan_record"]["title"] == "Kompilasi Penduduk"
    assert parsed["kegiatan_record"]["collection_techniques"] == ["data_sekunder", "wawancara"]
    assert "kegiatan" not in parsed
    parsed.pop("id", None)
    parsed.update(name="penduduk-dari-harvest", owner_org=target["id"])
    created = call_action("package_create", **parsed)
    expected, actual = normalise(shown), normalise(created)
    for key in ("agency", "owner_org", "name"):
        expected.pop(key), actual.pop(key)
    assert actual == expected
