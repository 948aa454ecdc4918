"""The portal's proposed level for an EPSS indicator it can evidence (A, A/P, P rows of
epss.md section 6), from per-agency counts of datasets that show the practice. Pure.

Breadth rule (criteria of the "Produsen Data" template, in their own words):
- level 1 when a Produsen Data has no dataset showing the practice ("belum dilakukan oleh
  seluruh Produsen Data");
- level 2 when every Produsen Data shows it in some datasets but not in all ("dilakukan oleh
  setiap Produsen Data sesuai standarnya masing-masing");
- level 3 when every dataset of every Produsen Data shows it: one portal standard applies to all
  ("prosedur baku ... berlaku untuk seluruh Produsen Data"), a proxy; the policy document
  (Perbup/SOP) stays manual evidence;
- level 4 only for practices the walidata's periodic assessment runs measure, when level 3 holds
  and at least two whole-portal runs finished in the year, in different months ("reviu dan
  evaluasi secara berkala"), a trace;
- never level 5: improvement actions (pemutakhiran) are documents the portal does not hold.
The proposal is advice to the TPI; the walidata sets the level."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_LISTED = 10  # datasets named per agency that holds a proposal back


@dataclass
class AgencyCount:
    org_id: str
    title: str
    datasets: int  # datasets the signal applies to
    meeting: int  # ... of which show the practice
    failing: list[str] = field(default_factory=list)  # titles of those that do not


@dataclass
class Proposal:
    code: str
    level: int | None
    rule: str
    evidence: list[str]
    held_back: list[dict]

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "level": self.level,
            "rule": self.rule,
            "evidence": list(self.evidence),
            "held_back": list(self.held_back),
        }


def _quote(criteria: Sequence[str], level: int) -> str:
    return f"Tingkat {level}: \u201c{criteria[level - 1]}\u201d"


def _held(agencies: Sequence[AgencyCount]) -> list[dict]:
    return [
        {
            "org_id": a.org_id,
            "title": a.title,
            "datasets": a.datasets,
            "meeting": a.meeting,
            "failing": a.failing[:MAX_LISTED],
            "more": max(0, len(a.failing) - MAX_LISTED),
        }
        for a in agencies
    ]


def months_reviewed(run_months: Sequence[str]) -> list[str]:
    return sorted(set(run_months))


def breadth(
    code: str,
    criteria: Sequence[str],
    signal: str,
    agencies: Sequence[AgencyCount],
    standard: str = "",
    review_months: Sequence[str] | None = None,
    max_level: int = 4,
) -> Proposal:
    """``signal``: what a dataset shows, e.g. "metadata MS-Keg/MS-Var/MS-Ind lengkap";
    ``review_months`` (YYYY-MM of finished portal runs in the year) only for practices the runs
    measure; ``max_level`` caps what the portal can trace for this indicator."""
    rule = (
        "Aturan portal: tingkat 1 bila ada Produsen Data tanpa dataset yang "
        + signal
        + "; 2 bila setiap Produsen Data punya, tetapi tidak semua datasetnya; 3 bila seluruh"
        " dataset seluruh Produsen Data"
        + (" (satu standar portal: " + standard + ")" if standard else "")
        + (
            (
                "; 4 bila tingkat 3 dan penilaian portal berjalan berkala (sedikitnya dua bulan"
                " berbeda dalam tahun ini)"
            )
            if review_months is not None and max_level >= 4
            else ""
        )
        + ". Tingkat 5 tidak pernah diusulkan portal."
    )
    counted = [a for a in agencies if a.datasets > 0 or a.meeting > 0]
    if not agencies:
        return Proposal(code, None, rule, ["Belum ada Produsen Data di portal."], [])
    total = sum(a.datasets for a in agencies)
    meeting = sum(a.meeting for a in agencies)
    none = [a for a in agencies if a.meeting == 0]
    if none:
        ev = [
            _quote(criteria, 1),
            f"{len(agencies) - len(none)} dari {len(agencies)} Produsen Data punya dataset yang "
            f"{signal}; {meeting} dari {total} dataset.",
        ]
        return Proposal(code, 1, rule, ev, _held(none))
    partial = [a for a in counted if a.meeting < a.datasets]
    if partial:
        ev = [
            _quote(criteria, 2),
            f"Setiap Produsen Data ({len(agencies)}) punya dataset yang {signal}, tetapi "
            f"{total - meeting} dari {total} dataset belum.",
        ]
        return Proposal(code, 2, rule, ev, _held(partial))
    ev = [
        _quote(criteria, 3),
        f"Seluruh {total} dataset dari {len(agencies)} Produsen Data {signal}"
        + (f"; satu standar portal berlaku untuk semua: {standard}" if standard else "")
        + ".",
        "Dokumen kebijakan (Perbup/SK/SOP) tetap harus diunggah sebagai bukti dukung.",
    ]
    months = months_reviewed(review_months or [])
    if review_months is not None and max_level >= 4 and len(months) >= 2:
        ev = [
            _quote(criteria, 4),
            "Penilaian portal oleh walidata berjalan berkala: " + ", ".join(months) + ".",
        ] + ev[1:]
        return Proposal(code, 4, rule, ev, [])
    return Proposal(code, min(3, max_level), rule, ev, [])


def walidata_tasks(
    code: str, criteria: Sequence[str], walidata: str | None, agencies: Sequence[AgencyCount]
) -> Proposal:
    """40304: level 1 when no walidata organization is set; 2 while some datasets were never
    checked by the walidata's assessment; 3 when every dataset of every Produsen Data was.
    Level 4 needs the Forum SDI coordination, which the portal does not record."""
    rule = (
        "Aturan portal: tingkat 1 bila organisasi walidata belum ditetapkan di portal; 2 bila "
        "ada dataset yang belum pernah diperiksa penilaian walidata; 3 bila seluruh dataset "
        "seluruh Produsen Data sudah. Tingkat 4-5 butuh bukti Forum SDI dan reviu (manual)."
    )
    if not walidata:
        return Proposal(code, 1, rule, [_quote(criteria, 1)], [])
    partial = [a for a in agencies if a.meeting < a.datasets]
    total = sum(a.datasets for a in agencies)
    meeting = sum(a.meeting for a in agencies)
    if partial or not total:
        ev = [
            _quote(criteria, 2),
            f"Walidata: {walidata}. {meeting} dari {total} dataset sudah "
            "diperiksa penilaian walidata.",
        ]
        return Proposal(code, 2, rule, ev, _held(partial))
    ev = [
        _quote(criteria, 3),
        f"Walidata: {walidata}. Seluruh {total} dataset dari "
        f"{len(agencies)} Produsen Data sudah diperiksa penilaian walidata.",
        "SK penetapan walidata dan program kerjanya tetap bukti dukung manual.",
    ]
    return Proposal(code, 3, rule, ev, [])


def no_signal(code: str, reason: str) -> Proposal:
    return Proposal(code, None, "Portal tidak mengusulkan tingkat: " + reason, [reason], [])
