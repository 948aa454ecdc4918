"""The scheming dataset schema and its field marks (pure)."""

import re
from pathlib import Path

import pytest

from ckanext.satudata.metadata import codelists, fieldmarks, kegiatan_rules, rules

SCHEMA = fieldmarks.load_schema()
ROOT = Path(__file__).resolve().parents[2]

CONTRACT_FIELDS = [
    "title",
    "title_en",
    "name",
    "notes",
    "notes_en",
    "tag_string",
    "license_id",
    "owner_org",
    "maintainer",
    "maintainer_email",
    "topic",
    "urusan",
    "frequency",
    "year_start",
    "year_end",
    "presentation_level",
    "area_codes",
    "unit",
    "measure",
    "data_source",
    "collection_method",
    "classification",
    "reference_number",
    "sds_code",
    "agreed_item",
    "kegiatan",
    "variables",
    "indicators",
]


KEGIATAN_SCHEMA = kegiatan_rules.schema()


def _all_fields():
    for f in KEGIATAN_SCHEMA["dataset_fields"]:
        yield "kegiatan", f
        for s in f.get("repeating_subfields", []):
            yield "kegiatan." + f["field_name"], s
    for f in SCHEMA["dataset_fields"]:
        yield "dataset", f
        for s in f.get("repeating_subfields", []):
            yield f["field_name"], s
    for f in SCHEMA["resource_fields"]:
        yield "resource", f


def test_schema_type_and_contract_field_names():
    assert SCHEMA["dataset_type"] == "dataset"
    assert sorted(f["field_name"] for f in SCHEMA["dataset_fields"]) == sorted(CONTRACT_FIELDS)
    subs = {
        f["field_name"]: [s["field_name"] for s in f.get("repeating_subfields", [])]
        for f in SCHEMA["dataset_fields"]
    }
    assert subs["variables"] == [
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
    ]
    assert subs["indicators"] == [
        "name",
        "concept",
        "definition",
        "interpretation",
        "formula",
        "unit",
        "reference_period",
        "composite",
        "builder_variables",
        "builder_indicators",
        "builder_publication",
        "measure",
        "presentation_classification",
        "cumulative",
        "public_access",
        "estimation_level",
    ]
    assert [f["field_name"] for f in SCHEMA["resource_fields"]] == [
        "url",
        "name",
        "description",
        "format",
        "data_period",
        "columns_description",
        "language",
    ]


@pytest.mark.parametrize(
    "scope,field", list(_all_fields()), ids=lambda v: v if isinstance(v, str) else v["field_name"]
)
def test_every_field_is_marked_labelled_in_both_languages(scope, field):
    assert field[fieldmarks.MARK_KEY] in fieldmarks.MARKS
    assert set(field["label"]) == {"id", "en"}
    for key in ("help_text", "form_placeholder", "repeating_label", "satudata_section"):
        if key in field:
            assert set(field[key]) == {"id", "en"}, key
    # the mark and the enforcement agree
    assert bool(field.get("required")) == (field[fieldmarks.MARK_KEY] == "required")
    if field.get("satudata_codelist"):
        assert field["satudata_codelist"] in codelists.names()
        assert field["choices_helper"] == "satudata_codelist_choices"


def test_long_lists_are_searchable_selects():
    by_name = {f["field_name"]: f for f in SCHEMA["dataset_fields"]}
    for name in ("urusan", "area_codes"):
        assert by_name[name]["preset"] == "multiple_select"
        # the searchable code select (code and name in the page's language, test_metadata_browser)
        assert by_name[name]["form_snippet"] == "satudata/metadata/form_snippets/code_select.html"


def test_fieldmarks_api():
    assert "owner_org" in fieldmarks.required_fields()
    assert "classification" in fieldmarks.required_fields()
    assert "tag_string" in fieldmarks.recommended_fields()
    assert fieldmarks.mark_of("reference_number") == "optional"
    assert fieldmarks.mark_of("name", "variables") == "required"
    assert fieldmarks.mark_of("format", "resource") == "recommended"
    marks = fieldmarks.all_marks()
    assert marks["indicators.builder_variables"] == "recommended"
    assert marks["resource.url"] == "required"
    with pytest.raises(ValueError):
        fieldmarks.fields_marked("mandatory")


def test_a_missing_mark_is_an_error():
    bad = {"dataset_fields": [{"field_name": "x"}], "resource_fields": []}
    with pytest.raises(fieldmarks.SchemaMarkError):
        fieldmarks.dataset_marks(bad)


def _po_entries(path):
    # Babel reads msgids wrapped over several lines too
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str)}


def _our_msgids():
    pkg = ROOT / "ckanext" / "satudata" / "metadata"
    ids = set()
    for py in pkg.glob("*.py"):
        ids |= set(
            re.findall(r'\b(?:N_|_)\(\s*"((?:[^"\\]|\\.)+)"', py.read_text(encoding="utf-8"))
        )
    tpl = ROOT / "ckanext" / "satudata" / "templates"
    owned = (
        list((tpl / "package").rglob("*.html"))
        + list((tpl / "satudata" / "metadata").rglob("*.html"))
        + list((tpl / "scheming").rglob("*.html"))
    )
    for html in owned:
        ids |= set(re.findall(r"""_\(\s*['"]([^'"]+)['"]\s*\)""", html.read_text(encoding="utf-8")))
    return ids


def test_every_msgid_of_ours_has_an_indonesian_translation():
    po = _po_entries(
        ROOT / "ckanext" / "satudata" / "i18n" / "id" / "LC_MESSAGES" / "ckanext-satudata.po"
    )
    ours = _our_msgids()
    assert rules.MSG_AREA_OUTSIDE in ours
    missing = sorted(m for m in ours if not po.get(m))
    assert not missing, missing


def test_the_kegiatan_schema_holds_every_ms_keg_block_with_limits_and_ranges():
    blocks = set(kegiatan_rules.item_fields().values())
    assert blocks == {"header", "I", "II", "III", "IV", "V", "VI", "VII", "VIII"}
    for f in KEGIATAN_SCHEMA["dataset_fields"]:
        kind = kegiatan_rules.field_kinds().get(f["field_name"])
        validators = f.get("validators", "")
        if kind == "text" and f["field_name"] != "owner_org":
            assert "satudata_max_length(" in validators, f["field_name"]
        if kind == "date":
            assert "satudata_date" in validators, f["field_name"]  # the kegiatan date range
        if kind == "codes":
            assert "satudata_codes" in validators, f["field_name"]
    # bit-coded multiple choices (MS-Keg 4.6-4.8) keep the BPS bit in bps_code
    for name in ("collection_technique", "collection_means", "collection_unit"):
        bits = [int(e.get("bps_code")) for e in codelists.load(name)]
        assert all(b & (b - 1) == 0 for b in bits) and len(set(bits)) == len(bits), name
