"""The feeds of a portal built on the real path (uploads through the action API over HTTP and
through the web form, plus linked URLs; tests/dcat/upload_portal.py) validate against the
DCAT-AP 3.0 SHACL shapes with zero results: media types as IANA URIs, formats as EU file
types, a download URL for every uploaded file."""

from __future__ import annotations

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .test_dcat_shacl import shacl_results
from .upload_portal import build_portal

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@pytest.fixture(scope="module")
def portal(live_server, reset_db, reset_index):
    import ckan.plugins

    reset_db()
    reset_index()
    ckan.plugins.load_all()
    try:
        yield build_portal(live_server)
    finally:
        ckan.plugins.unload_all()


def feed(url: str, fmt: str) -> Graph:
    response = requests.get(url, timeout=60)
    assert response.status_code == 200, (url, response.status_code)
    return Graph().parse(data=response.text, format=fmt)


@pytest.mark.parametrize(
    "path, fmt",
    [("/catalog.ttl", "turtle"), ("/catalog.xml", "xml"), ("/catalog.jsonld", "json-ld")],
)
def test_catalog_of_uploaded_files_has_no_shacl_result(portal, path, fmt):
    graph = feed(portal.url + path, fmt)
    assert {
        str(s).rsplit("/", 1)[1] for s in graph.subjects(RDF.type, URIRef(DCAT + "Dataset"))
    } == {d["id"] for d in portal.public}
    assert shacl_results(graph) == []


def test_every_dataset_page_of_uploaded_files_has_no_shacl_result(portal):
    for dataset in portal.public:
        graph = feed(f"{portal.url}/dataset/{dataset['id']}.ttl", "turtle")
        assert shacl_results(graph) == [], dataset["name"]


def test_uploads_and_links_carry_iana_media_types_eu_formats_and_download_urls(portal):
    graph = feed(portal.url + "/catalog.ttl", "turtle")
    resources = [r for d in portal.public for r in d["resources"]]
    uploads = [r for r in resources if r["url_type"] == "upload"]
    assert {r["format"] for r in uploads} == {"CSV", "XLSX", "PDF"}
    assert len([r for r in resources if not r.get("url_type")]) == 2  # the links
    expected = {
        "CSV": "text/csv",
        "PDF": "application/pdf",
        "JSON": "application/json",
        "GeoJSON": "application/geo+json",
        "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    for resource in resources:
        ref = URIRef(f"{portal.url}/dataset/{resource['package_id']}/resource/{resource['id']}")
        media = list(graph.objects(ref, URIRef(DCAT + "mediaType")))
        assert media == [URIRef(IANA + expected[resource["format"]])], resource["name"]
        assert (media[0], RDF.type, URIRef(DCT + "MediaType")) in graph
        formats = list(graph.objects(ref, URIRef(DCT + "format")))
        assert formats == [URIRef(FILE_TYPE + resource["format"].upper())], resource["name"]
        assert (formats[0], RDF.type, URIRef(DCT + "MediaTypeOrExtent")) in graph
        downloads = list(graph.objects(ref, URIRef(DCAT + "downloadURL")))
        if resource.get("url_type") == "upload":
            assert downloads == [URIRef(resource["url"])], resource["name"]
            assert "/download/" in resource["url"]
        else:
            assert downloads == []
        assert list(graph.objects(ref, URIRef(DCAT + "accessURL"))) == [URIRef(resource["url"])]


def test_private_datasets_stay_out_of_the_feed(portal):
    graph = feed(portal.url + "/catalog.ttl", "turtle")
    for dataset in portal.private:
        assert (URIRef(f"{portal.url}/dataset/{dataset['id']}"), None, None) not in graph
