"""The bands of the Skor Kualitas Data (pure): the portal's own names for ranges of the 0-100
quality score of a dataset or an agency, and the data gate that caps the score of a dataset
whose files cannot be used as data.

The bands and the caps are the portal's choice (docs/assessment.md): no regulation gives them.
They are deliberately not the EPSS maturity levels (Rintisan .. Optimum) nor the IPS predikat
(Kurang .. Memuaskan): those rate an organisation's statistical practice over a year, the
Skor Kualitas Data rates what one dataset or one agency's datasets hold today.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class BandError(ValueError):
    pass


@dataclass(frozen=True)
class QualityBand:
    code: str
    rank: int  # 1 = lowest
    min_score: float  # inclusive
    name: Mapping[str, str]  # {id, en}

    def label(self, lang: str = "id") -> str:
        return self.name.get(lang) or self.name["en"]


@dataclass(frozen=True)
class DataGate:
    """Caps of the dataset score by how much of its data can be used.

    ``no_data_cap``: no CSV/XLSX file could be read (metadata only, PDF or pictures only);
    ``share_caps``: ``(below, cap)`` pairs, lowest ``below`` first: when the share of the
    dataset's CSV/XLSX files that pass every structure and value check is below ``below``, the
    score is at most ``cap``; ``precondition_cap``: a check that form validation guarantees
    failed (a record saved before a rule existed, or written around the form)."""

    no_data_cap: float = 45.0
    share_caps: tuple[tuple[float, float], ...] = ((0.5, 65.0), (0.8, 84.0))
    precondition_cap: float = 45.0

    def cap(self, usable: int, tabular: int) -> tuple[float, str]:
        """The cap for ``usable`` of ``tabular`` files and why (``""``: no cap)."""
        if tabular == 0 or usable == 0:
            return self.no_data_cap, "no_usable_data"
        share = usable / tabular
        for below, cap in self.share_caps:
            if share < below - 1e-9:
                return cap, "mostly_unusable" if below <= 0.5 else "some_unusable"
        return 100.0, ""


DEFAULT_BANDS: tuple[QualityBand, ...] = (
    QualityBand("belum_layak", 1, 0.0, {"id": "Belum layak pakai", "en": "Not yet usable"}),
    QualityBand("perlu_perbaikan", 2, 50.0, {"id": "Perlu perbaikan", "en": "Needs work"}),
    QualityBand("hampir_siap", 3, 70.0, {"id": "Hampir siap pakai", "en": "Nearly ready"}),
    QualityBand("siap_pakai", 4, 85.0, {"id": "Siap pakai", "en": "Ready to use"}),
)


def band_for(score: float, bands: Sequence[QualityBand] = DEFAULT_BANDS) -> QualityBand:
    chosen = bands[0]
    for band in bands:
        if score + 1e-9 >= band.min_score:
            chosen = band
    return chosen


def band_by_code(code: str, bands: Sequence[QualityBand] = DEFAULT_BANDS) -> QualityBand | None:
    for band in bands:
        if band.code == code:
            return band
    return None


def band_label(code: str, score: float | None, lang: str, bands=DEFAULT_BANDS) -> str:
    """The band's name; a row stored before the bands existed is named by its score."""
    band = band_by_code(code or "", bands)
    if band is None and score is not None:
        band = band_for(float(score), bands)
    return band.label(lang) if band else ""


def _number(raw: Any, where: str, low: float, high: float) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise BandError(f"{where}: not a number: {raw!r}")
    if math.isnan(value) or not low <= value <= high:
        raise BandError(f"{where}: between {low:g} and {high:g}")
    return value


def parse_bands(raw: Any) -> tuple[QualityBand, ...]:
    if not raw:
        return DEFAULT_BANDS
    if not isinstance(raw, list):
        raise BandError("bands: a list of {code, min_score, name: {id, en}}")
    out = []
    for n, entry in enumerate(raw):
        if not isinstance(entry, Mapping) or not entry.get("code"):
            raise BandError(f"bands[{n}]: needs a code")
        name = entry.get("name")
        if not isinstance(name, Mapping) or not name.get("id"):
            raise BandError(f"bands[{n}]: name needs {{id: ..., en: ...}}")
        out.append(
            (
                _number(entry.get("min_score"), f"bands[{n}].min_score", 0, 100),
                str(entry["code"]),
                {"id": str(name["id"]), "en": str(name.get("en") or name["id"])},
            )
        )
    out.sort(key=lambda t: t[0])
    if out[0][0] != 0:
        raise BandError("bands: the lowest band must start at min_score 0")
    if len({t[1] for t in out}) != len(out) or len({t[0] for t in out}) != len(out):
        raise BandError("bands: codes and min_score must be unique")
    return tuple(QualityBand(code, n, low, name) for n, (low, code, name) in enumerate(out, 1))


def parse_gate(raw: Any) -> DataGate:
    if not raw:
        return DataGate()
    if not isinstance(raw, Mapping):
        raise BandError("data_gate: a mapping")
    default = DataGate()
    caps = []
    for n, entry in enumerate(raw.get("usable_share") or ()):
        if not isinstance(entry, Mapping):
            raise BandError(f"data_gate.usable_share[{n}]: {{below: share, cap: score}}")
        caps.append(
            (
                _number(entry.get("below"), f"data_gate.usable_share[{n}].below", 0, 1),
                _number(entry.get("cap"), f"data_gate.usable_share[{n}].cap", 0, 100),
            )
        )
    return DataGate(
        _number(raw.get("no_data_cap", default.no_data_cap), "data_gate.no_data_cap", 0, 100),
        tuple(sorted(caps)) if caps else default.share_caps,
        _number(
            raw.get("precondition_cap", default.precondition_cap),
            "data_gate.precondition_cap",
            0,
            100,
        ),
    )
