"""ckanext-dcat's catalog actions (behind ``/catalog.<format>``) with URL-encoded paging links
and a Solr parse error as a field error (ckanext-dcat's view answers it with a 409), instead of
the 500s of ``/catalog.ttl?q=two words`` and of a query Solr refuses."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as toolkit
from ckanext.dcat.processors import RDFSerializer

from . import documents, prefetch


def _catalog(context: dict[str, Any], data_dict: dict[str, Any]) -> str:
    from .views import search_and_page

    query, pagination_info = search_and_page(context, data_dict)
    serializer = RDFSerializer(profiles=data_dict.get("profiles"))
    prefetch.prefetch_page(serializer, query["results"])
    return serializer.serialize_catalog(
        {},
        query["results"],
        _format=documents.writer_format(serializer, data_dict.get("format")),
        pagination_info=pagination_info,
    )


@toolkit.side_effect_free
@toolkit.chained_action
def dcat_catalog_show(up_func, context, data_dict):
    # the whole action is replaced: ckanext-dcat's builds the links before anyone can see them
    toolkit.check_access("dcat_catalog_show", context, data_dict)
    return _catalog(context, data_dict)


@toolkit.side_effect_free
@toolkit.chained_action
def dcat_catalog_search(up_func, context, data_dict):
    toolkit.check_access("dcat_catalog_search", context, data_dict)
    return _catalog(context, data_dict)


def chained_actions() -> dict[str, Any]:
    return {"dcat_catalog_show": dcat_catalog_show, "dcat_catalog_search": dcat_catalog_search}
