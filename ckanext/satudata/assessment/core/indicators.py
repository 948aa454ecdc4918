"""The indicator table, defined once, and the indicator functions (pure).

Every indicator has an id, the Satu Data principle (Perpres 39/2019 Pasal 3) or data-quality
dimension it serves, the EPSS indicator code it gives evidence for (see
``/docs/assessment.md`` and the README), what it applies to (``dataset`` or ``resource``), its
default points, and for a miss a reason and a concrete fix in Indonesian and English.

An indicator function reads a plain dataset dict (as ``package_show`` returns it) and the plain
:class:`Inputs` (schema marks, code lists, structure reports, timeliness) and returns an
:class:`Outcome`: the fraction of the points earned (0..1, or ``None`` when the indicator does
not apply to this dataset) and the details that explain a miss (field names, resource names).
Nothing here reads a clock, a database, the network or CKAN.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

DATASET = "dataset"
RESOURCE = "resource"

# Satu Data principles (Perpres 39/2019 Pasal 3) and the quality dimensions used as groups.
PRINCIPLES = {
    "metadata": {"id": "Metadata", "en": "Metadata"},
    "standar_data": {"id": "Standar Data", "en": "Data standard"},
    "kode_referensi": {"id": "Kode Referensi", "en": "Reference codes"},
    "interoperabilitas": {"id": "Interoperabilitas Data", "en": "Data interoperability"},
    "tersusun": {"id": "Struktur data (tersusun)", "en": "Data structure (tidy)"},
    "ketepatan_waktu": {"id": "Aktualitas dan ketepatan waktu", "en": "Timeliness"},
}

# Formats read by the structure checks.
TABULAR_FORMATS = frozenset({"CSV", "TSV", "XLSX", "XLS"})

# Fields judged by their own indicators, not by plain metadata completeness.
_STAT_FIELDS = frozenset({"variables", "indicators"})
_STAT_PREFIX = "activity_"
# MS-Keg fields not asked of the producer: the activity code is filled in by BPS; the BPS
# recommendation number is asked only of surveys (EPSS 50201).
_ACTIVITY_NOT_ASKED = frozenset({"activity_code"})
_ACTIVITY_SURVEY_ONLY = frozenset({"activity_recommendation"})

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
DESA_CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$")
NUMERIC_DATA_TYPES = frozenset({"integer", "decimal"})
CLOSED_LICENSES = frozenset({"", "notspecified", "other-closed"})


@dataclass(frozen=True)
class Timeliness:
    """Timeliness of one dataset as plain values (filled from the deadlines capability).

    ``submission``: ``on_time`` / ``late`` / ``not_submitted`` for the agreed item the dataset
    delivers, ``None`` when it delivers none. ``periodic``: the frequency promises updates.
    ``overdue``: the promised next update is past (``None`` = unknown)."""
    submission: Optional[str] = None
    cutoff: Optional[str] = None
    periodic: bool = False
    overdue: Optional[bool] = None
    days_overdue: int = 0
    next_due: Optional[str] = None


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

    def as_dict(self) -> dict:
        return {"checks": {k: {"ok": v.ok, "details": list(v.details)}
                           for k, v in self.checks.items()},
                "error": self.error, "header_row": self.header_row, "rows": self.rows,
                "columns": self.columns}

    @classmethod
    def from_dict(cls, d: Mapping) -> "StructureReport":
        return cls({k: CheckResult(bool(v["ok"]), tuple(v.get("details") or ()))
                    for k, v in (d.get("checks") or {}).items()},
                   d.get("error") or "", int(d.get("header_row") or 0), int(d.get("rows") or 0),
                   int(d.get("columns") or 0))


@dataclass(frozen=True)
class Inputs:
    """Everything an indicator function may read besides the dataset dict."""
    marks: Mapping[str, str]                       # fieldmarks.all_marks(): "notes", "variables.name", "resource.format"
    codelists: Mapping[str, frozenset]             # list name -> codes
    formats: Mapping[str, tuple[bool, bool]] = field(default_factory=dict)  # FORMAT -> (open, machine_readable)
    structure: Mapping[str, StructureReport] = field(default_factory=dict)  # resource id -> report
    timeliness: Optional[Timeliness] = None
    portal_url: str = ""


@dataclass(frozen=True)
class Outcome:
    fraction: Optional[float]          # 0..1, None = not applicable
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    id: str
    principle: str                     # key of PRINCIPLES
    epss: str                          # EPSS indicator code it gives evidence for
    applies_to: str                    # DATASET or RESOURCE
    points: float                      # default points; weights.yaml may override
    title: Mapping[str, str]
    reason: Mapping[str, str]          # "{details}" is replaced by the details of the miss
    fix: Mapping[str, str]
    check: Callable[..., Outcome]
    structure_check: str = ""          # for structure indicators: the StructureReport check id

    def text(self, which: str, lang: str = "id", details: Sequence[str] = (),
             labels: Optional[Mapping[str, Mapping[str, str]]] = None) -> str:
        template = getattr(self, which).get(lang) or getattr(self, which)["en"]
        shown = [localize(d, lang, labels) for d in details]
        return template.replace("{details}", ", ".join(shown) or "-")


# --------------------------------------------------------------------------- details in words

# The details of a miss are stored in English (field names, structure findings); they are put
# into words for the reader here. Pattern -> Indonesian template ({0}, {1}: the groups).
_DETAIL_ID: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), t) for p, t in (
    (r"^title rows above the header: (.+)$", "baris judul tabel di atas judul kolom: baris {0}"),
    (r"^blank rows above the header: (.+)$", "baris kosong di atas judul kolom: baris {0}"),
    (r"^header spread over two rows: (.+)$", "judul kolom terbagi dua baris: baris {0}"),
    (r"^merged cells (.+)$", "sel gabungan {0}"),
    (r"^note rows in the table: (.+)$", "baris catatan di dalam tabel: baris {0}"),
    (r"^column (\w+) has no name$", "kolom {0} tanpa nama"),
    (r'^column (\w+) "(.*)" repeats a name$', 'kolom {0} "{1}" memakai nama kolom yang sudah ada'),
    (r'^row (\d+) "(.*)"$', 'baris {0} "{1}"'),
    (r'^column "(.*)" e\.g\. "(.*)"$', 'kolom "{0}", mis. "{1}"'),
    (r'^column "(.*)"$', 'kolom "{0}"'),
    (r"^row (\d+): extra cell in column (\w+)$", "baris {0}: sel berlebih di kolom {1}"),
    (r"^row (\d+): missing cell in column (\w+)$", "baris {0}: sel kurang di kolom {1}"),
    (r"^row (\d+): blank row$", "baris {0}: baris kosong"),
    (r"^years as columns: (.+)$", "tahun sebagai kolom: {0}"),
    (r"^months as columns: (.+)$", "bulan sebagai kolom: {0}"),
    (r"^areas as columns: (.+)$", "wilayah sebagai kolom: {0}"),
    (r"^no CSV/XLSX resource \((.*)\)$", "tidak ada sumber daya CSV/XLSX ({0})"),
    (r"^no resources$", "tidak ada sumber daya"),
    (r"^not read$", "belum terbaca"),
    (r"^download failed: (.*)$", "gagal diunduh: {0}"),
    (r"^file address not allowed: (.*)$", "alamat berkas tidak diizinkan: {0}"),
    (r"^file too large to check: (.*)$", "berkas terlalu besar untuk diperiksa: {0}"),
    (r"^unreadable (\w+): (.*)$", "berkas {0} tidak terbaca: {1}"),
    (r"^no table found.*$", "tidak ada tabel (kurang dari dua kolom terisi)"),
    (r"^late \(cutoff (.*)\)$", "terlambat (batas waktu {0})"),
    (r"^late$", "terlambat"),
    (r"^not_submitted$", "belum disampaikan"),
    (r"^(\w+): (\d+) d \(due (.*)\)$", "{0}: terlambat {1} hari (jatuh tempo {2})"),
))


def localize(detail: str, lang: str = "id",
             labels: Optional[Mapping[str, Mapping[str, str]]] = None) -> str:
    """One detail of a miss in words: field names become their schema labels, structure
    findings are said in Indonesian for ``lang == "id"``. ``labels`` maps ``name``,
    ``variables.name``, ``resource.name`` ... to ``{id, en}``."""
    labels = labels or {}

    def label(key: str) -> Optional[str]:
        entry = labels.get(key)
        return (entry.get(lang) or entry.get("en")) if entry else None

    if ": " in detail:
        prefix, rest = detail.split(": ", 1)
        for scope in ("resource.", "variables.", "indicators."):
            name = label(scope + rest)
            if name:
                return f"{prefix}: {name}"
        if lang == "id":
            return f"{prefix}: {localize(rest, lang, labels)}" if not any(
                r.match(detail) for r, _ in _DETAIL_ID) else _words(detail)
        return detail
    m = re.match(r"^([\w.]+)=(.*)$", detail)
    if m:
        return f"{label(m.group(1)) or m.group(1)}={m.group(2)}"
    return label(detail) or (_words(detail) if lang == "id" else detail)


def _words(detail: str) -> str:
    for pattern, template in _DETAIL_ID:
        m = pattern.match(detail)
        if m:
            return template.format(*m.groups())
    return detail


# --------------------------------------------------------------------------- helpers

def filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, set)):
        return any(filled(v) for v in value)
    if isinstance(value, dict):
        return any(filled(v) for v in value.values())
    return True


def as_list(value: Any) -> list:
    """Scheming multiple-choice values arrive as a list, a JSON-ish string or a single code."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if filled(v)]
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("[") or s.startswith("{"):
            s = s.strip("[]{}")
            return [p.strip().strip('"').strip("'") for p in s.split(",") if p.strip().strip('"\'')]
        return [p.strip() for p in s.split(",") if p.strip()] if "," in s else [s]
    return [value]


def _subfield_items(ds: dict, name: str) -> list[dict]:
    items = ds.get(name) or []
    return [i for i in items if isinstance(i, dict) and filled(i)]


def _marked(marks: Mapping[str, str], prefix: str, wanted: Sequence[str]) -> list[str]:
    """Field names under ``prefix`` ("" = dataset, "variables." ...) with a mark in ``wanted``."""
    out = []
    for key, mark in marks.items():
        if mark not in wanted:
            continue
        if prefix:
            if key.startswith(prefix):
                out.append(key[len(prefix):])
        elif "." not in key:
            out.append(key)
    return out


def _ratio(good: int, total: int) -> float:
    return 1.0 if total == 0 else good / total


def resource_format(res: dict) -> str:
    fmt = (res.get("format") or "").strip().upper().lstrip(".")
    if fmt:
        return {"XLS": "XLS", "EXCEL": "XLSX", "MS EXCEL": "XLSX", "JPG": "JPEG"}.get(fmt, fmt)
    url = (res.get("url") or "").split("?")[0].split("#")[0]
    m = re.search(r"\.([A-Za-z0-9]{2,7})$", url)
    return m.group(1).upper() if m else ""


def resource_label(res: dict) -> str:
    return (res.get("name") or res.get("url", "").rsplit("/", 1)[-1] or res.get("id") or "?").strip()


# --------------------------------------------------------------------------- dataset indicators

def _value(ds: dict, name: str) -> Any:
    """A field as package_show returns it (the form's ``tag_string`` comes back as ``tags``)."""
    if name == "tag_string" and not filled(ds.get(name)):
        return [t.get("name") if isinstance(t, dict) else t for t in ds.get("tags") or []]
    return ds.get(name)


def _completeness(ds: dict, inp: Inputs, wanted: tuple[str, ...]) -> Outcome:
    names = [n for n in _marked(inp.marks, "", wanted)
             if n not in _STAT_FIELDS and not n.startswith(_STAT_PREFIX)]
    missing = [n for n in names if not filled(_value(ds, n))]
    res_names = _marked(inp.marks, "resource.", wanted)
    for res in ds.get("resources") or []:
        for n in res_names:
            if not filled(res.get(n)):
                missing.append(f"{resource_label(res)}: {n}")
    total = len(names) + len(res_names) * len(ds.get("resources") or [])
    return Outcome(_ratio(total - len(missing), total), tuple(missing))


def check_required(ds: dict, inp: Inputs) -> Outcome:
    return _completeness(ds, inp, ("required",))


def check_recommended(ds: dict, inp: Inputs) -> Outcome:
    return _completeness(ds, inp, ("recommended",))


def check_activity(ds: dict, inp: Inputs) -> Outcome:
    """MS-Keg: the schema's ``activity_*`` fields, the BPS recommendation only for surveys."""
    names = [k for k in inp.marks if "." not in k and k.startswith(_STAT_PREFIX)
             and k not in _ACTIVITY_NOT_ASKED]
    if ds.get("collection_method") != "survei":
        names = [n for n in names if n not in _ACTIVITY_SURVEY_ONLY]
    if "collection_method" in inp.marks:
        names.append("collection_method")
    missing = [n for n in names if not filled(ds.get(n))]
    return Outcome(_ratio(len(names) - len(missing), len(names)), tuple(missing))


def _subfields_complete(ds: dict, inp: Inputs, scope: str) -> tuple[int, int, list[str]]:
    wanted = _marked(inp.marks, scope + ".", ("required", "recommended"))
    items = _subfield_items(ds, scope)
    missing: list[str] = []
    for n, item in enumerate(items, 1):
        label = item.get("name") or f"#{n}"
        for w in wanted:
            if not filled(item.get(w)):
                missing.append(f"{label}: {w}")
    return len(items) * len(wanted), len(missing), missing


def check_variables(ds: dict, inp: Inputs) -> Outcome:
    """MS-Var / Standar Data: at least one variable, each with its marked subfields filled."""
    if not _subfield_items(ds, "variables"):
        return Outcome(0.0, ("variables",))
    total, miss, details = _subfields_complete(ds, inp, "variables")
    return Outcome(_ratio(total - miss, total), tuple(details))


def check_indicators(ds: dict, inp: Inputs) -> Outcome:
    """MS-Ind: applies only when the dataset presents indicators."""
    items = _subfield_items(ds, "indicators")
    if not items:
        return Outcome(None)
    total, miss, details = _subfields_complete(ds, inp, "indicators")
    var_names = {(v.get("name") or "").strip().lower() for v in _subfield_items(ds, "variables")}
    for n, ind in enumerate(items, 1):
        if ind.get("composite") != "ya":
            continue
        total += 1
        builders = [b.strip() for b in (ind.get("builder_variables") or "").split(",") if b.strip()]
        unknown = [b for b in builders if b.lower() not in var_names]
        if not builders or unknown:
            miss += 1
            details.append(f"{ind.get('name') or '#%d' % n}: builder_variables"
                           + (f" ({', '.join(unknown)})" if unknown else ""))
    return Outcome(_ratio(total - miss, total), tuple(details))


def check_codes(ds: dict, inp: Inputs) -> Outcome:
    """Every filled coded field holds a code of its list."""
    checked = bad = 0
    details: list[str] = []
    for fname, lst in CODED_FIELDS.items():
        valid = inp.codelists.get(lst)
        if valid is None:
            continue
        for v in as_list(ds.get(fname)):
            checked += 1
            if str(v).strip() not in valid:
                bad += 1
                details.append(f"{fname}={v}")
    for (scope, sub), lst in CODED_SUBFIELDS.items():
        valid = inp.codelists.get(lst)
        if valid is None:
            continue
        for item in _subfield_items(ds, scope):
            v = item.get(sub)
            if filled(v):
                checked += 1
                if str(v).strip() not in valid:
                    bad += 1
                    details.append(f"{scope}.{sub}={v}")
    if checked == 0:
        return Outcome(0.0, tuple(CODED_FIELDS))
    return Outcome((checked - bad) / checked, tuple(details))


def check_area_codes(ds: dict, inp: Inputs) -> Outcome:
    """Area codes present, each a Kemendagri code of the area list, matching the level."""
    codes = [str(c).strip() for c in as_list(ds.get("area_codes"))]
    if not codes:
        return Outcome(0.0, ("area_codes",))
    valid = inp.codelists.get("area", frozenset())
    # desa/kelurahan codes (32.16.01.2001) are valid under a known kecamatan
    bad = [c for c in codes if c not in valid
           and not (DESA_CODE_RE.match(c) and c[:8] in valid)]
    details = [f"area_codes={c}" for c in bad]
    level = ds.get("presentation_level")
    good = len(codes) - len(bad)
    total = len(codes)
    if level in ("kecamatan", "desa_kelurahan"):
        # a table by kecamatan (or finer) names the kecamatan it covers, not only the regency
        total += 1
        if any(c.count(".") >= 2 for c in codes if c not in bad):
            good += 1
        else:
            details.append(f"presentation_level={level}")
    return Outcome(good / total, tuple(details))


def check_unit(ds: dict, inp: Inputs) -> Outcome:
    """Standar Data (ukuran, satuan): the dataset unit and the unit of each numeric variable."""
    total, missing = 1, []
    if not filled(ds.get("unit")):
        missing.append("unit")
    for n, v in enumerate(_subfield_items(ds, "variables"), 1):
        if v.get("data_type") in NUMERIC_DATA_TYPES:
            total += 1
            if not filled(v.get("unit")):
                missing.append(f"{v.get('name') or '#%d' % n}: unit")
    return Outcome(_ratio(total - len(missing), total), tuple(missing))


def check_dcat(ds: dict, inp: Inputs) -> Outcome:
    """The properties the portal's DCAT-AP export needs to publish a valid, findable record."""
    checks = {
        "title": filled(ds.get("title")),
        "notes": filled(ds.get("notes")),
        "owner_org": filled(ds.get("owner_org") or (ds.get("organization") or {}).get("name")),
        "license_id": (ds.get("license_id") or "") not in CLOSED_LICENSES,
        "maintainer_email": filled(ds.get("maintainer_email") or ds.get("author_email")),
        "frequency": filled(ds.get("frequency")),
        "year_start": filled(ds.get("year_start")),
        "resources": bool(ds.get("resources")),
    }
    for res in ds.get("resources") or []:
        checks[f"{resource_label(res)}: url"] = filled(res.get("url"))
        checks[f"{resource_label(res)}: format"] = bool(resource_format(res))
    missing = tuple(k for k, ok in checks.items() if not ok)
    return Outcome((len(checks) - len(missing)) / len(checks), missing)


def check_submitted(ds: dict, inp: Inputs) -> Outcome:
    t = inp.timeliness
    if t is None or t.submission is None:
        return Outcome(None)
    if t.submission == "on_time":
        return Outcome(1.0)
    if t.submission == "late":
        return Outcome(0.5, (f"late (cutoff {t.cutoff})" if t.cutoff else "late",))
    return Outcome(0.0, ("not_submitted",))


def check_updated(ds: dict, inp: Inputs) -> Outcome:
    t = inp.timeliness
    if t is None or not t.periodic or t.overdue is None:
        return Outcome(None)
    if not t.overdue:
        return Outcome(1.0)
    return Outcome(0.0, (f"{ds.get('frequency')}: {t.days_overdue} d (due {t.next_due})",))


# --------------------------------------------------------------------------- resource indicators

def check_open_format(res: dict, ds: dict, inp: Inputs) -> Outcome:
    fmt = resource_format(res)
    open_, machine = inp.formats.get(fmt, (False, False))
    if fmt in ("XLS",):
        open_, machine = False, True
    if open_ and machine:
        return Outcome(1.0)
    if machine:
        return Outcome(0.5, (f"{resource_label(res)}: {fmt}",))
    return Outcome(0.0, (f"{resource_label(res)}: {fmt or '?'}",))


def check_downloadable(res: dict, ds: dict, inp: Inputs) -> Outcome:
    url = (res.get("url") or "").strip()
    if not url:
        return Outcome(0.0, (f"{resource_label(res)}: url",))
    if res.get("url_type") == "upload" or res.get("datastore_active") in (True, "true", "True"):
        return Outcome(1.0)
    if inp.portal_url and url.startswith(inp.portal_url.rstrip("/") + "/"):
        return Outcome(1.0)
    if re.match(r"^https?://", url, re.I):
        return Outcome(0.5, (f"{resource_label(res)}: {url.split('/')[2]}",))
    return Outcome(0.0, (f"{resource_label(res)}: {url[:60]}",))


def _structure(check_id: str) -> Callable[..., Outcome]:
    def check(res: dict, ds: dict, inp: Inputs) -> Outcome:
        if resource_format(res) not in TABULAR_FORMATS:
            return Outcome(None)
        report = inp.structure.get(res.get("id") or "")
        if report is None:
            return Outcome(0.0, (f"{resource_label(res)}: not read",))
        if report.error:
            return Outcome(0.0, (f"{resource_label(res)}: {report.error}",))
        result = report.checks.get(check_id)
        if result is None or result.ok:
            return Outcome(1.0)
        return Outcome(0.0, tuple(f"{resource_label(res)}: {d}" for d in result.details)
                       or (resource_label(res),))
    check.__name__ = f"check_structure_{check_id}"
    return check


# --------------------------------------------------------------------------- the table

def _i(id, principle, epss, applies_to, points, title, reason, fix, check, structure_check=""):
    return Indicator(id, principle, epss, applies_to, points, title, reason, fix, check, structure_check)


INDICATORS: tuple[Indicator, ...] = (
    _i("meta_required", "metadata", "10201", DATASET, 14,
       {"id": "Metadata wajib terisi", "en": "Required metadata filled"},
       {"id": "Kolom metadata wajib masih kosong: {details}.",
        "en": "Required metadata fields are empty: {details}."},
       {"id": "Buka Ubah dataset dan isi kolom bertanda wajib (*) tersebut.",
        "en": "Open Edit dataset and fill in the fields marked required (*)."},
       check_required),
    _i("meta_recommended", "metadata", "10201", DATASET, 6,
       {"id": "Metadata yang dianjurkan terisi", "en": "Recommended metadata filled"},
       {"id": "Kolom metadata yang dianjurkan masih kosong: {details}.",
        "en": "Recommended metadata fields are empty: {details}."},
       {"id": "Lengkapi kolom yang dianjurkan (mis. judul dan deskripsi bahasa Inggris, sumber data) "
              "agar data mudah ditemukan dan dipahami.",
        "en": "Complete the recommended fields (e.g. English title and description, data source) "
              "so that users can find and understand the data."},
       check_recommended),
    _i("activity_metadata", "metadata", "10201", DATASET, 5,
       {"id": "Metadata kegiatan statistik (MS-Keg) lengkap", "en": "Statistical activity metadata (MS-Keg) complete"},
       {"id": "Metadata kegiatan (MS-Keg) belum lengkap: {details}.",
        "en": "Statistical activity metadata (MS-Keg) is incomplete: {details}."},
       {"id": "Isi judul dan tahun kegiatan statistik serta cara pengumpulan data; untuk survei isi "
              "nomor rekomendasi kegiatan statistik dari BPS (Romantik).",
        "en": "Fill in the statistical activity title and year and the collection method; for a survey "
              "enter the BPS statistical activity recommendation number (Romantik)."},
       check_activity),
    _i("variables_complete", "standar_data", "10101", DATASET, 6,
       {"id": "Metadata variabel (MS-Var) lengkap: konsep, definisi, klasifikasi",
        "en": "Variable metadata (MS-Var) complete: concept, definition, classification"},
       {"id": "Metadata variabel belum lengkap: {details}.",
        "en": "Variable metadata is incomplete: {details}."},
       {"id": "Tambahkan setiap kolom data sebagai variabel dan isi konsep, definisi, tipe data dan "
              "klasifikasi isiannya sesuai Standar Data Statistik.",
        "en": "Add each data column as a variable and fill in its concept, definition, data type and "
              "value classification following the statistical data standard."},
       check_variables),
    _i("indicators_complete", "metadata", "10201", DATASET, 3,
       {"id": "Metadata indikator (MS-Ind) lengkap", "en": "Indicator metadata (MS-Ind) complete"},
       {"id": "Metadata indikator belum lengkap: {details}.",
        "en": "Indicator metadata is incomplete: {details}."},
       {"id": "Untuk setiap indikator isi konsep, definisi, interpretasi, rumus dan satuan; untuk "
              "indikator komposit sebutkan variabel pembangunnya.",
        "en": "For each indicator fill in concept, definition, interpretation, formula and unit; for "
              "a composite indicator name its builder variables."},
       check_indicators),
    _i("codes_valid", "kode_referensi", "10401", DATASET, 6,
       {"id": "Kode referensi sesuai daftar kode", "en": "Reference codes from the code lists"},
       {"id": "Nilai di luar daftar kode: {details}.",
        "en": "Values outside the code lists: {details}."},
       {"id": "Pilih sektor, urusan, frekuensi, tingkat penyajian, cara pengumpulan dan klasifikasi "
              "dari pilihan yang tersedia, bukan diketik bebas.",
        "en": "Choose topic, urusan, frequency, presentation level, collection method and "
              "classification from the lists offered instead of typing free text."},
       check_codes),
    _i("area_codes", "kode_referensi", "10401", DATASET, 5,
       {"id": "Kode wilayah Kemendagri benar", "en": "Valid Kemendagri area codes"},
       {"id": "Kode wilayah kosong, salah, atau tidak sesuai tingkat penyajian: {details}.",
        "en": "Area codes are missing, invalid or do not match the presentation level: {details}."},
       {"id": "Isi cakupan wilayah dengan kode Kemendagri (32.16 untuk kabupaten, 32.16.01 … 32.16.23 "
              "untuk kecamatan) sesuai tingkat penyajian data.",
        "en": "Fill in the area with Kemendagri codes (32.16 for the regency, 32.16.01 … 32.16.23 for "
              "the kecamatan) matching the presentation level."},
       check_area_codes),
    _i("unit_present", "standar_data", "10101", DATASET, 3,
       {"id": "Satuan data tercantum", "en": "Unit of measure stated"},
       {"id": "Satuan belum diisi: {details}.", "en": "Unit of measure missing: {details}."},
       {"id": "Isi satuan dataset (mis. jiwa, unit, persen, rupiah) dan satuan setiap variabel angka.",
        "en": "Fill in the dataset unit (e.g. persons, units, percent, rupiah) and the unit of each "
              "numeric variable."},
       check_unit),
    _i("dcat_valid", "interoperabilitas", "10301", DATASET, 4,
       {"id": "Metadata siap dibagipakaikan (DCAT)", "en": "Metadata ready to share (DCAT)"},
       {"id": "Data belum dapat dipanen portal Satu Data Indonesia dengan lengkap; kurang: {details}.",
        "en": "The national Satu Data portal cannot harvest a complete record; missing: {details}."},
       {"id": "Lengkapi deskripsi, lisensi terbuka, email kontak, frekuensi, tahun awal, serta URL dan "
              "format setiap sumber daya.",
        "en": "Complete the description, an open licence, a contact e-mail, the frequency, the start "
              "year and the URL and format of each resource."},
       check_dcat),
    _i("open_format", "interoperabilitas", "20403", RESOURCE, 8,
       {"id": "Format terbuka dan dapat dibaca mesin", "en": "Open, machine-readable format"},
       {"id": "Sumber daya tidak dalam format terbuka yang dapat dibaca mesin: {details}.",
        "en": "Resources not in an open machine-readable format: {details}."},
       {"id": "Unggah tabelnya sebagai CSV (atau XLSX/JSON), bukan PDF, gambar atau dokumen Word; "
              "PDF boleh tetap ada sebagai pelengkap.",
        "en": "Upload the table as CSV (or XLSX/JSON), not as PDF, picture or Word document; a PDF "
              "may stay as a companion."},
       check_open_format),
    _i("downloadable", "interoperabilitas", "20401", RESOURCE, 5,
       {"id": "Dapat diunduh dari portal", "en": "Downloadable from the portal"},
       {"id": "Sumber daya tidak tersimpan di portal (hanya tautan ke situs lain) atau tanpa URL: {details}.",
        "en": "Resources are not stored on the portal (only a link to another site) or lack a URL: {details}."},
       {"id": "Unggah berkasnya ke portal agar tetap tersedia walau situs lain berubah.",
        "en": "Upload the file to the portal so that it stays available when the other site changes."},
       check_downloadable),
    _i("struct_single_header", "tersusun", "10301", RESOURCE, 5,
       {"id": "Satu baris judul kolom, tanpa judul tabel atau sel gabungan",
        "en": "One header row, no title rows or merged cells"},
       {"id": "Tabel tidak dimulai dengan satu baris judul kolom: {details}.",
        "en": "The table does not start with a single header row: {details}."},
       {"id": "Hapus judul tabel, baris kosong, catatan kaki dan sel gabungan; baris pertama berisi "
              "nama kolom, satu nama per kolom. Judul dan sumber ditulis di metadata.",
        "en": "Remove the table title, blank rows, footnotes and merged cells; the first row holds the "
              "column names, one per column. Put title and source in the metadata."},
       _structure("single_header"), "single_header"),
    _i("struct_headers_named", "tersusun", "10301", RESOURCE, 4,
       {"id": "Nama kolom terisi dan tidak kembar", "en": "Column names present and unique"},
       {"id": "Ada kolom tanpa nama atau nama kolom kembar: {details}.",
        "en": "Columns without a name or with a duplicate name: {details}."},
       {"id": "Beri setiap kolom nama yang unik; hapus kolom kosong.",
        "en": "Give every column a unique name; delete empty columns."},
       _structure("headers_named"), "headers_named"),
    _i("struct_no_totals", "tersusun", "20502", RESOURCE, 4,
       {"id": "Tanpa baris/kolom jumlah di dalam data", "en": "No totals rows or columns in the data"},
       {"id": "Baris atau kolom jumlah/total tercampur dengan data: {details}.",
        "en": "Totals rows or columns are mixed into the data: {details}."},
       {"id": "Hapus baris dan kolom \"Jumlah\"/\"Total\"; pengguna dapat menjumlahkan sendiri.",
        "en": "Delete the \"Jumlah\"/\"Total\" rows and columns; users can add up the data themselves."},
       _structure("no_totals"), "no_totals"),
    _i("struct_consistent_columns", "tersusun", "10301", RESOURCE, 4,
       {"id": "Jumlah kolom konsisten", "en": "Consistent columns"},
       {"id": "Baris dengan jumlah sel berbeda dari judul kolom: {details}.",
        "en": "Rows with a different number of cells than the header: {details}."},
       {"id": "Pastikan setiap baris punya sel untuk setiap kolom; jangan menaruh catatan di samping tabel.",
        "en": "Make sure every row has a cell for every column; do not put notes beside the table."},
       _structure("consistent_columns"), "consistent_columns"),
    _i("struct_numeric", "tersusun", "10101", RESOURCE, 4,
       {"id": "Angka disimpan sebagai angka", "en": "Numbers stored as numbers"},
       {"id": "Angka tersimpan sebagai teks (mis. \"1.234,5\", \"Rp\", \"%\"): {details}.",
        "en": "Numbers stored as text (e.g. \"1.234,5\", \"Rp\", \"%\"): {details}."},
       {"id": "Simpan angka tanpa pemisah ribuan dan dengan titik desimal (1234.5), tanpa \"Rp\" atau "
              "\"%\"; tulis satuannya di metadata.",
        "en": "Store numbers without thousands separators and with a decimal point (1234.5), without "
              "\"Rp\" or \"%\"; put the unit in the metadata."},
       _structure("numeric"), "numeric"),
    _i("struct_long_format", "tersusun", "20501", RESOURCE, 4,
       {"id": "Tahun dan wilayah di kolomnya sendiri (format panjang)",
        "en": "Years and areas in their own columns (long format)"},
       {"id": "Tahun, bulan atau wilayah menjadi judul kolom (format lebar): {details}.",
        "en": "Years, months or areas are used as column headers (wide format): {details}."},
       {"id": "Buat kolom \"tahun\" (dan \"kode_wilayah\") lalu satu baris per tahun/wilayah, "
              "bukan satu kolom per tahun.",
        "en": "Add a \"tahun\" (and \"kode_wilayah\") column and one row per year/area instead of one "
              "column per year."},
       _structure("long_format"), "long_format"),
    _i("submitted_on_time", "ketepatan_waktu", "20302", DATASET, 5,
       {"id": "Disampaikan sebelum batas waktu", "en": "Delivered by the cutoff"},
       {"id": "Data pada daftar data disampaikan terlambat atau belum disampaikan: {details}.",
        "en": "The agreed data item was delivered late or not at all: {details}."},
       {"id": "Sampaikan data sebelum batas waktu periode; lihat daftar periksa di halaman instansi.",
        "en": "Deliver the data before the period's cutoff; see the checklist on the agency page."},
       check_submitted),
    _i("up_to_date", "ketepatan_waktu", "20301", DATASET, 5,
       {"id": "Diperbarui sesuai frekuensi", "en": "Updated as often as promised"},
       {"id": "Pembaruan data terlambat dari frekuensi yang dijanjikan: {details}.",
        "en": "The data has not been updated as often as its frequency promises: {details}."},
       {"id": "Unggah data periode terbaru atau perbaiki frekuensi pada metadata.",
        "en": "Upload the latest period's data or correct the frequency in the metadata."},
       check_updated),
)

BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}
# The documented maximum of the default table (README, "Assessment method"); a test asserts it.
MAX_POINTS = 100


def ids() -> tuple[str, ...]:
    return tuple(BY_ID)
