"""The catalog feeds of a portal holding complete Satu Data datasets validate against the DCAT-AP
3.0 SHACL shapes (tests/dcat/dcat-ap-3.0-shacl-shapes.ttl, copied from the project reference)
with zero results, as pySHACL reports them (the way ckanext-dcat validates its own profiles).

ALLOWLIST may only hold results of class constraints on values from the EU authority tables
(NALs) that would need those external vocabularies loaded; each entry says why. It is empty:
the profile types every such value in the graph itself (``dct:Frequency``,
``dct:LinguisticSystem``, ``dct:LicenseDocument``, ``dct:RightsStatement``,
``dct:MediaTypeOrExtent``, ``skos:Concept`` with a ``skos:prefLabel``).
"""

from __future__ import annotations

import os

import pytest
from ckan.tests.helpers import call_action
from ckanext.dcat.processors import RDFSerializer
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS as DCT
from rdflib.namespace import RDF, RDFS, SH
from satudata_testing import complete_kegiatan_fields

from ckanext.satudata.assessment.jobs import assess_dataset_job
from ckanext.satudata.dcat import vocab

from .dcat_fixtures import dcat_db

DCAT_DATASET = URIRef("http://www.w3.org/ns/dcat#Dataset")
DQV_MEASUREMENT = URIRef("http://www.w3.org/ns/dqv#QualityMeasurement")
SHAPES = os.path.join(os.path.dirname(__file__), "dcat-ap-3.0-shacl-shapes.ttl")

# (constraint component, value prefix) -> why the result is acceptable. Keep empty unless a
# result needs an external NAL to be loaded; explain every entry.
ALLOWLIST: dict[tuple[str, str], str] = {}


def shacl_results(graph: Graph) -> list[dict]:
    shapes = Graph().parse(SHAPES, format="turtle")
    _conforms, report, _text = validate(
        graph, shacl_graph=shapes, inference="none", allow_warnings=False, abort_on_first=False
    )
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        results.append(
            {
                "severity": str(report.value(result, SH.resultSeverity)),
                "component": str(report.value(result, SH.sourceConstraintComponent)),
                "focus": str(report.value(result, SH.focusNode)),
                "path": str(report.value(result, SH.resultPath)),
                "value": str(report.value(result, SH.value)),
                "message": str(report.value(result, SH.resultMessage)),
            }
        )
    return results


def dataset_uri(graph: Graph) -> str:
    (ref,) = set(graph.subjects(RDF.type, DCAT_DATASET))
    return str(ref)


def unexplained(results: list[dict]) -> list[dict]:
    return [
        r
        for r in results
        if not any(
            r["component"] == comp and r["value"].startswith(prefix) for comp, prefix in ALLOWLIST
        )
    ]


@pytest.fixture
def portal(make_agency, make_dataset):
    """A portal with the walidata, two agencies and complete datasets that use every field."""
    make_agency(
        "diskominfosantik",
        title="Dinas Komunikasi, Informatika, Persandian dan Statistik",
        agency_type="dinas",
        short_name="Diskominfosantik",
        contact_email="diskominfosantik@bekasikab.go.id",
    )
    disdukcapil = make_agency(
        "disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        short_name="Disdukcapil",
        contact_email="disdukcapil@bekasikab.go.id",
    )
    dinkes = make_agency("dinkes", title="Dinas Kesehatan", short_name="Dinkes")
    datasets = [
        make_dataset(
            disdukcapil["id"], name="penduduk-per-kecamatan", title="Penduduk per Kecamatan"
        ),
        make_dataset(
            disdukcapil["id"],
            name="kepadatan-penduduk",
            title="Kepadatan Penduduk",
            reference_number="WD-2024/017",
            sds_code="SP00055.00.00",
            kegiatan=call_action(
                "package_create",
                **complete_kegiatan_fields(
                    name="kompilasi-kependudukan",
                    title="Kompilasi Kependudukan",
                    owner_org=disdukcapil["id"],
                ),
            )["id"],
            frequency="semesteran",
            area_codes=["32.16"],
            presentation_level="kabupaten",
        ),
        make_dataset(
            dinkes["id"],
            name="fasilitas-kesehatan",
            title="Fasilitas Kesehatan",
            topic="9",
            urusan=["1.02"],
            collection_method="survei",
            license_id="odc-odbl",
            # desa/kelurahan of the area list: dct:coverage beside the regency's dct:spatial
            area_codes=["32.16", "32.16.18", "32.16.18.2001", "32.16.01.1007"],
            presentation_level="desa_kelurahan",
            resources=[
                {
                    "url": "http://127.0.0.1/faskes.json",
                    "name": "Faskes",
                    "format": "JSON",
                    "language": "en",
                    "data_period": "2024",
                },
                {
                    "url": "http://127.0.0.1/faskes.geojson",
                    "name": "Peta",
                    "format": "GeoJSON",
                    "language": "id",
                },
            ],
        ),
    ]
    for dataset in datasets:  # the assessment result goes into the feed as DQV
        assess_dataset_job(dataset["id"])
    return {"agencies": [disdukcapil, dinkes], "datasets": datasets}


@pytest.mark.usefixtures("dcat_db")
def test_site_catalog_feed_has_no_shacl_result(app, portal):
    response = app.get("/catalog.ttl")
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert len(set(graph.subjects(RDF.type, DCAT_DATASET))) == 3
    # the total and the level of each dataset (its indicators are on its own RDF)
    assert len(set(graph.subjects(RDF.type, DQV_MEASUREMENT))) == 3 * 2
    results = shacl_results(graph)
    assert unexplained(results) == []
    assert results == []


@pytest.mark.usefixtures("dcat_db")
@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_every_dataset_document_has_no_shacl_result(app, portal, fmt, rdflib_format):
    with_desa = 0
    for dataset in portal["datasets"]:
        response = app.get(f"/dataset/{dataset['name']}.{fmt}")
        assert response.status_code == 200
        graph = Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
        # one measurement per scored indicator besides the total and the level
        assert len(set(graph.subjects(RDF.type, DQV_MEASUREMENT))) > 2 + 3
        assert shacl_results(graph) == [], dataset["name"]
        if dataset["name"] == "fasilitas-kesehatan":
            ref, wilayah = URIRef(dataset_uri(graph)), vocab.SDI_BASE + "wilayah/"
            assert list(graph.objects(ref, DCT.spatial)) == [URIRef(wilayah + "32.16")]
            assert set(graph.objects(ref, DCT.coverage)) == {
                URIRef(wilayah + c) for c in ("32.16.01.1007", "32.16.18", "32.16.18.2001")
            }
            desa = URIRef(wilayah + "32.16.18.2001")
            assert (desa, RDF.type, DCT.Location) in graph
            assert str(graph.value(desa, RDFS.label)) == "Desa Cijengkol"
            with_desa += 1
    assert with_desa == 1


@pytest.mark.usefixtures("dcat_db")
def test_agency_feed_has_no_shacl_result(app, portal):
    response = app.get("/organization/disdukcapil/catalog.ttl")
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert len(set(graph.subjects(RDF.type, DCAT_DATASET))) == 2
    assert shacl_results(graph) == []


@pytest.mark.usefixtures("dcat_db")
def test_the_shapes_do_catch_a_broken_feed(app, portal):
    """The validation is not a rubber stamp: the stock profile alone misses the catalog
    publisher and writes plain-literal frequency, format and language, which the shapes flag."""
    from ckan.tests.helpers import call_action

    datasets = [call_action("package_show", id=d["id"]) for d in portal["datasets"]]
    serializer = RDFSerializer(profiles=["euro_dcat_ap_3"])
    with app.flask_app.test_request_context("/catalog.ttl"):
        data = serializer.serialize_catalog({}, datasets, _format="ttl")
    results = shacl_results(Graph().parse(data=data, format="turtle"))
    paths = {r["path"] for r in results}
    assert "http://purl.org/dc/terms/publisher" in paths
    assert "http://purl.org/dc/terms/accrualPeriodicity" in paths
