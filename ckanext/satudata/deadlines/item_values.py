"""What an agreed item may hold: its description fields checked for the action and the form
alike (lengths, years, text), or a translated ValidationError."""

from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk

from ckanext.satudata.metadata.api import limits, rules

from .core import frequency as freq
from .core import release

log = logging.getLogger(__name__)


def validate_item_values(data: dict, period_year: int) -> dict:
    """The description fields of an item (action and form alike), or ValidationError.
    ``period_year`` bounds the release date (jadwal rilis)."""
    errors = {}
    texts = {}
    for key in ("title", "indicator", "notes"):
        raw = "" if data.get(key) is None else data.get(key)
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            texts[key], errors[key] = "", [tk._("Must be text")]
            continue
        texts[key] = str(raw).strip()
        problem = rules.check_text(texts[key]) or limits.check_field("item", key, texts[key])
        if problem:
            errors[key] = [problem.render(tk._)]
    title, indicator = texts["title"], texts["indicator"]
    if not title and not indicator and "title" not in errors:
        errors["title"] = [tk._("Missing value")]
    frequency = str(data.get("frequency") or "tahunan").strip()
    if frequency not in freq.SLUGS:
        errors["frequency"] = [tk._("Unknown frequency")]
    years = {}
    for key in ("year_start", "year_end"):
        raw = data.get(key)
        if raw in (None, ""):
            years[key] = None
            continue
        if rules.parse_year(raw) is None or isinstance(raw, bool):
            errors[key] = [tk._("Enter a year")]
            continue
        problem = rules.check_year(raw)  # the dataset's own years: 1945 to next 5 years
        if problem:
            errors[key] = [problem.render(tk._)]
            continue
        years[key] = rules.parse_year(raw)
    if years.get("year_start") and not years.get("year_end") and "year_end" not in errors:
        years["year_end"] = years["year_start"]
    if (
        years.get("year_start")
        and years.get("year_end")
        and years["year_start"] > years["year_end"]
    ):
        errors["year_end"] = [tk._("The first year must not be later than the last year")]
    release_date, problem = release.parse(data.get("release_date"), period_year)
    if problem == "format":
        errors["release_date"] = [tk._("Enter a date as YYYY-MM-DD")]
    elif problem == "range":
        lo, hi = release.bounds(period_year)
        errors["release_date"] = [
            tk._("Enter a date from {min} to {max}").format(min=lo.isoformat(), max=hi.isoformat())
        ]
    if errors:
        raise tk.ValidationError(errors)
    return {
        "release_date": release_date,
        "title": title or indicator,
        "indicator": indicator,
        "frequency": frequency,
        "notes": texts["notes"],
        **years,
    }
