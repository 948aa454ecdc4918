"""The plain values an indicator reads and returns (pure): the inputs besides the dataset dict,
the structure report of a file, the timeliness of a dataset, and an indicator's outcome."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DATASET = "dataset"
RESOURCE = "resource"

# Satu Data principles (Perpres 39/2019 Pasal 3) and the quality dimensions used as groups.
PRINCIPLES = {
    "metadata": {"id": "Metadata", "en": "Metadata"},
    "standar_data": {"id": "Standar Data", "en": "Data standard"},
    "kode_referensi": {"id": "Kode Referensi", "en": "Reference codes"},
    "interoperabilitas": {"id": "Interoperabilitas Data", "en": "Data interoperability"},
    "tersusun": {"id": "Struktur data (tersusun)", "en": "Data structure (tidy)"},
    "akurasi": {"id": "Isi data (nilai)", "en": "Data values"},
    "ketepatan_waktu": {"id": "Aktualitas dan ketepatan waktu", "en": "Timeliness"},
}

# Formats read by the structure checks.
TABULAR_FORMATS = frozenset({"CSV", "TSV", "XLSX", "XLS"})

# Fields judged by their own indicators, not by plain metadata completeness.
# (``kegiatan``: the link to the MS-Keg record, judged with its items by check_activity)
_STAT_FIELDS = frozenset({"variables", "indicators", "kegiatan"})
_STAT_PREFIX = "activity_"
# MS-Keg items (the kegiatan record) not asked of the producer: the activity code is filled in
# by BPS; the BPS recommendation and the sample design (block V) are asked only of surveys
# (EPSS 50201).
_ACTIVITY_NOT_ASKED = frozenset({"activity_code"})
_ACTIVITY_SURVEY_ONLY = frozenset(
    {
        "bps_recommended",
        "recommendation_id",
        "sample_design",
        "sampling_kind",
        "sampling_method",
        "sampling_frame",
        "sample_fraction",
        "sampling_error",
        "sample_unit",
        "observation_unit",
    }
)

# field -> code list (``metadata/codelists/<name>.csv``)
CODED_FIELDS: dict[str, str] = {
    "topic": "topic",
    "urusan": "urusan",
    "frequency": "frequency",
    "presentation_level": "presentation_level",
    "collection_method": "collection_method",
    "classification": "classification",
}
CODED_SUBFIELDS: dict[tuple[str, str], str] = {
    ("variables", "data_type"): "data_type",
    ("indicators", "estimation_level"): "estimation_level",
    ("indicators", "composite"): "composite",
}
NUMERIC_DATA_TYPES = frozenset({"integer", "decimal"})
CLOSED_LICENSES = frozenset({"", "notspecified", "other-closed"})


@dataclass(frozen=True)
class Timeliness:
    """Timeliness of one dataset as plain values (filled from the deadlines capability).

    ``submission``: ``on_time`` / ``late`` / ``not_submitted`` for the agreed item the dataset
    delivers, ``None`` when it delivers none. ``periodic``: the frequency promises updates.
    ``overdue``: the promised next update is past (``None`` = unknown)."""

    submission: str | None = None
    cutoff: str | None = None
    periodic: bool = False
    overdue: bool | None = None
    days_overdue: int = 0
    next_due: str | None = None


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class StructureReport:
    """What :mod:`.structure` found in one CSV/XLSX file. ``checks`` maps a structure check id
    (``single_header``, ``headers_named``, ``no_totals``, ``consistent_columns``, ``numeric``,
    ``long_format``) to its result; ``error`` is set when the file could not be read."""

    checks: Mapping[str, CheckResult] = field(default_factory=dict)
    error: str = ""
    header_row: int = 0
    rows: int = 0
    columns: int = 0
    years: tuple[int, ...] = ()  # the distinct years in the year columns and the headers

    @property
    def usable(self) -> bool:
        """Read, and every structure and value check passed: the file can be used as data."""
        return not self.error and all(c.ok for c in self.checks.values())

    def as_dict(self) -> dict:
        return {
            "checks": {k: {"ok": v.ok, "details": list(v.details)} for k, v in self.checks.items()},
            "error": self.error,
            "header_row": self.header_row,
            "rows": self.rows,
            "columns": self.columns,
            "years": list(self.years),
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> StructureReport:
        return cls(
            {
                k: CheckResult(bool(v["ok"]), tuple(v.get("details") or ()))
                for k, v in (d.get("checks") or {}).items()
            },
            d.get("error") or "",
            int(d.get("header_row") or 0),
            int(d.get("rows") or 0),
            int(d.get("columns") or 0),
            tuple(int(y) for y in d.get("years") or ()),
        )


@dataclass(frozen=True)
class Inputs:
    """Everything an indicator function may read besides the dataset dict."""

    marks: Mapping[str, str]  # fieldmarks.all_marks(): "notes", "variables.name", "resource.format"
    codelists: Mapping[str, frozenset]  # list name -> codes
    formats: Mapping[str, tuple[bool, bool]] = field(
        default_factory=dict
    )  # FORMAT -> (open, machine_readable)
    structure: Mapping[str, StructureReport] = field(default_factory=dict)  # resource id -> report
    timeliness: Timeliness | None = None
    portal_url: str = ""
    # MS-Keg items of the dataset's kegiatan (metadata api ``ms_keg_items``) and their marks
    ms_keg: Mapping[str, object] = field(default_factory=dict)
    ms_keg_marks: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    fraction: float | None  # 0..1, None = not applicable
    details: tuple[str, ...] = ()
