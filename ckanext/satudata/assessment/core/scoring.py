"""Scoring (pure): the Skor Kualitas Data of a dataset and the aggregates over datasets
(indicator rates, EPSS evidence, distribution).

Dataset score
    Each indicator earns ``points x fraction`` (fraction 0..1 from the indicator function;
    a resource indicator's fraction is the mean over the resources it applies to). Indicators
    that do not apply (``fraction is None``) leave both the earned and the possible points.
    ``score = 100 x earned / possible`` (0..100). The default points sum to
    :data:`~.indicators.MAX_POINTS` (100). Preconditions (checks form validation guarantees)
    earn no points; one that fails caps the score. The data gate
    (:class:`~.quality_bands.DataGate`) caps the score by the share of usable CSV/XLSX files.

Band
    The score maps to a band of the portal's own (:mod:`.quality_bands`), never an EPSS level
    or predikat.

The agency score is in :mod:`.agency_score`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .checks import years_outcome
from .indicators import (
    BY_ID,
    DATASET,
    INDICATORS,
    TABULAR_FORMATS,
    Indicator,
    Inputs,
    Outcome,
    resource_format,
    resource_label,
)

PASS, PARTIAL, FAIL, NA = "pass", "partial", "fail", "na"

# The weights configuration, re-exported: callers read it as ``scoring.Config`` etc.
from .weights import (  # noqa: E402,F401
    DEFAULT_CONFIG_PATH,
    Config,
    ConfigError,
    load_config,
    parse_config,
    with_points,
)

# --------------------------------------------------------------------------- dataset score


@dataclass(frozen=True)
class ResourceResult:
    resource_id: str
    name: str
    fraction: float
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorResult:
    indicator_id: str
    status: str
    fraction: float | None
    points: float
    earned: float
    details: tuple[str, ...] = ()
    resources: tuple[ResourceResult, ...] = ()

    def as_dict(self) -> dict:
        return {
            "indicator_id": self.indicator_id,
            "status": self.status,
            "fraction": self.fraction,
            "points": self.points,
            "earned": self.earned,
            "details": list(self.details),
            "resources": [
                {
                    "resource_id": r.resource_id,
                    "name": r.name,
                    "fraction": r.fraction,
                    "details": list(r.details),
                }
                for r in self.resources
            ],
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> IndicatorResult:
        return cls(
            d["indicator_id"],
            d["status"],
            d.get("fraction"),
            float(d["points"]),
            float(d["earned"]),
            tuple(d.get("details") or ()),
            tuple(
                ResourceResult(
                    r["resource_id"], r["name"], r["fraction"], tuple(r.get("details") or ())
                )
                for r in d.get("resources") or ()
            ),
        )


@dataclass(frozen=True)
class DatasetScore:
    dataset_id: str
    name: str
    title: str
    owner_org: str
    score: float
    earned: float
    possible: float
    band_rank: int
    band: str  # code of the quality band
    results: tuple[IndicatorResult, ...]
    raw_score: float = 0.0  # before the caps
    capped_by: str = ""  # "", "precondition", "no_usable_data", "mostly_unusable", ...

    def verdicts(self) -> tuple[list[str], list[str]]:
        """The ids of the indicators that applied (not ``na``) and of those passed."""
        return (
            [r.indicator_id for r in self.results if r.status != NA],
            [r.indicator_id for r in self.results if r.status == PASS],
        )

    def result(self, indicator_id: str) -> IndicatorResult:
        for r in self.results:
            if r.indicator_id == indicator_id:
                return r
        raise KeyError(indicator_id)


def _status(fraction: float | None) -> str:
    if fraction is None:
        return NA
    if fraction >= 1 - 1e-9:
        return PASS
    if fraction <= 1e-9:
        return FAIL
    return PARTIAL


def evaluate_indicator(ind: Indicator, ds: dict, inp: Inputs, points: float) -> IndicatorResult:
    if ind.applies_to == DATASET:
        out: Outcome = ind.check(ds, inp)
        fraction = None if out.fraction is None else max(0.0, min(1.0, out.fraction))
        details = out.details
        resources: tuple[ResourceResult, ...] = ()
    else:
        per = []
        for res in ds.get("resources") or []:
            o = ind.check(res, ds, inp)
            if o.fraction is not None:
                per.append(
                    ResourceResult(
                        res.get("id") or "",
                        resource_label(res),
                        max(0.0, min(1.0, o.fraction)),
                        o.details,
                    )
                )
        resources = tuple(per)
        if per:
            fraction = sum(r.fraction for r in per) / len(per)
            details = tuple(d for r in per for d in r.details)
        elif not ds.get("resources"):
            fraction, details = 0.0, ("no resources",)
        elif ind.structure_check:
            # A dataset whose tables are only PDFs or pictures cannot be read as data at all.
            fmts = sorted({resource_format(r) or "?" for r in ds.get("resources") or []})
            fraction, details = 0.0, ("no CSV/XLSX resource (" + ", ".join(fmts) + ")",)
        else:
            fraction, details = None, ()
    earned = 0.0 if fraction is None else round(points * fraction, 4)
    return IndicatorResult(
        ind.id, _status(fraction), fraction, points, earned, tuple(details), resources
    )


def usable_files(ds: dict, inp: Inputs) -> tuple[int, int]:
    """(usable, tabular): the CSV/XLSX files read with every structure and value check passed
    and their years inside the coverage, of all the dataset's CSV/XLSX files."""
    tabular = usable = 0
    for res in tabular_resources(ds):
        tabular += 1
        report = inp.structure.get(res.get("id") or "")
        if report is None or not report.usable:
            continue
        if years_outcome("", report.years, ds).fraction == 1.0:
            usable += 1
    return usable, tabular


def score_dataset(ds: dict, inp: Inputs, config: Config) -> DatasetScore:
    results = tuple(
        evaluate_indicator(ind, ds, inp, 0.0 if ind.precondition else config.points[ind.id])
        for ind in INDICATORS
    )
    possible = sum(r.points for r in results if r.status != NA)
    earned = sum(r.earned for r in results)
    raw = round(100 * earned / possible, 2) if possible else 0.0
    cap, capped_by = config.gate.cap(*usable_files(ds, inp))
    failed = any(r.status in (FAIL, PARTIAL) for r in results if BY_ID[r.indicator_id].precondition)
    if failed and config.gate.precondition_cap < cap:
        cap, capped_by = config.gate.precondition_cap, "precondition"
    score = min(raw, cap)
    if score == raw:
        capped_by = ""
    band = config.band_for(score)
    org = ds.get("owner_org") or (ds.get("organization") or {}).get("id") or ""
    return DatasetScore(
        ds.get("id") or "",
        ds.get("name") or "",
        ds.get("title") or "",
        org,
        score,
        round(earned, 4),
        possible,
        band.rank,
        band.code,
        results,
        raw,
        capped_by,
    )


def tabular_resources(ds: dict) -> list[dict]:
    return [r for r in ds.get("resources") or [] if resource_format(r) in TABULAR_FORMATS]


# --------------------------------------------------------------------------- aggregates over datasets


@dataclass(frozen=True)
class IndicatorSums:
    """One indicator's sums over many datasets, its non-``na`` results only: what
    :func:`rates_from_sums` and :func:`evidence_from_sums` need. The same sums come from
    :func:`indicator_sums` over scores in memory or from PostgreSQL over a stored run."""

    applicable: int = 0
    passed: int = 0
    fractions: float = 0.0
    gain: float = 0.0  # sum of 100 x (points - earned) / the dataset's possible points
    earned: float = 0.0  # of the results that carry points (the EPSS evidence)
    points: float = 0.0


def indicator_sums(scores: Sequence[DatasetScore]) -> dict[str, IndicatorSums]:
    acc: dict[str, list[float]] = {}
    for s in scores:
        for r in s.results:
            if r.status == NA:
                continue
            a = acc.setdefault(r.indicator_id, [0, 0, 0.0, 0.0, 0.0, 0.0])
            a[0] += 1
            a[1] += r.status == PASS
            a[2] += r.fraction or 0.0
            if s.possible:
                a[3] += 100 * (r.points - r.earned) / s.possible
            if r.points > 0:
                a[4] += r.earned
                a[5] += r.points
    return {k: IndicatorSums(int(v[0]), int(v[1]), *v[2:]) for k, v in acc.items()}


def rates_from_sums(sums: Mapping[str, IndicatorSums], n: int) -> dict[str, dict[str, float]]:
    """Per indicator over ``n`` datasets: ``applicable``, ``passed``, ``pass_rate`` (0..100),
    ``mean`` (mean fraction, 0..100) and ``gain`` — the average score points the datasets
    would gain if all passed it (what raises the portal most)."""
    out: dict[str, dict[str, float]] = {}
    for ind in INDICATORS:
        t = sums.get(ind.id) or IndicatorSums()
        a = t.applicable
        out[ind.id] = {
            "applicable": a,
            "passed": t.passed,
            "pass_rate": round(100 * t.passed / a, 1) if a else 0.0,
            "mean": round(100 * t.fractions / a, 1) if a else 0.0,
            "gain": round(t.gain / n, 2) if n else 0.0,
        }
    return out


def evidence_from_sums(sums: Mapping[str, IndicatorSums]) -> dict[str, float]:
    """Per EPSS indicator code served by the portal indicators: the mean fraction (0..100)."""
    by_code: dict[str, list[float]] = {}
    for indicator_id, t in sums.items():
        code = BY_ID[indicator_id].epss if indicator_id in BY_ID else ""
        if not code or t.points <= 0:  # a portal indicator no EPSS indicator stands for
            continue
        acc = by_code.setdefault(code, [0.0, 0.0])
        acc[0] += t.earned
        acc[1] += t.points
    return {code: round(100 * e / p, 1) for code, (e, p) in sorted(by_code.items()) if p}


def indicator_rates(scores: Sequence[DatasetScore]) -> dict[str, dict[str, float]]:
    return rates_from_sums(indicator_sums(scores), len(scores))


def epss_evidence(scores: Sequence[DatasetScore]) -> dict[str, float]:
    return evidence_from_sums(indicator_sums(scores))


def distribution(scores: Iterable[float], width: int = 10) -> list[dict[str, Any]]:
    """Histogram of 0..100 scores in bins of ``width`` (the last bin includes 100)."""
    bins = [{"low": lo, "high": min(100, lo + width), "count": 0} for lo in range(0, 100, width)]
    for s in scores:
        i = min(int(max(0.0, s) // width), len(bins) - 1)
        bins[i]["count"] += 1
    return bins
