"""Template helpers of the assessment capability."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import charts


def _lang() -> str:
    try:
        return "en" if tk.h.lang().startswith("en") else "id"
    except Exception:
        return "id"


def dataset_assessment(dataset_id: str) -> dict | None:
    """The latest assessment of a dataset with reasons, or None (not assessed, not allowed)."""
    try:
        return tk.get_action("satudata_assessment_show")(
            {}, {"dataset_id": dataset_id, "lang": _lang()}
        )
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def agency_assessment(org_id: str) -> dict | None:
    """The latest agency assessment for its own members and the walidata, else None."""
    try:
        return tk.get_action("satudata_assessment_show")({}, {"org_id": org_id, "lang": _lang()})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def my_agencies() -> list[dict[str, Any]]:
    """The agencies whose assessment the logged-in user may open as a member (not as the
    walidata, whose menu leads to every agency): ``[{name, title}]``; empty when anonymous."""
    user = tk.g.get("user") if hasattr(tk.g, "get") else getattr(tk.g, "user", None)
    if not user:
        return []
    try:
        orgs = tk.get_action("organization_list_for_user")(
            {"user": user}, {"id": user, "permission": "read", "include_dataset_count": False}
        )
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return []
    return [{"name": o["name"], "title": o.get("title") or o["name"]} for o in orgs]


def band_name(band: Any, score: Any = None) -> str:
    """The name of a Skor Kualitas Data band (a row's ``band`` code) in the reader's language."""
    from .settings import band_name as name

    try:
        return name(str(band or ""), None if score is None else float(score), _lang())
    except (TypeError, ValueError):
        return ""


def epss_level_name(level: Any) -> str:
    """The name of an EPSS level 1..5 (a manual EPSS indicator's level, never a quality score)."""
    from .core import epss

    try:
        return epss.level_name(int(level), _lang())
    except (TypeError, ValueError):
        return ""


def bands() -> list[dict]:
    """The bands of the Skor Kualitas Data, lowest first: ``code``, ``min_score``, ``name``."""
    from .settings import config

    return [
        {"code": b.code, "rank": b.rank, "min_score": b.min_score, "name": b.label(_lang())}
        for b in config().bands
    ]


def actor(user_name: str | None) -> str:
    """Who started a run, as a person reads it: the portal's own (site) user is "the portal"."""
    from . import settings

    if not user_name:
        return ""
    if user_name == settings.site_user():
        return tk._("the portal (automatic)")
    return user_name


def helpers() -> dict[str, Any]:
    return {
        "satudata_assessment_actor": actor,
        "satudata_dataset_assessment": dataset_assessment,
        "satudata_agency_assessment": agency_assessment,
        "satudata_band_name": band_name,
        "satudata_quality_bands": bands,
        "satudata_epss_level_name": epss_level_name,
        "satudata_my_agencies": my_agencies,
        "satudata_charts_available": charts.available,
    }
