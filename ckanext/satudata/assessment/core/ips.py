"""The IPS (Indeks Pembangunan Statistik) of a worksheet, in the three steps of epss.md section 4:

    Indeks Aspek  = sum(bobot indikator x level) / sum(bobot indikator)      over its indicators
    Indeks Domain = sum(bobot aspek x indeks aspek) / sum(bobot aspek)        over its aspects
    IPS           = sum(bobot domain x indeks domain) / sum(bobot domain)     over the domains

An index is only given when every indicator under it has a level: a missing level is never
averaged away. For an incomplete worksheet the result says which indicators are missing, the
share of the IPS weight filled, and the range the IPS can still take (missing ones at 1 and at 5).
Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .epss_reference import LEVELS, Reference


def parse_level(value: Any) -> int | None:
    """A level as the worksheet takes it: an int 1..5 or its digit string; ``None``/"" clears.
    Booleans, floats and strings such as "1.5" raise ``ValueError``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("level")
    if isinstance(value, int):
        level = value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        level = int(value.strip())
    else:
        raise ValueError("level")
    if level not in LEVELS:
        raise ValueError("level")
    return level


@dataclass
class IpsResult:
    ips: float | None  # None while any level is missing
    aspects: dict[str, float | None]
    domains: dict[str, float | None]
    missing: list[str]
    filled_share: float  # % of the IPS weight that has a level
    ips_min: float  # the IPS if every missing level were 1
    ips_max: float  # ... and if every missing level were 5
    predikat: dict | None = None
    shares: dict[str, float] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict[str, Any]:
        return {
            "ips": self.ips,
            "ips_rounded": None if self.ips is None else round(self.ips, 2),
            "complete": self.complete,
            "aspects": self.aspects,
            "domains": self.domains,
            "missing": self.missing,
            "filled_share": round(self.filled_share, 2),
            "ips_min": round(self.ips_min, 2),
            "ips_max": round(self.ips_max, 2),
            "predikat": self.predikat,
        }


def _weighted(pairs: list[tuple[float, float | None]]) -> float | None:
    if any(v is None for _, v in pairs):
        return None
    total = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / total


def _three_steps(ref: Reference, levels: Mapping[str, int | None]):
    aspects = {
        ac: _weighted([(ref.indicators[c].weight, levels.get(c)) for c in a.indicators])
        for ac, a in ref.aspects.items()
    }
    domains = {
        dc: _weighted([(ref.aspects[c].weight, aspects[c]) for c in d.aspects])
        for dc, d in ref.domains.items()
    }
    ips = _weighted([(d.weight, domains[dc]) for dc, d in ref.domains.items()])
    return aspects, domains, ips


def predikat(ref: Reference, value: float) -> dict:
    """The band of a value rounded to two decimals, as it is shown (whether BPS rounds before
    banding is not confirmed, epss.md section 4)."""
    band = ref.band(round(value, 2))
    return {"id": band.name["id"], "en": band.name["en"], "min": band.min}


def compute(ref: Reference, levels: Mapping[str, int | None]) -> IpsResult:
    clean = {c: levels.get(c) for c in ref.indicators}
    aspects, domains, ips = _three_steps(ref, clean)
    missing = [c for c, v in clean.items() if v is None]
    shares = {c: ref.share(c) for c in ref.indicators}
    filled = sum(shares[c] for c, v in clean.items() if v is not None)
    lo = _three_steps(ref, {c: 1 if v is None else v for c, v in clean.items()})[2]
    hi = _three_steps(ref, {c: 5 if v is None else v for c, v in clean.items()})[2]
    return IpsResult(
        ips,
        aspects,
        domains,
        missing,
        filled,
        lo,
        hi,
        predikat(ref, ips) if ips is not None else None,
        shares,
    )
