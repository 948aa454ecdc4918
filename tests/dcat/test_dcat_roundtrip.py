"""Round trip: dataset dict -> RDF (euro_dcat_ap_3 + satudata) -> dataset dict, field for field.

A property-based test (hypothesis) over generated Satu Data datasets, in every feed format
(Turtle, RDF/XML, JSON-LD), in-process with ckanext-dcat's own RDFSerializer / RDFParser and
the profiles of the running configuration (test.ini).

Equality is exact for every Satu Data field of docs/architecture.md, with two documented
normalisations: an empty value ("", None, []) equals a missing one, and the set-valued fields
``urusan``, ``area_codes``, the tags and the kegiatan's multiple choices compare as sorted lists (RDF has no order for them;
the parser returns them sorted). Variables, indicators and resources keep their order
(``qb:order`` / ``schema:position``).
"""

from __future__ import annotations

import datetime
import os
import string
import tempfile
import uuid

import yaml
from ckanext.dcat.processors import RDFParser, RDFSerializer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from satudata_testing import complete_dataset_fields, complete_kegiatan_fields

from ckanext.satudata.agencies.core.registry import AGENCY_TYPES
from ckanext.satudata.dcat import vocab
from ckanext.satudata.dcat.fields import (
    DATASET_INT_FIELDS,
    DATASET_LIST_FIELDS,
    DATASET_TEXT_FIELDS,
    INDICATOR_FIELDS,
    RESOURCE_FIELDS,
    VARIABLE_FIELDS,
)
from ckanext.satudata.metadata import codelists, kegiatan_rules

# Hypothesis' caches go to /tmp, not into the work tree.
set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "satudata-hypothesis"))

PROFILES = ["euro_dcat_ap_3", "satudata"]
FORMATS = ["ttl", "xml", "jsonld"]

# Text as people type it: any letters, digits, punctuation, spaces and newlines (no control,
# surrogate or unassigned characters, which no RDF syntax carries), already trimmed.
_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), whitelist_characters="\n"
)
text = st.text(_chars, min_size=1, max_size=40).map(str.strip).filter(bool)
maybe_text = st.one_of(st.just(""), text)
slug = st.text(string.ascii_lowercase + string.digits + "-_", min_size=2, max_size=30).filter(
    lambda s: s[0].isalnum()
)


def codes(name: str) -> list[str]:
    return sorted(codelists.codes(name))


def code(name: str):
    return st.sampled_from(codes(name))


def maybe_code(name: str):
    return st.one_of(st.just(""), code(name))


variables = st.fixed_dictionaries(
    {
        "name": text,
        "alias": maybe_text,
        "concept": maybe_text,
        "definition": maybe_text,
        "unit": maybe_text,
        "data_type": maybe_code("data_type"),
        "reference_period": maybe_text,
        "value_classification": maybe_text,
        "validation_rule": maybe_text,
        "selection_reference": maybe_text,
        "question": maybe_text,
        "public_access": maybe_code("yes_no"),
    }
)
indicators = st.fixed_dictionaries(
    {
        "name": text,
        "concept": maybe_text,
        "definition": maybe_text,
        "interpretation": maybe_text,
        "formula": maybe_text,
        "unit": maybe_text,
        "reference_period": maybe_text,
        "composite": maybe_code("composite"),
        "builder_variables": maybe_text,
        "estimation_level": maybe_code("estimation_level"),
        "builder_indicators": maybe_text,
        "builder_publication": maybe_text,
        "measure": maybe_text,
        "presentation_classification": maybe_text,
        "cumulative": maybe_code("yes_no"),
        "public_access": maybe_code("yes_no"),
    }
)
resources = st.fixed_dictionaries(
    {
        "name": text,
        "description": maybe_text,
        "format": code("format"),
        "data_period": maybe_text,
        "columns_description": maybe_text,
        "language": maybe_code("language"),
    }
)
organizations = st.fixed_dictionaries(
    {"name": slug, "title": text, "agency_code": slug, "agency_type": st.sampled_from(AGENCY_TYPES)}
)
years = st.integers(min_value=1945, max_value=2100)
days = st.dates(min_value=datetime.date(1945, 1, 1), max_value=datetime.date(2100, 12, 31)).map(
    datetime.date.isoformat
)


def _ms_keg_item(field: str, kind: str):
    """A strategy for one MS-Keg item of the kegiatan schema, by its kind."""
    codelist = kegiatan_rules.codelist_of(field)
    if kind == "code":
        return maybe_code(codelist)
    if kind == "codes":
        return st.lists(code(codelist), max_size=3, unique=True).map(sorted)
    if kind == "int":
        return st.one_of(st.none(), st.integers(min_value=0, max_value=1_000_000))
    if kind == "date":
        return st.one_of(st.just(""), days)
    if kind == "rows":
        row = st.fixed_dictionaries(dict.fromkeys(kegiatan_rules.variable_subfields(), maybe_text))
        return st.lists(row.map(lambda r: dict(r, name=r["name"] or "v")), max_size=3)
    return maybe_text


# Every MS-Keg item of the linked kegiatan, as metadata's ms_keg_items() hands them over (the
# agency's name and the record's slug are not carried: the publisher and the page say them).
kegiatan_records = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "id": st.uuids().map(str),
            "year": years,
            **{
                field: _ms_keg_item(field, kind)
                for field, kind in kegiatan_rules.field_kinds().items()
                if field not in ("owner_org", "name", "year")
            },
        }
    ),
)


@st.composite
def datasets(draw) -> dict:
    start = draw(years)
    org = draw(organizations)
    org["id"] = str(uuid.UUID(int=draw(st.integers(0, 2**64))))
    dataset_id = str(uuid.UUID(int=draw(st.integers(0, 2**64))))
    res = draw(st.lists(resources, max_size=3))
    for position, resource in enumerate(res):
        resource["id"] = str(uuid.uuid4())
        resource["package_id"] = dataset_id
        resource["url"] = f"https://data.example.org/{dataset_id}/{position}.csv"
    tags = draw(
        st.lists(
            st.text(string.ascii_lowercase + string.digits + " -_.", min_size=2, max_size=20)
            .map(str.strip)
            .filter(lambda t: len(t) > 1),
            max_size=4,
            unique=True,
        )
    )
    dataset = {
        "id": dataset_id,
        "type": "dataset",
        "name": draw(slug),
        "title": draw(text),
        "title_en": draw(maybe_text),
        "notes": draw(text),
        "notes_en": draw(maybe_text),
        "tags": [{"name": t} for t in tags],
        "license_id": draw(st.sampled_from(sorted(vocab.LICENSE_TO_EU))),
        "owner_org": org["id"],
        "organization": org,
        "maintainer": draw(maybe_text),
        "maintainer_email": draw(
            st.one_of(st.just(""), slug.map(lambda s: s + "@bekasikab.go.id"))
        ),
        "topic": draw(code("topic")),
        "urusan": draw(st.lists(code("urusan"), min_size=1, max_size=4, unique=True)),
        "frequency": draw(code("frequency")),
        "year_start": start,
        "year_end": draw(st.integers(min_value=start, max_value=2100)),
        "presentation_level": draw(code("presentation_level")),
        "area_codes": draw(st.lists(code("area"), min_size=1, max_size=5, unique=True)),
        "unit": draw(maybe_text),
        "data_source": draw(maybe_text),
        "collection_method": draw(code("collection_method")),
        "classification": draw(code("classification")),
        "reference_number": draw(maybe_text),
        "sds_code": draw(
            st.one_of(st.just(""), st.from_regex(r"SP\d{5}\.\d{2}\.\d{2}", fullmatch=True))
        ),
        "agreed_item": draw(st.one_of(st.just(""), st.uuids().map(str))),
        "measure": draw(maybe_text),
        "kegiatan_record": draw(kegiatan_records),
        "variables": draw(st.lists(variables, min_size=1, max_size=4)),
        "indicators": draw(st.lists(indicators, max_size=3)),
        "resources": res,
        "metadata_created": "2024-01-01T00:00:00",
        "metadata_modified": "2024-06-01T00:00:00",
    }
    if draw(st.booleans()):
        dataset["satudata_score"] = draw(st.floats(min_value=0, max_value=100, allow_nan=False))
        dataset["satudata_band"] = draw(
            st.sampled_from(["belum_layak", "perlu_perbaikan", "hampir_siap", "siap_pakai"])
        )
        dataset["satudata_assessed_at"] = draw(st.datetimes()).isoformat()
    return dataset


def _empty(value) -> bool:
    return value in (None, "", [], {})


def normalise(d: dict) -> dict:
    """The Satu Data fields of a dataset dict, in the comparable form described above."""
    out = {}
    for key in DATASET_TEXT_FIELDS + DATASET_INT_FIELDS:
        out[key] = None if _empty(d.get(key)) else d.get(key)
    for key in DATASET_LIST_FIELDS:
        out[key] = sorted(d.get(key) or [])
    out["tags"] = sorted(t["name"] for t in d.get("tags") or [])
    out["variables"] = [
        {k: v.get(k) or None for k in VARIABLE_FIELDS} for v in d.get("variables") or []
    ]
    out["indicators"] = [
        {k: v.get(k) or None for k in INDICATOR_FIELDS} for v in d.get("indicators") or []
    ]
    out["resources"] = [
        {k: r.get(k) or None for k in RESOURCE_FIELDS} for r in d.get("resources") or []
    ]
    out["agency"] = {
        k: (d.get("organization") or {}).get(k) or None
        for k in ("title", "agency_code", "agency_type")
    }
    for key in ("satudata_score", "satudata_band", "satudata_assessed_at"):
        out[key] = d.get(key)
    # the kegiatan's multiple choices are sets too (sorted); its 3.4 variables keep their order
    out["kegiatan_record"] = {
        k: sorted(v) if isinstance(v, list) and all(isinstance(x, str) for x in v) else v
        for k, v in (d.get("kegiatan_record") or {}).items()
        if not _empty(v)
    }
    return out


def round_trip(dataset: dict, fmt: str) -> dict:
    serializer = RDFSerializer(profiles=PROFILES)
    data = serializer.serialize_dataset(dataset, _format=fmt)
    parser = RDFParser(profiles=PROFILES)
    parser.parse(data, _format=fmt)
    parsed = list(parser.datasets())
    assert len(parsed) == 1
    return parsed[0]


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(dataset=datasets(), fmt=st.sampled_from(FORMATS))
def test_every_satu_data_field_survives_the_round_trip(dataset, fmt):
    parsed = round_trip(dataset, fmt)
    assert normalise(parsed) == normalise(dataset)


def test_the_complete_dataset_of_the_shared_builder_round_trips():
    dataset = complete_dataset_fields(
        id=str(uuid.uuid4()),
        name="penduduk-per-kecamatan",
        title="Penduduk per Kecamatan",
        owner_org="org-1",
        reference_number="WD-2024/001",
        sds_code="SP00055.00.00",
        agreed_item=str(uuid.uuid4()),
        kegiatan_record={
            k: v
            for k, v in complete_kegiatan_fields(
                id=str(uuid.uuid4()), title="Kompilasi Data Kependudukan"
            ).items()
            if k not in ("type", "owner_org", "name")
        },
        organization={
            "id": "org-1",
            "name": "disdukcapil",
            "title": "Disdukcapil",
            "agency_code": "disdukcapil",
            "agency_type": "dinas",
        },
        tags=[{"name": "penduduk"}, {"name": "kependudukan"}],
        satudata_score=87.5,
        satudata_band="siap_pakai",
        satudata_assessed_at="2024-11-23T10:00:00",
    )
    dataset.pop("tag_string")
    for i, resource in enumerate(dataset["resources"]):
        resource.update(id=f"res-{i}", package_id=dataset["id"])
    for fmt in FORMATS:
        parsed = round_trip(dataset, fmt)
        assert normalise(parsed) == normalise(dataset), fmt
        # The local publisher URI gives the owner back; the score is readable.
        assert parsed["owner_org"] == "org-1"
        assert parsed["satudata_score"] == 87.5


def test_every_schema_field_is_mapped():
    """A field added to schemas/dataset.yaml must be mapped by the profile (and so be covered by
    the round trip above): this fails until dcat/profile.py knows it."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(
        os.path.join(root, "ckanext", "satudata", "schemas", "dataset.yaml"), encoding="utf-8"
    ) as stream:
        schema = yaml.safe_load(stream)
    mapped = set(DATASET_TEXT_FIELDS + DATASET_INT_FIELDS + DATASET_LIST_FIELDS) | {
        "kegiatan",  # written as the kegiatan's MS-Keg items, read back as kegiatan_record
        "tag_string",
        "variables",
        "indicators",
    }
    dataset_fields = {f["field_name"] for f in schema["dataset_fields"]}
    assert dataset_fields - mapped == set()
    subfields = {
        f["field_name"]: {s["field_name"] for s in f["repeating_subfields"]}
        for f in schema["dataset_fields"]
        if "repeating_subfields" in f
    }
    assert subfields == {"variables": set(VARIABLE_FIELDS), "indicators": set(INDICATOR_FIELDS)}
    assert {f["field_name"] for f in schema["resource_fields"]} - set(RESOURCE_FIELDS) == set()


def test_a_plain_dcat_ap_feed_of_another_portal_parses_without_satu_data_fields():
    """Harvesting a portal without the satudata profile: the DCAT-AP fields come through, the
    Satu Data fields are empty, nothing is invented."""
    dataset = {
        "id": str(uuid.uuid4()),
        "name": "air-bersih",
        "title": "Air Bersih",
        "notes": "Cakupan layanan air bersih.",
        "tags": [{"name": "air"}],
        "license_id": "cc-by",
        "frequency": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
        "resources": [
            {
                "id": "r1",
                "package_id": "p",
                "url": "https://example.org/air.csv",
                "name": "Air",
                "format": "CSV",
            }
        ],
    }
    data = RDFSerializer(profiles=["euro_dcat_ap_3"]).serialize_dataset(dataset, _format="ttl")
    parser = RDFParser(profiles=PROFILES)
    parser.parse(data, _format="ttl")
    [parsed] = list(parser.datasets())
    assert parsed["title"] == "Air Bersih"
    assert parsed["notes"] == "Cakupan layanan air bersih."
    assert [t["name"] for t in parsed["tags"]] == ["air"]
    assert parsed["frequency"] == "tahunan"  # the EU URI maps back to the slug
    assert parsed["resources"][0]["url"] == "https://example.org/air.csv"
    assert parsed["resources"][0]["format"] == "CSV"
    for key in (
        "topic",
        "classification",
        "presentation_level",
        "collection_method",
        "sds_code",
        "unit",
        "data_source",
    ):
        assert parsed[key] == "", key
    assert parsed["urusan"] == parsed["area_codes"] == parsed["variables"] == []
    assert parsed["year_start"] is None
    assert "satudata_score" not in parsed
