"""The ``satudata`` RDF profile for ckanext-dcat, chained after ``euro_dcat_ap_3``.

Configured as ``ckanext.dcat.rdf.profiles = euro_dcat_ap_3 satudata`` (entry point
``ckan.rdf.profiles: satudata = ckanext.satudata.dcat.profile:SatudataProfile``). It runs on the
graph ``euro_dcat_ap_3`` has already written (serialising) or on the dataset dict it has already
parsed (parsing), and

- writes every Satu Data field of ``schemas/dataset.yaml`` with DCAT-AP 3 / established
  vocabularies (see the README section "DCAT" for the table), replacing the few stock triples that
  would break DCAT-AP 3 (plain-literal frequency, format and language; the organization fallback
  publisher without agency code);
- reads them back, so that ``RDFParser(profiles=["euro_dcat_ap_3", "satudata"])`` gives a dataset
  dict whose Satu Data fields equal the originals;
- adds the catalog publisher (the walidata) and the theme taxonomies to ``dcat:Catalog``;
- adds the latest assessment result as W3C DQV quality measurements (:mod:`.quality`).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Optional

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

import ckan.plugins.toolkit as toolkit

from ckanext.dcat.profiles import DCAT, DCT, FOAF, VCARD, ADMS, RDFProfile
from ckanext.dcat.profiles.base import SCHEMA
from ckanext.dcat.utils import catalog_uri, resource_uri

from ckanext.satudata.agencies import walidata
from ckanext.satudata.dcat import quality, vocab
from ckanext.satudata.dcat.vocab import ORG, PROV, QB, SDI, SDMX_ATTRIBUTE

log = logging.getLogger(__name__)

WALIDATA_ROLE = "walidata"

DATASET_TEXT_FIELDS = (
    "title", "title_en", "notes", "notes_en", "name", "license_id", "owner_org", "maintainer",
    "maintainer_email", "topic", "frequency", "presentation_level", "unit", "data_source",
    "collection_method", "classification", "reference_number", "sds_code", "agreed_item",
    "activity_title", "activity_code", "activity_recommendation",
)
DATASET_INT_FIELDS = ("year_start", "year_end", "activity_year")
DATASET_LIST_FIELDS = ("urusan", "area_codes")
VARIABLE_FIELDS = ("name", "alias", "concept", "definition", "unit", "data_type",
                   "reference_period", "value_classification", "validation_rule")
INDICATOR_FIELDS = ("name", "concept", "definition", "interpretation", "formula", "unit",
                    "reference_period", "composite", "builder_variables", "estimation_level")
RESOURCE_FIELDS = ("url", "name", "description", "format", "data_period", "columns_description",
                   "language")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def as_list(value: Any) -> list[str]:
    """A list field as CKAN may hand it over: a list, a JSON list or a comma-separated string."""
    if value in (None, ""):
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v).strip() for v in value if _text(v)]
    text = str(value).strip()
    if text.startswith("["):
        try:
            return [str(v).strip() for v in json.loads(text) if _text(v)]
        except ValueError:
            pass
    return [part.strip() for part in text.split(",") if part.strip()]


def _subfield_items(value: Any) -> list[dict]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [item for item in (value or []) if isinstance(item, dict)]


def _year(value: Any) -> Optional[int]:
    try:
        return int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return None


class SatudataProfile(RDFProfile):
    """Satu Data Indonesia fields on top of DCAT-AP 3 (see the module docstring)."""

    def __init__(self, graph, dataset_type="dataset", compatibility_mode=False):
        # RDFProfile.__init__ without its scheming_dataset_schema_show call (an action per
        # dataset on every feed page): this profile reads the schema fields by name.
        self.g = graph
        self.compatibility_mode = compatibility_mode
        self._default_lang = toolkit.config.get("ckan.locale_default", "en")
        self._default_locale_lang = None
        self._dataset_schema = None
        self._form_languages = None

    # ------------------------------------------------------------------ shared helpers
    def _described(self, node) -> bool:
        """True if ``node`` was already described in this graph (concepts, agents, classes are
        shared by the datasets of a feed page; adding their triples again costs time)."""
        seen = self._cache("described")
        if node in seen:
            return True
        seen[node] = True
        return False

    def _cache(self, name: str) -> dict:
        """A cache that lives as long as the graph (one feed, one request)."""
        caches = self.g.__dict__.setdefault("_satudata_cache", {})
        return caches.setdefault(name, {})

    def _bind(self) -> None:
        for prefix, namespace in vocab.NAMESPACES.items():
            self.g.bind(prefix, namespace)

    def _replace_text(self, subject, predicate, value_id: Any, value_en: Any = None) -> None:
        """``predicate`` as one literal tagged ``@id`` and optionally one tagged ``@en``."""
        self.g.remove((subject, predicate, None))
        if _text(value_id):
            self.g.add((subject, predicate, Literal(_text(value_id), lang="id")))
        if _text(value_en):
            self.g.add((subject, predicate, Literal(_text(value_en), lang="en")))

    def _texts_by_lang(self, subject, predicate) -> dict[str, str]:
        out: dict[str, str] = {}
        for obj in self.g.objects(subject, predicate):
            if isinstance(obj, Literal):
                out.setdefault(obj.language or "", str(obj))
        return out

    def _concept(self, uri: str, codelist: Optional[str], code: str, scheme: Optional[str] = None,
                 labels: Optional[dict[str, str]] = None, extra_type=None) -> URIRef:
        """Add a skos:Concept (with the prefLabel the DCAT-AP shapes ask for)."""
        ref = URIRef(uri)
        if self._described(ref):
            return ref
        g = self.g
        g.add((ref, RDF.type, SKOS.Concept))
        if extra_type is not None:
            g.add((ref, RDF.type, extra_type))
        if labels is None:
            labels = {lang: vocab.label(codelist, code, lang) for lang in ("id", "en")}
        for lang, text in labels.items():
            if text:
                g.add((ref, SKOS.prefLabel, Literal(text, lang=lang)))
        g.add((ref, SKOS.notation, Literal(str(code))))
        if scheme:
            g.add((ref, SKOS.inScheme, URIRef(scheme)))
        return ref

    def _code_concept(self, codelist: str, code: str, extra_type=None) -> URIRef:
        return self._concept(vocab.concept_uri(codelist, code), codelist, code,
                             scheme=vocab.scheme_uri(codelist), extra_type=extra_type)

    def _add_identifier(self, subject, field: str, value: Any) -> None:
        """``adms:identifier`` whose notation's datatype names the identifier scheme (ADMS)."""
        if not _text(value):
            return
        node = BNode()
        self.g.add((subject, ADMS.identifier, node))
        self.g.add((node, RDF.type, ADMS.Identifier))
        self.g.add((node, SKOS.notation,
                    Literal(_text(value), datatype=URIRef(vocab.identifier_datatype(field)))))
        self.g.add((node, ADMS.schemaAgency, Literal(vocab.IDENTIFIER_SCHEMES[field][1])))

    def _identifiers(self, subject) -> dict[str, str]:
        by_datatype = {vocab.identifier_datatype(f): f for f in vocab.IDENTIFIER_SCHEMES}
        out = {}
        for node in self.g.objects(subject, ADMS.identifier):
            for notation in self.g.objects(node, SKOS.notation):
                if isinstance(notation, Literal) and str(notation.datatype) in by_datatype:
                    out[by_datatype[str(notation.datatype)]] = str(notation)
        return out

    def _eu(self, subject, predicate, codelist: str, code: Any, rdf_class) -> None:
        uri = vocab.eu_uri(codelist, _text(code)) if _text(code) else None
        if uri:
            self.g.add((subject, predicate, URIRef(uri)))
            if not self._described(URIRef(uri)):
                self.g.add((URIRef(uri), RDF.type, rdf_class))

    def _codes_in(self, subject, predicate, codelist: str) -> list[str]:
        codes = []
        for obj in self.g.objects(subject, predicate):
            code = vocab.code_from_uri(codelist, obj) if isinstance(obj, URIRef) else None
            if code is not None:
                codes.append(code)
        return sorted(set(codes))

    def _eu_code(self, subject, predicate, codelist: str) -> str:
        for obj in self.g.objects(subject, predicate):
            code = vocab.code_from_eu_uri(codelist, str(obj))
            if code:
                return code
        return ""

    # ------------------------------------------------------------------ agencies
    def _organization(self, dataset_dict: dict) -> Optional[dict]:
        """The owning organization with its agency fields (``organization_show``, cached).

        A dataset dict that already carries the agency fields in ``organization`` (as the
        tests and the demo build them) is used as it is."""
        org = dict(dataset_dict.get("organization") or {})
        if not org.get("id") and dataset_dict.get("owner_org"):
            org["id"] = dataset_dict["owner_org"]
        if not org.get("id"):
            return None
        if "agency_code" in org:
            return org
        cache = self._cache("organizations")
        if org["id"] not in cache:
            cache[org["id"]] = _agency_fields(org["id"]) or org
        return cache[org["id"]]

    def _walidata(self) -> dict:
        """The walidata (``ckanext.satudata.walidata_organization``) as an agent dict.

        Falls back to ``ckanext.satudata.dcat.publisher_name`` / ``publisher_email`` when the
        organization does not exist (yet)."""
        cache = self._cache("walidata")
        if "agent" in cache:
            return cache["agent"]
        name = toolkit.config.get(walidata.CONFIG_KEY) or ""
        org = None
        group = walidata.walidata_org()     # by agency code, name or id
        if group is not None and group.state == "active":
            org = toolkit.get_action("organization_show")(
                {"ignore_auth": True},
                {"id": group.id, "include_datasets": False, "include_users": False,
                 "include_groups": False, "include_tags": False, "include_followers": False})
        base = catalog_uri().rstrip("/")
        if org:
            agent = {
                "uri": f"{base}/organization/{org['id']}",
                "name": org.get("title") or org.get("name"),
                "email": org.get("contact_email") or "",
                "agency_code": org.get("agency_code") or "",
                "agency_type": org.get("agency_type") or "",
                "short_name": org.get("short_name") or "",
                "page": f"{base}/organization/{org['name']}",
            }
        else:
            agent = {
                "uri": f"{base}/organization/{name or 'walidata'}",
                "name": toolkit.config.get("ckanext.satudata.dcat.publisher_name"),
                "email": toolkit.config.get("ckanext.satudata.dcat.publisher_email") or "",
                "agency_code": "", "agency_type": "", "short_name": "", "page": "",
            }
        cache["agent"] = agent
        return agent

    def _add_agent(self, ref: URIRef, agent: dict) -> URIRef:
        """A foaf:Organization with its agency code, names and type. Written again for every
        dataset: the stock profile re-adds its fallback publisher (plain name, the
        organization's ``url``) on the same URI before this profile runs."""
        g = self.g
        g.remove((ref, None, None))
        g.add((ref, RDF.type, FOAF.Agent))
        g.add((ref, RDF.type, FOAF.Organization))
        if _text(agent.get("name")):
            g.add((ref, FOAF.name, Literal(_text(agent["name"]), lang="id")))
        if _text(agent.get("short_name")):
            g.add((ref, SKOS.altLabel, Literal(_text(agent["short_name"]))))
        if _text(agent.get("agency_code")):
            g.add((ref, DCT.identifier, Literal(_text(agent["agency_code"]))))
        # dct:type: the ADMS publisher type (the DCAT-AP slot, max 1); the agency type of the
        # Bekasi register goes to org:classification.
        publisher_type = self._concept(vocab.PUBLISHER_TYPE, None, "LocalAuthority",
                                       labels={"en": vocab.PUBLISHER_TYPE_LABEL})
        g.add((ref, DCT.type, publisher_type))
        if _text(agent.get("agency_type")):
            g.add((ref, ORG.classification,
                   self._code_concept("agency_type", _text(agent["agency_type"]))))
        if _text(agent.get("email")):
            g.add((ref, FOAF.mbox, URIRef("mailto:" + _text(agent["email"]))))
        if _text(agent.get("page")):
            g.add((ref, FOAF.homepage, URIRef(agent["page"])))
        return ref

    # ------------------------------------------------------------------ serialise: dataset
    def graph_from_dataset(self, dataset_dict: dict, dataset_ref) -> None:
        self._bind()
        g = self.g
        d = dataset_dict

        # Titles and descriptions in both languages; the catalog language is Indonesian.
        self._replace_text(dataset_ref, DCT.title, d.get("title"), d.get("title_en"))
        self._replace_text(dataset_ref, DCT.description, d.get("notes"), d.get("notes_en"))
        g.remove((dataset_ref, DCT.language, None))
        self._eu(dataset_ref, DCT.language, "language", "id", DCT.LinguisticSystem)
        if _text(d.get("title_en")) or _text(d.get("notes_en")):
            self._eu(dataset_ref, DCT.language, "language", "en", DCT.LinguisticSystem)

        # Identifiers: the CKAN name, the walidata reference number, the agreed daftar-data item.
        for field in ("name", "reference_number", "agreed_item"):
            self._add_identifier(dataset_ref, field, d.get(field))

        # Frequency: EU frequency table instead of the stock plain literal.
        g.remove((dataset_ref, DCT.accrualPeriodicity, None))
        self._eu(dataset_ref, DCT.accrualPeriodicity, "frequency", d.get("frequency"),
                 DCT.Frequency)

        # Access rights from the classification.
        g.remove((dataset_ref, DCT.accessRights, None))
        self._eu(dataset_ref, DCT.accessRights, "classification", d.get("classification"),
                 DCT.RightsStatement)

        # Temporal coverage: the years covered.
        start, end = _year(d.get("year_start")), _year(d.get("year_end"))
        if start or end:
            period = BNode()
            g.add((period, RDF.type, DCT.PeriodOfTime))
            if start:
                g.add((period, DCAT.startDate, Literal(f"{start:04d}", datatype=XSD.gYear)))
            if end:
                g.add((period, DCAT.endDate, Literal(f"{end:04d}", datatype=XSD.gYear)))
            g.add((dataset_ref, DCT.temporal, period))

        # Spatial coverage: Kemendagri area codes as stable URIs; presentation level.
        for code in as_list(d.get("area_codes")):
            ref = self._code_concept("area", code, extra_type=DCT.Location)
            g.add((dataset_ref, DCT.spatial, ref))
        if _text(d.get("presentation_level")):
            g.add((dataset_ref, SDI.presentationLevel,
                   self._code_concept("presentation_level", _text(d["presentation_level"]))))

        # Themes: MS-Keg sektor (+ its EU data theme) and the urusan codes.
        topic = _text(d.get("topic"))
        if topic:
            g.add((dataset_ref, DCAT.theme, self._code_concept("topic", topic)))
            eu_theme = vocab.eu_theme_uri(topic)
            if eu_theme:
                code = eu_theme.rsplit("/", 1)[-1]
                g.add((dataset_ref, DCAT.theme, self._concept(
                    eu_theme, None, code, scheme=vocab.EU_AUTHORITY + "data-theme",
                    labels={"en": vocab.EU_THEME_LABELS.get(code, code)})))
        for code in as_list(d.get("urusan")):
            g.add((dataset_ref, DCAT.theme, self._code_concept("urusan", code)))

        # Licence, as a resolvable URI, on the dataset and (DCAT-AP) on each distribution.
        licence = self._license_ref(d)
        if licence is not None:
            g.add((dataset_ref, DCT.license, licence))

        # Publisher: the producing agency with its agency code.
        self._graph_publisher(d, dataset_ref)

        # Contact points: the maintainer (stock vCard) and the walidata.
        self._graph_walidata_contact(dataset_ref)

        # Standard data: unit, data source, SDS code.
        if _text(d.get("unit")):
            g.add((dataset_ref, SDMX_ATTRIBUTE.unitMeasure, Literal(_text(d["unit"]))))
        if _text(d.get("data_source")):
            statement = BNode()
            g.add((statement, RDF.type, DCT.ProvenanceStatement))
            g.add((statement, RDFS.label, Literal(_text(d["data_source"]), lang="id")))
            g.add((dataset_ref, DCT.provenance, statement))
        if _text(d.get("sds_code")):
            standard = URIRef(vocab.sds_uri(_text(d["sds_code"])))
            g.add((standard, RDF.type, DCT.Standard))
            g.add((standard, DCT.identifier, Literal(_text(d["sds_code"]))))
            g.add((standard, DCT.title, Literal(
                f"Standar Data Statistik Nasional {_text(d['sds_code'])}", lang="id")))
            g.add((dataset_ref, DCT.conformsTo, standard))

        # The statistical activity (MS-Keg) that generated the dataset.
        self._graph_activity(d, dataset_ref)

        # MS-Var and MS-Ind as a Data Cube structure.
        self._graph_structure(d, dataset_ref)

        # Every contact point is a vcard:Kind (DCAT-AP 3 class constraint; vcard:Organization
        # is its subclass, but a validator without the vCard ontology does not know that).
        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            g.add((contact, RDF.type, VCARD.Kind))

        # Resources.
        for position, resource in enumerate(d.get("resources") or [], start=1):
            self._graph_resource(resource, position, licence)

        # Assessment as DQV.
        quality.add_measurements(self, d, dataset_ref)

    def _license_ref(self, d: dict) -> Optional[URIRef]:
        license_id = _text(d.get("license_id"))
        if not license_id:
            return None
        uri = vocab.license_uri(license_id)
        if not uri:
            url = _text(d.get("license_url"))
            uri = url if url.startswith(("http://", "https://")) else None
        if not uri:
            return None
        ref = URIRef(uri)
        if self._described(ref):
            return ref
        self.g.add((ref, RDF.type, DCT.LicenseDocument))
        if _text(d.get("license_title")):
            self.g.add((ref, DCT.title, Literal(_text(d["license_title"]))))
        return ref

    def _graph_publisher(self, d: dict, dataset_ref) -> None:
        g = self.g
        org = self._organization(d)
        for old in list(g.objects(dataset_ref, DCT.publisher)):
            g.remove((dataset_ref, DCT.publisher, old))
        if not org:
            return
        base = catalog_uri().rstrip("/")
        ref = URIRef(f"{base}/organization/{org['id']}")
        agent = {
            "name": org.get("title") or org.get("name"),
            "short_name": org.get("short_name"),
            "agency_code": org.get("agency_code"),
            "agency_type": org.get("agency_type"),
            "email": org.get("contact_email"),
            "page": f"{base}/organization/{org['name']}" if org.get("name") else "",
        }
        self._add_agent(ref, agent)
        g.add((dataset_ref, DCT.publisher, ref))

    def _graph_walidata_contact(self, dataset_ref) -> None:
        agent = self._walidata()
        if not _text(agent.get("name")):
            return
        g = self.g
        ref = URIRef(agent["uri"] + "#kontak")
        if (ref, RDF.type, VCARD.Organization) not in g:
            g.add((ref, RDF.type, VCARD.Organization))
            g.add((ref, VCARD.fn, Literal(_text(agent["name"]), lang="id")))
            g.add((ref, VCARD.role, Literal(WALIDATA_ROLE)))
            if _text(agent.get("email")):
                g.add((ref, VCARD.hasEmail, URIRef("mailto:" + _text(agent["email"]))))
            if _text(agent.get("page")):
                g.add((ref, VCARD.hasURL, URIRef(agent["page"])))
        g.add((dataset_ref, DCAT.contactPoint, ref))

    def _graph_activity(self, d: dict, dataset_ref) -> None:
        fields = ("activity_title", "activity_code", "activity_year", "activity_recommendation",
                  "collection_method")
        if not any(_text(d.get(f)) for f in fields):
            return
        g = self.g
        activity = BNode()
        g.add((activity, RDF.type, PROV.Activity))
        g.add((dataset_ref, PROV.wasGeneratedBy, activity))
        if _text(d.get("activity_title")):
            g.add((activity, RDFS.label, Literal(_text(d["activity_title"]), lang="id")))
        if _text(d.get("activity_code")):
            g.add((activity, DCT.identifier, Literal(_text(d["activity_code"]))))
        year = _year(d.get("activity_year"))
        if year:
            g.add((activity, DCT.date, Literal(f"{year:04d}", datatype=XSD.gYear)))
        self._add_identifier(activity, "activity_recommendation", d.get("activity_recommendation"))
        if _text(d.get("collection_method")):
            g.add((activity, DCT.type,
                   self._code_concept("collection_method", _text(d["collection_method"]))))
        org = self._organization(d)
        if org:
            g.add((activity, PROV.wasAssociatedWith,
                   URIRef(f"{catalog_uri().rstrip('/')}/organization/{org['id']}")))

    def _graph_structure(self, d: dict, dataset_ref) -> None:
        variables = _subfield_items(d.get("variables"))
        indicators = _subfield_items(d.get("indicators"))
        if not variables and not indicators:
            return
        g = self.g
        dsd = BNode()
        g.add((dataset_ref, RDF.type, QB.DataSet))
        g.add((dataset_ref, QB.structure, dsd))
        g.add((dsd, RDF.type, QB.DataStructureDefinition))
        order = 0
        for kind, items in (("variabel", variables), ("indikator", indicators)):
            for item in items:
                order += 1
                prop = BNode()
                spec = BNode()
                g.add((dsd, QB.component, spec))
                g.add((spec, RDF.type, QB.ComponentSpecification))
                g.add((spec, QB.order, Literal(order)))
                if kind == "variabel":
                    g.add((spec, QB.componentProperty, prop))
                    g.add((prop, RDF.type, QB.ComponentProperty))
                    self._graph_variable(prop, item)
                else:
                    g.add((spec, QB.measure, prop))
                    g.add((prop, RDF.type, QB.MeasureProperty))
                    self._graph_indicator(prop, item)

    def _graph_common_component(self, prop, item: dict) -> None:
        g = self.g
        for key, predicate in (("name", RDFS.label), ("concept", SKOS.scopeNote),
                               ("definition", SKOS.definition),
                               ("unit", SDMX_ATTRIBUTE.unitMeasure),
                               ("reference_period", SDI.referencePeriod)):
            if _text(item.get(key)):
                g.add((prop, predicate, Literal(_text(item[key]))))

    def _graph_variable(self, prop, item: dict) -> None:
        g = self.g
        self._graph_common_component(prop, item)
        if _text(item.get("alias")):
            g.add((prop, SKOS.altLabel, Literal(_text(item["alias"]))))
        data_range = vocab.DATA_TYPE_TO_RANGE.get(_text(item.get("data_type")))
        if data_range:
            g.add((prop, RDFS.range, URIRef(data_range)))
        for key, predicate in (("value_classification", SDI.valueClassification),
                               ("validation_rule", SDI.validationRule)):
            if _text(item.get(key)):
                g.add((prop, predicate, Literal(_text(item[key]))))

    def _graph_indicator(self, prop, item: dict) -> None:
        g = self.g
        self._graph_common_component(prop, item)
        for key, predicate in (("interpretation", SDI.interpretation),
                               ("formula", SDI.formula),
                               ("builder_variables", SDI.builderVariables)):
            if _text(item.get(key)):
                g.add((prop, predicate, Literal(_text(item[key]))))
        composite = vocab.COMPOSITE_TO_BOOL.get(_text(item.get("composite")))
        if composite is not None:
            g.add((prop, SDI.composite, Literal(composite)))
        if _text(item.get("estimation_level")):
            g.add((prop, SDI.estimationLevel,
                   self._code_concept("estimation_level", _text(item["estimation_level"]))))

    def _graph_resource(self, resource: dict, position: int, licence: Optional[URIRef]) -> None:
        g = self.g
        distribution = URIRef(resource_uri(resource))
        g.add((distribution, SCHEMA.position, Literal(position)))
        fmt = _text(resource.get("format"))
        uri = vocab.eu_uri("format", fmt) if fmt else None
        if uri:
            g.remove((distribution, DCT["format"], None))
            g.add((distribution, DCT["format"], URIRef(uri)))
            g.add((URIRef(uri), RDF.type, DCT.MediaTypeOrExtent))
        language = _text(resource.get("language"))
        if language and vocab.eu_uri("language", language):
            g.remove((distribution, DCT.language, None))
            self._eu(distribution, DCT.language, "language", language, DCT.LinguisticSystem)
        for key, predicate in (("data_period", SDI.dataPeriod),
                               ("columns_description", SDI.columnsDescription)):
            if _text(resource.get(key)):
                g.add((distribution, predicate, Literal(_text(resource[key]))))
        for predicate in (DCAT.accessURL, DCAT.downloadURL):
            for url in g.objects(distribution, predicate):
                g.add((url, RDF.type, RDFS.Resource))
        if licence is not None and (distribution, DCT.license, None) not in g:
            g.add((distribution, DCT.license, licence))

    # ------------------------------------------------------------------ serialise: catalog
    def graph_from_catalog(self, catalog_dict: Optional[dict], catalog_ref) -> None:
        """Catalog publisher (mandatory in DCAT-AP 3), language and theme taxonomies.

        ``catalog_dict["satudata_organization"]`` (the per-agency feed) makes that agency the
        publisher; otherwise the walidata publishes the catalog."""
        self._bind()
        g = self.g
        catalog_dict = catalog_dict or {}
        if (catalog_ref, DCT.description, None) not in g:
            g.add((catalog_ref, DCT.description, Literal(
                toolkit.config.get("ckanext.satudata.dcat.catalog_description"), lang="id")))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))
        g.remove((catalog_ref, DCT.language, None))
        self._eu(catalog_ref, DCT.language, "language", "id", DCT.LinguisticSystem)
        org = catalog_dict.get("satudata_organization")
        g.remove((catalog_ref, DCT.publisher, None))
        if org:
            base = catalog_uri().rstrip("/")
            ref = self._add_agent(URIRef(f"{base}/organization/{org['id']}"), {
                "name": org.get("title") or org.get("name"),
                "short_name": org.get("short_name"), "agency_code": org.get("agency_code"),
                "agency_type": org.get("agency_type"), "email": org.get("contact_email"),
                "page": f"{base}/organization/{org['name']}"})
        else:
            agent = self._walidata()
            ref = self._add_agent(URIRef(agent["uri"]), agent)
        g.add((catalog_ref, DCT.publisher, ref))
        for codelist in ("topic", "urusan"):
            scheme = URIRef(vocab.scheme_uri(codelist))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            _, title_id, title_en = vocab.SCHEMES[codelist]
            g.add((scheme, DCT.title, Literal(title_id, lang="id")))
            g.add((scheme, DCT.title, Literal(title_en, lang="en")))
            g.add((catalog_ref, DCAT.themeTaxonomy, scheme))
        eu_themes = URIRef(vocab.EU_AUTHORITY + "data-theme")
        g.add((eu_themes, RDF.type, SKOS.ConceptScheme))
        g.add((eu_themes, DCT.title, Literal("Data theme", lang="en")))
        g.add((catalog_ref, DCAT.themeTaxonomy, eu_themes))

    # ------------------------------------------------------------------ parse
    def parse_dataset(self, dataset_dict: dict, dataset_ref) -> dict:
        g = self.g
        d = dataset_dict
        consumed_extras = {"frequency", "language", "theme", "conforms_to", "access_rights",
                           "provenance", "alternate_identifier", "temporal_start",
                           "temporal_end", "spatial_uri", "spatial_text"}

        titles = self._texts_by_lang(dataset_ref, DCT.title)
        d["title"] = titles.get("id", titles.get("", d.get("title", "")))
        d["title_en"] = titles.get("en", "")
        notes = self._texts_by_lang(dataset_ref, DCT.description)
        d["notes"] = notes.get("id", notes.get("", d.get("notes", "")))
        d["notes_en"] = notes.get("en", "")

        identifiers = self._identifiers(dataset_ref)
        for field in ("name", "reference_number", "agreed_item"):
            if field == "name" and not identifiers.get(field):
                continue
            d[field] = identifiers.get(field, "")

        d["frequency"] = self._eu_code(dataset_ref, DCT.accrualPeriodicity, "frequency")
        d["classification"] = self._eu_code(dataset_ref, DCT.accessRights, "classification")

        d["year_start"], d["year_end"] = None, None
        for period in g.objects(dataset_ref, DCT.temporal):
            start = _year(self._object_value(period, DCAT.startDate))
            end = _year(self._object_value(period, DCAT.endDate))
            if start or end:
                d["year_start"], d["year_end"] = start, end
                break

        d["area_codes"] = self._codes_in(dataset_ref, DCT.spatial, "area")
        levels = self._codes_in(dataset_ref, SDI.presentationLevel, "presentation_level")
        d["presentation_level"] = levels[0] if levels else ""
        topics = self._codes_in(dataset_ref, DCAT.theme, "topic")
        d["topic"] = topics[0] if topics else ""
        d["urusan"] = self._codes_in(dataset_ref, DCAT.theme, "urusan")

        license_id = ""
        for licence in list(g.objects(dataset_ref, DCT.license)) + [
                lic for dist in g.objects(dataset_ref, DCAT.distribution)
                for lic in g.objects(dist, DCT.license)]:
            license_id = vocab.license_id_from_uri(str(licence)) or ""
            if license_id:
                break
        d["license_id"] = license_id or d.get("license_id") or ""

        self._parse_publisher(d, dataset_ref)
        self._parse_contact(d, dataset_ref)

        d["unit"] = self._object_value(dataset_ref, SDMX_ATTRIBUTE.unitMeasure)
        d["data_source"] = ""
        for statement in g.objects(dataset_ref, DCT.provenance):
            d["data_source"] = self._object_value(statement, RDFS.label)
            break
        d["sds_code"] = ""
        for standard in g.objects(dataset_ref, DCT.conformsTo):
            code = vocab.sds_code_from_uri(str(standard))
            if code:
                d["sds_code"] = code
                break

        self._parse_activity(d, dataset_ref)
        self._parse_structure(d, dataset_ref)
        self._parse_resources(d, dataset_ref)
        quality.parse_measurements(self, d, dataset_ref)

        d["extras"] = [e for e in d.get("extras", []) if e.get("key") not in consumed_extras]
        return d

    def _parse_publisher(self, d: dict, dataset_ref) -> None:
        g = self.g
        for ref in g.objects(dataset_ref, DCT.publisher):
            names = self._texts_by_lang(ref, FOAF.name)
            classification = [self._object_value(c, SKOS.notation)
                              for c in g.objects(ref, ORG.classification)]
            d["organization"] = {
                "uri": str(ref) if isinstance(ref, URIRef) else "",
                "title": names.get("id", names.get("", "")),
                "agency_code": self._object_value(ref, DCT.identifier),
                "agency_type": classification[0] if classification else "",
                "short_name": self._object_value(ref, SKOS.altLabel),
            }
            prefix = catalog_uri().rstrip("/") + "/organization/"
            if isinstance(ref, URIRef) and str(ref).startswith(prefix):
                d["owner_org"] = str(ref)[len(prefix):]
            break

    def _parse_contact(self, d: dict, dataset_ref) -> None:
        g = self.g
        d["maintainer"], d["maintainer_email"] = "", ""
        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            if self._object_value(contact, VCARD.role) == WALIDATA_ROLE:
                continue
            d["maintainer"] = self._object_value(contact, VCARD.fn)
            email = self._object_value(contact, VCARD.hasEmail)
            d["maintainer_email"] = email[len("mailto:"):] if email.startswith("mailto:") else email
            break

    def _parse_activity(self, d: dict, dataset_ref) -> None:
        g = self.g
        for key in ("activity_title", "activity_code", "activity_recommendation",
                    "collection_method"):
            d[key] = ""
        d["activity_year"] = None
        for activity in g.objects(dataset_ref, PROV.wasGeneratedBy):
            titles = self._texts_by_lang(activity, RDFS.label)
            d["activity_title"] = titles.get("id", titles.get("", ""))
            d["activity_code"] = self._object_value(activity, DCT.identifier)
            d["activity_year"] = _year(self._object_value(activity, DCT.date))
            d["activity_recommendation"] = self._identifiers(activity).get(
                "activity_recommendation", "")
            methods = self._codes_in(activity, DCT.type, "collection_method")
            d["collection_method"] = methods[0] if methods else ""
            break

    def _parse_structure(self, d: dict, dataset_ref) -> None:
        g = self.g
        variables, indicators = [], []
        for dsd in g.objects(dataset_ref, QB.structure):
            specs = []
            for spec in g.objects(dsd, QB.component):
                order = self._object_value_int(spec, QB.order) or 0
                prop = self._object(spec, QB.componentProperty)
                if prop is not None:
                    specs.append((order, "variable", prop))
                prop = self._object(spec, QB.measure)
                if prop is not None:
                    specs.append((order, "indicator", prop))
            for _, kind, prop in sorted(specs, key=lambda s: s[0]):
                if kind == "variable":
                    variables.append(self._parse_variable(prop))
                else:
                    indicators.append(self._parse_indicator(prop))
            break
        d["variables"] = variables
        d["indicators"] = indicators

    def _parse_common_component(self, prop) -> dict:
        return {
            "name": self._object_value(prop, RDFS.label),
            "concept": self._object_value(prop, SKOS.scopeNote),
            "definition": self._object_value(prop, SKOS.definition),
            "unit": self._object_value(prop, SDMX_ATTRIBUTE.unitMeasure),
            "reference_period": self._object_value(prop, SDI.referencePeriod),
        }

    def _parse_variable(self, prop) -> dict:
        item = self._parse_common_component(prop)
        item["alias"] = self._object_value(prop, SKOS.altLabel)
        data_range = self._object(prop, RDFS.range)
        item["data_type"] = vocab.RANGE_TO_DATA_TYPE.get(str(data_range), "") if data_range else ""
        item["value_classification"] = self._object_value(prop, SDI.valueClassification)
        item["validation_rule"] = self._object_value(prop, SDI.validationRule)
        return {key: item.get(key, "") for key in VARIABLE_FIELDS}

    def _parse_indicator(self, prop) -> dict:
        item = self._parse_common_component(prop)
        item["interpretation"] = self._object_value(prop, SDI.interpretation)
        item["formula"] = self._object_value(prop, SDI.formula)
        item["builder_variables"] = self._object_value(prop, SDI.builderVariables)
        composite = self._object(prop, SDI.composite)
        item["composite"] = ""
        if isinstance(composite, Literal):
            value = composite.toPython()
            for code, flag in vocab.COMPOSITE_TO_BOOL.items():
                if value is flag or str(value).lower() == str(flag).lower():
                    item["composite"] = code
        levels = self._codes_in(prop, SDI.estimationLevel, "estimation_level")
        item["estimation_level"] = levels[0] if levels else ""
        return {key: item.get(key, "") for key in INDICATOR_FIELDS}

    def _parse_resources(self, d: dict, dataset_ref) -> None:
        g = self.g
        positioned = []
        distributions = {str(dist): dist for dist in g.objects(dataset_ref, DCAT.distribution)}
        for resource in d.get("resources", []):
            distribution = distributions.get(resource.get("distribution_ref") or "")
            if distribution is None:
                positioned.append((0, resource))
                continue
            fmt = self._eu_code(distribution, DCT["format"], "format")
            if fmt:
                resource["format"] = fmt
            resource["language"] = self._eu_code(distribution, DCT.language, "language")
            resource["data_period"] = self._object_value(distribution, SDI.dataPeriod)
            resource["columns_description"] = self._object_value(distribution,
                                                                 SDI.columnsDescription)
            for key in ("name", "description"):
                resource.setdefault(key, "")
            position = self._object_value_int(distribution, SCHEMA.position) or 0
            positioned.append((position, resource))
        d["resources"] = [r for _, r in sorted(positioned, key=lambda p: p[0])]


def _agency_fields(org_id: str) -> Optional[dict]:
    """The organization's name and agency fields, read straight from its row.

    ``organization_show`` would do the same through the whole action stack (auth, scheming
    validators, counts), which a feed page paid once per agency; only plain strings are used."""
    from ckan import model

    group = model.Group.get(org_id)
    if group is None:
        return None
    extras = {key: value for key, value in (group.extras or {}).items() if isinstance(value, str)}
    return dict(extras, id=group.id, name=group.name, title=group.title or group.name,
                description=group.description or "")
