"""Finding 7 (#13), the agency register and search: an impossible date in a YAML register or an upload names the row; a query with a space gives encoded paging links and a broken Solr query in a feed is a 400 in its format."""

from __future__ import annotations

import io

import pytest
import rdflib

from .fuzz_inputs import _counts
from .limits_requests import TOO_LONG, api, client, refused

__all__ = ["client"]  # fixtures, imported for this module

BAD_REGISTER = """agencies:
  - code: instansi-baru
    name: Dinas Baru
    type: dinas
    sk: {number: SK 1, date: 2023-02-30}
  - code: instansi-lama
    name: Dinas Lama
    type: dinas
    agreement: {number: PKS 1, date: 2024-01-01, valid_until: 9999-12-31}
  - code: instansi-panjang
    name: %s
    type: dinas
""" % ("N" * 201)


def test_a_yaml_register_with_an_impossible_date_names_the_row(world, client):
    before = _counts()
    response = api(
        client, world, "walidata", "satudata_agency_sync", register=BAD_REGISTER, format="yaml"
    )
    refused(
        response, "register", "baris 1 (instansi-baru): sk_date: '2023-02-30' bukan tanggal", before
    )
    rows = {(r["row"], r["field"]): r["reason"] for r in response.json["error"]["rows"]}
    assert "Masukkan tanggal antara 1945-01-01 dan 2100-12-31" in rows[(2, "agreement_valid_until")]
    assert rows[(3, "name")] == TOO_LONG.format(max=200)


def test_the_walidata_register_upload_names_the_row(world, client):
    before = _counts()
    response = client.post(
        "/walidata/agencies",
        headers={"Authorization": world.tokens["walidata"]},
        data={"register": (io.BytesIO(BAD_REGISTER.encode()), "register.yaml"), "apply": "1"},
    )
    assert response.status_code == 409, response.status_code
    body = response.get_data(as_text=True)
    assert "baris 1 (instansi-baru): sk_date: &#39;2023-02-30&#39; bukan tanggal" in body
    assert _counts() == before


@pytest.mark.parametrize("path", ["/catalog.ttl", "/organization/dinkes/catalog.ttl"])
def test_a_query_with_a_space_gives_encoded_paging_links(world, client, path):
    response = client.get(path, query_string={"q": "Data terbuka", "page": "1"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    hydra = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
    links = {str(o) for p in (hydra.first, hydra.last) for o in graph.objects(None, p)}
    assert links and all("q=Data+terbuka" in link and " " not in link for link in links), links


def test_a_broken_solr_query_in_an_agency_feed_is_a_400_in_its_format(world, client):
    response = client.get("/organization/dinkes/catalog.ttl", query_string={"fq": "title:("})
    assert response.status_code == 400, response.status_code
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    hydra = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
    assert (None, rdflib.RDF.type, hydra.Status) in graph
    assert "Kueri pencarian tidak dapat dibaca" in {
        str(o) for o in graph.objects(None, hydra.description)
    }
    response = client.get("/catalog.ttl", query_string={"fq": "title:("})
    assert response.status_code == 409, response.status_code
