"""The walidata's CSV/XLSX exports of a run: the agency ranking, and (XLSX) every dataset with
its score per indicator. Column headers are in the reader's language and agencies are named
by their title, never by a UUID; the agency's short name stays as a column for matching."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import results, settings
from .core import indicators as ind

COMPONENTS = ("datasets", "delivery", "manual")


def ranking_header() -> list[str]:
    # the score's band, never an EPSS level: the Skor Kualitas Data is not an EPSS rating
    return [
        tk._("Rank"),
        tk._("Agency"),
        tk._("Agency short name"),
        tk._("Score"),
        tk._("Quality band"),
        tk._("Change since the previous run"),
        tk._("Previous score"),
        tk._("Datasets assessed"),
        tk._("Agreed items not delivered"),
        tk._("Component: datasets"),
        tk._("Component: delivery of the agreed data list"),
        tk._("Component: manual EPSS indicators"),
    ]


def ranking_rows(listing: dict, lang: str) -> list[list[Any]]:
    rows = []
    for a in listing["agencies"]:
        comp = a.get("components") or {}
        rows.append(
            [
                a["rank"],
                a["org_title"],
                a["org_name"],
                a["score"],
                settings.band_name(a["band"], a["score"], lang),
                a["change"],
                a["previous_score"],
                a["datasets"],
                a["missing_items"],
                *(comp.get(k) for k in COMPONENTS),
            ]
        )
    return rows


def dataset_header(lang: str) -> list[str]:
    return [
        tk._("Agency"),
        tk._("Dataset name"),
        tk._("Dataset title"),
        tk._("Score"),
        tk._("Quality band"),
    ] + [f"{i.title[lang]} (%)" for i in ind.INDICATORS]


def dataset_rows(run_id: str, lang: str) -> Iterator[list[Any]]:
    rows = results.dataset_rows(run_id)
    titles = dict(
        model.Session.query(model.Group.id, model.Group.title)
        .filter(model.Group.id.in_({r.org_id for r in rows if r.org_id} or {""}))
        .all()
    )
    for r in rows:
        fractions = {x["indicator_id"]: x.get("fraction") for x in r.results or []}
        yield [
            titles.get(r.org_id) or r.org_id,
            r.dataset_name,
            r.dataset_title,
            r.score,
            settings.band_name(r.band, r.score, lang),
        ] + [
            None if fractions.get(i.id) is None else round(100 * fractions[i.id], 1)
            for i in ind.INDICATORS
        ]
