"""The data of the assessment charts, shaped for the page's chart script (assets/js/
assessment-charts.js): ``{"kind", "labels", "series": [{"label", "data"}], "max", "x_title",
"y_title", "integer"}`` (``integer``: the values are counts). Labels arrive translated; a value that is not known yet is ``None`` (a gap in
the chart, "incomplete" in the table beside it), never 0."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

BAR, HBAR, LINE = "bar", "hbar", "line"


def spec(
    kind: str,
    labels: Iterable[str],
    series: Iterable[tuple[str, Iterable[float | None]]],
    *,
    max_value: float | None = None,
    x_title: str = "",
    y_title: str = "",
    integer: bool = False,
) -> dict[str, Any]:
    return {
        "integer": integer,
        "kind": kind,
        "labels": [str(x) for x in labels],
        "series": [{"label": s, "data": list(data)} for s, data in series],
        "max": max_value,
        "x_title": x_title,
        "y_title": y_title,
    }


def distribution(bins: Iterable[Mapping[str, Any]], series_label: str, **titles) -> dict:
    """Datasets per score bin (``scoring.distribution``): "0–10", …, "90–100"."""
    bins = list(bins)
    return spec(
        BAR,
        (f"{b['low']}–{b['high']}" for b in bins),
        [(series_label, [b["count"] for b in bins])],
        integer=True,
        **titles,
    )


def pass_rates(indicators: Iterable[Mapping[str, Any]], series_label: str, **titles) -> dict:
    """Pass rate (%) per indicator that applies to at least one dataset, in the given order."""
    rows = [i for i in indicators if i.get("applicable")]
    return spec(
        HBAR,
        (i["title"] for i in rows),
        [(series_label, [i["pass_rate"] for i in rows])],
        max_value=100,
        **titles,
    )


def trend(points: Iterable[Mapping[str, Any]], series_label: str, **titles) -> dict:
    """An agency's score over the finished runs, oldest first (``points``: ``label``, ``score``)."""
    points = list(points)
    return spec(
        LINE,
        (p["label"] for p in points),
        [(series_label, [p["score"] for p in points])],
        max_value=100,
        **titles,
    )


def domain_indices(domains: Iterable[Mapping[str, Any]], series_label: str, **titles) -> dict:
    """The EPSS index (1–5) of each domain; ``None`` while a domain is incomplete."""
    domains = list(domains)
    return spec(
        BAR,
        (f"{d['code']} {d['name']}" for d in domains),
        [(series_label, [d.get("index") for d in domains])],
        max_value=5,
        **titles,
    )
