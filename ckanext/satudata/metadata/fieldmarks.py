"""Field marks read from the scheming dataset schema (pure).

Every field of ``ckanext/satudata/schemas/dataset.yaml`` (dataset, resource and repeating subfields)
carries ``satudata_mark: required | recommended | optional``. This module is the only
reader of that key; other capabilities ask it instead of keeping their own list.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

MARKS = ("required", "recommended", "optional")
MARK_KEY = "satudata_mark"


SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "dataset.yaml"


class SchemaMarkError(ValueError):
    pass


@functools.cache
def load_schema(path: str | None = None) -> dict[str, Any]:
    with Path(path or SCHEMA_PATH).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _mark(f: dict[str, Any], where: str) -> str:
    mark = f.get(MARK_KEY)
    if mark not in MARKS:
        raise SchemaMarkError(f"{where}{f.get('field_name')}: {MARK_KEY}={mark!r}")
    return mark


def dataset_marks(schema: dict | None = None) -> dict[str, str]:
    """``{field_name: mark}`` for the dataset fields, in schema order."""
    schema = schema or load_schema()
    return {f["field_name"]: _mark(f, "") for f in schema.get("dataset_fields", [])}


def resource_marks(schema: dict | None = None) -> dict[str, str]:
    schema = schema or load_schema()
    return {f["field_name"]: _mark(f, "resource.") for f in schema.get("resource_fields", [])}


def subfield_marks(field_name: str, schema: dict | None = None) -> dict[str, str]:
    """Marks of the repeating subfields of ``field_name`` (``variables``, ``indicators``)."""
    schema = schema or load_schema()
    for f in schema.get("dataset_fields", []):
        if f["field_name"] == field_name:
            return {
                s["field_name"]: _mark(s, field_name + ".")
                for s in f.get("repeating_subfields", [])
            }
    raise KeyError(field_name)


def repeating_fields(schema: dict | None = None) -> list[str]:
    """The dataset fields with repeating subfields (``variables``, ``indicators``)."""
    schema = schema or load_schema()
    return [
        f["field_name"] for f in schema.get("dataset_fields", []) if f.get("repeating_subfields")
    ]


def all_marks(schema: dict | None = None) -> dict[str, str]:
    """Flat view: ``name``, ``resource.name``, ``variables.name`` ... -> mark."""
    schema = schema or load_schema()
    out = dict(dataset_marks(schema))
    for f in schema.get("dataset_fields", []):
        for s in f.get("repeating_subfields", []):
            out[f"{f['field_name']}.{s['field_name']}"] = _mark(s, f["field_name"] + ".")
    for name, mark in resource_marks(schema).items():
        out[f"resource.{name}"] = mark
    return out


def fields_marked(mark: str, scope: str = "dataset", schema: dict | None = None) -> list[str]:
    """Field names with ``mark`` in ``scope`` (``dataset``, ``resource`` or a
    repeating field name such as ``variables``)."""
    if mark not in MARKS:
        raise ValueError(mark)
    if scope == "dataset":
        marks = dataset_marks(schema)
    elif scope == "resource":
        marks = resource_marks(schema)
    else:
        marks = subfield_marks(scope, schema)
    return [n for n, m in marks.items() if m == mark]


def required_fields(scope: str = "dataset") -> list[str]:
    return fields_marked("required", scope)


def recommended_fields(scope: str = "dataset") -> list[str]:
    return fields_marked("recommended", scope)


def mark_of(field_name: str, scope: str = "dataset") -> str | None:
    if scope == "dataset":
        return dataset_marks().get(field_name)
    if scope == "resource":
        return resource_marks().get(field_name)
    return subfield_marks(scope).get(field_name)
