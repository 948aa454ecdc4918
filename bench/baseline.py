"""The baseline configuration of the plugin-overhead benchmark: stock CKAN + ckanext-scheming
with *the same schema* but without the ``satudata`` plugin.

The Satu Data schemas name validators and choice helpers that the plugin registers
(``satudata_code``, ``satudata_codelist_choices``...), so stock scheming cannot load them as
they are. The baseline therefore derives, at run time, a copy of ``schemas/dataset.yaml`` and
``schemas/organization.yaml`` with the same fields, the same required flags and the same
choices, in which each of the plugin's validators is replaced by the stock validator that checks
the same thing the stock way (``satudata_code`` -> ``scheming_choices`` over the same code list,
inlined as static ``choices``; ``satudata_year`` -> ``int_validator``...), and what has no stock
equivalent (the cross-field ``after_validators``, agreed-item and agency-code checks) is
dropped. So the ratio charges the plugin with everything it adds over what a stock portal would
do with the same form: its validators' extra logic, its dataset-level checks, its indexing,
show and change hooks (the assessment's enqueue), its permission labels.
"""

from __future__ import annotations

import csv
import os
from typing import Any

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODELISTS = os.path.join(ROOT, "ckanext", "satudata", "metadata", "codelists")
AGENCY_TYPES = ("sekretariat", "inspektorat", "badan", "dinas", "satpol", "rsud", "kecamatan")

# satudata validator -> stock replacement (None: dropped)
REPLACE = {
    "satudata_code": "scheming_choices",
    "satudata_codes": "scheming_multiple_choice",
    "satudata_area_codes": "scheming_multiple_choice",
    "satudata_year": "int_validator",
    "satudata_int_output": None,
    "satudata_agreed_item": None,
    "satudata_agency_type": "scheming_choices",
    "satudata_agency_date": None,
}
PACKAGE = "satudata_bench_baseline"


def _choices(field: dict) -> list[dict] | None:
    name = field.get("satudata_codelist")
    if not name and field.get("field_name") == "agency_type":
        path = os.path.join(CODELISTS, "agency_type.csv")
        if not os.path.exists(path):
            return [{"value": c, "label": c} for c in AGENCY_TYPES]
        name = "agency_type"
    if not name:
        return None
    with open(os.path.join(CODELISTS, f"{name}.csv"), encoding="utf-8", newline="") as f:
        return [
            {"value": row["code"], "label": {"id": row["label_id"], "en": row["label_en"]}}
            for row in csv.DictReader(f)
            if row.get("code")
        ]


def _validators(text: str) -> str:
    out = []
    for token in text.split():
        if token.startswith("satudata_"):
            token = REPLACE.get(token)
            if token is None:
                continue
        out.append(token)
    return " ".join(out)


def _field(field: dict) -> dict:
    field = dict(field)
    for key in ("validators", "output_validators"):
        if key in field:
            value = _validators(str(field[key]))
            if value:
                field[key] = value
            else:
                del field[key]
    helper = field.get("choices_helper", "")
    if helper.startswith("satudata_"):
        del field["choices_helper"]
        choices = _choices(field)
        if choices is not None:
            field["choices"] = choices
    if str(field.get("form_snippet", "")).startswith("satudata/"):
        field.pop("form_snippet")
    if "repeating_subfields" in field:
        field["repeating_subfields"] = [_field(f) for f in field["repeating_subfields"]]
    return field


def derive(schema: dict) -> dict:
    schema = dict(schema)
    schema.pop("after_validators", None)
    for key in ("dataset_fields", "resource_fields", "fields"):
        if key in schema:
            schema[key] = [_field(f) for f in schema[key]]
    return schema


def write(out_dir: str) -> str:
    """Write the derived schemas as an importable package under ``out_dir``; returns the
    package name (``scheming.*_schemas = <package>:dataset.yaml``)."""
    pkg = os.path.join(out_dir, PACKAGE)
    os.makedirs(pkg, exist_ok=True)
    open(os.path.join(pkg, "__init__.py"), "w").close()
    for name in ("dataset.yaml", "organization.yaml"):
        with open(
            os.path.join(ROOT, "ckanext", "satudata", "schemas", name), encoding="utf-8"
        ) as f:
            schema = yaml.safe_load(f)
        with open(os.path.join(pkg, name), "w", encoding="utf-8") as f:
            yaml.safe_dump(derive(schema), f, allow_unicode=True, sort_keys=False)
    return PACKAGE


def unresolved(schema: dict) -> list[str]:
    """satudata names left in a derived schema (must be empty)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("validators", "output_validators", "choices_helper", "after_validators"):
                    found.extend(t for t in str(v).split() if t.startswith("satudata_"))
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    return found
