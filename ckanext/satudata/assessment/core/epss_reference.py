"""The EPSS worksheet reference (``epss_indicators.yaml``): domains, aspects and indicators with
their weights, level criteria and evidence class, the level names and the IPS predikat bands.
Pure: the caller passes the parsed YAML (or a path); the parser checks what the IPS needs."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "epss_indicators.yaml"
EVIDENCE_CLASSES = ("A", "A/P", "P", "P/M", "M")
PROPOSED_CLASSES = ("A", "A/P", "P")  # the rows a portal can evidence (epss.md section 6)
LEVELS = (1, 2, 3, 4, 5)


class EpssReferenceError(ValueError):
    pass


@dataclass(frozen=True)
class Indicator:
    code: str
    domain: str
    aspect: str
    name: Mapping[str, str]
    weight: float
    evidence: str
    criteria: tuple[str, ...]  # level 1..5, Indonesian as the source gives it

    @property
    def proposed(self) -> bool:
        return self.evidence in PROPOSED_CLASSES


@dataclass(frozen=True)
class Aspect:
    code: str
    domain: str
    name: Mapping[str, str]
    weight: float
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Domain:
    code: str
    name: Mapping[str, str]
    weight: float
    aspects: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    min: float
    name: Mapping[str, str]


@dataclass(frozen=True)
class Reference:
    domains: Mapping[str, Domain]
    aspects: Mapping[str, Aspect]
    indicators: Mapping[str, Indicator]  # in worksheet order
    levels: Mapping[int, Mapping[str, str]]
    predikat: tuple[Band, ...]  # best first
    scope: str

    def share(self, code: str) -> float:
        """The indicator's share of the IPS in % (domain % x aspect % x indicator %)."""
        i = self.indicators[code]
        a = self.aspects[i.aspect]
        d = self.domains[i.domain]
        return 100.0 * (
            i.weight
            / sum(self.indicators[c].weight for c in a.indicators)
            * a.weight
            / sum(self.aspects[c].weight for c in d.aspects)
            * d.weight
            / sum(x.weight for x in self.domains.values())
        )

    def band(self, value: float) -> Band:
        for b in self.predikat:
            if value >= b.min:
                return b
        return self.predikat[-1]


def _weight(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise EpssReferenceError(f"{where}: weight must be a positive number")
    return float(value)


def _name(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not value.get("id"):
        raise EpssReferenceError(f"{where}: name needs an Indonesian text (id)")
    return {"id": str(value["id"]), "en": str(value.get("en") or value["id"])}


def _criteria(raw: Mapping, template: list, where: str) -> tuple[str, ...]:
    if raw.get("criteria_subject"):
        texts = [t.format(subject=raw["criteria_subject"]) for t in template]
    else:
        texts = list(raw.get("criteria") or [])
    if len(texts) != len(LEVELS) or not all(isinstance(t, str) and t.strip() for t in texts):
        raise EpssReferenceError(f"{where}: five level criteria are needed")
    return tuple(texts)


def parse(data: Mapping[str, Any]) -> Reference:
    template = list(data.get("criteria_template") or [])
    domains: dict[str, Domain] = {}
    aspects: dict[str, Aspect] = {}
    indicators: dict[str, Indicator] = {}
    for d in data.get("domains") or []:
        dc = str(d.get("code"))
        if not re.fullmatch(r"[1-9]", dc) or dc in domains:
            raise EpssReferenceError(f"domain {dc}: bad or repeated code")
        acodes = []
        for a in d.get("aspects") or []:
            ac = str(a.get("code"))
            if not re.fullmatch(dc + r"\d\d", ac) or ac in aspects:
                raise EpssReferenceError(
                    f"aspect {ac}: code must be the domain digit and two digits"
                )
            icodes = []
            for i in a.get("indicators") or []:
                ic = str(i.get("code"))
                if not re.fullmatch(ac + r"\d\d", ic) or ic in indicators:
                    raise EpssReferenceError(
                        f"indicator {ic}: code must be the aspect and two digits"
                    )
                if i.get("evidence") not in EVIDENCE_CLASSES:
                    raise EpssReferenceError(
                        f"indicator {ic}: evidence must be one of {EVIDENCE_CLASSES}"
                    )
                indicators[ic] = Indicator(
                    ic,
                    dc,
                    ac,
                    _name(i.get("name"), ic),
                    _weight(i.get("weight"), ic),
                    i["evidence"],
                    _criteria(i, template, ic),
                )
                icodes.append(ic)
            if not icodes:
                raise EpssReferenceError(f"aspect {ac}: no indicators")
            aspects[ac] = Aspect(
                ac, dc, _name(a.get("name"), ac), _weight(a.get("weight"), ac), tuple(icodes)
            )
            acodes.append(ac)
        if not acodes:
            raise EpssReferenceError(f"domain {dc}: no aspects")
        domains[dc] = Domain(
            dc, _name(d.get("name"), dc), _weight(d.get("weight"), dc), tuple(acodes)
        )
    if not domains:
        raise EpssReferenceError("no domains")
    levels = {int(k): _name(v, f"level {k}") for k, v in (data.get("levels") or {}).items()}
    if tuple(sorted(levels)) != LEVELS:
        raise EpssReferenceError("levels 1 to 5 need names")
    bands = tuple(Band(float(b["min"]), _name(b, "predikat")) for b in data.get("predikat") or [])
    if not bands or [b.min for b in bands] != sorted((b.min for b in bands), reverse=True):
        raise EpssReferenceError("predikat bands must be listed best first")
    return Reference(domains, aspects, indicators, levels, bands, str(data.get("scope") or "pemda"))


def load(path: str | Path | None = None) -> Reference:
    if path is None:
        return _default()
    with open(path, encoding="utf-8") as f:
        return parse(yaml.safe_load(f))


@functools.lru_cache(maxsize=1)
def _default() -> Reference:
    with open(DEFAULT_PATH, encoding="utf-8") as f:
        return parse(yaml.safe_load(f))


def indicator_name(code: str, lang: str = "id", fallback: str = "") -> str:
    """An EPSS indicator's name in ``lang`` (Indonesian where the reference has no other)."""
    indicator = _default().indicators.get(code)
    if indicator is None:
        return fallback or code
    return indicator.name.get(lang) or indicator.name.get("id") or fallback or code
