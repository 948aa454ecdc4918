"""The agency score behind the OPD ranking (pure): every agency on the same three components.

Components (weights in ``agency:`` of the weights file)
    - ``datasets``: sum of the dataset scores / (datasets + agreed items *missing*); an agreed
      item never delivered after the cutoff counts as a dataset scoring 0;
    - ``delivery``: 100 x sum of item credits / items counted, over the agreed items of the
      current period (credits below);
    - ``manual``: the walidata's levels of the EPSS indicators assessed per OPD
      (:attr:`Policy.manual_codes`), level 1..5 -> ``(level - 1) x 25``, weighted by the
      indicator's IPS share over *all* those codes: a code without a level counts 0 and is
      listed as missing, never averaged away.

A component without input (no dataset and no missing item, no agreed item, no manual level)
is ``missing``: it counts 0 with its full weight. A delivery component whose items are all
*pending* (not due yet) is ``pending``: its weight is held out of the total until the cutoff,
the same for every agency, because all items of a period share one cutoff.

Item credits (delivery)
    before the cutoff  approved: 1; anything else: pending (nothing is due yet)
    after the cutoff   not delivered: missing, 0; returned by the walidata: 0;
                       timeliness credit x approval credit, where timeliness is 1 (first
                       delivery at or before the cutoff), ``late_credit`` (after the cutoff, by
                       the input close) or ``after_close_credit`` (after the input close), and
                       approval is 1 (approved by the walidata) or ``unapproved_credit``.
Instants are aware datetimes; the comparison is of instants, so a cutoff at 23:59:59 WIB is
16:59:59 UTC (the portal's zone decides the local day, see the deadlines capability's clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import epss as epss_mod
from .scoring import (
    Config,
    DatasetScore,
    IndicatorSums,
    evidence_from_sums,
    indicator_sums,
    rates_from_sums,
)

# EPSS indicators about the Pemda as a whole (the walidata, the Forum SDI, the Pemda's own
# plan and use of statistics): held once in the EPSS worksheet, never entered or compared per OPD.
PEMDA_ONLY = frozenset(
    {"30401", "40301", "40302", "40303", "40304", "50101", "50102", "50301", "50302"}
)
# The manual-evidence (M, P/M) indicators whose criteria speak of each Produsen Data.
DEFAULT_MANUAL_CODES = (
    "20102",
    "30101",
    "30102",
    "30103",
    "30201",
    "30301",
    "40102",
    "40201",
    "40202",
    "50303",
)

OK, MISSING, PENDING, INCOMPLETE = "ok", "missing", "pending", "incomplete"
ON_TIME, LATE_AFTER_CUTOFF, LATE_AFTER_CLOSE = "on_time", "late_after_cutoff", "late_after_close"
RETURNED, NOT_APPROVED, APPROVED = "returned", "not_approved", "approved"
COMPONENTS = ("datasets", "delivery", "manual")


@dataclass(frozen=True)
class Policy:
    late_credit: float = 0.5
    after_close_credit: float = 0.25
    unapproved_credit: float = 0.5
    manual_codes: tuple[str, ...] = DEFAULT_MANUAL_CODES

    def __post_init__(self):
        for name in ("late_credit", "after_close_credit", "unapproved_credit"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name}: between 0 and 1")
        bad = [c for c in self.manual_codes if c not in epss_mod.BY_CODE or c in PEMDA_ONLY]
        if bad:
            raise ValueError("manual_codes: not per-OPD EPSS indicators: " + ", ".join(bad))


@dataclass(frozen=True)
class ManualIndicator:
    epss_code: str
    level: int
    evidence: str
    entered_by: str = ""
    entered_at: str = ""


@dataclass(frozen=True)
class Item:
    """An agreed item of the period: its lifecycle state and first delivery instant."""

    title: str
    state: str  # the deadlines lifecycle state
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class Delivery:
    """The agency's agreed items of one period, with the period's deadlines and the clock."""

    cutoff: dt.datetime
    now: dt.datetime
    input_close: dt.datetime | None = None
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Standing:
    timeliness: str | None  # ON_TIME, LATE_AFTER_CUTOFF, LATE_AFTER_CLOSE; None if undelivered
    review: str | None  # APPROVED, NOT_APPROVED, RETURNED; None if undelivered
    credit: float | None  # None: pending (not counted)

    @property
    def pending(self) -> bool:
        return self.credit is None


def timeliness(submitted_at: dt.datetime, cutoff: dt.datetime, close: dt.datetime | None) -> str:
    if submitted_at <= cutoff:
        return ON_TIME
    if close is None or submitted_at <= close:
        return LATE_AFTER_CUTOFF
    return LATE_AFTER_CLOSE


def item_standing(item: Item, d: Delivery, policy: Policy) -> Standing:
    due = d.now > d.cutoff
    if item.submitted_at is None or item.state == "not_submitted":
        return Standing(None, None, 0.0 if due else None)
    t = timeliness(item.submitted_at, d.cutoff, d.input_close)
    review = {"approved": APPROVED, "returned": RETURNED}.get(item.state, NOT_APPROVED)
    if not due:
        return Standing(t, review, 1.0 if review == APPROVED else None)
    if review == RETURNED:
        return Standing(t, review, 0.0)
    credit = {ON_TIME: 1.0, LATE_AFTER_CUTOFF: policy.late_credit}.get(t, policy.after_close_credit)
    if review != APPROVED:
        credit *= policy.unapproved_credit
    return Standing(t, review, credit)


@dataclass(frozen=True)
class DeliveryFigures:
    value: float | None
    status: str
    counts: Mapping[str, int] = field(default_factory=dict)
    missing_items: tuple[str, ...] = ()


def delivery_component(d: Delivery | None, policy: Policy) -> DeliveryFigures:
    if d is None or not d.items:
        return DeliveryFigures(None, MISSING)
    counts = dict.fromkeys(
        ("expected", "pending", "missing", ON_TIME, LATE_AFTER_CUTOFF, LATE_AFTER_CLOSE), 0
    )
    counts.update(dict.fromkeys((APPROVED, NOT_APPROVED, RETURNED), 0))
    credits, missing = [], []
    for item in d.items:
        s = item_standing(item, d, policy)
        counts["expected"] += 1
        if s.timeliness:
            counts[s.timeliness] += 1
            counts[s.review] += 1
        if s.pending:
            counts["pending"] += 1
            continue
        if s.timeliness is None:
            counts["missing"] += 1
            missing.append(item.title)
        credits.append(s.credit)
    if not credits:
        return DeliveryFigures(None, PENDING, counts)
    value = round(100 * sum(credits) / len(credits), 2)
    return DeliveryFigures(value, OK, counts, tuple(missing))


@dataclass(frozen=True)
class AgencyScore:
    agency_id: str
    score: float
    level: int
    band: str
    components: Mapping[str, float | None]
    status: Mapping[str, str]
    weights_used: Mapping[str, float]
    datasets: int
    missing_items: int
    indicator_rates: Mapping[str, Mapping[str, float]]
    epss_evidence: Mapping[str, float]
    manual: tuple[ManualIndicator, ...] = ()
    manual_missing: tuple[str, ...] = ()
    delivery: Mapping[str, int] = field(default_factory=dict)
    missing_titles: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return all(s in (OK, PENDING) for s in self.status.values())

    def as_dict(self) -> dict:
        return {
            "agency_id": self.agency_id,
            "score": self.score,
            "level": self.level,
            "band": self.band,
            "components": dict(self.components),
            "status": dict(self.status),
            "complete": self.complete,
            "weights_used": dict(self.weights_used),
            "datasets": self.datasets,
            "missing_items": self.missing_items,
            "missing_titles": list(self.missing_titles),
            "delivery": dict(self.delivery),
            "indicator_rates": {k: dict(v) for k, v in self.indicator_rates.items()},
            "epss_evidence": dict(self.epss_evidence),
            "manual": [m.__dict__ for m in self.manual],
            "manual_missing": list(self.manual_missing),
        }


def validate_manual(m: ManualIndicator) -> None:
    if m.epss_code not in epss_mod.BY_CODE:
        raise ValueError(f"unknown EPSS indicator: {m.epss_code}")
    if m.epss_code in PEMDA_ONLY:
        raise ValueError(f"{m.epss_code} is assessed once for the Pemda, not per OPD")
    if int(m.level) not in (1, 2, 3, 4, 5):
        raise ValueError("level must be 1..5")
    if not (m.evidence or "").strip():
        raise ValueError("an evidence note is required")


def manual_component(
    manual: Sequence[ManualIndicator], policy: Policy
) -> tuple[float | None, str, tuple[ManualIndicator, ...], tuple[str, ...]]:
    """(value, status, the levels counted, the codes without a level)."""
    by_code = {m.epss_code: m for m in manual if m.epss_code in policy.manual_codes}
    missing = tuple(c for c in policy.manual_codes if c not in by_code)
    if not by_code:
        return None, MISSING, (), missing
    wsum = sum(epss_mod.BY_CODE[c].share for c in policy.manual_codes)
    tot = sum(epss_mod.BY_CODE[c].share * (int(m.level) - 1) * 25 for c, m in by_code.items())
    counted = tuple(by_code[c] for c in policy.manual_codes if c in by_code)
    return round(tot / wsum, 2), INCOMPLETE if missing else OK, counted, missing


@dataclass(frozen=True)
class DatasetSummary:
    """An agency's datasets as the agency score reads them: their number, the sum of their
    scores and the per-indicator sums (from scores in memory, or aggregated from a stored run
    without loading every result)."""

    count: int
    score_sum: float
    sums: Mapping[str, IndicatorSums]

    @classmethod
    def of(cls, scores: Sequence[DatasetScore]) -> DatasetSummary:
        return cls(len(scores), sum(s.score for s in scores), indicator_sums(scores))


def score_agency(
    agency_id: str,
    scores: Sequence[DatasetScore] | DatasetSummary,
    delivery: Delivery | None,
    manual: Iterable[ManualIndicator],
    config: Config,
    policy: Policy = Policy(),
) -> AgencyScore:
    summary = scores if isinstance(scores, DatasetSummary) else DatasetSummary.of(scores)
    fig = delivery_component(delivery, policy)
    missing = fig.counts.get("missing", 0)
    denom = summary.count + missing
    comps: dict[str, float | None] = {
        "datasets": round(summary.score_sum / denom, 2) if denom else None,
        "delivery": fig.value,
    }
    status = {"datasets": OK if denom else MISSING, "delivery": fig.status}
    comps["manual"], status["manual"], counted, manual_missing = manual_component(
        tuple(manual), policy
    )
    # every component but a pending one keeps its weight; a missing one counts 0
    used = {
        k: config.agency_weights.get(k, 0)
        for k in COMPONENTS
        if status[k] != PENDING and config.agency_weights.get(k, 0) > 0
    }
    total_w = sum(used.values())
    score = (
        round(sum((comps[k] or 0.0) * w for k, w in used.items()) / total_w, 2) if total_w else 0.0
    )
    return AgencyScore(
        agency_id,
        score,
        config.band_for(score).rank,
        config.band_for(score).code,
        comps,
        status,
        {k: round(w / total_w, 4) for k, w in used.items()} if total_w else {},
        summary.count,
        missing,
        rates_from_sums(summary.sums, summary.count),
        evidence_from_sums(summary.sums),
        counted,
        manual_missing,
        fig.counts,
        fig.missing_items,
    )
