"""The catalog pages' namespace manager and Turtle writer (pure: rdflib only, no CKAN, no
services)."""

from __future__ import annotations

import pytest
import rdflib.namespace
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.plugins.serializers.turtle import TurtleSerializer

from ckanext.satudata.dcat import qnames, turtle

pytestmark = pytest.mark.pure

SITE = "http://portal.example/dataset/"


def _page() -> Graph:
    """Like a catalog page: dataset URIs under a bound prefix, their nodes (``#kontak``), EU
    codes and distributions under namespaces with no prefix, each used many times."""
    graph = Graph()
    graph.bind("dataset", Namespace(SITE))
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    dct = Namespace("http://purl.org/dc/terms/")
    graph.bind("dcat", dcat)
    graph.bind("dct", dct)
    lang = URIRef("http://publications.europa.eu/resource/authority/language/IND")
    for i in range(20):
        dataset = URIRef(f"{SITE}{i:04d}-aa")
        graph.add((dataset, dcat.contactPoint, URIRef(f"{dataset}#kontak")))
        graph.add((URIRef(f"{dataset}#kontak"), dct.title, Literal(f"kontak {i}", lang="id")))
        graph.add((dataset, dct.language, lang))
        graph.add((dataset, dcat.distribution, URIRef(f"{dataset}/resource/{i}x")))
        graph.add((URIRef(f"{dataset}/resource/{i}x"), dct.language, lang))
    return graph


@pytest.mark.parametrize("fmt", ["turtle", "n3", "pretty-xml", "json-ld", "nt"])
def test_a_page_is_written_exactly_as_with_rdflibs_own_manager(fmt):
    plain = _page().serialize(format=fmt)
    page = _page()
    qnames.remember_refusals(page)
    assert isinstance(page.namespace_manager, qnames.PageNamespaces)
    assert page.serialize(format=fmt) == plain
    assert dict(page.namespaces()) == dict(_page().namespaces())


def _split_calls(monkeypatch) -> list:
    calls = []
    real = rdflib.namespace.split_uri

    def counting(uri, *args):
        calls.append(uri)
        return real(uri, *args)

    monkeypatch.setattr(rdflib.namespace, "split_uri", counting)
    return calls


def test_a_uri_without_prefix_is_looked_up_once(monkeypatch):
    kontak = f"{SITE}0001-aa#kontak"
    page = _page()
    qnames.remember_refusals(page)
    calls = _split_calls(monkeypatch)
    for _ in range(3):
        with pytest.raises(KeyError):
            page.namespace_manager.compute_qname(kontak, generate=False)
    assert calls == [kontak]
    # rdflib's own manager looks again every time (what made catalog pages slow)
    plain = NamespaceManager(_page(), bind_namespaces="none")
    for _ in range(3):
        with pytest.raises(KeyError):
            plain.compute_qname(kontak, generate=False)
    assert calls == [kontak] * 4


def test_a_new_prefix_makes_a_refused_uri_shortenable():
    kontak = f"{SITE}0001-aa#kontak"
    page = _page()
    qnames.remember_refusals(page)
    with pytest.raises(KeyError):
        page.namespace_manager.compute_qname(kontak, generate=False)
    page.bind("satu", Namespace(f"{SITE}0001-aa#"))
    assert page.namespace_manager.compute_qname(kontak, generate=False)[0] == "satu"
    assert "satu:kontak" in page.serialize(format="turtle")


def test_giving_a_graph_the_manager_twice_keeps_the_first():
    page = _page()
    qnames.remember_refusals(page)
    first = page.namespace_manager
    qnames.remember_refusals(page)
    assert page.namespace_manager is first


# ----------------------------------------------------------------- the catalog pages' Turtle


def test_the_page_turtle_writer_writes_exactly_rdflibs_turtle():
    page = _page()
    qnames.remember_refusals(page)
    assert page.serialize(format=turtle.FORMAT) == _page().serialize(format="turtle")


@pytest.fixture
def asked(monkeypatch) -> list:
    """Every (uri, gen_prefix) rdflib's Turtle serializer is asked a prefixed name for."""
    calls = []
    real = TurtleSerializer.get_pname

    def counting(self, uri, gen_prefix=True):
        calls.append((uri, gen_prefix))
        return real(self, uri, gen_prefix)

    monkeypatch.setattr(TurtleSerializer, "get_pname", counting)
    return calls


def test_the_page_turtle_writer_works_out_a_prefixed_name_once(asked):
    page = _page()
    page.serialize(format=turtle.FORMAT)
    dataset = URIRef(f"{SITE}0001-aa")  # shortened as dataset:0001-aa, used 3 times
    assert asked.count((dataset, False)) == 1
    # a URI no prefix shortens is asked again (a later prefix could give it a name)
    lang = URIRef("http://publications.europa.eu/resource/authority/language/IND")
    assert asked.count((lang, False)) > 1
    # rdflib's own writer asks at every occurrence
    asked.clear()
    _page().serialize(format="turtle")
    assert asked.count((dataset, False)) > 1


def test_with_the_page_namespaces_a_uri_without_name_is_asked_once_per_bind(asked):
    page = _page()
    qnames.remember_refusals(page)
    out = page.serialize(format=turtle.FORMAT)
    lang = URIRef("http://publications.europa.eu/resource/authority/language/IND")
    assert asked.count((lang, False)) == 1
    assert f"<{lang}>" in out
    generation = page.namespace_manager.generation
    page.bind("eulang", Namespace("http://publications.europa.eu/resource/authority/language/"))
    assert page.namespace_manager.generation == generation + 1
    assert "eulang:IND" in page.serialize(format=turtle.FORMAT)
