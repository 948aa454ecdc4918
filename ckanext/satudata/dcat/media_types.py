"""IANA media types of distributions (pure: no ``ckan`` import).

DCAT-AP 3 wants ``dcat:mediaType`` to be an IRI of a ``dct:MediaType``; CKAN stores the media
type of an uploaded file as a plain string (``mimetype``: ``text/csv``) and none for a link.
This module turns either into the IANA register URI, falling back to the ``mimetype`` column of
the format code list (``format.csv``) when the resource carries none, and back.
"""

from __future__ import annotations

import re

from ckanext.satudata.metadata.api import codelists

IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

# type "/" subtype as RFC 6838 restricts them (no parameters, no spaces).
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$")


def _format_mimetype(fmt: str) -> str:
    wanted = (fmt or "").strip().lower()
    for entry in codelists.load("format"):
        if entry.code.lower() == wanted:
            return entry.get("mimetype") or ""
    return ""


def media_type_uri(mimetype: str | None, fmt: str | None = None) -> str | None:
    """The IANA URI of ``mimetype`` (a bare ``type/subtype`` or already the URI), else of the
    format's media type; ``None`` when neither names one."""
    value = (mimetype or "").strip()
    if value.startswith(IANA_MEDIA_TYPES):
        value = value[len(IANA_MEDIA_TYPES) :]
    value = value.split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.match(value):
        value = _format_mimetype(fmt or "").lower()
    return IANA_MEDIA_TYPES + value if _MEDIA_TYPE.match(value) else None


def mimetype_from_uri(uri: str | None) -> str:
    """``text/csv`` for the IANA URI of text/csv; other values are returned as they are."""
    value = str(uri or "")
    return value[len(IANA_MEDIA_TYPES) :] if value.startswith(IANA_MEDIA_TYPES) else value
