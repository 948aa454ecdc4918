"""The Satu Data fields the ``satudata`` RDF profile writes and reads, and the small value
helpers both directions share (pure: no ``ckan`` import)."""

from __future__ import annotations

import json
from typing import Any

#: ``vcard:role`` of the walidata's contact point (to tell it from the agency's on parsing)
WALIDATA_ROLE = "walidata"

DATASET_TEXT_FIELDS = (
    "title",
    "title_en",
    "notes",
    "notes_en",
    "name",
    "license_id",
    "owner_org",
    "maintainer",
    "maintainer_email",
    "topic",
    "frequency",
    "presentation_level",
    "unit",
    "data_source",
    "collection_method",
    "classification",
    "reference_number",
    "sds_code",
    "agreed_item",
    "measure",
)
DATASET_INT_FIELDS = ("year_start", "year_end")
DATASET_LIST_FIELDS = ("urusan", "area_codes")
VARIABLE_FIELDS = (
    "name",
    "alias",
    "concept",
    "definition",
    "unit",
    "data_type",
    "reference_period",
    "value_classification",
    "validation_rule",
    "selection_reference",
    "question",
    "public_access",
)
INDICATOR_FIELDS = (
    "name",
    "concept",
    "definition",
    "interpretation",
    "formula",
    "unit",
    "reference_period",
    "composite",
    "builder_variables",
    "estimation_level",
    "builder_indicators",
    "builder_publication",
    "measure",
    "presentation_classification",
    "cumulative",
    "public_access",
)
RESOURCE_FIELDS = (
    "url",
    "name",
    "description",
    "format",
    "data_period",
    "columns_description",
    "language",
)


def clean_text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def as_list(value: Any) -> list[str]:
    """A list field as CKAN may hand it over: a list, a JSON list or a comma-separated string."""
    if value in (None, ""):
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v).strip() for v in value if clean_text(v)]
    text = str(value).strip()
    if text.startswith("["):
        try:
            return [str(v).strip() for v in json.loads(text) if clean_text(v)]
        except ValueError:
            pass
    return [part.strip() for part in text.split(",") if part.strip()]


def subfield_items(value: Any) -> list[dict]:
    """The items of a repeating subfield (MS-Var variables, MS-Ind indicators)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [item for item in (value or []) if isinstance(item, dict)]


def year_of(value: Any) -> int | None:
    try:
        return int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return None
