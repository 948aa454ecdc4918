"""Serialising: the Satu Data fields of a dataset, its resources and the catalog as DCAT-AP 3
triples (the ``satudata`` profile's ``graph_from_dataset`` and ``graph_from_catalog``).

A mixin of :class:`ckanext.satudata.dcat.profile.SatudataProfile`, which holds the helpers
shared with parsing (concepts, identifiers, agents); the distributions are in
:mod:`.distributions`; the README section "DCAT" has the mapping.
"""

from __future__ import annotations

import ckan.plugins.toolkit as toolkit
from ckanext.dcat.profiles import DCAT, DCT, FOAF, VCARD
from ckanext.dcat.utils import catalog_uri
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ckanext.satudata.dcat import documents, quality, vocab
from ckanext.satudata.dcat.fields import WALIDATA_ROLE, as_list, clean_text, year_of
from ckanext.satudata.dcat.kegiatan_graph import KegiatanGraphMixin
from ckanext.satudata.dcat.statistical_structure import StatisticalStructureMixin
from ckanext.satudata.dcat.vocab import PROV, SDI, SDMX_ATTRIBUTE


class SerializeMixin(StatisticalStructureMixin, KegiatanGraphMixin):
    # ------------------------------------------------------------------ serialise: dataset
    def graph_from_dataset(self, dataset_dict: dict, dataset_ref) -> None:
        self._bind()
        g = self.g
        d = dataset_dict
        # A catalog page is a summary (docs/dcat.md "Catalog pages and dataset documents"):
        # the DCAT-AP core a stock harvester keeps; the Satu Data extension is on the
        # dataset's own RDF, which the page links.
        full = not documents.is_summary(g)

        # Titles and descriptions in both languages; the catalog language is Indonesian.
        self._replace_text(dataset_ref, DCT.title, d.get("title"), d.get("title_en"))
        self._replace_text(dataset_ref, DCT.description, d.get("notes"), d.get("notes_en"))
        g.remove((dataset_ref, DCT.language, None))
        self._eu(dataset_ref, DCT.language, "language", "id", DCT.LinguisticSystem)
        if clean_text(d.get("title_en")) or clean_text(d.get("notes_en")):
            self._eu(dataset_ref, DCT.language, "language", "en", DCT.LinguisticSystem)

        # Identifiers: the CKAN name, the walidata reference number, the agreed daftar-data item.
        for field in ("name", "reference_number", "agreed_item") if full else ():
            self._add_identifier(dataset_ref, field, d.get(field))

        # Frequency: EU frequency table instead of the stock plain literal.
        g.remove((dataset_ref, DCT.accrualPeriodicity, None))
        self._eu(
            dataset_ref, DCT.accrualPeriodicity, "frequency", d.get("frequency"), DCT.Frequency
        )

        # Access rights from the classification.
        g.remove((dataset_ref, DCT.accessRights, None))
        self._eu(
            dataset_ref,
            DCT.accessRights,
            "classification",
            d.get("classification"),
            DCT.RightsStatement,
        )

        # Temporal coverage: the years covered.
        start, end = year_of(d.get("year_start")), year_of(d.get("year_end"))
        if start or end:
            period = self._node(dataset_ref, "periode")
            g.add((period, RDF.type, DCT.PeriodOfTime))
            if start:
                g.add((period, DCAT.startDate, Literal(f"{start:04d}", datatype=XSD.gYear)))
            if end:
                g.add((period, DCAT.endDate, Literal(f"{end:04d}", datatype=XSD.gYear)))
            g.add((dataset_ref, DCT.temporal, period))

        # Spatial coverage: Kemendagri area codes as stable URIs. A stock parser keeps one
        # dct:spatial (the last one read; Turtle sorts objects, JSON-LD has no stable order),
        # so dct:spatial holds exactly one area, the broadest (first in code order: the
        # regency 32.16 before its kecamatan), and the others go to dct:coverage, its
        # super-property. rdfs:label gives a stock parser the Indonesian name.
        codes = sorted(set(as_list(d.get("area_codes"))))
        for position, code in enumerate(codes if full else codes[:1]):
            ref = self._code_concept("area", code, extra_type=DCT.Location)
            if not self._described(("label", ref)):
                g.add((ref, RDFS.label, Literal(vocab.label("area", code, "id"), lang="id")))
            g.add((dataset_ref, DCT.coverage if position else DCT.spatial, ref))
        if full and clean_text(d.get("presentation_level")):
            g.add(
                (
                    dataset_ref,
                    SDI.presentationLevel,
                    self._code_concept("presentation_level", clean_text(d["presentation_level"])),
                )
            )

        # Themes: MS-Keg sektor (+ its EU data theme) and the urusan codes.
        topic = clean_text(d.get("topic"))
        if topic:
            g.add((dataset_ref, DCAT.theme, self._code_concept("topic", topic)))
            eu_theme = vocab.eu_theme_uri(topic)
            if eu_theme:
                code = eu_theme.rsplit("/", 1)[-1]
                g.add(
                    (
                        dataset_ref,
                        DCAT.theme,
                        self._concept(
                            eu_theme,
                            None,
                            code,
                            scheme=vocab.EU_AUTHORITY + "data-theme",
                            labels={"en": vocab.EU_THEME_LABELS.get(code, code)},
                        ),
                    )
                )
        for code in as_list(d.get("urusan")):
            g.add((dataset_ref, DCAT.theme, self._code_concept("urusan", code)))

        # Licence, as a resolvable URI, on the dataset and (DCAT-AP) on each distribution.
        licence = self._license_ref(d)
        if licence is not None:
            g.add((dataset_ref, DCT.license, licence))

        # Publisher: the producing agency with its agency code.
        self._graph_publisher(d, dataset_ref)

        # Contact point: the maintainer (stock vCard), the walidata only for a dataset without
        # one; a stock harvester keeps one contact point, and JSON-LD has no stable order.
        # The walidata is always named as the dataset's custodian (prov:qualifiedAttribution).
        self._graph_walidata_contact(
            dataset_ref, as_contact=(dataset_ref, DCAT.contactPoint, None) not in g, full=full
        )

        # Standard data: unit, data source, SDS code.
        if full and clean_text(d.get("unit")):
            g.add((dataset_ref, SDMX_ATTRIBUTE.unitMeasure, Literal(clean_text(d["unit"]))))
        if clean_text(d.get("measure")):
            g.add((dataset_ref, SDI.measure, Literal(clean_text(d["measure"]))))
        if clean_text(d.get("data_source")):
            statement = self._node(dataset_ref, "asal-data")
            g.add((statement, RDF.type, DCT.ProvenanceStatement))
            g.add((statement, RDFS.label, Literal(clean_text(d["data_source"]), lang="id")))
            g.add((dataset_ref, DCT.provenance, statement))
        if clean_text(d.get("sds_code")):
            standard = URIRef(vocab.sds_uri(clean_text(d["sds_code"])))
            g.add((standard, RDF.type, DCT.Standard))
            g.add((standard, DCT.identifier, Literal(clean_text(d["sds_code"]))))
            g.add(
                (
                    standard,
                    DCT.title,
                    Literal(
                        f"Standar Data Statistik Nasional {clean_text(d['sds_code'])}", lang="id"
                    ),
                )
            )
            g.add((dataset_ref, DCT.conformsTo, standard))

        if full:
            # The statistical activity (MS-Keg) that generated the dataset.
            self._graph_activity(d, dataset_ref)
            # MS-Var and MS-Ind as a Data Cube structure.
            self._graph_structure(d, dataset_ref)

        # Every contact point is a vcard:Kind (DCAT-AP 3 class constraint; vcard:Organization
        # is its subclass, but a validator without the vCard ontology does not know that).
        # The stock (maintainer) contact's blank node gets the dataset's #kontak URI.
        for contact in list(g.objects(dataset_ref, DCAT.contactPoint)):
            if isinstance(contact, BNode):
                contact = self._rename(contact, self._node(dataset_ref, "kontak"))
            g.add((contact, RDF.type, VCARD.Kind))

        # Resources.
        for position, resource in enumerate(d.get("resources") or [], start=1):
            self._graph_resource(
                resource, position, licence, clean_text(d.get("license_id")), full=full
            )

        # Assessment as DQV: on a catalog page the total and the level, and the link to the
        # dataset's own RDF, which has every indicator (see .documents).
        if documents.is_catalog(g):
            quality.add_measurements(self, d, dataset_ref, indicators=False)
            documents.link_document(g, d, dataset_ref)
        else:
            quality.add_measurements(self, d, dataset_ref)

        # The same order in every format (see _sort_objects); Turtle sorts by itself.
        if not documents.sorts_objects(g):
            self._sort_objects(dataset_ref)
            for distribution in list(g.objects(dataset_ref, DCAT.distribution)):
                self._sort_objects(distribution)

    def _rename(self, old, new: URIRef) -> URIRef:
        """Move every triple of node ``old`` (subject or object) to ``new``."""
        g = self.g
        for s, p, o in list(g.triples((old, None, None))):
            g.remove((s, p, o))
            g.add((new, p, o))
        for s, p, o in list(g.triples((None, None, old))):
            g.remove((s, p, o))
            g.add((s, p, new))
        return new

    def _license_ref(self, d: dict) -> URIRef | None:
        license_id = clean_text(d.get("license_id"))
        if not license_id:
            return None
        uri = vocab.license_uri(license_id)
        if not uri:
            url = clean_text(d.get("license_url"))
            uri = url if url.startswith(("http://", "https://")) else None
        if not uri:
            return None
        ref = URIRef(uri)
        if self._described(ref):
            return ref
        self.g.add((ref, RDF.type, DCT.LicenseDocument))
        if clean_text(d.get("license_title")):
            self.g.add((ref, DCT.title, Literal(clean_text(d["license_title"]))))
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

    def _graph_walidata_contact(self, dataset_ref, as_contact: bool, full: bool = True) -> None:
        """The walidata as custodian (``full`` only) and as the contact point of a dataset
        without a maintainer."""
        agent = self._walidata()
        if not clean_text(agent.get("name")):
            return
        if full:
            self._graph_custodian(dataset_ref, agent)
        if as_contact:
            self._graph_walidata_kontak(dataset_ref, agent)

    def _graph_custodian(self, dataset_ref, agent: dict) -> None:
        g = self.g
        attribution = self._node(dataset_ref, "walidata")
        g.add((dataset_ref, PROV.qualifiedAttribution, attribution))
        g.add((attribution, RDF.type, PROV.Attribution))
        g.add((attribution, PROV.agent, URIRef(agent["uri"])))
        role = URIRef(vocab.CUSTODIAN_ROLE)
        g.add((attribution, DCAT.hadRole, role))
        if not self._described(role):
            g.add((role, RDF.type, DCAT.Role))
            g.add((role, RDF.type, SKOS.Concept))
            g.add((role, SKOS.prefLabel, Literal("Custodian", lang="en")))
            g.add((role, SKOS.prefLabel, Literal("Walidata", lang="id")))
        if not self._described(URIRef(agent["uri"])):
            self._add_agent(URIRef(agent["uri"]), agent)

    def _graph_walidata_kontak(self, dataset_ref, agent: dict) -> None:
        g = self.g
        ref = URIRef(agent["uri"] + "#kontak")
        if (ref, RDF.type, VCARD.Organization) not in g:
            g.add((ref, RDF.type, VCARD.Organization))
            g.add((ref, VCARD.fn, Literal(clean_text(agent["name"]), lang="id")))
            g.add((ref, VCARD.role, Literal(WALIDATA_ROLE)))
            if clean_text(agent.get("email")):
                g.add((ref, VCARD.hasEmail, URIRef("mailto:" + clean_text(agent["email"]))))
            if clean_text(agent.get("page")):
                g.add((ref, VCARD.hasURL, URIRef(agent["page"])))
        g.add((dataset_ref, DCAT.contactPoint, ref))

    def graph_from_catalog(self, catalog_dict: dict | None, catalog_ref) -> None:
        """Catalog publisher (mandatory in DCAT-AP 3), language and theme taxonomies.

        ``catalog_dict["satudata_organization"]`` (the per-agency feed) makes that agency the
        publisher; otherwise the walidata publishes the catalog."""
        self._bind()
        g = self.g
        documents.mark_catalog(g, catalog_ref)
        documents.bind_portal_prefixes(g)
        catalog_dict = catalog_dict or {}
        if (catalog_ref, DCT.description, None) not in g:
            g.add(
                (
                    catalog_ref,
                    DCT.description,
                    Literal(
                        toolkit.config.get("ckanext.satudata.dcat.catalog_description"), lang="id"
                    ),
                )
            )
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))
        g.remove((catalog_ref, DCT.language, None))
        self._eu(catalog_ref, DCT.language, "language", "id", DCT.LinguisticSystem)
        org = catalog_dict.get("satudata_organization")
        g.remove((catalog_ref, DCT.publisher, None))
        if org:
            base = catalog_uri().rstrip("/")
            ref = self._add_agent(
                URIRef(f"{base}/organization/{org['id']}"),
                {
                    "name": org.get("title") or org.get("name"),
                    "short_name": org.get("short_name"),
                    "agency_code": org.get("agency_code"),
                    "agency_type": org.get("agency_type"),
                    "email": org.get("contact_email"),
                    "page": f"{base}/organization/{org['name']}",
                },
            )
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
