"""Cheap catalog pages (issue 16, item 4): a catalog or agency page carries each dataset's
total score and band as DQV and links the dataset's own RDF (``rdfs:seeAlso``), which carries
one measurement per indicator; the validators of both follow the latest assessment."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

import pytest
from ckan.tests.helpers import call_action
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from ckanext.satudata.assessment import api as assessment_api
from ckanext.satudata.assessment.jobs import assess_dataset_job
from ckanext.satudata.dcat import vocab

from .dcat_fixtures import dcat_db
from .test_dcat_shacl import shacl_results

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
PAGES = [
    ("/catalog.ttl", "turtle", "ttl"),
    ("/catalog.jsonld", "json-ld", "jsonld"),
    ("/catalog.xml", "xml", "xml"),
    ("/organization/disdukcapil/catalog.ttl", "turtle", "ttl"),
]


@pytest.fixture
def assessed(make_agency, make_dataset):
    make_agency("diskominfosantik", title="Diskominfosantik")
    agency = make_agency("disdukcapil", title="Disdukcapil")
    made = [
        make_dataset(agency["id"], name="penduduk", title="Penduduk", sds_code="SP00055.00.00"),
        make_dataset(agency["id"], name="kepadatan", title="Kepadatan", area_codes=["32.16"]),
    ]
    for dataset in made:  # what the debounced assessment job does
        assess_dataset_job(dataset["id"])
    return {d["id"]: assessment_api.latest_result(d["id"]) for d in made}


def measurements(graph: Graph, dataset: URIRef) -> dict[str, float | str]:
    """Metric -> value: a number, or the band's code (a string)."""
    out: dict[str, float | str] = {}
    for m in graph.objects(dataset, DQV.hasQualityMeasurement):
        value = graph.value(m, DQV.value)
        metric = str(graph.value(m, DQV.isMeasurementOf))
        out[metric] = str(value) if metric == vocab.METRIC_BAND else float(value)
    return out


def indicator_scores(result: dict) -> dict[str, float]:
    return {
        vocab.metric_uri(i["id"]): float(i["score"])
        for i in result["indicators"]
        if i["score"] is not None
    }


@pytest.mark.usefixtures("dcat_db")
@pytest.mark.parametrize("path,fmt,ext", PAGES)
def test_a_catalog_page_has_the_total_and_band_and_links_the_dataset_rdf(
    app, assessed, path, fmt, ext
):
    page = Graph().parse(data=app.get(path).get_data(as_text=True), format=fmt)
    datasets = set(page.subjects(RDF.type, DCAT.Dataset))
    assert {str(d).rsplit("/", 1)[1] for d in datasets} == set(assessed)
    for dataset in datasets:
        result = assessed[str(dataset).rsplit("/", 1)[1]]
        assert indicator_scores(result), "the assessment scored indicators"
        # exactly the total and the band: no per-indicator measurement on a catalog page
        assert measurements(page, dataset) == {
            vocab.METRIC_SCORE: pytest.approx(result["score"]),
            vocab.METRIC_BAND: result["band"],
        }
        (link,) = page.objects(dataset, RDFS.seeAlso)
        assert urlparse(str(link)).path == f"/dataset/{str(dataset).rsplit('/', 1)[1]}.{ext}"
    assert not [m for m in page.subjects(RDF.type, DQV.Metric) if vocab.indicator_from_metric(m)]


@pytest.mark.usefixtures("dcat_db")
def test_the_linked_dataset_rdf_has_every_indicator_measurement(app, assessed):
    page = Graph().parse(data=app.get("/catalog.ttl").get_data(as_text=True), format="turtle")
    for dataset in page.subjects(RDF.type, DCAT.Dataset):
        result = assessed[str(dataset).rsplit("/", 1)[1]]
        link = urlparse(str(page.value(dataset, RDFS.seeAlso))).path
        response = app.get(link)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(
            "text/turtle"
        )
        own = Graph().parse(data=response.get_data(as_text=True), format="turtle")
        expected = indicator_scores(result)
        expected[vocab.METRIC_SCORE] = result["score"]
        got = measurements(own, dataset)
        assert got.pop(vocab.METRIC_BAND) == result["band"]
        assert got == pytest.approx(expected)
        # the dataset's own document is not a catalog page: no link to itself
        assert (dataset, RDFS.seeAlso, None) not in own
        assert shacl_results(own) == []


@pytest.mark.usefixtures("dcat_db")
def test_an_assessment_gives_the_catalog_and_the_dataset_rdf_a_new_validator(
    app, make_agency, make_dataset
):
    make_agency("diskominfosantik", title="Diskominfosantik")
    agency = make_agency("disdukcapil", title="Disdukcapil")
    dataset = make_dataset(agency["id"], name="penduduk", title="Penduduk")
    urls = ["/catalog.ttl", "/organization/disdukcapil/catalog.ttl", "/dataset/penduduk.ttl"]
    before = {url: app.get(url) for url in urls}
    for response in before.values():
        assert "hasQualityMeasurement" not in response.get_data(as_text=True)
    modified = call_action("package_show", id=dataset["id"])["metadata_modified"]
    assess_dataset_job(dataset["id"])
    assessed_at = dt.datetime.fromisoformat(
        assessment_api.latest_result(dataset["id"])["assessed_at"].replace("Z", "+00:00")
    )
    # the assessment did not touch the dataset: only the assessment can change the validator
    assert call_action("package_show", id=dataset["id"])["metadata_modified"] == modified
    for url, old in before.items():
        new = app.get(url, headers={"If-None-Match": old.headers["ETag"]})
        assert new.status_code == 200, url
        assert new.headers["ETag"] != old.headers["ETag"]
        assert parsedate_to_datetime(new.headers["Last-Modified"]) == assessed_at.replace(
            microsecond=0
        )
        assert "hasQualityMeasurement" in new.get_data(as_text=True)
        again = app.get(url, headers={"If-None-Match": new.headers["ETag"]})
        assert again.status_code == 304, url


ADMS = Namespace("http://www.w3.org/ns/adms#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
QB = Namespace("http://purl.org/linked-data/cube#")
# what only the dataset's own RDF carries while catalog pages are summaries
EXTENSION = [ADMS.identifier, QB.structure, PROV.wasGeneratedBy, PROV.qualifiedAttribution]


def _extension(graph: Graph, dataset: URIRef) -> set:
    return {p for p in EXTENSION if (dataset, p, None) in graph}


@pytest.mark.usefixtures("dcat_db")
@pytest.mark.parametrize("path,fmt,ext", PAGES[:1] + PAGES[3:])
def test_a_catalog_page_is_a_summary_and_the_dataset_rdf_has_the_rest(
    app, assessed, path, fmt, ext
):
    page = Graph().parse(data=app.get(path).get_data(as_text=True), format=fmt)
    coverage = 0  # the kecamatan after the first area (dct:coverage): dataset RDF only
    assert (None, DCT.coverage, None) not in page
    for dataset in page.subjects(RDF.type, DCAT.Dataset):
        assert _extension(page, dataset) == set(), dataset
        assert (dataset, DCT.spatial, None) in page and (dataset, DCAT.distribution, None) in page
        own = Graph().parse(
            data=app.get(urlparse(str(page.value(dataset, RDFS.seeAlso))).path).get_data(
                as_text=True
            ),
            format=fmt,
        )
        assert _extension(own, dataset) == set(EXTENSION), dataset
        coverage += len(list(own.objects(dataset, DCT.coverage)))
    assert coverage == 1  # penduduk: 32.16.01 is dct:spatial, 32.16.02 dct:coverage
    assert shacl_results(page) == []


@pytest.mark.usefixtures("dcat_db")
def test_catalog_pages_full_keeps_every_satu_data_field_on_the_page(
    app, assessed, ckan_config, monkeypatch
):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.dcat.catalog_pages", "full")
    page = Graph().parse(data=app.get("/catalog.ttl").get_data(as_text=True), format="turtle")
    datasets = set(page.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 2
    assert len(list(page.triples((None, DCT.coverage, None)))) == 1
    for dataset in datasets:
        assert _extension(page, dataset) == set(EXTENSION), dataset
        # the per-indicator measurements stay on the dataset's own RDF
        assert set(measurements(page, dataset)) == {vocab.METRIC_SCORE, vocab.METRIC_BAND}
    assert shacl_results(page) == []
