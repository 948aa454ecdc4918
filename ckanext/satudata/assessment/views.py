"""Walidata pages of the assessment capability (``/walidata/assessment``).

``/``                     run button (POST + CSRF), progress of the latest run, the agency
                          ranking (sortable, change since the previous run), score
                          distribution and pass rate per indicator (CSS bars, no CDN)
``/run``                  POST: start a run (whole portal, one agency, one dataset)
``/runs/<id>.json``       progress of a run (for scripts)
``/runs/<id>/resume``     POST: enqueue the unfinished jobs of a run again (workers were stopped)
``/agency/<org>``         drill-down: components, indicators, datasets, manual indicators form
``/agency/<org>/manual``  POST: a manual EPSS indicator with its evidence note
``/dataset/<id>``         a dataset's indicator results with reasons and fixes
``/export.csv``, ``/export.xlsx``  the ranking (and, in XLSX, every dataset) of a run
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.helpers import helper_functions as h
from flask import Blueprint, Response, jsonify, request

from ckanext.satudata.metadata.api import cells

from . import results, targets
from .core import epss, epss_reference
from .core import indicators as ind
from .manual import manual_history
from .model import PORTAL, AssessmentRun

bp = Blueprint("satudata_assessment", __name__, url_prefix="/walidata/assessment")

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
    levels = {n: sum(1 for a in listing["agencies"] if a["level"] == n) for n in range(1, 6)}
    return {
        "listing": listing,
        "indicators": indicators,
        "bins": bins,
        "peak": peak,
        "levels": levels,
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
    extra = {
        "current": results.run_summary(current) if current else None,
        "latest": latest,
        "sort": sort,
        "overview": _overview(latest, sort) if latest else None,
        "organizations": targets.organization_choices(),
        "level_names": {n: epss.level_name(n, _lang()) for n in range(1, 6)},
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


@bp.route("/agency/<org>")
def agency(org: str):
    _require_walidata()
    try:
        card = tk.get_action("satudata_assessment_show")(
            _context(), {"org_id": org, "lang": _lang()}
        )
    except tk.ObjectNotFound:
        card = None
    try:
        group = tk.get_action("organization_show")(_context(), {"id": org})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Agency not found"))
    manual_codes = [
        {"code": e.code, "name": epss_reference.indicator_name(e.code, _lang(), e.name)}
        for e in epss.INDICATORS
        if e.portal in ("M", "P")
    ]
    history = manual_history(group["id"])
    return tk.render(
        "satudata/assessment/agency.html",
        extra_vars={
            "card": card,
            "group": group,
            "epss_indicators": manual_codes,
            "manual_history": history,
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
    _require_walidata()
    try:
        result = tk.get_action("satudata_assessment_show")(
            _context(), {"dataset_id": dataset_id, "lang": _lang()}
        )
        pkg = tk.get_action("package_show")(_context(), {"id": dataset_id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("This dataset has not been assessed yet"))
    return tk.render("satudata/assessment/dataset.html", extra_vars={"result": result, "pkg": pkg})


HEADER = [
    "rank",
    "agency",
    "agency_name",
    "score",
    "level",
    "level_name",
    "band",
    "change",
    "previous_score",
    "datasets",
    "missing_items",
    "datasets_component",
    "delivery_component",
    "manual_component",
]


def _ranking_rows(run_id: str | None) -> tuple[dict, list[list[Any]]]:
    listing = tk.get_action("satudata_assessment_list")(_context(), {"run_id": run_id})
    rows = []
    for a in listing["agencies"]:
        comp = a.get("components") or {}
        rows.append(
            [
                a["rank"],
                a["org_title"],
                a["org_name"],
                a["score"],
                a["level"],
                epss.level_name(a["level"], _lang()),
                a["band"],
                a["change"],
                a["previous_score"],
                a["datasets"],
                a["missing_items"],
                comp.get("datasets"),
                comp.get("delivery"),
                comp.get("manual"),
            ]
        )
    return listing, rows


def _fraction(row, indicator_id: str):
    return {x["indicator_id"]: x.get("fraction") for x in row.results or []}.get(indicator_id)


@bp.route("/export.<fmt>")
def export(fmt: str):
    _require_walidata()
    try:
        listing, rows = _ranking_rows(request.args.get("run_id"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Assessment run not found"))
    run_id = listing["run"]["id"]
    stamp = (listing["run"]["finished_at"] or listing["run"]["created_at"] or "")[:10]
    name = f"penilaian-satudata-{stamp}"
    if fmt == "csv":
        return Response(
            cells.csv_bytes(HEADER, rows),
            mimetype=cells.CSV_MIMETYPE,
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if fmt == "xlsx":
        ids = list(ind.BY_ID)
        datasets = (
            [r.org_id, r.dataset_name, r.dataset_title, r.score, r.level, r.band]
            + [None if _fraction(r, i) is None else round(100 * _fraction(r, i), 1) for i in ids]
            for r in results.dataset_rows(run_id)
        )
        body = cells.xlsx_bytes(
            [
                ("instansi", HEADER, rows),
                (
                    "dataset",
                    ["agency_id", "dataset", "title", "score", "level", "band"] + ids,
                    datasets,
                ),
            ]
        )
        return Response(
            body,
            mimetype=cells.XLSX_MIMETYPE,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return tk.abort(404)


def blueprints() -> list:
    from .epss_views import bp as epss_bp

    return [bp, epss_bp]
