"""Parsing: the Satu Data fields read back from a DCAT graph into the dataset dict that
``euro_dcat_ap_3`` has already parsed (the ``satudata`` profile's ``parse_dataset``), so that a
harvester running ckanext-dcat with ``euro_dcat_ap_3 satudata`` gets the original fields.

A mixin of :class:`ckanext.satudata.dcat.profile.SatudataProfile`.
"""

from __future__ import annotations

from ckanext.dcat.profiles import DCAT, DCT, FOAF, VCARD
from ckanext.dcat.profiles.base import SCHEMA
from ckanext.dcat.utils import catalog_uri
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from ckanext.satudata.dcat import media_types, quality, statistical_structure, vocab
from ckanext.satudata.dcat.fields import INDICATOR_FIELDS, VARIABLE_FIELDS, WALIDATA_ROLE, year_of
from ckanext.satudata.dcat.vocab import ORG, QB, SDI, SDMX_ATTRIBUTE


class ParseMixin:
    # ------------------------------------------------------------------ parse
    def parse_dataset(self, dataset_dict: dict, dataset_ref) -> dict:
        g = self.g
        d = dataset_dict
        consumed_extras = {
            "frequency",
            "language",
            "theme",
            "conforms_to",
            "access_rights",
            "provenance",
            "alternate_identifier",
            "temporal_start",
            "temporal_end",
            "spatial_uri",
            "spatial_text",
        }

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
            start = year_of(self._object_value(period, DCAT.startDate))
            end = year_of(self._object_value(period, DCAT.endDate))
            if start or end:
                d["year_start"], d["year_end"] = start, end
                break

        d["area_codes"] = sorted(
            set(
                self._codes_in(dataset_ref, DCT.spatial, "area")
                + self._codes_in(dataset_ref, DCT.coverage, "area")
            )
        )
        levels = self._codes_in(dataset_ref, SDI.presentationLevel, "presentation_level")
        d["presentation_level"] = levels[0] if levels else ""
        topics = self._codes_in(dataset_ref, DCAT.theme, "topic")
        d["topic"] = topics[0] if topics else ""
        d["urusan"] = self._codes_in(dataset_ref, DCAT.theme, "urusan")

        license_id = ""
        for licence in list(g.objects(dataset_ref, DCT.license)) + [
            lic
            for dist in g.objects(dataset_ref, DCAT.distribution)
            for lic in g.objects(dist, DCT.license)
        ]:
            license_id = vocab.license_id_from_uri(str(licence)) or ""
            if license_id:
                break
        d["license_id"] = license_id or d.get("license_id") or ""

        self._parse_publisher(d, dataset_ref)
        self._parse_contact(d, dataset_ref)

        d["unit"] = self._object_value(dataset_ref, SDMX_ATTRIBUTE.unitMeasure)
        d["measure"] = self._object_value(dataset_ref, SDI.measure)
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
            classification = [
                self._object_value(c, SKOS.notation) for c in g.objects(ref, ORG.classification)
            ]
            d["organization"] = {
                "uri": str(ref) if isinstance(ref, URIRef) else "",
                "title": names.get("id", names.get("", "")),
                "agency_code": self._object_value(ref, DCT.identifier),
                "agency_type": classification[0] if classification else "",
                "short_name": self._object_value(ref, SKOS.altLabel),
            }
            prefix = catalog_uri().rstrip("/") + "/organization/"
            if isinstance(ref, URIRef) and str(ref).startswith(prefix):
                d["owner_org"] = str(ref)[len(prefix) :]
            break

    def _parse_contact(self, d: dict, dataset_ref) -> None:
        g = self.g
        d["maintainer"], d["maintainer_email"] = "", ""
        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            if self._object_value(contact, VCARD.role) == WALIDATA_ROLE:
                continue
            d["maintainer"] = self._object_value(contact, VCARD.fn)
            email = self._object_value(contact, VCARD.hasEmail)
            d["maintainer_email"] = (
                email[len("mailto:") :] if email.startswith("mailto:") else email
            )
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
        for key, term in statistical_structure.VARIABLE_TERMS.items():
            item[key] = self._object_value(prop, term)
        return {key: item.get(key, "") for key in VARIABLE_FIELDS}

    def _parse_indicator(self, prop) -> dict:
        item = self._parse_common_component(prop)
        item["interpretation"] = self._object_value(prop, SDI.interpretation)
        item["formula"] = self._object_value(prop, SDI.formula)
        item["builder_variables"] = self._object_value(prop, SDI.builderVariables)
        for key, term in statistical_structure.INDICATOR_TERMS.items():
            item[key] = self._object_value(prop, term)
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
            if resource.get("mimetype"):  # stock parsing keeps the IANA URI
                resource["mimetype"] = media_types.mimetype_from_uri(resource["mimetype"])
            resource["language"] = self._eu_code(distribution, DCT.language, "language")
            resource["data_period"] = self._object_value(distribution, SDI.dataPeriod)
            resource["columns_description"] = self._object_value(
                distribution, SDI.columnsDescription
            )
            for key in ("name", "description"):
                resource.setdefault(key, "")
            position = self._object_value_int(distribution, SCHEMA.position) or 0
            positioned.append((position, resource))
        d["resources"] = [r for _, r in sorted(positioned, key=lambda p: p[0])]
