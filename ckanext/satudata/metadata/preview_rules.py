"""Which resources the DataStore loader may fetch (pure).

ckanext-xloader downloads a resource's URL on the jobs worker and puts what it got into the
DataStore, where the editor who made the resource can read it. For an upload that URL is always
the portal's own download link. For a link it is whatever the editor typed: an address inside
the worker's network (Solr, Redis, a metadata service, the DataStore's own database host) would
be fetched and handed back to the editor (server-side request forgery; checking the address
before the download does not help, the far end can redirect). So only uploads are loaded, unless
the operator allows links for a worker that reaches nothing internal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def loadable(resource: Mapping[str, Any], load_links: bool) -> bool:
    """True if the loader may fetch ``resource``: an upload, or (with ``load_links``) an
    http(s) link. Anything else with a ``url_type`` (the DataStore's own ``datastore``,
    ``xloader``, ``datapusher`` resources, other uploaders') is not a source to fetch."""
    url_type = str(resource.get("url_type") or "").strip().lower()
    if url_type:
        return url_type == "upload"
    url = str(resource.get("url") or "").strip().lower()
    return load_links and url.startswith(("http://", "https://"))
