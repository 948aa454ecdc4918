"""The assessment pages (``/walidata/assessment``, ``/dashboard/assessment``).

``/``                     walidata: run button (POST + CSRF), live progress of the latest run,
                          the agency ranking (sortable, change since the previous run), the score
                          distribution and pass rate per indicator (charts with their tables)
``/run``                  POST, walidata: start a run (whole portal, one agency, one dataset)
``/runs/<id>.json``       walidata: progress of a run (the progress bar polls it)
``/runs/<id>/resume``     POST, walidata: enqueue the unfinished jobs of a run again
``/agency/<org>``         the agency's members and the walidata: components, the score over
                          the runs, indicators, datasets; the walidata also the manual form
``/agency/<org>/manual``  POST, walidata: a manual EPSS indicator with its evidence note
``/dataset/<id>``         whoever may read the dataset: its indicator results, reasons, fixes
``/export.csv``, ``/export.xlsx``  walidata: the ranking (and, in XLSX, every dataset) of a run
``/dashboard/assessment`` a logged-in user: the agencies they belong to, with their scores
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.helpers import helper_functions as h
from flask import Blueprint, Response, jsonify, request

from ckanext.satudata.metadata.api import cells

from . import charts, exports, results, targets
from .auth import is_walidata
from .core import chart_specs, epss, epss_reference
from .core import indicators as ind
from .helpers import bands as quality_bands
from .manual import manual_history
from .model import PORTAL, AssessmentRun

bp = Blueprint("satudata_assessment", __name__, url_prefix="/walidata/assessment")

POLL_MS = 3000  # how often the progress bar asks for the run's status
SORTS = ("rank", "score", "change", "datasets", "missing_items", "org_title")


def _context() -> dict[str, Any]:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


def _require_walidata() -> None:
    try:
        tk.check_access("satudata_assessment_run", _context(), {})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only the walidata may do this"))


def _lang() -> str:
    return "en" if h.lang().startswith("en") else "id"


def _overview(run: AssessmentRun, sort: str) -> dict[str, Any]:
    lang = _lang()
    listing = tk.get_action("satudata_assessment_list")(
        _context(), {"run_id": run.id, "sort": sort}
    )
    overview = results.portal_overview(run)
    indicators = sorted(
        (
            {
                "id": k,
                "title": ind.BY_ID[k].title[lang],
                "epss": ind.BY_ID[k].epss,
                "principle": ind.PRINCIPLES[ind.BY_ID[k].principle][lang],
                **v,
            }
            for k, v in overview["rates"].items()
        ),
        key=lambda x: (-x["gain"], x["pass_rate"]),
    )
    bins = overview["bins"]
    peak = max((b["count"] for b in bins), default=0) or 1
    bands = [
        dict(b, count=sum(1 for a in listing["agencies"] if a["band"] == b["code"]))
        for b in quality_bands()
    ]
    charts_data = {
        "distribution": chart_specs.distribution(
            bins, tk._("Datasets"), x_title=tk._("Score"), y_title=tk._("Datasets")
        ),
        "pass_rates": chart_specs.pass_rates(
            indicators, tk._("Pass rate"), y_title=tk._("Pass rate") + " (%)"
        ),
    }
    return {
        "listing": listing,
        "charts": charts_data,
        "indicators": indicators,
        "bins": bins,
        "peak": peak,
        "bands": bands,
        "dataset_count": overview["count"],
        "mean": overview["mean"],
    }


@bp.route("/")
def index():
    _require_walidata()
    sort = request.args.get("sort", "rank")
    sort = sort if sort in SORTS else "rank"
    current = results.latest_run(PORTAL, finished=False)
    latest = results.latest_run(PORTAL, finished=True)
    overview = _overview(latest, sort) if latest else None
    extra = {
        "current": results.run_summary(current) if current else None,
        "latest": latest,
        "sort": sort,
        "overview": overview,
        "charts": overview["charts"] if overview else {},
        "poll_ms": POLL_MS,
        "organizations": targets.organization_choices(),
    }
    return tk.render("satudata/assessment/index.html", extra_vars=extra)


@bp.route("/run", methods=["POST"])
def run():
    _require_walidata()
    data = {"scope": request.form.get("scope") or PORTAL, "id": request.form.get("id") or None}
    try:
        out = tk.get_action("satudata_assessment_run")(_context(), data)
    except (tk.ValidationError, tk.ObjectNotFound) as e:
        h.flash_error(str(getattr(e, "error_summary", None) or e))
        return h.redirect_to("satudata_assessment.index")
    h.flash_success(
        tk._("Assessment run started: {n} datasets in {c} jobs").format(
            n=out["datasets_total"], c=out["chunks_total"]
        )
    )
    if data["scope"] == "agency" and out.get("target_id"):
        return h.redirect_to("satudata_assessment.agency", org=out["target_id"])
    return h.redirect_to("satudata_assessment.index")


@bp.route("/runs/<run_id>/resume", methods=["POST"])
def resume(run_id: str):
    _require_walidata()
    try:
        out = tk.get_action("satudata_assessment_run")(_context(), {"resume": run_id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Assessment run not found"))
    h.flash_success(tk._("{n} unfinished jobs enqueued again").format(n=out["resumed_chunks"]))
    return h.redirect_to("satudata_assessment.index")


@bp.route("/runs/<run_id>.json")
def run_json(run_id: str):
    _require_walidata()
    try:
        return jsonify(tk.get_action("satudata_assessment_run_show")(_context(), {"id": run_id}))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Assessment run not found"))


def _is_walidata() -> bool:
    return is_walidata(tk.g.user)


def _require_show(ref: str) -> None:
    """Agency pages are for the agency's members and the walidata; a dataset's for whoever
    may read the dataset (as its badge) — the auth function of ``satudata_assessment_show``."""
    try:
        tk.check_access("satudata_assessment_show", _context(), {"id": ref})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only the agency itself and the walidata may see this"))


def _when(iso_time: str) -> str:
    """A run's time as the chart's label, in the portal's zone (as the table beside it)."""
    return h.render_datetime(iso_time, with_hours=True)


@bp.route("/agency/<org>")
def agency(org: str):
    try:
        group = tk.get_action("organization_show")(
            _context(), {"id": org, "include_datasets": False, "include_users": False}
        )
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Agency not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the agency itself and the walidata may see this"))
    _require_show(group["id"])
    try:
        card = tk.get_action("satudata_assessment_show")(
            _context(), {"id": group["id"], "lang": _lang()}
        )
    except tk.ObjectNotFound:
        card = None
    walidata = _is_walidata()
    trend = charts.agency_trend(group["id"])
    manual_codes = [
        {"code": e.code, "name": epss_reference.indicator_name(e.code, _lang(), e.name)}
        for e in epss.INDICATORS
        if e.portal in ("M", "P")
    ]
    return tk.render(
        "satudata/assessment/agency.html",
        extra_vars={
            "card": card,
            "group": group,
            "is_walidata": walidata,
            "trend": trend,
            "trend_chart": chart_specs.trend(
                ({"label": _when(p["finished_at"]), "score": p["score"]} for p in trend),
                tk._("Score"),
                y_title=tk._("Score"),
            ),
            "pass_rate_chart": chart_specs.pass_rates(
                sorted((card or {}).get("indicators") or [], key=lambda i: -i["gain"]),
                tk._("Pass rate"),
                y_title=tk._("Pass rate") + " (%)",
            ),
            "epss_indicators": manual_codes,
            "manual_history": manual_history(group["id"]) if walidata else [],
            "level_names": {n: epss.level_name(n, _lang()) for n in range(1, 6)},
        },
    )


@bp.route("/agency/<org>/manual", methods=["POST"])
def manual(org: str):
    _require_walidata()
    data = {
        "org_id": org,
        "epss_code": request.form.get("epss_code"),
        "level": request.form.get("level"),
        "evidence": request.form.get("evidence"),
    }
    try:
        tk.get_action("satudata_manual_indicator_set")(_context(), data)
        h.flash_success(tk._("Manual indicator saved; it counts from the next run"))
    except tk.ValidationError as e:
        h.flash_error("; ".join(f"{k}: {', '.join(v)}" for k, v in e.error_dict.items()))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Agency not found"))
    return h.redirect_to("satudata_assessment.agency", org=org)


@bp.route("/dataset/<dataset_id>")
def dataset(dataset_id: str):
    try:
        pkg = tk.get_action("package_show")(_context(), {"id": dataset_id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this dataset"))
    _require_show(pkg["id"])
    try:
        result = tk.get_action("satudata_assessment_show")(
            _context(), {"id": pkg["id"], "lang": _lang()}
        )
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("This dataset has not been assessed yet"))
    return tk.render(
        "satudata/assessment/dataset.html",
        extra_vars={"result": result, "pkg": pkg, "is_walidata": _is_walidata()},
    )


@bp.route("/export.<fmt>")
def export(fmt: str):
    _require_walidata()
    if fmt not in ("csv", "xlsx"):
        return tk.abort(404)
    try:
        listing = tk.get_action("satudata_assessment_list")(
            _context(), {"run_id": request.args.get("run_id")}
        )
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Assessment run not found"))
    lang = _lang()
    header, rows = exports.ranking_header(), exports.ranking_rows(listing, lang)
    stamp = (listing["run"]["finished_at"] or listing["run"]["created_at"] or "")[:10]
    name = f"penilaian-satudata-{stamp}"
    if fmt == "csv":
        body, mimetype = cells.csv_bytes(header, rows), cells.CSV_MIMETYPE
    else:
        datasets = exports.dataset_rows(listing["run"]["id"], lang)
        body = cells.xlsx_bytes(
            [
                (tk._("agencies"), header, rows),
                (tk._("datasets"), exports.dataset_header(lang), datasets),
            ]
        )
        mimetype = cells.XLSX_MIMETYPE
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


# The agency members' way in: their dashboard's tab and the header's "Assessment" entry.
dashboard_bp = Blueprint("satudata_assessment_dashboard", __name__, url_prefix="/dashboard")


@dashboard_bp.route("/assessment")
def dashboard():
    if not tk.g.user:
        return h.redirect_to("user.login")
    if _is_walidata():  # every agency: the walidata's ranking, not 60 cards on one page
        return tk.render(
            "satudata/assessment/dashboard.html", extra_vars={"agencies": [], "walidata": True}
        )
    cards = []
    for org in tk.h.satudata_my_agencies():
        try:
            card = tk.get_action("satudata_assessment_show")(
                _context(), {"id": org["name"], "lang": _lang()}
            )
        except (tk.ObjectNotFound, tk.NotAuthorized):
            card = None
        cards.append({"org": org, "card": card})
    return tk.render("satudata/assessment/dashboard.html", extra_vars={"agencies": cards})


def blueprints() -> list:
    from .epss_views import bp as epss_bp

    return [bp, dashboard_bp, epss_bp]
