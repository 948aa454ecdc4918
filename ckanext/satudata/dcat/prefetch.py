"""What the ``satudata`` profile reads from the database for a catalog page, read once for all
the page's datasets before serialising: their latest assessment totals and their agencies.

Without it the profile read them dataset by dataset (an assessment query per dataset, an
organization query per agency). The results are kept on the serializer's graph, where the
profile's per-graph caches live (``SatudataProfile._cache``); the dataset's own RDF is never
prefetched (it needs the indicators too, see :mod:`.quality`).
"""

from __future__ import annotations

from typing import Any

from ckanext.satudata.assessment import api as assessment_api

SCORES = "_satudata_scores"


def uses_satudata(serializer) -> bool:
    """True when ``serializer`` runs the ``satudata`` profile."""
    return any(getattr(p, "satudata_prefetch", False) for p in getattr(serializer, "_profiles", []))


def prefetch_page(serializer, datasets: list[dict[str, Any]]) -> None:
    """Fill the graph caches of ``serializer`` for ``datasets`` (a no-op for a serializer
    without the ``satudata`` profile, e.g. ``?profiles=euro_dcat_ap_3``)."""
    if not datasets or not uses_satudata(serializer):
        return
    graph = serializer.g
    ids = [d["id"] for d in datasets if d.get("id")]
    graph.__dict__[SCORES] = assessment_api.latest_scores(ids)
    caches = graph.__dict__.setdefault("_satudata_cache", {})
    organizations = caches.setdefault("organizations", {})
    wanted = {d.get("owner_org") for d in datasets if d.get("owner_org")} - set(organizations)
    organizations.update(agencies_by_id(sorted(wanted)))


def prefetched_score(graph, dataset_id: str) -> tuple[bool, dict | None]:
    """``(True, result or None)`` when the page prefetched the scores, else ``(False, None)``."""
    scores = graph.__dict__.get(SCORES)
    if scores is None:
        return False, None
    return True, scores.get(dataset_id)


def agencies_by_id(org_ids: list[str]) -> dict[str, dict]:
    """The agency dicts (:func:`agency_dict`) of several organizations, in one query."""
    from ckan import model

    if not org_ids:
        return {}
    groups = model.Session.query(model.Group).filter(model.Group.id.in_(org_ids)).all()
    return {group.id: agency_dict(group) for group in groups}


def agency_dict(group) -> dict:
    """An organization's name and agency fields from its row (only plain strings are used;
    ``organization_show`` would run the whole action stack per agency)."""
    extras = {key: value for key, value in (group.extras or {}).items() if isinstance(value, str)}
    return dict(
        extras,
        id=group.id,
        name=group.name,
        title=group.title or group.name,
        description=group.description or "",
    )
