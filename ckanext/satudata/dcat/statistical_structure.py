"""The dataset's statistical structure as a ``qb:DataStructureDefinition``: MS-Var variables
as components with their concept, definition and classification, MS-Ind indicators as measures
with their formula and builders (a mixin of the satudata profile)."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ckanext.satudata.dcat import vocab
from ckanext.satudata.dcat.fields import clean_text, subfield_items
from ckanext.satudata.dcat.vocab import QB, SDI, SDMX_ATTRIBUTE

#: MS-Var items beyond the common ones: subfield -> property (a literal each)
VARIABLE_TERMS = {
    "selection_reference": SDI.selectionReference,
    "question": SDI.questionText,
    "public_access": SDI.publicAccess,
}
#: MS-Ind items beyond the common ones
INDICATOR_TERMS = {
    "builder_indicators": SDI.builderIndicators,
    "builder_publication": SDI.builderPublication,
    "measure": SDI.measure,
    "presentation_classification": SDI.presentationClassification,
    "cumulative": SDI.cumulative,
    "public_access": SDI.publicAccess,
}


class StatisticalStructureMixin:
    def _graph_structure(self, d: dict, dataset_ref) -> None:
        variables = subfield_items(d.get("variables"))
        indicators = subfield_items(d.get("indicators"))
        if not variables and not indicators:
            return
        g = self.g
        dsd = self._node(dataset_ref, "struktur")
        g.add((dataset_ref, RDF.type, QB.DataSet))
        g.add((dataset_ref, QB.structure, dsd))
        g.add((dsd, RDF.type, QB.DataStructureDefinition))
        order = 0
        for kind, items in (("variabel", variables), ("indikator", indicators)):
            for item in items:
                order += 1
                prop = self._node(dataset_ref, f"{kind}-{order}")
                spec = self._node(dataset_ref, f"komponen-{order}")
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
        for key, predicate in (
            ("name", RDFS.label),
            ("concept", SKOS.scopeNote),
            ("definition", SKOS.definition),
            ("unit", SDMX_ATTRIBUTE.unitMeasure),
            ("reference_period", SDI.referencePeriod),
        ):
            if clean_text(item.get(key)):
                g.add((prop, predicate, Literal(clean_text(item[key]))))

    def _graph_variable(self, prop, item: dict) -> None:
        g = self.g
        self._graph_common_component(prop, item)
        if clean_text(item.get("alias")):
            g.add((prop, SKOS.altLabel, Literal(clean_text(item["alias"]))))
        data_range = vocab.DATA_TYPE_TO_RANGE.get(clean_text(item.get("data_type")))
        if data_range:
            g.add((prop, RDFS.range, URIRef(data_range)))
        for key, predicate in (
            ("value_classification", SDI.valueClassification),
            ("validation_rule", SDI.validationRule),
            *VARIABLE_TERMS.items(),
        ):
            if clean_text(item.get(key)):
                g.add((prop, predicate, Literal(clean_text(item[key]))))

    def _graph_indicator(self, prop, item: dict) -> None:
        g = self.g
        self._graph_common_component(prop, item)
        for key, predicate in (
            ("interpretation", SDI.interpretation),
            ("formula", SDI.formula),
            ("builder_variables", SDI.builderVariables),
            *INDICATOR_TERMS.items(),
        ):
            if clean_text(item.get(key)):
                g.add((prop, predicate, Literal(clean_text(item[key]))))
        composite = vocab.COMPOSITE_TO_BOOL.get(clean_text(item.get("composite")))
        if composite is not None:
            g.add((prop, SDI.composite, Literal(composite)))
        if clean_text(item.get("estimation_level")):
            g.add(
                (
                    prop,
                    SDI.estimationLevel,
                    self._code_concept("estimation_level", clean_text(item["estimation_level"])),
                )
            )

    # ------------------------------------------------------------------ serialise: catalog
