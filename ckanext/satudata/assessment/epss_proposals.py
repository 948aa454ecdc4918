"""The portal's proposed level for each EPSS indicator it can evidence (A, A/P, P rows of
epss.md section 6), from what the portal holds: every agency's datasets (private ones
included, as the walidata sees them), their latest per-dataset assessment (read only), the
walidata's finished whole-portal runs of the year and the Daftar Data links of the deadlines
capability. The rules are ``core.epss_rules``; the signal
each indicator uses is in ``SIGNALS`` below, stated in the proposal itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from .core import epss_rules
from .core import indicators as ind
from .core.epss_reference import Reference
from .model import PORTAL, AssessmentRun

# (dataset, (applicable, passed) indicator ids of its latest assessment or None, Daftar Data
# links) -> shows the practice (True), does not (False), does not apply (None)
Pred = Callable[[dict, tuple | None, dict], bool | None]


def _by_epss(code: str) -> Pred:
    ids = {i.id for i in ind.INDICATORS if i.epss == code}
    return _by_ids(ids)


def _by_ids(ids: set) -> Pred:
    wanted = frozenset(ids)

    def pred(ds: dict, latest: tuple | None, links: dict) -> bool | None:
        if latest is None:
            return False  # never assessed: no evidence yet
        applies = wanted & latest[0]
        return applies <= latest[1] if applies else None

    pred.latest_only = True  # reads only the latest verdicts: _counts memoises it on them
    return pred


def _public(ds: dict) -> bool:
    return not ds.get("private")


@dataclass(frozen=True)
class Signal:
    text: str
    pred: Pred
    standard: str = ""
    reviewed: bool = False  # measured by the walidata's periodic assessment runs
    max_level: int = 3
    only_applicable: bool = False  # agencies without an applicable dataset are not counted


_DCAT_VALID = _by_ids({"dcat_valid"})
_SCHEMA = "skema metadata Satu Data yang wajib untuk semua Produsen Data (Perka BPS 5/2020)"
SIGNALS: dict[str, Signal] = {
    "10101": Signal(
        "menerapkan standar data (konsep, definisi, satuan variabel)",
        _by_epss("10101"),
        _SCHEMA,
        True,
        4,
    ),
    "10201": Signal(
        "memiliki metadata MS-Keg/MS-Var/MS-Ind yang lengkap", _by_epss("10201"), _SCHEMA, True, 4
    ),
    "10301": Signal(
        "dapat dibaca mesin (tabel tersusun, DCAT valid)",
        _by_epss("10301"),
        "pemeriksaan struktur dan DCAT portal",
        True,
        4,
    ),
    "10401": Signal(
        "memakai kode referensi yang valid (kode wilayah, urusan)",
        _by_epss("10401"),
        "daftar kode referensi portal",
        True,
        4,
    ),
    "20201": Signal(
        "lolos pemeriksaan otomatis struktur tabel (akurasi)",
        _by_ids({i.id for i in ind.INDICATORS if i.principle == "tersusun"}),
        "pemeriksaan struktur tabel portal",
        True,
        4,
    ),
    "20301": Signal(
        "mutakhir sesuai frekuensi pemutakhirannya",
        _by_epss("20301"),
        "frekuensi pemutakhiran di metadata",
        True,
        4,
    ),
    "20302": Signal(
        "terbit sesuai jadwal rilis (tanggal terbit tidak melewati tanggal rencana)",
        lambda ds, r, links: _released_on_time(links.get(ds["id"])),
        "jadwal rilis butir Daftar Data yang ditetapkan walidata",
    ),
    "20401": Signal("memiliki sumber daya yang dapat diunduh", _by_epss("20401"), "", True, 4),
    "20403": Signal(
        "tersedia dalam dua format atau lebih, sedikitnya satu dapat dibaca mesin",
        lambda ds, r, links: _several_formats(ds.get("formats") or ()),
    ),
    "20101": Signal(
        "tercantum dalam Daftar Data yang disepakati", lambda ds, r, links: ds["id"] in links
    ),
    "20402": Signal(
        "publik dan dapat diunduh lewat portal dan API",
        lambda ds, r, links: _public(ds) and bool(ds.get("num_resources")),
    ),
    "30302": Signal(
        "menyertakan indikator (MS-Ind) hasil analisis",
        lambda ds, r, links: bool(ds.get("indicators")),
    ),
    "30401": Signal(
        "disebarluaskan untuk publik lewat portal walidata", lambda ds, r, links: _public(ds)
    ),
    "40101": Signal(
        "publik dengan metadata kegiatan dan kontak penanggung jawab",
        lambda ds, r, links: (
            _public(ds) and bool(ds.get("maintainer_email")) and bool(ds.get("activity_title"))
        ),
    ),
    "40103": Signal(
        "sudah diperiksa dan disetujui walidata (Daftar Data)",
        lambda ds, r, links: (
            (links[ds["id"]].get("state") == "approved") if ds["id"] in links else None
        ),
        only_applicable=True,
    ),
    "40104": Signal(
        "menyatakan sifat data (terbuka/terbatas/tertutup)",
        lambda ds, r, links: bool(ds.get("classification")),
    ),
    "50201": Signal(
        "survei yang mencantumkan nomor rekomendasi BPS",
        lambda ds, r, links: (
            bool(ds.get("activity_recommendation"))
            if ds.get("collection_method") == "survei"
            else None
        ),
        only_applicable=True,
    ),
    "50302": Signal(
        "publik dan lolos DCAT sehingga dapat dipanen Portal Satu Data Indonesia",
        lambda ds, r, links: _public(ds) and _DCAT_VALID(ds, r, links) is not False,
    ),
}
NO_SIGNAL = {
    "50103": "portal belum memiliki modul infografik, berita atau literasi data.",
    "20501": "portal belum memeriksa keterbandingan antarperiode (kolom, kode dan definisi yang "
    "sama dari tahun ke tahun).",
    "20502": "portal belum memeriksa konsistensi antardataset (indikator yang sama dari dua "
    "produsen bernilai sama).",
}
MACHINE_READABLE = frozenset({"CSV", "XLSX", "XLS", "JSON", "XML", "ODS", "GEOJSON", "SHP"})


def _released_on_time(link: dict | None) -> bool | None:
    """20302: a dataset of an agreed item with a jadwal rilis; not counted while not due."""
    status = (link or {}).get("release_status")
    if status in (None, "not_due"):
        return None
    return status == "on_time"


def _several_formats(formats) -> bool:
    found = {str(f).strip().upper().lstrip(".") for f in formats if f}
    return len(found) >= 2 and bool(found & MACHINE_READABLE)


def agencies() -> list[model.Group]:
    """The Produsen Data: active organizations, not archived, other than the walidata's own."""
    from ckanext.satudata.agencies.api import walidata_org

    wali = walidata_org()
    orgs = (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
        .all()
    )
    return sorted(
        (
            o
            for o in orgs
            if (o.extras or {}).get("agency_status") != "archived"
            and (wali is None or o.id != wali.id)
        ),
        key=lambda o: o.title or o.name,
    )


_DATASETS = sa.text("""
SELECT p.id, p.name, p.title, p.owner_org, p.private, p.maintainer_email,
       p.extras->>'collection_method' AS collection_method,
       k.extras->>'recommendation_id' AS activity_recommendation,
       k.title AS activity_title,
       p.extras->>'classification' AS classification,
       p.extras->>'indicators' AS indicators,
       coalesce(r.n, 0) AS num_resources, coalesce(r.formats, '{}') AS formats
FROM package p
LEFT JOIN package k ON k.id = p.extras->>'kegiatan' AND k.type = 'kegiatan'
     AND k.state = 'active'
LEFT JOIN (SELECT package_id, count(*) AS n,
                  array_agg(DISTINCT upper(format)) FILTER (WHERE format <> '') AS formats
           FROM resource WHERE state = 'active'
           GROUP BY package_id) r ON r.package_id = p.id
WHERE p.state = 'active' AND p.type = 'dataset'
""")


def _filled(value: Any) -> bool:
    return value not in (None, "", "[]", "{}")


def datasets() -> list[dict]:
    """Every active dataset, private ones included, with the fields the signals read. Read
    from PostgreSQL (CKAN 2.12 keeps the Satu Data fields in ``package.extras``): the caller is
    the walidata, whose permission labels see every dataset, and the search index would cost
    about 0.2 s per 1,000 datasets for the same columns."""
    return [
        dict(r._mapping, indicators=_filled(r.indicators)) for r in model.Session.execute(_DATASETS)
    ]


# the latest assessment of each dataset through the (dataset_id, assessed_at) index, one
# lookup per dataset, reading the two short id arrays only (never the results documents)
_LATEST = sa.text("""
SELECT i.id, l.applicable, l.passed
FROM unnest(CAST(:ids AS text[])) AS i(id)
CROSS JOIN LATERAL (SELECT applicable, passed FROM satudata_dataset_assessment
                    WHERE dataset_id = i.id AND error IS NULL
                    ORDER BY assessed_at DESC LIMIT 1) l
""")


def latest_results(ids: list[str]) -> dict[str, tuple[frozenset, frozenset]]:
    """Per dataset, from its latest assessment: the indicators that applied and those passed
    (one query)."""
    if not ids:
        return {}
    shared: dict[tuple, tuple[frozenset, frozenset]] = {}
    out = {}
    for d, applicable, passed in model.Session.execute(_LATEST, {"ids": ids}):
        key = (tuple(applicable), tuple(passed))
        if key not in shared:
            shared[key] = (frozenset(applicable), frozenset(passed))
        out[d] = shared[key]
    return out


def review_months(year: int) -> list[str]:
    """YYYY-MM of the finished whole-portal runs of ``year``, in the portal's zone (a run
    finished at 20:00 UTC on 31 December belongs to January of the next year in Bekasi)."""
    from ckanext.satudata.deadlines.api import zone

    tz = zone()
    lo = dt.datetime(year, 1, 1, tzinfo=tz)
    hi = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    rows = (
        model.Session.query(AssessmentRun.finished_at)
        .filter(
            AssessmentRun.scope == PORTAL,
            AssessmentRun.finished_at >= lo,
            AssessmentRun.finished_at < hi,
            AssessmentRun.state == "done",
        )
        .all()
    )
    return sorted({f.astimezone(tz).strftime("%Y-%m") for (f,) in rows})


def _links(ids: list[str]) -> dict[str, dict]:
    try:
        from ckanext.satudata.deadlines.api import timeliness_for_datasets
    except ImportError:
        return {}
    return timeliness_for_datasets(ids)


def _counts(signal: Signal, orgs: list, by_org: dict, links: dict):
    out = []
    pred = signal.pred
    # most datasets share their latest verdicts (latest_results hands out one tuple per
    # distinct pair), so a pred that reads only them runs once per pair, not per dataset
    memo: dict = {} if getattr(pred, "latest_only", False) else None
    for org in orgs:
        rows = by_org.get(org.id, ())
        if memo is None:
            oks = [pred(ds, ds["_latest"], links) for ds in rows]
        else:
            oks = []
            for ds in rows:
                latest = ds["_latest"]
                if latest not in memo:
                    memo[latest] = pred(ds, latest, links)
                oks.append(memo[latest])
        applies = len(oks) - oks.count(None)
        meeting = oks.count(True)
        failing = (
            [ds["title"] or ds["name"] for ds, ok in zip(rows, oks) if ok is False]
            if meeting < applies
            else []
        )
        if applies or not signal.only_applicable:
            out.append(
                epss_rules.AgencyCount(org.id, org.title or org.name, applies, meeting, failing)
            )
    return out


def compute(ref: Reference, year: int, context: dict) -> dict[str, dict[str, Any]]:
    orgs = agencies()
    rows = datasets()
    ids = [d["id"] for d in rows]
    results, links, months = latest_results(ids), _links(ids), review_months(year)
    by_org: dict[str, list] = {}
    for ds in rows:
        ds["_latest"] = results.get(ds["id"])
        by_org.setdefault(ds["owner_org"], []).append(ds)
    out: dict[str, dict[str, Any]] = {}
    for code, indicator in ref.indicators.items():
        if not indicator.proposed:
            continue
        if code in NO_SIGNAL:
            out[code] = epss_rules.no_signal(code, NO_SIGNAL[code]).as_dict()
        elif code == "40304":
            from ckanext.satudata.agencies.api import walidata_org

            wali = walidata_org()
            counts = _counts(Signal("", lambda ds, r, links: r is not None), orgs, by_org, links)
            out[code] = epss_rules.walidata_tasks(
                code, indicator.criteria, wali.title if wali else None, counts
            ).as_dict()
        else:
            s = SIGNALS[code]
            counts = _counts(s, orgs, by_org, links)
            if s.only_applicable and not counts:
                out[code] = epss_rules.no_signal(
                    code, "tidak ada dataset yang relevan untuk indikator ini."
                ).as_dict()
                continue
            out[code] = epss_rules.breadth(
                code,
                indicator.criteria,
                s.text,
                counts,
                s.standard,
                months if s.reviewed else None,
                s.max_level,
            ).as_dict()
    return out
