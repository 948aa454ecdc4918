"""The per-agency DCAT feed: ``/organization/<name>/catalog.<format>``.

The same feed as ckanext-dcat's ``/catalog.<format>`` (Hydra paging, ``modified_since``, ``q``,
``fq``, ``profiles``, ``page``) restricted to the public datasets of one organization, with that
agency as the catalog's ``dct:publisher``. Paging links keep the agency path, so a harvester that
walks ``hydra:next`` stays inside the agency's feed. It reuses ckanext-dcat 2.4.4's search and
paging helpers (``ckanext.dcat.logic``) so both feeds page the same way.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, make_response

import ckan.plugins.toolkit as toolkit

from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.exceptions import RDFProfileException
from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.utils import CONTENT_TYPES

_ = toolkit._


def _user_context() -> dict[str, Any]:
    user = getattr(toolkit.current_user, "name", None) if toolkit.current_user else None
    return {"user": user or ""}


def agency_catalog(id: str, _format: str):
    if _format not in CONTENT_TYPES:
        return toolkit.abort(404, _("Unknown RDF format"))
    try:
        org = toolkit.get_action("organization_show")(
            _user_context(),
            {"id": id, "include_datasets": False, "include_users": False,
             "include_groups": False, "include_tags": False, "include_followers": False})
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
        "description": org.get("description") or _("Datasets of {agency}").format(
            agency=org.get("title") or org["name"]),
        "homepage": org_url,
        "satudata_organization": org,
    }
    try:
        context = _user_context()
        toolkit.check_access("dcat_catalog_search", context, data_dict)
        query = dcat_logic._search_ckan_datasets(context, data_dict)
        pagination_info = dcat_logic._pagination_info(query, data_dict)
        serializer = RDFSerializer(profiles=data_dict["profiles"])
        output = serializer.serialize_catalog(
            catalog_dict, query["results"], _format=_format, pagination_info=pagination_info)
    except (toolkit.ValidationError, RDFProfileException) as error:
        return toolkit.abort(409, str(error))
    except toolkit.NotAuthorized:
        return toolkit.abort(403)

    response = make_response(output)
    response.headers["Content-Type"] = CONTENT_TYPES[_format]
    return response


def agency_feed_blueprint() -> Blueprint:
    blueprint = Blueprint("satudata_dcat", __name__)
    if toolkit.asbool(toolkit.config.get("ckanext.satudata.dcat.agency_feed", True)):
        blueprint.add_url_rule("/organization/<id>/catalog.<_format>",
                               view_func=agency_catalog, endpoint="agency_catalog")
    return blueprint
