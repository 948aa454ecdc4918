"""Search-index preparation and facet definitions (pure).

CKAN indexes scheming fields from the dataset's extras: single-valued codes such as
``topic`` land in Solr's catch-all ``*`` string field and can be faceted as they are.
Multi-valued codes arrive as JSON strings, so they are copied here into multi-valued
``vocab_*`` string fields (``vocab_urusan``, ``vocab_area_codes``) and the years covered
into ``vocab_year``. Repeating subfields are indexed by their names only
(``vocab_variables``, ``vocab_indicators``); their full text stays searchable through the
``extras_*`` text fields, and the raw JSON is left out of the catch-all string field, where a long
list would exceed Solr's 32766-byte term limit.
"""

from __future__ import annotations

import json
from typing import Any

from . import rules
from .rules import N_

# (solr field, English msgid of its title, code list used for item labels or None)
FACETS = (
    ("organization", N_("Producing agency"), None),
    ("topic", N_("Topic"), "topic"),
    ("vocab_urusan", N_("Government affairs"), "urusan"),
    ("frequency", N_("Frequency"), "frequency"),
    ("vocab_year", N_("Year"), None),
    ("presentation_level", N_("Level of presentation"), "presentation_level"),
    ("vocab_area_codes", N_("Area"), "area"),
)
# the facets of /kegiatan (the Kegiatan Statistik records)
KEGIATAN_FACETS = (
    ("organization", N_("Organizing agency"), None),
    ("topic", N_("Topic"), "topic"),
    ("collection_method", N_("Collection method"), "collection_method"),
    ("frequency", N_("Frequency"), "frequency"),
    ("vocab_year", N_("Year"), None),
)
FACET_CODELIST = {f: cl for f, _t, cl in FACETS + KEGIATAN_FACETS}
MULTI_FIELDS = {"urusan": "vocab_urusan", "area_codes": "vocab_area_codes"}
REPEATING_FIELDS = ("variables", "indicators")


def _load_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def prepare_index(data: dict) -> dict:
    """Mutate and return the dict CKAN is about to send to Solr."""
    for field, solr_field in MULTI_FIELDS.items():
        values = rules.as_list(data.get(field) or data.get("extras_" + field))
        if values:
            data[solr_field] = values
        if isinstance(data.get(field), (list, tuple)):
            data[field] = json.dumps(list(data[field]))
    years = rules.years_covered(
        data.get("year_start") or data.get("year"), data.get("year_end") or data.get("year")
    )
    if years:
        data["vocab_year"] = [str(y) for y in years]
    for field in REPEATING_FIELDS:
        value = _load_json(data.get(field))
        if isinstance(value, list):
            names = [
                str(v.get("name")).strip() for v in value if isinstance(v, dict) and v.get("name")
            ]
            if names:
                data["vocab_" + field] = names
        data.pop(field, None)
    if isinstance(data.get("kegiatan"), str) and data["kegiatan"]:
        data["vocab_kegiatan"] = [data["kegiatan"]]  # a kegiatan page lists its datasets
    return data
