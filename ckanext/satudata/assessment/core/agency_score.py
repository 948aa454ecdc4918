"""The agency score (pure): the components of an agency's score and their weighted total."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import epss as epss_mod
from .scoring import Config, DatasetScore, epss_evidence, indicator_rates


@dataclass(frozen=True)
class ManualIndicator:
    epss_code: str
    level: int
    evidence: str
    entered_by: str = ""
    entered_at: str = ""


@dataclass(frozen=True)
class Delivery:
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    missing_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgencyScore:
    agency_id: str
    score: float
    level: int
    band: str
    components: Mapping[str, float | None]
    weights_used: Mapping[str, float]
    datasets: int
    missing_items: int
    indicator_rates: Mapping[str, Mapping[str, float]]
    epss_evidence: Mapping[str, float]
    manual: tuple[ManualIndicator, ...] = ()

    def as_dict(self) -> dict:
        return {
            "agency_id": self.agency_id,
            "score": self.score,
            "level": self.level,
            "band": self.band,
            "components": dict(self.components),
            "weights_used": dict(self.weights_used),
            "datasets": self.datasets,
            "missing_items": self.missing_items,
            "indicator_rates": {k: dict(v) for k, v in self.indicator_rates.items()},
            "epss_evidence": dict(self.epss_evidence),
            "manual": [m.__dict__ for m in self.manual],
        }


def validate_manual(m: ManualIndicator) -> None:
    if m.epss_code not in epss_mod.BY_CODE:
        raise ValueError(f"unknown EPSS indicator: {m.epss_code}")
    if int(m.level) not in (1, 2, 3, 4, 5):
        raise ValueError("level must be 1..5")
    if not (m.evidence or "").strip():
        raise ValueError("an evidence note is required")


def score_agency(
    agency_id: str,
    scores: Sequence[DatasetScore],
    delivery: Delivery | None,
    manual: Iterable[ManualIndicator],
    config: Config,
) -> AgencyScore:
    manual = tuple(manual)
    comps: dict[str, float | None] = {"datasets": None, "delivery": None, "manual": None}
    missing = delivery.missing if delivery else 0
    denom = len(scores) + missing
    comps["datasets"] = round(sum(s.score for s in scores) / denom, 2) if denom else 0.0
    if delivery and delivery.expected:
        comps["delivery"] = round(
            100 * (delivery.on_time + config.late_credit * delivery.late) / delivery.expected, 2
        )
    if manual:
        wsum = tot = 0.0
        for m in manual:
            share = epss_mod.BY_CODE[m.epss_code].share if m.epss_code in epss_mod.BY_CODE else 1.0
            wsum += share
            tot += share * (int(m.level) - 1) * 25
        comps["manual"] = round(tot / wsum, 2) if wsum else None
    used = {
        k: config.agency_weights[k]
        for k, v in comps.items()
        if v is not None and config.agency_weights.get(k, 0) > 0
    }
    total_w = sum(used.values())
    score = round(sum(comps[k] * w for k, w in used.items()) / total_w, 2) if total_w else 0.0
    return AgencyScore(
        agency_id,
        score,
        config.level_for(score).level,
        config.band_for(score).name["id"],
        comps,
        {k: round(w / total_w, 4) for k, w in used.items()} if total_w else {},
        len(scores),
        missing,
        indicator_rates(scores),
        epss_evidence(scores),
        manual,
    )
