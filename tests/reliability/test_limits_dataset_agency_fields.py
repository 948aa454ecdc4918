"""Finding 7 (#13), datasets and agencies: every text field has a limit; an over-long dataset or organization field, a 1 MB title, an organization date out of range and a bad manual indicator are 4xx field errors in Indonesian, never a 500, and nothing is stored."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from .conftest import complete_dataset_fields
from .fuzz_inputs import _counts
from .limits_requests import TOO_LONG, api, client, refused

__all__ = ["client"]  # fixtures, imported for this module


def _schema(name: str) -> dict:
    text = resources.files("ckanext.satudata.schemas").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


def _limit(field: dict) -> int | None:
    match = re.search(r"satudata_max_length\((\d+)\)", field.get("validators") or "")
    return int(match.group(1)) if match else None


def dataset_text_fields() -> list[tuple[str, str, int | None]]:
    """``(where, field, limit)`` of every text field of the dataset schema."""
    schema = _schema("dataset.yaml")
    out = []
    for field in schema["dataset_fields"]:
        for sub in field.get("repeating_subfields") or []:
            if "satudata_text" in (sub.get("validators") or ""):
                out.append((field["field_name"], sub["field_name"], _limit(sub)))
        if "satudata_text" in (field.get("validators") or ""):
            out.append(("dataset", field["field_name"], _limit(field)))
    for field in schema["resource_fields"]:
        if "satudata_text" in (field.get("validators") or ""):
            out.append(("resources", field["field_name"], _limit(field)))
    return out


def organization_text_fields() -> list[tuple[str, int | None]]:
    return [
        (f["field_name"], _limit(f))
        for f in _schema("organization.yaml")["fields"]
        if "unicode_safe" in (f.get("validators") or "")
        and "satudata_agency_date" not in f["validators"]
    ]  # dates: a range instead


def test_every_text_field_has_a_limit():
    missing = [f"{w}.{f}" for w, f, n in dataset_text_fields() if n is None]
    missing += [f"organization.{f}" for f, n in organization_text_fields() if n is None]
    assert not missing, f"text fields without satudata_max_length: {missing}"


@pytest.mark.parametrize(
    "where,field,maximum",
    [c for c in dataset_text_fields() if c[1:] != ("owner_org", 100)],
    ids=lambda v: str(v),
)
def test_an_over_long_dataset_field_is_a_field_error(world, client, where, field, maximum):
    """The agency's editor sends every text field one character over its limit."""
    data = complete_dataset_fields(
        owner_org=world.org_a["id"],
        title="Dataset panjang",
        name=f"panjang-{where}-{field}".replace("_", "-"),
    )
    value = "http://x.example/" + "a" * maximum if field == "url" else "a" * (maximum + 1)
    if where == "dataset":
        data[field] = value
    else:
        data[where][0][field] = value
    before = _counts()
    response = api(client, world, "editor", "package_create", **data)
    key = field if where == "dataset" else where
    refused(response, key, TOO_LONG.format(max=maximum), before)


def test_a_1mb_title_is_refused_not_a_database_error(world, client):
    data = complete_dataset_fields(
        owner_org=world.org_a["id"], name="judul-1mb", title="J" * 1_000_000
    )
    before = _counts()
    refused(
        api(client, world, "editor", "package_create", **data),
        "title",
        TOO_LONG.format(max=500),
        before,
    )


@pytest.mark.parametrize("field,maximum", list(organization_text_fields()), ids=lambda v: str(v))
def test_an_over_long_organization_field_is_a_field_error(world, client, field, maximum):
    data = {
        "name": "instansi-panjang",
        "title": "Instansi panjang",
        "agency_code": "instansi-panjang",
        "agency_type": "dinas",
        field: ("http://x.example/" + "a" * maximum) if field == "url" else "a" * (maximum + 1),
    }
    before = _counts()
    refused(
        api(client, world, "sysadmin", "organization_create", **data),
        field,
        TOO_LONG.format(max=maximum),
        before,
    )


def test_an_organization_date_out_of_range_is_a_field_error(world, client):
    before = _counts()
    response = api(
        client,
        world,
        "sysadmin",
        "organization_create",
        name="instansi-tanggal",
        title="Instansi",
        agency_code="instansi-tanggal",
        agency_type="dinas",
        agreement_number="PKS 1",
        agreement_date="2024-01-01",
        agreement_valid_until="9999-12-31",
    )
    refused(response, "agreement_valid_until", "Masukkan tanggal antara 1945-01-01", before)


@pytest.mark.parametrize(
    "field,value",
    [
        ("level", True),
        ("level", 1.5),
        ("level", "1.5"),
        ("level", 0),
        ("level", "6"),
        ("level", [1]),
        ("evidence", "e" * 2001),
        ("epss_code", 5),
    ],
)
def test_a_bad_manual_indicator_is_a_field_error(world, client, field, value):
    from ckanext.satudata.assessment.core import agency_score

    code = agency_score.DEFAULT_MANUAL_CODES[0]  # an indicator entered per OPD
    body = {
        "org_id": world.org_a["id"],
        "epss_code": code,
        "level": 3,
        "evidence": "SK Bupati 12/2026",
        field: value,
    }
    before = _counts()
    expected = {
        "level": "1 sampai 5",
        "evidence": TOO_LONG.format(max=2000),
        "epss_code": "Harus berupa teks",
    }[field]
    refused(
        api(client, world, "walidata", "satudata_manual_indicator_set", **body),
        field,
        expected,
        before,
    )
