"""The portal's proposed level for each EPSS indicator it can evidence (A, A/P, P rows of
epss.md section 6), from what the portal holds: every agency's datasets (``package_search``
with the walidata's own permission labels, private ones included), their latest per-dataset
assessment (read only), the walidata's finished whole-portal runs of the year and the
Daftar Data links of the deadlines capability. The rules are ``core.epss_rules``; the signal
each indicator uses is in ``SIGNALS`` below, stated in the proposal itself."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from .core import epss_rules, indicators as ind
from .core.epss_reference import Reference
from .core.scoring import NA, PASS
from .model import PORTAL, AssessmentRun, DatasetAssessment

# (dataset, {indicator id: status} of its latest assessment or None, Daftar Data links)
Pred = Callable[[dict, Optional[dict], dict], Optional[bool]]


def _by_epss(code: str) -> Pred:
    ids = {i.id for i in ind.INDICATORS if i.epss == code}
    return _by_ids(ids)


def _by_ids(ids: set) -> Pred:
    wanted = tuple(ids)

    def pred(ds: dict, statuses: Optional[dict], links: dict) -> Optional[bool]:
        if statuses is None:
            return False                       # never assessed: no evidence yet
        rs = [statuses[i] for i in wanted if statuses.get(i, NA) != NA]
        return all(r == PASS for r in rs) if rs else None
    return pred


def _public(ds: dict) -> bool:
    return not ds.get("private")


@dataclass(frozen=True)
class Signal:
    text: str
    pred: Pred
    standard: str = ""
    reviewed: bool = False        # measured by the walidata's periodic assessment runs
    max_level: int = 3
    only_applicable: bool = False  # agencies without an applicable dataset are not counted


_SCHEMA = "skema metadata Satu Data yang wajib untuk semua Produsen Data (Perka BPS 5/2020)"
SIGNALS: dict[str, Signal] = {
    "10101": Signal("menerapkan standar data (konsep, definisi, satuan variabel)",
                    _by_epss("10101"), _SCHEMA, True, 4),
    "10201": Signal("memiliki metadata MS-Keg/MS-Var/MS-Ind yang lengkap",
                    _by_epss("10201"), _SCHEMA, True, 4),
    "10301": Signal("dapat dibaca mesin (tabel tersusun, DCAT valid)",
                    _by_epss("10301"), "pemeriksaan struktur dan DCAT portal", True, 4),
    "10401": Signal("memakai kode referensi yang valid (kode wilayah, urusan)",
                    _by_epss("10401"), "daftar kode referensi portal", True, 4),
    "20201": Signal("lolos pemeriksaan otomatis struktur tabel (akurasi)",
                    _by_ids({i.id for i in ind.INDICATORS if i.principle == "tersusun"}),
                    "pemeriksaan struktur tabel portal", True, 4),
    "20301": Signal("mutakhir sesuai frekuensi pemutakhirannya", _by_epss("20301"),
                    "frekuensi pemutakhiran di metadata", True, 4),
    "20302": Signal("diserahkan tepat waktu sesuai jadwal Daftar Data", _by_epss("20302"),
                    "jadwal Daftar Data portal", True, 4),
    "20401": Signal("memiliki sumber daya yang dapat diunduh", _by_epss("20401"), "", True, 4),
    "20403": Signal("tersedia dalam format terbuka", _by_epss("20403"), "", True, 4),
    "20501": Signal("tersusun memanjang sehingga dapat dibandingkan antarperiode",
                    _by_epss("20501"), "", True, 4),
    "20502": Signal("bebas baris total yang mengacaukan konsistensi", _by_epss("20502"),
                    "", True, 4),
    "20101": Signal("tercantum dalam Daftar Data yang disepakati",
                    lambda ds, r, links: ds["id"] in links),
    "20402": Signal("publik dan dapat diunduh lewat portal dan API",
                    lambda ds, r, links: _public(ds) and bool(ds.get("num_resources"))),
    "30302": Signal("menyertakan indikator (MS-Ind) hasil analisis",
                    lambda ds, r, links: bool(ds.get("indicators"))),
    "30401": Signal("disebarluaskan untuk publik lewat portal walidata",
                    lambda ds, r, links: _public(ds)),
    "40101": Signal("publik dengan metadata kegiatan dan kontak penanggung jawab",
                    lambda ds, r, links: _public(ds) and bool(ds.get("maintainer_email"))
                    and bool(ds.get("activity_title"))),
    "40103": Signal("sudah diperiksa dan disetujui walidata (Daftar Data)",
                    lambda ds, r, links: (links[ds["id"]].get("state") == "approved")
                    if ds["id"] in links else None, only_applicable=True),
    "40104": Signal("menyatakan sifat data (terbuka/terbatas/tertutup)",
                    lambda ds, r, links: bool(ds.get("classification"))),
    "50201": Signal("survei yang mencantumkan nomor rekomendasi BPS",
                    lambda ds, r, links: bool(ds.get("activity_recommendation"))
                    if ds.get("collection_method") == "survei" else None,
                    only_applicable=True),
    "50302": Signal("publik dan lolos DCAT sehingga dapat dipanen Portal Satu Data Indonesia",
                    lambda ds, r, links: _public(ds) and _by_ids({"dcat_valid"})(ds, r, links)
                    is not False),
}
NO_SIGNAL = {"50103": "portal belum memiliki modul infografik, berita atau literasi data."}


def agencies() -> list[model.Group]:
    """The Produsen Data: active organizations, not archived, other than the walidata's own."""
    from ckanext.satudata.agencies.walidata import walidata_org
    wali = walidata_org()
    orgs = model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active").all()
    return sorted((o for o in orgs if (o.extras or {}).get("agency_status") != "archived"
                   and (wali is None or o.id != wali.id)), key=lambda o: (o.title or o.name))


# Only the stored index fields the signals read (a small Solr answer, not every dataset dict;
# CKAN hands ``extras_<key>`` back as ``<key>``); the walidata's permission labels still decide
# which datasets are seen.
FIELDS = ["id", "name", "title", "organization", "capacity", "maintainer_email", "res_url",
          "extras_collection_method", "extras_activity_recommendation", "extras_activity_title",
          "extras_classification", "extras_indicators"]


def _filled(value: Any) -> bool:
    return value not in (None, "", "[]", "{}")


def datasets(context: dict) -> list[dict]:
    """What the walidata's search sees, checked against PostgreSQL: a dataset deleted or moved
    since it was indexed counts as it is now (its owner from the package table)."""
    out, start = [], 0
    search = tk.get_action("package_search")
    while True:
        page = search(dict(context), {"q": "*:*", "fq": "+dataset_type:dataset",
                                      "include_private": True, "rows": 1000, "start": start,
                                      "sort": "id asc", "fl": FIELDS})
        for doc in page["results"]:
            out.append({
                "id": doc["id"], "name": doc.get("name"), "title": doc.get("title"),
                "private": doc.get("capacity") == "private",
                "maintainer_email": doc.get("maintainer_email"),
                "num_resources": len(doc.get("res_url") or []),
                "collection_method": doc.get("collection_method"),
                "activity_recommendation": doc.get("activity_recommendation"),
                "activity_title": doc.get("activity_title"),
                "classification": doc.get("classification"),
                "indicators": _filled(doc.get("indicators"))})
        start += len(page["results"])
        if not page["results"] or start >= page["count"]:
            break
    owners = dict(model.Session.execute(sa.text(
        "SELECT id, owner_org FROM package WHERE id = ANY(:ids) AND state = 'active' "
        "AND type = 'dataset'"), {"ids": [d["id"] for d in out]}).all())
    return [dict(d, owner_org=owners[d["id"]]) for d in out if d["id"] in owners]


def latest_results(ids: list[str]) -> dict[str, dict]:
    """Per dataset, the status of each indicator in its latest assessment (one query)."""
    if not ids:
        return {}
    rows = model.Session.execute(sa.text(
        "SELECT DISTINCT ON (dataset_id) dataset_id, results FROM satudata_dataset_assessment "
        "WHERE dataset_id = ANY(:ids) AND error IS NULL ORDER BY dataset_id, assessed_at DESC"),
        {"ids": ids}).all()
    return {d: {r.get("indicator_id"): r.get("status") for r in results or []}
            for d, results in rows}


def review_months(year: int) -> list[str]:
    lo = dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc)
    hi = dt.datetime(year + 1, 1, 1, tzinfo=dt.timezone.utc)
    rows = model.Session.query(AssessmentRun.finished_at).filter(
        AssessmentRun.scope == PORTAL, AssessmentRun.finished_at >= lo,
        AssessmentRun.finished_at < hi, AssessmentRun.state == "done").all()
    return sorted({f.strftime("%Y-%m") for (f,) in rows})


def _links(ids: list[str]) -> dict[str, dict]:
    try:
        from ckanext.satudata.deadlines.api import timeliness_for_datasets
    except ImportError:
        return {}
    return timeliness_for_datasets(ids)


def _counts(signal: Signal, orgs: list, by_org: dict, results: dict, links: dict):
    out = []
    for org in orgs:
        c = epss_rules.AgencyCount(org.id, org.title or org.name, 0, 0)
        for ds in by_org.get(org.id, []):
            ok = signal.pred(ds, results.get(ds["id"]), links)
            if ok is None:
                continue
            c.datasets += 1
            if ok:
                c.meeting += 1
            else:
                c.failing.append(ds.get("title") or ds["name"])
        if c.datasets or not signal.only_applicable:
            out.append(c)
    return out


def compute(ref: Reference, year: int, context: dict) -> dict[str, dict[str, Any]]:
    orgs = agencies()
    rows = datasets(context)
    by_org: dict[str, list] = {}
    for ds in rows:
        by_org.setdefault(ds.get("owner_org"), []).append(ds)
    ids = [d["id"] for d in rows]
    results, links, months = latest_results(ids), _links(ids), review_months(year)
    out: dict[str, dict[str, Any]] = {}
    for code, indicator in ref.indicators.items():
        if not indicator.proposed:
            continue
        if code in NO_SIGNAL:
            out[code] = epss_rules.no_signal(code, NO_SIGNAL[code]).as_dict()
        elif code == "40304":
            from ckanext.satudata.agencies.walidata import walidata_org
            wali = walidata_org()
            counts = _counts(Signal("", lambda ds, r, l: r is not None), orgs, by_org,
                             results, links)
            out[code] = epss_rules.walidata_tasks(code, indicator.criteria,
                                                  wali.title if wali else None, counts).as_dict()
        else:
            s = SIGNALS[code]
            counts = _counts(s, orgs, by_org, results, links)
            if s.only_applicable and not counts:
                out[code] = epss_rules.no_signal(
                    code, "tidak ada dataset yang relevan untuk indikator ini.").as_dict()
                continue
            out[code] = epss_rules.breadth(code, indicator.criteria, s.text, counts, s.standard,
                                           months if s.reviewed else None, s.max_level).as_dict()
    return out
