"""The per-agency DCAT feed: ``/organization/<name>/catalog.<format>``.

The same feed as ckanext-dcat's ``/catalog.<format>`` (Hydra paging, ``modified_since``, ``q``,
``fq``, ``profiles``, ``page``) restricted to the public datasets of one organization, with that
agency as the catalog's ``dct:publisher``. Paging links keep the agency path, so a harvester that
walks ``hydra:next`` stays inside the agency's feed. It reuses ckanext-dcat 2.4.4's search and
paging helpers (``ckanext.dcat.logic``) so both feeds page the same way.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as toolkit
from ckan.lib.search import SearchError  # not in the toolkit
from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.exceptions import RDFProfileException
from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.utils import CONTENT_TYPES, url_to_rdflib_format
from flask import Blueprint, make_response
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from . import documents, paging, prefetch

_ = toolkit._
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")


def search_and_page(context: dict[str, Any], data_dict: dict[str, Any]) -> tuple[dict, dict]:
    """ckanext-dcat's search and paging, with URL-encoded paging links; a query Solr cannot
    parse is a ``ValidationError`` on ``q`` (ckanext-dcat lets Solr's error be a 500)."""
    try:
        query = dcat_logic._search_ckan_datasets(context, data_dict)
    except SearchError:
        raise toolkit.ValidationError({"q": [_("The search query could not be parsed")]})
    info = dcat_logic._pagination_info(query, data_dict)
    return query, paging.encode_links(info, toolkit.request.args.items(multi=True))


def error_response(status: int, message: str, _format: str):
    """An error in the requested RDF format: a ``hydra:Status`` with its code and message."""
    graph = Graph()
    graph.bind("hydra", HYDRA)
    node = BNode()
    graph.add((node, RDF.type, HYDRA.Status))
    graph.add((node, HYDRA.statusCode, Literal(status)))
    graph.add((node, HYDRA.title, Literal(_("Bad request"))))
    graph.add((node, HYDRA.description, Literal(message)))
    response = make_response(graph.serialize(format=url_to_rdflib_format(_format)), status)
    response.headers["Content-Type"] = CONTENT_TYPES[_format]
    return response


class AgencyCatalogSerializer(RDFSerializer):
    """ckanext-dcat's serializer with the agency feed's own catalog URI: an agency's catalog is
    not the portal's catalog with another publisher."""

    def __init__(self, catalog_uri: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.agency_catalog_uri = catalog_uri

    def graph_from_catalog(self, catalog_dict: Any = None) -> URIRef:
        catalog_ref = URIRef(self.agency_catalog_uri)
        for profile_class in self._profiles:
            profile = profile_class(self.g, compatibility_mode=self.compatibility_mode)
            profile.graph_from_catalog(catalog_dict, catalog_ref)
        return catalog_ref


def _user_context() -> dict[str, Any]:
    user = getattr(toolkit.current_user, "name", None) if toolkit.current_user else None
    return {"user": user or ""}


def agency_catalog(id: str, _format: str):
    if _format not in CONTENT_TYPES:
        return toolkit.abort(404, _("Unknown RDF format"))
    try:
        org = toolkit.get_action("organization_show")(
            _user_context(),
            {
                "id": id,
                "include_datasets": False,
                "include_users": False,
                "include_groups": False,
                "include_tags": False,
                "include_followers": False,
            },
        )
    except (toolkit.ObjectNotFound, toolkit.NotAuthorized):
        return toolkit.abort(404, _("Organization not found"))

    args = toolkit.request.args
    profiles = args.get("profiles")
    fq = f'+owner_org:"{org["id"]}"'
    if args.get("fq"):
        fq += f" +({args['fq']})"
    data_dict = {
        "page": args.get("page"),
        "modified_since": args.get("modified_since"),
        "q": args.get("q"),
        "fq": fq,
        "format": _format,
        "profiles": profiles.split(",") if profiles else None,
    }
    site_title = toolkit.config.get("ckan.site_title") or ""
    org_url = toolkit.url_for("organization.read", id=org["name"], _external=True)
    catalog_dict = {
        "title": f"{site_title}: {org.get('title') or org['name']}",
        "description": org.get("description")
        or _("Datasets of {agency}").format(agency=org.get("title") or org["name"]),
        "homepage": org_url,
        "satudata_organization": org,
    }
    try:
        context = _user_context()
        toolkit.check_access("dcat_catalog_search", context, data_dict)
        query, pagination_info = search_and_page(context, data_dict)
        serializer = AgencyCatalogSerializer(
            toolkit.url_for(
                "satudata_dcat.agency_catalog", id=org["name"], _format=_format, _external=True
            ).rsplit(".", 1)[0],
            profiles=data_dict["profiles"],
        )
        prefetch.prefetch_page(serializer, query["results"])
        output = serializer.serialize_catalog(
            catalog_dict,
            query["results"],
            _format=documents.writer_format(serializer, _format),
            pagination_info=pagination_info,
        )
    except toolkit.ValidationError as error:
        if "q" in getattr(error, "error_dict", {}):
            return error_response(400, error.error_dict["q"][0], _format)
        return toolkit.abort(409, str(error))
    except RDFProfileException as error:
        return toolkit.abort(409, str(error))
    except toolkit.NotAuthorized:
        return toolkit.abort(403)

    response = make_response(output)
    response.headers["Content-Type"] = CONTENT_TYPES[_format]
    return response


def agency_feed_blueprint() -> Blueprint:
    blueprint = Blueprint("satudata_dcat", __name__)
    if toolkit.asbool(toolkit.config.get("ckanext.satudata.dcat.agency_feed", True)):
        blueprint.add_url_rule(
            "/organization/<id>/catalog.<_format>",
            view_func=agency_catalog,
            endpoint="agency_catalog",
        )
    return blueprint
