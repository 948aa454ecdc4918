"""Vocabularies and code mappings of the ``satudata`` RDF profile (pure: no ``ckan`` import).

Everything the profile writes that is not a literal comes from here: the namespaces, the URIs of
the project's own concept schemes (MS-Keg sektor, urusan, Kemendagri areas, ...), and the
bijective mappings between Satu Data codes and the EU Publications Office authority tables
(frequency, access right, language, file type, licence, data theme). The code lists themselves
are read through :mod:`ckanext.satudata.metadata.codelists` (their ``eu_uri`` column where they
have one); this module only adds what the code lists do not carry.

The README section "DCAT" holds the full mapping table.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from urllib.parse import quote, unquote

from rdflib import Namespace
from rdflib.namespace import SKOS, XSD

from ckanext.satudata.metadata.api import codelists

# --------------------------------------------------------------------------- namespaces

#: The project's own vocabulary: concept schemes for the Satu Data code lists, metrics of the
#: assessment and the few properties no established vocabulary offers. The base is fixed (it
#: does not follow ``ckanext.dcat.base_uri``) so that every deployment and every harvester
#: names a Kemendagri area or an MS-Keg sektor with the same URI.
SDI_BASE = "https://satudata.bekasikab.go.id/def/"
SDI = Namespace(SDI_BASE + "satudata#")

DQV = Namespace("http://www.w3.org/ns/dqv#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_THEME = Namespace(EU_AUTHORITY + "data-theme/")
EU_LICENCE = Namespace(EU_AUTHORITY + "licence/")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")

NAMESPACES = {
    "sdi": SDI,
    "dqv": DQV,
    "qb": QB,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "org": ORG,
    "prov": PROV,
}

# --------------------------------------------------------------------------- concept schemes

#: code list -> (path of the scheme under SDI_BASE, title id, title en)
SCHEMES = {
    "topic": (
        "sektor-kegiatan",
        "Sektor Kegiatan (MS-Keg)",
        "Statistical activity sector (MS-Keg)",
    ),
    "urusan": (
        "urusan",
        "Urusan Pemerintahan (Permendagri 90/2019)",
        "Government affairs (Permendagri 90/2019)",
    ),
    "area": ("wilayah", "Kode Wilayah Kemendagri", "Kemendagri area codes"),
    "presentation_level": ("tingkat-penyajian", "Tingkat Penyajian", "Presentation level"),
    "collection_method": (
        "cara-pengumpulan-data",
        "Cara Pengumpulan Data",
        "Data collection method",
    ),
    "estimation_level": ("level-estimasi", "Level Estimasi", "Estimation level"),
    "agency_type": ("jenis-instansi", "Jenis Perangkat Daerah", "Agency type"),
}

#: identifier schemes: dataset field -> (datatype path, schema agency)
IDENTIFIER_SCHEMES = {
    "name": ("skema/nama-dataset", "Portal Satu Data Kabupaten Bekasi"),
    "reference_number": ("skema/nomor-referensi", "Pemerintah Kabupaten Bekasi"),
    "agreed_item": ("skema/daftar-data", "Forum Satu Data Kabupaten Bekasi"),
    # MS-Keg header "Identitas Rekomendasi" of the dataset's kegiatan (metadata's kegiatan record)
    "recommendation_id": ("skema/rekomendasi-bps", "Badan Pusat Statistik"),
}


def scheme_uri(codelist: str) -> str:
    return SDI_BASE + SCHEMES[codelist][0]


def concept_uri(codelist: str, code: str) -> str:
    """The URI of ``code`` in the project's concept scheme for ``codelist``.

    Kemendagri area ``32.16.01`` -> ``https://satudata.bekasikab.go.id/def/wilayah/32.16.01``."""
    return f"{scheme_uri(codelist)}/{quote(str(code), safe='.-_~')}"


def code_from_uri(codelist: str, uri: str) -> str | None:
    """Inverse of :func:`concept_uri`; ``None`` if ``uri`` is not in that scheme."""
    prefix = scheme_uri(codelist) + "/"
    uri = str(uri)
    if not uri.startswith(prefix):
        return None
    code = unquote(uri[len(prefix) :])
    return code or None


def identifier_datatype(field: str) -> str:
    return SDI_BASE + IDENTIFIER_SCHEMES[field][0]


def sds_uri(code: str) -> str:
    """A Standar Data Statistik Nasional (Peraturan BPS 4/2021) code as a dct:Standard URI."""
    return f"{SDI_BASE}standar-data-statistik/{quote(str(code), safe='.-_~')}"


def sds_code_from_uri(uri: str) -> str | None:
    prefix = SDI_BASE + "standar-data-statistik/"
    uri = str(uri)
    return unquote(uri[len(prefix) :]) or None if uri.startswith(prefix) else None


def label(codelist: str, code: str, lang: str) -> str:
    """The code list label of ``code``, or the code itself when it is not listed."""
    try:
        for entry in codelists.load(codelist):
            if entry.code == code:
                return entry.label(lang)
    except codelists.UnknownCodeList:
        if codelist == "agency_type":
            from ckanext.satudata.agencies.api import agency_type_label

            return agency_type_label(str(code), lang)
    return str(code)


# --------------------------------------------------------------------------- EU authority tables


@functools.cache
def _eu_column(codelist: str) -> tuple[tuple[str, str], ...]:
    return tuple((e.code, e.get("eu_uri")) for e in codelists.load(codelist) if e.get("eu_uri"))


def eu_uri(codelist: str, code: str) -> str | None:
    """The EU authority URI of a code (``eu_uri`` column of the code list).

    Codes are matched exactly, then case-insensitively (formats: ``csv`` -> ``CSV``)."""
    if code is None:
        return None
    pairs = _eu_column(codelist)
    for c, uri in pairs:
        if c == code:
            return uri
    for c, uri in pairs:
        if c.lower() == str(code).lower():
            return uri
    return None


def code_from_eu_uri(codelist: str, uri: str) -> str | None:
    for c, u in _eu_column(codelist):
        if u == str(uri):
            return c
    return None


#: MS-Keg sektor kegiatan (topic.csv) -> EU data theme. The EU table has 13 themes; this is the
#: closest one for each of the 22 sektor (a harvester in the EU theme space can then facet on it).
TOPIC_TO_EU_THEME = {
    "1": "AGRI",  # Pertanian dan Perikanan
    "2": "SOCI",  # Demografi dan Kependudukan
    "3": "ECON",  # Pembangunan
    "4": "ECON",  # Proyeksi Ekonomi
    "5": "EDUC",  # Pendidikan dan Pelatihan
    "6": "ENVI",  # Lingkungan
    "7": "ECON",  # Keuangan
    "8": "INTR",  # Globalisasi
    "9": "HEAL",  # Kesehatan
    "10": "ECON",  # Industri dan Jasa
    "11": "TECH",  # Teknologi Informasi dan Komunikasi
    "12": "ECON",  # Perdagangan Internasional dan Neraca Perdagangan
    "13": "SOCI",  # Ketenagakerjaan
    "14": "ECON",  # Neraca Nasional
    "15": "ECON",  # Indikator Ekonomi Bulanan
    "16": "ECON",  # Produktivitas
    "17": "ECON",  # Harga dan Paritas Daya Beli
    "18": "GOVE",  # Sektor Publik, Perpajakan, dan Regulasi Pasar
    "19": "REGI",  # Perwilayahan dan Perkotaan
    "20": "TECH",  # Ilmu Pengetahuan dan Hak Paten
    "21": "SOCI",  # Perlindungan Sosial dan Kesejahteraan
    "22": "TRAN",  # Transportasi
}

#: English labels of the EU data themes used above (the authority table's own labels).
EU_THEME_LABELS = {
    "AGRI": "Agriculture, fisheries, forestry and food",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
    "ENVI": "Environment",
    "GOVE": "Government and public sector",
    "HEAL": "Health",
    "INTR": "International issues",
    "REGI": "Regions and cities",
    "SOCI": "Population and society",
    "TECH": "Science and technology",
    "TRAN": "Transport",
}


def eu_theme_uri(topic: str) -> str | None:
    code = TOPIC_TO_EU_THEME.get(str(topic))
    return str(EU_THEME[code]) if code else None


#: CKAN licence id -> EU licence authority table (resolvable URIs). Licences not listed here are
#: written with the ``url`` CKAN's licence register gives them.
LICENSE_TO_EU = {
    "cc-by": "CC_BY_4_0",
    "cc-by-sa": "CC_BYSA_4_0",
    "cc-zero": "CC0",
    "cc-nc": "CC_BYNC_4_0",
    "odc-by": "ODC_BY",
    "odc-odbl": "ODC_BL",
    "odc-pddl": "ODC_PDDL",
}


def license_uri(license_id: str) -> str | None:
    code = LICENSE_TO_EU.get(license_id)
    return str(EU_LICENCE[code]) if code else None


#: CKAN licence id -> the ``url`` of that licence in CKAN's DEFAULT licence register (no
#: ``licenses_group_url``), which is what a stock ckanext-dcat harvester matches a
#: distribution's ``dct:license`` against (by url, then by title) to find its own licence id.
#: Distributions carry these; the dataset keeps the EU authority URI.
CKAN_DEFAULT_LICENSE_URLS = {
    "cc-by": "http://www.opendefinition.org/licenses/cc-by",
    "cc-by-sa": "http://www.opendefinition.org/licenses/cc-by-sa",
    "cc-zero": "http://www.opendefinition.org/licenses/cc-zero",
    "cc-nc": "http://creativecommons.org/licenses/by-nc/2.0/",
    "odc-by": "http://www.opendefinition.org/licenses/odc-by",
    "odc-odbl": "http://www.opendefinition.org/licenses/odc-odbl",
    "odc-pddl": "http://www.opendefinition.org/licenses/odc-pddl",
    "gfdl": "http://www.opendefinition.org/licenses/gfdl",
    "uk-ogl": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


def stock_license_uri(license_id: str) -> str | None:
    return CKAN_DEFAULT_LICENSE_URLS.get(license_id)


def license_id_from_uri(uri: str) -> str | None:
    """The licence id of an EU authority licence URI or of a CKAN default register url."""
    for lid, code in LICENSE_TO_EU.items():
        if str(EU_LICENCE[code]) == str(uri):
            return lid
    for lid, url in CKAN_DEFAULT_LICENSE_URLS.items():
        if url == str(uri):
            return lid
    return None


#: The walidata's role for every dataset (ISO 19115 CI_RoleCode "custodian", INSPIRE register).
CUSTODIAN_ROLE = "http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/custodian"

#: The publisher type of every Satu Data producer (ADMS publisher type table).
PUBLISHER_TYPE = str(ADMS_PUBLISHER_TYPE["LocalAuthority"])
PUBLISHER_TYPE_LABEL = "Local Authority"

# --------------------------------------------------------------------------- MS-Var data types

DATA_TYPE_TO_RANGE = {
    "integer": str(XSD.integer),
    "decimal": str(XSD.decimal),
    "text": str(XSD.string),
    "date": str(XSD.date),
    "boolean": str(XSD.boolean),
    "category": str(SKOS.Concept),
}
RANGE_TO_DATA_TYPE = {v: k for k, v in DATA_TYPE_TO_RANGE.items()}

COMPOSITE_TO_BOOL = {"ya": True, "tidak": False}

# --------------------------------------------------------------------------- quality metrics

METRIC_SCORE = SDI_BASE + "metrik/skor"
METRIC_BAND = SDI_BASE + "metrik/pita-kualitas"
DIMENSION_OVERALL = SDI_BASE + "dimensi/satu-data"


def metric_uri(indicator_id: str) -> str:
    return f"{SDI_BASE}metrik/indikator/{quote(indicator_id, safe='-_.~')}"


def indicator_from_metric(uri: str) -> str | None:
    prefix = SDI_BASE + "metrik/indikator/"
    uri = str(uri)
    return unquote(uri[len(prefix) :]) if uri.startswith(prefix) else None


def dimension_uri(principle: str) -> str:
    return f"{SDI_BASE}dimensi/{quote(principle, safe='-_.~')}"


def decimal_lexical(value: float) -> str:
    """``value`` as an xsd:decimal lexical form that reads back to the same float."""
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"
