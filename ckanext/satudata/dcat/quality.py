"""The latest assessment result of a dataset as W3C DQV quality measurements.

Where the result comes from (in this order):

1. ``ckanext.satudata.assessment.api.latest_result(dataset_id)`` -- the function of the assessment
   capability (see docs/architecture.md); it returns ``None`` or a dict with ``score`` (0-100),
   ``band`` (the code of its Skor Kualitas Data band), ``assessed_at`` (ISO 8601) and ``indicators``: a list of
   ``{"id": ..., "score": 0-100 or None}`` (``None``: the indicator does not apply);
2. otherwise the flat values ``satudata_score``, ``satudata_band`` and ``satudata_assessed_at``
   that the assessment capability adds to ``package_show`` (``after_dataset_show``): then only the
   total and the band are published, no per-indicator measurement.

In the graph: ``<dataset> dqv:hasQualityMeasurement [ a dqv:QualityMeasurement;
dqv:isMeasurementOf <metric>; dqv:value "..."^^xsd:decimal ]`` with one measurement for the total
score (``.../def/metrik/skor``, which also carries ``prov:generatedAtTime``, the time of the whole
assessment), one for the band (``.../def/metrik/pita-kualitas``, xsd:string, the band's code; the
portal's own bands, not an EPSS level) and one per indicator (``.../def/metrik/indikator/<id>``),
the last only on the dataset's own RDF: a catalog page carries the total and the band and links
the dataset's document (:mod:`.documents`). ``dqv:computedOn`` is left out: the measurement hangs off the
dataset it was computed on (it would add a triple per measurement to every feed page). The metrics are ``dqv:Metric`` with labels and a
``dqv:inDimension`` (the indicator's Satu Data principle).
"""

from __future__ import annotations

import logging
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ckanext.satudata.assessment import api as assessment_api
from ckanext.satudata.dcat import prefetch, vocab
from ckanext.satudata.dcat.vocab import DQV, PROV

log = logging.getLogger(__name__)


def _indicator_table() -> dict[str, Any]:
    return {ind.id: ind for ind in assessment_api.INDICATORS}


def _float(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def latest_result(dataset_dict: dict) -> dict | None:
    """The latest assessment result of ``dataset_dict`` in the shape described above."""
    if dataset_dict.get("id"):
        result = assessment_api.latest_result(dataset_dict["id"])
        if result:
            return result
    return _flat_result(dataset_dict)


def _flat_result(dataset_dict: dict) -> dict | None:
    score = _float(dataset_dict.get("satudata_score"))
    if score is None:
        return None
    return {
        "score": score,
        "band": dataset_dict.get("satudata_band") or "",
        "assessed_at": dataset_dict.get("satudata_assessed_at") or "",
        "indicators": [],
    }


def _metric(
    profile,
    uri: str,
    label_id: str,
    label_en: str,
    datatype,
    dimension: str,
    dimension_labels: dict[str, str],
) -> URIRef:
    g = profile.g
    ref = URIRef(uri)
    if profile._described(ref):
        return ref
    g.add((ref, RDF.type, DQV.Metric))
    g.add((ref, SKOS.prefLabel, Literal(label_id, lang="id")))
    g.add((ref, SKOS.prefLabel, Literal(label_en, lang="en")))
    g.add((ref, DQV.expectedDataType, datatype))
    dim = URIRef(dimension)
    g.add((ref, DQV.inDimension, dim))
    g.add((dim, RDF.type, DQV.Dimension))
    for lang, text in dimension_labels.items():
        g.add((dim, SKOS.prefLabel, Literal(text, lang=lang)))
    return ref


def _measure(profile, dataset_ref, metric: URIRef, value: Literal, assessed_at: str = "") -> None:
    g = profile.g
    # A URI per dataset and metric (not a blank node): the same in every serialisation.
    name = str(metric)[len(vocab.SDI_BASE) :].replace("/", "-")
    node = profile._node(dataset_ref, "mutu-" + name)
    g.add((dataset_ref, DQV.hasQualityMeasurement, node))
    g.add((node, RDF.type, DQV.QualityMeasurement))
    g.add((node, DQV.isMeasurementOf, metric))
    g.add((node, DQV.value, value))
    if assessed_at:
        g.add((node, PROV.generatedAtTime, Literal(assessed_at, datatype=XSD.dateTime)))


def _page_result(dataset_dict: dict, profile) -> dict | None:
    """The total and the band the catalog page prefetched (:mod:`.prefetch`); without a
    prefetch, :func:`latest_result`."""
    done, scores = prefetch.prefetched_score(profile.g, dataset_dict.get("id") or "")
    if not done:
        return latest_result(dataset_dict)
    return dict(scores, indicators=[]) if scores else _flat_result(dataset_dict)


OVERALL = {"id": "Satu Data (keseluruhan)", "en": "Satu Data (overall)"}


def add_measurements(profile, dataset_dict: dict, dataset_ref, indicators: bool = True) -> None:
    """The total score and the band; with ``indicators`` (a dataset's own RDF, not a catalog
    page: see :mod:`.documents`) one measurement per indicator too."""
    result = latest_result(dataset_dict) if indicators else _page_result(dataset_dict, profile)
    if not result or _float(result.get("score")) is None:
        return
    assessed_at = str(result.get("assessed_at") or "")
    score_metric = _metric(
        profile,
        vocab.METRIC_SCORE,
        "Skor Kualitas Data (0-100)",
        "Data quality score (0-100)",
        XSD.decimal,
        vocab.DIMENSION_OVERALL,
        OVERALL,
    )
    _measure(
        profile,
        dataset_ref,
        score_metric,
        Literal(vocab.decimal_lexical(result["score"]), datatype=XSD.decimal),
        assessed_at,
    )
    band = str(result.get("band") or "")
    if band:
        band_metric = _metric(
            profile,
            vocab.METRIC_BAND,
            "Pita Skor Kualitas Data",
            "Data quality score band",
            XSD.string,
            vocab.DIMENSION_OVERALL,
            OVERALL,
        )
        _measure(profile, dataset_ref, band_metric, Literal(band, datatype=XSD.string))
    if not indicators:
        return
    table = _indicator_table() if result.get("indicators") else {}
    principles = assessment_api.PRINCIPLES if table else {}
    for item in result.get("indicators") or []:
        score = _float(item.get("score"))
        if score is None or not item.get("id"):
            continue
        indicator = table.get(item["id"])
        title = getattr(indicator, "title", None) or {}
        principle = getattr(indicator, "principle", "") or "satu-data"
        metric = _metric(
            profile,
            vocab.metric_uri(item["id"]),
            title.get("id") or item["id"],
            title.get("en") or item["id"],
            XSD.decimal,
            vocab.dimension_uri(principle),
            principles.get(principle) or {"en": principle},
        )
        _measure(
            profile,
            dataset_ref,
            metric,
            Literal(vocab.decimal_lexical(score), datatype=XSD.decimal),
        )


def parse_measurements(profile, dataset_dict: dict, dataset_ref) -> None:
    """Read the measurements back: ``satudata_score``, ``satudata_band``,
    ``satudata_assessed_at`` and ``satudata_indicators`` (indicator id -> score)."""
    g = profile.g
    indicators = {}
    for node in g.objects(dataset_ref, DQV.hasQualityMeasurement):
        metric = str(profile._object(node, DQV.isMeasurementOf) or "")
        value = profile._object(node, DQV.value)
        if value is None:
            continue
        assessed_at = profile._object_value(node, PROV.generatedAtTime)
        if metric == vocab.METRIC_SCORE:
            dataset_dict["satudata_score"] = float(value)
            if assessed_at:
                dataset_dict["satudata_assessed_at"] = assessed_at
        elif metric == vocab.METRIC_BAND:
            dataset_dict["satudata_band"] = str(value)
        else:
            indicator = vocab.indicator_from_metric(metric)
            if indicator:
                indicators[indicator] = float(value)
    if indicators:
        dataset_dict["satudata_indicators"] = indicators
