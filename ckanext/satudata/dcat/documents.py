"""Which document the ``satudata`` profile is writing: a catalog page or a dataset's own RDF.

ckanext-dcat 2.4.4 calls ``graph_from_dataset`` for both, with no flag. Its
``RDFSerializer.serialize_catalog`` (behind ``/catalog.<format>``, the content-negotiated ``/``
and the agency feeds of :mod:`.views`) always calls ``graph_from_catalog`` on the graph first,
and ``serialize_dataset`` (``/dataset/<id>.<format>``) never does; so the profile marks the
graph in ``graph_from_catalog`` and ``graph_from_dataset`` reads the mark. Nothing of
ckanext-dcat is patched.

A catalog page carries each dataset's total score and level only; the per-indicator
measurements are on the dataset's own RDF, which the page links with ``rdfs:seeAlso`` (the Linked
Data link to "more RDF about this resource"), in the page's own format (see docs/dcat.md). With
``ckanext.satudata.dcat.catalog_pages = summary`` (the default) a catalog page is a summary: the
DCAT-AP 3 core a stock harvester keeps; the Satu Data extension (identifiers, kecamatan coverage,
activity, data structure, ...) is on the dataset's own RDF only.
"""

from __future__ import annotations

import ckan.plugins.toolkit as toolkit
from ckanext.dcat.utils import CONTENT_TYPES
from rdflib import Namespace, URIRef
from rdflib.namespace import RDFS

from ckanext.satudata.dcat import prefetch, qnames, turtle

_MARK = "_satudata_catalog"
_PLACEHOLDER = "SATUDATA-DATASET-ID"
_OUTPUT = "_satudata_output_format"
# rdflib serializers whose predicateList sorts the objects (RDF/XML and JSON-LD keep the order
# of insertion)
_SORTING_FORMATS = ("turtle", "n3", turtle.FORMAT)


def mark_catalog(graph, catalog_ref) -> None:
    graph.__dict__[_MARK] = catalog_ref


def is_catalog(graph) -> bool:
    """True when ``graph`` is a catalog page (``graph_from_catalog`` ran on it)."""
    return graph.__dict__.get(_MARK) is not None


def is_summary(graph) -> bool:
    """True when ``graph`` is a catalog page that carries the summary of each dataset
    (``ckanext.satudata.dcat.catalog_pages``; read once per graph)."""
    if not is_catalog(graph):
        return False
    cached = graph.__dict__.get("_satudata_summary")
    if cached is None:
        setting = toolkit.config.get("ckanext.satudata.dcat.catalog_pages") or "summary"
        cached = graph.__dict__["_satudata_summary"] = setting != "full"
    return cached


def writer_format(serializer, _format: str | None) -> str:
    """The format to give ``serialize_catalog`` for a page asked for as ``_format`` (the
    catalog action and the agency feed call this before serialising), noted on the graph.

    A Turtle page with the ``satudata`` profile is written by :mod:`.turtle` (rdflib's
    serializer remembering prefixed names: the same output); the stock-only page
    (``?profiles=euro_dcat_ap_3``) keeps rdflib's own, as a stock portal would."""
    from ckanext.dcat.utils import url_to_rdflib_format

    fmt = url_to_rdflib_format(_format or "xml")
    if fmt == "turtle" and prefetch.uses_satudata(serializer):
        fmt = turtle.FORMAT
    serializer.g.__dict__[_OUTPUT] = fmt
    return fmt


def sorts_objects(graph) -> bool:
    """True when ``graph`` is known to be written by a serializer that sorts each subject's
    objects itself (Turtle, N3): then re-adding them in sorted order is wasted work."""
    return graph.__dict__.get(_OUTPUT) in _SORTING_FORMATS


def bind_portal_prefixes(graph) -> None:
    """Prefixes for the portal's dataset and organization URIs on a catalog page. rdflib's
    Turtle serializer caches the short name of a URI only when its namespace has a prefix and
    otherwise searches every namespace under ``<site>/dataset/`` (one per dataset) again at
    each occurrence: unbound, the dataset URIs alone were half of a page's serialisation."""
    from ckanext.dcat.utils import catalog_uri

    base = catalog_uri().rstrip("/")
    graph.bind("dataset", Namespace(f"{base}/dataset/"))
    graph.bind("organisasi", Namespace(f"{base}/organization/"))
    # and the URIs left without a prefix are looked up once, not at each occurrence
    qnames.remember_refusals(graph)


def _page_format() -> str:
    """The format of the catalog page being served (``/catalog.<format>``, an agency feed or
    content negotiation on ``/``); Turtle outside a request or when it cannot be told."""
    fmt = None
    try:
        fmt = (toolkit.request.view_args or {}).get("_format")
        if not fmt:
            from ckanext.dcat.utils import check_access_header

            fmt = check_access_header()
    except RuntimeError:  # no request (a command or a job serialising a catalog)
        fmt = None
    return fmt if fmt in CONTENT_TYPES else "ttl"


def _document_template(graph) -> str:
    """The URL of a dataset's own RDF document with a placeholder id, once per graph
    (``url_for`` per dataset would be a route build per dataset of the page)."""
    cached = graph.__dict__.get("_satudata_document_url")
    if cached:
        return cached
    fmt = _page_format()
    try:
        url = toolkit.url_for("dcat.read_dataset", _id=_PLACEHOLDER, _format=fmt, _external=True)
    except RuntimeError:  # no application context
        site = (toolkit.config.get("ckan.site_url") or "").rstrip("/")
        url = f"{site}/dataset/{_PLACEHOLDER}.{fmt}"
    graph.__dict__["_satudata_document_url"] = url
    return url


def document_url(graph, dataset_id: str) -> str:
    return _document_template(graph).replace(_PLACEHOLDER, dataset_id)


def link_document(graph, dataset_dict: dict, dataset_ref) -> None:
    """``<dataset> rdfs:seeAlso <.../dataset/<id>.<format>>``: where the full description,
    with every indicator's measurement, is."""
    if dataset_dict.get("id"):
        graph.add((dataset_ref, RDFS.seeAlso, URIRef(document_url(graph, dataset_dict["id"]))))
