"""The static inputs of the indicators, read from the metadata capability's pure modules: the
schema marks (``satudata_mark`` in ckanext/satudata/schemas/dataset.yaml), the code lists and the format list
(pure; cached by those modules)."""

from __future__ import annotations

import functools

from ckanext.satudata.metadata.api import codelists, fieldmarks, kegiatan_rules


# The schemas are read once per process, so their marks are too (every dataset of a run asks).
@functools.lru_cache(maxsize=1)
def marks() -> dict[str, str]:
    return fieldmarks.all_marks()


@functools.lru_cache(maxsize=1)
def kegiatan_marks() -> dict[str, str]:
    """Marks of the Kegiatan Statistik record (MS-Keg, schemas/kegiatan.yaml)."""
    return kegiatan_rules.marks()


@functools.lru_cache(maxsize=1)
def codelist_map() -> dict[str, frozenset]:
    return {name: codelists.codes(name) for name in codelists.names()}


@functools.lru_cache(maxsize=1)
def formats_map() -> dict[str, tuple[bool, bool]]:
    out = {}
    for e in codelists.load("format"):
        out[e.code.upper()] = (e.get("open") == "true", e.get("machine_readable") == "true")
    return out


@functools.lru_cache(maxsize=1)
def area_names() -> tuple[str, ...]:
    return tuple(e.label_id for e in codelists.load("area"))


@functools.lru_cache(maxsize=1)
def field_labels() -> dict[str, dict[str, str]]:
    """``{name | variables.name | resource.name: {id, en}}`` from the schema's labels."""
    schema = fieldmarks.load_schema()
    out: dict[str, dict[str, str]] = {}

    def put(key: str, f: dict) -> None:
        lbl = f.get("label")
        if isinstance(lbl, dict):
            out[key] = {
                "id": lbl.get("id") or lbl.get("en") or key,
                "en": lbl.get("en") or lbl.get("id") or key,
            }
        elif lbl:
            out[key] = {"id": str(lbl), "en": str(lbl)}

    for f in schema.get("dataset_fields", []):
        put(f["field_name"], f)
        for sub in f.get("repeating_subfields", []):
            put(f"{f['field_name']}.{sub['field_name']}", sub)
    for f in schema.get("resource_fields", []):
        put(f"resource.{f['field_name']}", f)
    # the MS-Keg items of the Kegiatan Statistik record (named in the activity check's
    # findings); a name the dataset schema also has keeps the dataset's label
    dataset_labels = dict(out)
    for f in fieldmarks.load_schema(str(kegiatan_rules.SCHEMA_PATH)).get("dataset_fields", []):
        if f["field_name"] not in dataset_labels:
            put(f["field_name"], f)
    return out


@functools.lru_cache(maxsize=1)
def area_codes() -> frozenset:
    """The Kemendagri codes of the portal's area list (32.16, its kecamatan and desa/kelurahan)."""
    return frozenset(codelists.codes("area"))
