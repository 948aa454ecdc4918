"""The ``satudata`` RDF profile for ckanext-dcat, chained after ``euro_dcat_ap_3``.

Configured as ``ckanext.dcat.rdf.profiles = euro_dcat_ap_3 satudata`` (entry point
``ckan.rdf.profiles: satudata = ckanext.satudata.dcat.profile:SatudataProfile``). It runs on the
graph ``euro_dcat_ap_3`` has already written (serialising) or on the dataset dict it has already
parsed (parsing), and

- writes every Satu Data field of ``ckanext/satudata/schemas/dataset.yaml`` with DCAT-AP 3 / established
  vocabularies (see the README section "DCAT" for the table), replacing the few stock triples that
  would break DCAT-AP 3 (plain-literal frequency, format and language; the organization fallback
  publisher without agency code);
- reads them back, so that ``RDFParser(profiles=["euro_dcat_ap_3", "satudata"])`` gives a dataset
  dict whose Satu Data fields equal the originals;
- adds the catalog publisher (the walidata) and the theme taxonomies to ``dcat:Catalog``;
- adds the latest assessment result as W3C DQV quality measurements (:mod:`.quality`).

This module holds the class and the helpers both directions share (concepts, identifiers, the
agencies as agents); writing is in :mod:`.serialize`, reading in :mod:`.parse`, the field lists
in :mod:`.fields`.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as toolkit
from ckanext.dcat.profiles import ADMS, DCT, FOAF, RDFProfile
from ckanext.dcat.utils import catalog_uri
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ckanext.satudata.agencies import api as agencies_api
from ckanext.satudata.dcat import prefetch, vocab
from ckanext.satudata.dcat.distributions import DistributionMixin
from ckanext.satudata.dcat.fields import clean_text
from ckanext.satudata.dcat.parse import ParseMixin
from ckanext.satudata.dcat.serialize import SerializeMixin
from ckanext.satudata.dcat.vocab import ORG

log = logging.getLogger(__name__)


class SatudataProfile(SerializeMixin, DistributionMixin, ParseMixin, RDFProfile):
    """Satu Data Indonesia fields on top of DCAT-AP 3 (see the module docstring)."""

    # A catalog page with this profile reads its datasets' scores and agencies at once.
    satudata_prefetch = True

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
        """The extension's prefixes, once per graph (a catalog page has a profile per dataset)."""
        if self.g.__dict__.get("_satudata_bound"):
            return
        for prefix, namespace in vocab.NAMESPACES.items():
            self.g.bind(prefix, namespace)
        self.g.__dict__["_satudata_bound"] = True

    def _replace_text(self, subject, predicate, value_id: Any, value_en: Any = None) -> None:
        """``predicate`` as one literal tagged ``@id`` and optionally one tagged ``@en``."""
        self.g.remove((subject, predicate, None))
        if clean_text(value_id):
            self.g.add((subject, predicate, Literal(clean_text(value_id), lang="id")))
        if clean_text(value_en):
            self.g.add((subject, predicate, Literal(clean_text(value_en), lang="en")))

    def _texts_by_lang(self, subject, predicate) -> dict[str, str]:
        out: dict[str, str] = {}
        for obj in self.g.objects(subject, predicate):
            if isinstance(obj, Literal):
                out.setdefault(obj.language or "", str(obj))
        return out

    def _concept(
        self,
        uri: str,
        codelist: str | None,
        code: str,
        scheme: str | None = None,
        labels: dict[str, str] | None = None,
        extra_type=None,
    ) -> URIRef:
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
        return self._concept(
            vocab.concept_uri(codelist, code),
            codelist,
            code,
            scheme=vocab.scheme_uri(codelist),
            extra_type=extra_type,
        )

    @staticmethod
    def _node(owner, name: str):
        """A node of ``owner`` (dataset, distribution, activity) with a URI that is the same in
        every serialisation: a blank node gets a new id each time, which a harvester reads
        as a changed dataset (stock parsing stringifies e.g. adms:identifier nodes)."""
        if not isinstance(owner, URIRef):
            return BNode()
        base = str(owner)
        return URIRef(f"{base}-{name}" if "#" in base else f"{base}#{name}")

    def _sort_objects(self, subject) -> None:
        """Re-add every multi-valued property of ``subject`` in sorted order. Turtle writes
        objects sorted, RDF/XML and JSON-LD in insertion order, and a stock parser keeps the
        first (contact point, spatial) or the list as read (themes): this makes all three
        formats give it the same."""
        g = self.g
        by_predicate: dict = {}
        for _, predicate, obj in g.triples((subject, None, None)):
            by_predicate.setdefault(predicate, []).append(obj)
        for predicate, objects in by_predicate.items():
            # rdflib's memory store keeps insertion order: re-add only what is out of order
            if len(objects) > 1 and objects != sorted(objects):
                g.remove((subject, predicate, None))
                for obj in sorted(objects):
                    g.add((subject, predicate, obj))

    def _add_identifier(self, subject, field: str, value: Any) -> None:
        """``adms:identifier`` whose notation's datatype names the identifier scheme (ADMS)."""
        if not clean_text(value):
            return
        node = self._node(subject, "id-" + field.replace("_", "-"))
        self.g.add((subject, ADMS.identifier, node))
        self.g.add((node, RDF.type, ADMS.Identifier))
        self.g.add(
            (
                node,
                SKOS.notation,
                Literal(clean_text(value), datatype=URIRef(vocab.identifier_datatype(field))),
            )
        )
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
        uri = vocab.eu_uri(codelist, clean_text(code)) if clean_text(code) else None
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
    def _organization(self, dataset_dict: dict) -> dict | None:
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
        name = toolkit.config.get(agencies_api.WALIDATA_CONFIG_KEY) or ""
        org = None
        group = agencies_api.walidata_org()  # by agency code, name or id
        if group is not None and group.state == "active":
            # its row, as for every agency of a page (see _agency_fields)
            org = prefetch.agency_dict(group)
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
                "agency_code": "",
                "agency_type": "",
                "short_name": "",
                "page": "",
            }
        cache["agent"] = agent
        return agent

    def _add_agent(self, ref: URIRef, agent: dict) -> URIRef:
        """A foaf:Organization with its agency code, names and type. The stock profile re-adds
        its fallback publisher (plain name, the organization's ``url``) on the same URI for
        every dataset before this profile runs: an agent already written on this graph only
        loses what the stock profile added since."""
        g = self.g
        written = self._cache("agents")
        key = tuple(sorted((k, str(v)) for k, v in agent.items()))
        mine = written.get(ref)
        if mine is not None and mine[0] == key:
            for triple in list(g.triples((ref, None, None))):
                if triple not in mine[1]:
                    g.remove(triple)
            return ref
        g.remove((ref, None, None))
        self._write_agent(ref, agent)
        written[ref] = (key, set(g.triples((ref, None, None))))
        return ref

    def _write_agent(self, ref: URIRef, agent: dict) -> None:
        g = self.g
        g.add((ref, RDF.type, FOAF.Agent))
        g.add((ref, RDF.type, FOAF.Organization))
        if clean_text(agent.get("name")):
            g.add((ref, FOAF.name, Literal(clean_text(agent["name"]), lang="id")))
        if clean_text(agent.get("short_name")):
            g.add((ref, SKOS.altLabel, Literal(clean_text(agent["short_name"]))))
        if clean_text(agent.get("agency_code")):
            g.add((ref, DCT.identifier, Literal(clean_text(agent["agency_code"]))))
        # dct:type: the ADMS publisher type (the DCAT-AP slot, max 1); the agency type of the
        # Bekasi register goes to org:classification.
        publisher_type = self._concept(
            vocab.PUBLISHER_TYPE, None, "LocalAuthority", labels={"en": vocab.PUBLISHER_TYPE_LABEL}
        )
        g.add((ref, DCT.type, publisher_type))
        if clean_text(agent.get("agency_type")):
            g.add(
                (
                    ref,
                    ORG.classification,
                    self._code_concept("agency_type", clean_text(agent["agency_type"])),
                )
            )
        if clean_text(agent.get("email")):
            g.add((ref, FOAF.mbox, URIRef("mailto:" + clean_text(agent["email"]))))
        if clean_text(agent.get("page")):
            g.add((ref, FOAF.homepage, URIRef(agent["page"])))


def _agency_fields(org_id: str) -> dict | None:
    """The organization's name and agency fields, read straight from its row.

    ``organization_show`` would do the same through the whole action stack (auth, scheming
    validators, counts), which a feed page paid once per agency; only plain strings are used."""
    from ckan import model

    group = model.Group.get(org_id)
    return None if group is None else prefetch.agency_dict(group)
