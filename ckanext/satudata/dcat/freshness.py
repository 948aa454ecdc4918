"""Conditional responses of the RDF feeds: ``ETag`` / ``Last-Modified``, ``304 Not Modified``
and ``Vary: Accept``, so a harvester that re-harvests an unchanged catalog pays one cheap query
instead of a serialisation.

A feed's validator is built before the view runs, from the newest change that can alter it:
the newest ``metadata_modified`` and the number of the datasets it draws from (the whole portal,
one agency, or one dataset), the newest assessment of those datasets (it adds DQV measurements),
the request (path, query, negotiated format, language) and the user (private datasets differ
per user). It errs towards "changed": any dataset of the scope that changes refreshes every page
of that scope, never the other way round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata.assessment import api as assessment_api

CATALOG = "dcat.read_catalog"
DATASET = "dcat.read_dataset"
AGENCY = "satudata_dcat.agency_catalog"
FEEDS = frozenset({CATALOG, DATASET, AGENCY})


def _format() -> str | None:
    """The RDF format of this request, or ``None`` when it is an HTML page (content negotiation
    sends ``/dataset/<id>`` to the same view)."""
    fmt = (tk.request.view_args or {}).get("_format")
    if fmt:
        return fmt
    from ckanext.dcat.utils import check_access_header

    return check_access_header()


def _newest(org_id: str | None = None, dataset: str | None = None) -> tuple[Any, int]:
    pkg = model.Package
    query = model.Session.query(sa.func.max(pkg.metadata_modified), sa.func.count(pkg.id)).filter(
        pkg.type == "dataset"
    )
    if dataset:
        query = query.filter(sa.or_(pkg.id == dataset, pkg.name == dataset))
    else:
        query = query.filter(pkg.state == "active")
        if org_id:
            query = query.filter(pkg.owner_org == org_id)
    newest, count = query.one()
    return newest, int(count or 0)


def _utc(value: dt.datetime) -> dt.datetime:
    """CKAN's ``metadata_modified`` is naive UTC; the assessment's times are aware."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _scope() -> tuple[dt.datetime | None, str]:
    """The newest change (UTC) and a fingerprint of what the feed is drawn from."""
    args = tk.request.view_args or {}
    if tk.request.endpoint == DATASET:
        dataset = str(args.get("_id") or "")
        pkg = model.Package.get(dataset)
        newest, count = _newest(dataset=dataset)
        assessed = assessment_api.newest_assessment(dataset_id=pkg.id) if pkg else None
        state = f"{pkg.state}|{pkg.private}" if pkg else "missing"
    elif tk.request.endpoint == AGENCY:
        group = model.Group.get(str(args.get("id") or ""))
        org_id = group.id if group is not None else "missing"
        newest, count = _newest(org_id=org_id)
        assessed = assessment_api.newest_assessment(org_id=org_id)
        state = f"{org_id}|{getattr(group, 'title', '')}|{getattr(group, 'state', '')}"
    else:
        newest, count = _newest()
        assessed = assessment_api.newest_assessment()
        state = tk.config.get("ckan.site_title") or ""
    times = [_utc(t) for t in (newest, assessed) if t is not None]
    latest = max(times).replace(microsecond=0) if times else None
    parts = [state, str(count)] + [t.isoformat() for t in times]
    return latest, "|".join(parts)


def _validator(fmt: str) -> tuple[str, dt.datetime | None]:
    latest, scope = _scope()
    user = getattr(tk.current_user, "name", "") if tk.current_user else ""
    key = "|".join(
        [
            tk.request.endpoint or "",
            tk.request.full_path,
            fmt,
            tk.request.headers.get("Accept", ""),
            tk.h.lang() or "",
            user or "",
            scope,
        ]
    )
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"', latest


def _not_modified(etag: str, latest: dt.datetime | None) -> bool:
    match = tk.request.headers.get("If-None-Match")
    if match:
        return etag in {m.strip() for m in match.split(",")} or match.strip() == "*"
    since = tk.request.headers.get("If-Modified-Since")
    if since and latest is not None:
        try:
            return latest <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _headers(response: Any, etag: str, latest: dt.datetime | None) -> Any:
    response.headers["ETag"] = etag
    if latest is not None:
        response.headers["Last-Modified"] = format_datetime(latest, usegmt=True)
    response.vary.add("Accept")
    private = bool(getattr(tk.current_user, "is_authenticated", False))
    response.headers["Cache-Control"] = ("private" if private else "public") + ", no-cache"
    return response


def before_request() -> Any:
    """A ``304`` before the view serialises anything, when the client's copy is current."""
    if tk.request.method not in ("GET", "HEAD") or tk.request.endpoint not in FEEDS:
        return None
    fmt = _format()
    if not fmt:
        return None
    etag, latest = _validator(fmt)
    tk.g.satudata_feed_validator = (etag, latest)
    if _not_modified(etag, latest):
        from flask import make_response

        return _headers(make_response("", 304), etag, latest)
    return None


def after_request(response: Any) -> Any:
    validator = tk.g.get("satudata_feed_validator")
    if validator is not None and response.status_code == 200:
        _headers(response, *validator)
    elif tk.request.endpoint in FEEDS:
        response.vary.add("Accept")
    return response


def install(app: Any) -> Any:
    """Register the validator on the Flask app (IMiddleware), after CKAN identified the user."""
    app.before_request(before_request)
    app.after_request(after_request)
    return app
