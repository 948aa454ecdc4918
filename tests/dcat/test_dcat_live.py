"""A harvester's view: the feeds fetched over HTTP from a running portal (the ``live_server``
fixture: ``ckan run`` of test.ini) and read with plain rdflib, then with ckanext-dcat's parser
as a CKAN harvester would, compared with what the portal itself shows."""

from __future__ import annotations

import urllib.request

import pytest
from ckan.tests.helpers import call_action
from ckanext.dcat.processors import RDFParser
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ckanext.satudata.assessment.jobs import assess_dataset_job
from ckanext.satudata.dcat import vocab

from .dcat_fixtures import PAGED_PER_PAGE, dcat_db, paged_live_server
from .test_dcat_roundtrip import normalise
from .test_dcat_shacl import shacl_results

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
QB = Namespace("http://purl.org/linked-data/cube#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
EU = "http://publications.europa.eu/resource/authority/"


def fetch(url: str, accept: str = "") -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode("utf-8"), response.headers.get("Content-Type", "")


def harvest(start: str, fmt: str = "turtle") -> Graph:
    """Every page of a feed, following hydra:next, merged into one graph."""
    merged, url, pages = Graph(), start, 0
    while url:
        body, _ = fetch(url)
        page = Graph().parse(data=body, format=fmt)
        merged += page
        nexts = [str(o) for o in page.objects(None, HYDRA.next)]
        url = nexts[0] if nexts else None
        pages += 1
        assert pages < 20
    return merged


def uri_of(dataset: dict) -> str:
    """The dataset URI ckanext-dcat's parser read (an extra, or a field of a schema with it)."""
    extras = {e["key"]: e["value"] for e in dataset.get("extras") or []}
    return dataset.get("uri") or extras["uri"]


def parse_linked(page: Graph, ref: URIRef, fmt: str = "turtle") -> dict:
    """The dataset dict of ``ref``'s own RDF document, reached by the page's rdfs:seeAlso."""
    parser = RDFParser(profiles=["euro_dcat_ap_3", "satudata"])
    parser.parse(fetch(str(page.value(ref, RDFS.seeAlso)))[0], _format=fmt)
    (dataset,) = list(parser.datasets())
    return dataset


@pytest.fixture
def published(make_agency, make_dataset):
    make_agency(
        "diskominfosantik",
        title="Diskominfosantik",
        contact_email="diskominfosantik@bekasikab.go.id",
    )
    agency = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    first = make_dataset(
        agency["id"],
        name="penduduk-per-kecamatan",
        title="Penduduk per Kecamatan",
        sds_code="SP00055.00.00",
        reference_number="WD-2024/001",
    )
    second = make_dataset(
        agency["id"],
        name="kepadatan-penduduk",
        title="Kepadatan Penduduk",
        frequency="semesteran",
        area_codes=["32.16"],
    )
    for dataset in (first, second):  # what the debounced assessment job would do
        assess_dataset_job(dataset["id"])
    return agency, [call_action("package_show", id=d["id"]) for d in (first, second)]


def _metrics(graph: Graph, ref: URIRef) -> dict:
    return {
        str(graph.value(m, DQV.isMeasurementOf)): graph.value(m, DQV.value)
        for m in graph.objects(ref, DQV.hasQualityMeasurement)
    }


def same_kegiatan(expected: dict, actual: dict, dataset: dict) -> None:
    """The dataset's own RDF carries its kegiatan's MS-Keg items (prov:Activity), which
    package_show of the dataset does not: compared with the kegiatan record, then set aside."""
    record = actual.pop("kegiatan_record")
    expected.pop("kegiatan_record")
    if dataset.get("kegiatan"):
        kegiatan = call_action("package_show", id=dataset["kegiatan"])
        assert record.get("title") == kegiatan["title"], record


@pytest.mark.usefixtures("dcat_db")
def test_plain_rdflib_reads_every_satu_data_field_from_the_live_catalog(live_server, published):
    agency, datasets = published
    graph = harvest(f"{live_server}/catalog.ttl")
    shown = datasets[0]
    ref = URIRef(f"{live_server}/dataset/{shown['id']}")
    assert (ref, RDF.type, DCAT.Dataset) in graph
    assert (ref, DCT.title, Literal("Penduduk per Kecamatan", lang="id")) in graph
    assert (ref, DCT.title, Literal(shown["title_en"], lang="en")) in graph
    assert (ref, DCT.accrualPeriodicity, URIRef(EU + "frequency/ANNUAL")) in graph
    assert (ref, DCT.accessRights, URIRef(EU + "access-right/PUBLIC")) in graph
    assert (ref, DCT.spatial, URIRef(vocab.SDI_BASE + "wilayah/32.16.01")) in graph
    assert (ref, DCAT.theme, URIRef(vocab.SDI_BASE + "sektor-kegiatan/2")) in graph
    assert (ref, DCAT.theme, URIRef(EU + "data-theme/SOCI")) in graph
    assert (ref, DCT.license, URIRef(EU + "licence/CC_BY_4_0")) in graph
    assert (
        ref,
        DCT.conformsTo,
        URIRef(vocab.SDI_BASE + "standar-data-statistik/SP00055.00.00"),
    ) in graph
    period = graph.value(ref, DCT.temporal)
    assert graph.value(period, DCAT.startDate) == Literal("2022", datatype=XSD.gYear)
    publisher = graph.value(ref, DCT.publisher)
    assert graph.value(publisher, DCT.identifier) == Literal("disdukcapil")
    assert (publisher, RDF.type, FOAF.Organization) in graph
    # the catalog page is a summary: the data structure is on the dataset's own RDF, linked
    assert graph.value(ref, QB.structure) is None
    own = Graph().parse(data=fetch(str(graph.value(ref, RDFS.seeAlso)))[0], format="turtle")
    dsd = own.value(ref, QB.structure)
    assert len(list(own.objects(dsd, QB.component))) == 3
    labels = {
        str(o) for o in graph.objects(URIRef(vocab.SDI_BASE + "wilayah/32.16.01"), SKOS.prefLabel)
    }
    assert "Kecamatan Tarumajaya" in labels
    # The score, as W3C DQV measurements: the total and the band on the catalog, and one
    # per indicator on the dataset's own RDF, which the catalog links.
    metrics = _metrics(graph, ref)
    assert float(metrics[vocab.METRIC_SCORE]) == pytest.approx(shown["satudata_score"])
    assert str(metrics[vocab.METRIC_BAND]) == shown["satudata_band"]
    assert set(metrics) == {vocab.METRIC_SCORE, vocab.METRIC_BAND}
    metrics = _metrics(own, ref)
    assert float(metrics[vocab.METRIC_SCORE]) == pytest.approx(shown["satudata_score"])
    assert len([m for m in metrics if vocab.indicator_from_metric(m)]) >= 5
    # The catalog is published by the walidata.
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    walidata = graph.value(catalog, DCT.publisher)
    assert graph.value(walidata, DCT.identifier) == Literal("diskominfosantik")


@pytest.mark.usefixtures("dcat_db")
def test_a_ckan_harvester_gets_the_satu_data_fields_back(live_server, published):
    agency, datasets = published
    for url, fmt in (
        (f"{live_server}/catalog.ttl", "turtle"),
        (f"{live_server}/organization/disdukcapil/catalog.jsonld", "json-ld"),
    ):
        graph = harvest(url, fmt)
        parser = RDFParser(profiles=["euro_dcat_ap_3", "satudata"])
        parser.g = graph
        # by URI: the CKAN name is an identifier of the dataset's own RDF
        parsed = {uri_of(d): d for d in parser.datasets()}
        assert set(parsed) == {f"{live_server}/dataset/{d['id']}" for d in datasets}
        for shown in datasets:
            got = parsed[f"{live_server}/dataset/{shown['id']}"]
            # The catalog page is a summary: the DCAT-AP core, the total and the band.
            assert got["title"] == shown["title"]
            assert got["organization"]["agency_code"] == "disdukcapil"
            assert got["satudata_score"] == pytest.approx(float(shown["satudata_score"]))
            assert got["satudata_band"] == shown["satudata_band"]
            assert "satudata_indicators" not in got
            assert not got.get("variables") and not got.get("reference_number")
            # A Satu Data-aware harvester follows rdfs:seeAlso to the dataset's own RDF:
            # every Satu Data field as package_show gives it (the shown organization has no
            # agency fields; the parsed one has them), and every indicator.
            ref = URIRef(f"{live_server}/dataset/{shown['id']}")
            alone = parse_linked(graph, ref, fmt)
            expected, actual = normalise(shown), normalise(alone)
            same_kegiatan(expected, actual, shown)
            expected.pop("agency")
            assert actual.pop("agency") == {
                "title": "Dinas Kependudukan dan Pencatatan Sipil",
                "agency_code": "disdukcapil",
                "agency_type": "dinas",
            }
            assert actual == expected
            assert alone["satudata_score"] == got["satudata_score"]
            assert len(alone["satudata_indicators"]) >= 5, "one DQV measurement per indicator"


@pytest.mark.usefixtures("dcat_db")
def test_content_negotiation_on_the_live_portal(live_server, published):
    _, datasets = published
    body, content_type = fetch(f"{live_server}/dataset/{datasets[0]['name']}", accept="text/turtle")
    assert content_type.startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef(f"{live_server}/dataset/{datasets[0]['id']}"), RDF.type, DCAT.Dataset) in graph


@pytest.mark.usefixtures("dcat_db")
def test_a_harvester_walks_the_live_catalog_page_by_page(
    paged_live_server, make_agency, make_dataset
):
    """The done criterion of the DCAT issue: a harvester reading /catalog.ttl from the running
    portal, page by page, gets every Satu Data field and the score back, SHACL-clean."""
    make_agency("diskominfosantik", title="Diskominfosantik")
    agencies = [
        make_agency("disdukcapil", title="Disdukcapil"),
        make_agency("dinkes", title="Dinas Kesehatan"),
    ]
    made = [
        make_dataset(
            agencies[i % 2]["id"],
            name=f"data-{i}",
            title=f"Data {i}",
            year_start=2020 + i,
            year_end=2024,
        )
        for i in range(5)
    ]
    for dataset in made:
        assess_dataset_job(dataset["id"])
    shown = {d["id"]: call_action("package_show", id=d["id"]) for d in made}

    merged, seen, url = Graph(), [], f"{paged_live_server}/catalog.ttl"
    while url:
        body, content_type = fetch(url)
        assert content_type.startswith("text/turtle")
        page = Graph().parse(data=body, format="turtle")
        assert shacl_results(page) == [], url
        ids = [str(s).rsplit("/", 1)[1] for s in page.subjects(RDF.type, DCAT.Dataset)]
        assert 0 < len(ids) <= PAGED_PER_PAGE
        seen += ids
        merged += page
        nexts = [str(o) for o in page.objects(None, HYDRA.next)]
        url = nexts[0] if nexts else None
        assert len(seen) <= len(made), "paging does not end"
    assert sorted(seen) == sorted(shown) and len(seen) == len(set(seen))

    parser = RDFParser(profiles=["euro_dcat_ap_3", "satudata"])
    parser.g = merged
    parsed = {uri_of(d): d for d in parser.datasets()}
    for dataset in shown.values():
        # the page's summary, then the full record through the page's rdfs:seeAlso
        got = parsed[f"{paged_live_server}/dataset/{dataset['id']}"]
        assert got["satudata_score"] == pytest.approx(dataset["satudata_score"])
        full = parse_linked(merged, URIRef(f"{paged_live_server}/dataset/{dataset['id']}"))
        expected, actual = normalise(dataset), normalise(full)
        same_kegiatan(expected, actual, dataset)
        # The publisher is another portal's organization for the harvester: no owner_org,
        # but the agency code, name and type.
        for key in ("agency", "owner_org"):
            expected.pop(key), actual.pop(key)
        assert actual == expected
        assert full["organization"]["agency_code"] in ("disdukcapil", "dinkes")
        assert full["satudata_score"] == pytest.approx(dataset["satudata_score"])
