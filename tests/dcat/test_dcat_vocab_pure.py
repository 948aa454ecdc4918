"""The mappings of the satudata RDF profile (pure: no CKAN, no services)."""

from __future__ import annotations

import pytest

from ckanext.satudata.dcat import vocab
from ckanext.satudata.metadata import codelists

pytestmark = pytest.mark.pure

EU = "http://publications.europa.eu/resource/authority/"


@pytest.mark.parametrize(
    "name, table",
    [
        ("frequency", "frequency"),
        ("classification", "access-right"),
        ("language", "language"),
        ("format", "file-type"),
    ],
)
def test_every_code_has_one_eu_uri_and_back(name, table):
    seen = {}
    for entry in codelists.load(name):
        uri = vocab.eu_uri(name, entry.code)
        assert uri and uri.startswith(EU + table + "/"), entry.code
        assert uri not in seen, f"{entry.code} and {seen.get(uri)} share {uri}"
        seen[uri] = entry.code
        assert vocab.code_from_eu_uri(name, uri) == entry.code


def test_frequency_uses_the_eu_frequency_table():
    assert vocab.eu_uri("frequency", "tahunan") == EU + "frequency/ANNUAL"
    assert vocab.eu_uri("frequency", "triwulanan") == EU + "frequency/QUARTERLY"
    assert vocab.eu_uri("frequency", "tidak_tetap") == EU + "frequency/IRREG"
    assert vocab.eu_uri("frequency", "tidak-ada") is None


def test_formats_match_case_insensitively_but_read_back_canonical():
    assert vocab.eu_uri("format", "csv") == EU + "file-type/CSV"
    assert vocab.code_from_eu_uri("format", EU + "file-type/GEOJSON") == "GeoJSON"


def test_every_topic_has_an_eu_data_theme():
    for entry in codelists.load("topic"):
        uri = vocab.eu_theme_uri(entry.code)
        assert uri and uri.startswith(EU + "data-theme/"), entry.code
        assert uri.rsplit("/", 1)[1] in vocab.EU_THEME_LABELS
    assert vocab.eu_theme_uri("9") == EU + "data-theme/HEAL"
    assert vocab.eu_theme_uri("99") is None


@pytest.mark.parametrize(
    "codelist",
    ["area", "topic", "urusan", "presentation_level", "collection_method", "estimation_level"],
)
def test_concept_uris_are_stable_and_invertible(codelist):
    for entry in codelists.load(codelist):
        uri = vocab.concept_uri(codelist, entry.code)
        assert uri.startswith(vocab.SDI_BASE)
        assert vocab.code_from_uri(codelist, uri) == entry.code
        other = "urusan" if codelist != "urusan" else "topic"
        assert vocab.code_from_uri(other, uri) is None


def test_kemendagri_area_uris():
    assert vocab.concept_uri("area", "32.16") == vocab.SDI_BASE + "wilayah/32.16"
    assert vocab.concept_uri("area", "32.16.01") == vocab.SDI_BASE + "wilayah/32.16.01"
    assert vocab.label("area", "32.16.01", "id") == "Kecamatan Tarumajaya"
    assert vocab.concept_uri("area", "32.16.01.2001") == vocab.SDI_BASE + "wilayah/32.16.01.2001"
    assert vocab.label("area", "32.16.01.2001", "id") == "Desa Sagara Makmur"
    assert vocab.label("area", "32.16.01.2999", "id") == "32.16.01.2999"  # not listed


def test_licences_are_resolvable_eu_uris_and_invertible():
    for license_id in vocab.LICENSE_TO_EU:
        uri = vocab.license_uri(license_id)
        assert uri.startswith(EU + "licence/")
        assert vocab.license_id_from_uri(uri) == license_id
    assert vocab.license_uri("cc-by") == EU + "licence/CC_BY_4_0"
    assert vocab.license_uri("other-closed") is None


def test_data_types_map_to_xsd_and_back():
    assert set(vocab.DATA_TYPE_TO_RANGE) == codelists.codes("data_type")
    for code, rng in vocab.DATA_TYPE_TO_RANGE.items():
        assert vocab.RANGE_TO_DATA_TYPE[rng] == code
    assert set(vocab.COMPOSITE_TO_BOOL) == codelists.codes("composite")


@pytest.mark.parametrize("value", [0.0, 72.5, 100.0, 1e-7, 33.333333333333336, 12345678.9])
def test_decimal_lexical_reads_back_exactly(value):
    text = vocab.decimal_lexical(value)
    assert "e" not in text.lower() and "." in text
    assert float(text) == value


def test_sds_and_metric_uris_are_invertible():
    assert vocab.sds_code_from_uri(vocab.sds_uri("SP00055.00.00")) == "SP00055.00.00"
    assert vocab.sds_code_from_uri("http://example.org/x") is None
    assert vocab.indicator_from_metric(vocab.metric_uri("meta_required")) == "meta_required"
    assert vocab.indicator_from_metric(vocab.METRIC_SCORE) is None


def test_media_types_are_iana_uris_from_the_mimetype_or_the_format():
    from ckanext.satudata.dcat import media_types

    iana = "https://www.iana.org/assignments/media-types/"
    assert media_types.media_type_uri("text/csv") == iana + "text/csv"
    assert media_types.media_type_uri(iana + "text/csv") == iana + "text/csv"
    assert media_types.media_type_uri("text/csv; charset=utf-8") == iana + "text/csv"
    assert (
        media_types.media_type_uri(None, "xlsx")
        == iana + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert media_types.media_type_uri("", "PDF") == iana + "application/pdf"
    assert media_types.media_type_uri("not a type", "unknown") is None
    assert media_types.mimetype_from_uri(iana + "text/csv") == "text/csv"
    assert media_types.mimetype_from_uri("text/csv") == "text/csv"


def test_distribution_licences_are_the_urls_of_ckans_default_register():
    assert vocab.stock_license_uri("cc-by") == "http://www.opendefinition.org/licenses/cc-by"
    for license_id in vocab.LICENSE_TO_EU:
        assert vocab.license_id_from_uri(vocab.stock_license_uri(license_id)) == license_id
        assert vocab.license_id_from_uri(vocab.license_uri(license_id)) == license_id
