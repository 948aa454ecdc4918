"""Hydra paging links of the DCAT feeds, URL-encoded (pure: no ``ckan`` imports).

ckanext-dcat 2.4.4 joins the request's ``q``/``fq``/``modified_since``/``profiles`` into the
paging links as they are typed: ``/catalog.ttl?q=two words`` gives a link with a space, which
rdflib refuses to write as Turtle/N3 (a 500), and a ``&`` inside ``q`` breaks the link. The
feeds here keep ckanext-dcat's paging arithmetic and rebuild each link with a URL-encoded query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, urlencode

LINK_KEYS = ("current", "first", "last", "next", "previous")
#: the request parameters a paging link carries (as ckanext-dcat does)
QUERY_KEYS = ("modified_since", "profiles", "q", "fq")
_PAGE = re.compile(r"[?&]page=(\d+)$")


def page_url(base: str, args: Iterable[tuple[str, str]], page: int) -> str:
    """``base?<args>&page=N`` with every parameter URL-encoded."""
    params = [(k, v) for k, v in args if k in QUERY_KEYS] + [("page", str(page))]
    return quote(base, safe=":/%@!$'()*+,;=~") + "?" + urlencode(params)


def encode_links(info: dict, args: Iterable[tuple[str, str]]) -> dict:
    """``info`` (ckanext-dcat's ``_pagination_info``) with its links rebuilt URL-encoded; the
    page of each link is the ``page=N`` ckanext-dcat put at its end."""
    args = list(args)
    out = dict(info)
    for key in LINK_KEYS:
        url = info.get(key)
        match = _PAGE.search(url) if isinstance(url, str) else None
        if match:
            out[key] = page_url(url.split("?", 1)[0], args, int(match.group(1)))
    return out
