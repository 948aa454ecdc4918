"""Template helpers of the assessment capability."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


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


def level_name(level: Any) -> str:
    from .core import epss

    try:
        return epss.level_name(int(level), _lang())
    except (TypeError, ValueError):
        return ""


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
        "satudata_level_name": level_name,
    }
