"""Reading a register file (pure): YAML (dates stay text, so a bad date is a row error, not a
crash) or CSV, into raw rows with the flat field names."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

import yaml

from .register_model import RowError, _text


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: ``date: 2023-02-30`` stays the text it was written
    as, so the row's date check reports it (PyYAML's own conversion raised ValueError)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(text: str) -> tuple[list[Any], str, list[RowError]]:
    try:
        data = yaml.load(text, Loader=_Loader)
    except (yaml.YAMLError, ValueError, RecursionError) as e:
        return [], "", [RowError(0, "", f"not valid YAML: {e}")]
    if isinstance(data, list):
        return data, "", []
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        return [], "", [RowError(0, "agencies", "the file needs a top-level 'agencies' list")]
    return data["agencies"], _text(data.get("walidata")), []


def _read_csv(text: str) -> tuple[list[Any], str, list[RowError]]:
    if "\x00" in text:
        return [], "", [RowError(0, "", "the file contains a NUL character")]
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        records = list(reader)
    except csv.Error as e:
        return [], "", [RowError(0, "", f"not valid CSV: {e}")]
    if not reader.fieldnames or "code" not in [f.strip() for f in reader.fieldnames]:
        return [], "", [RowError(0, "code", "the CSV header needs a 'code' column")]
    rows: list[Any] = []
    for rec in records:
        extra = rec.pop(None, None)  # type: ignore[call-overload]
        row = {(k or "").strip(): v for k, v in rec.items()}
        if extra:
            row["_extra_columns"] = extra
        emails = [e.strip() for e in _text(row.pop("admin_emails", "")).split(";") if e.strip()]
        names = [n.strip() for n in _text(row.pop("admin_names", "")).split(";")]
        if emails:
            row["admins"] = [
                {"email": e, **({"name": names[i]} if i < len(names) and names[i] else {})}
                for i, e in enumerate(emails)
            ]
        rows.append(row)
    return rows, "", []


_ALIASES = {
    "kind": "type",
    "agency_type": "type",
    "wilayah_code": "area_code",
    "parent": "parent_code",
    "agency_status": "status",
    "title": "name",
    "agency_code": "code",
}


def _flatten(raw: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        key = _ALIASES.get(str(key).strip(), str(key).strip())
        if key == "contact" and isinstance(value, Mapping):
            for k, v in value.items():
                flat["address" if k == "address" else f"contact_{k}"] = v
        elif key == "sk" and isinstance(value, Mapping):
            for k, v in value.items():
                flat[f"sk_{k}"] = v
        elif key == "agreement" and isinstance(value, Mapping):
            for k, v in value.items():
                flat[f"agreement_{k}"] = v
        elif key in ("sk", "agreement", "contact") and value in (None, ""):
            continue
        else:
            flat[key] = value
    return flat


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False
