"""The walidata's EPSS worksheet page (``/walidata/epss``).

``/``                         the latest year's worksheet (or the form to open one)
``/create``                   POST: open the worksheet of a year
``/<year>``                   the 38 indicators by domain and aspect: criteria, the portal's
                              proposal and evidence, the TPI's level, penjelasan, verification
                              and bukti dukung; IPS, indices, predikat or what is missing
``/<year>/<code>``            POST: save an indicator (a mistake re-shows what was typed)
``/<year>/<code>/evidence``   POST: add a link or upload a file
``/<year>/evidence/<id>``     GET: the file (walidata only); POST ``/delete``: remove it
``/<year>/export.xlsx``       the worksheet in its own shape
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.helpers import helper_functions as h
from flask import Blueprint, Response, request

from ckanext.satudata.deadlines import api as deadlines_api

from . import epss_export, epss_files, epss_worksheets
from .core import chart_specs

# POSTs are checked by the app-wide CSRF check (common/csrf.py).
bp = Blueprint("satudata_epss", __name__, url_prefix="/walidata/epss")


def _context() -> dict[str, Any]:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


def _require_walidata() -> None:
    try:
        tk.check_access("satudata_epss_worksheet_show", _context(), {})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only the walidata may do this"))


def _lang() -> str:
    return "en" if h.lang().startswith("en") else "id"


def _render(year: int, errors: dict | None = None, typed: dict | None = None, status: int = 200):
    try:
        sheet = tk.get_action("satudata_epss_worksheet_show")(
            _context(), {"year": year, "lang": _lang()}
        )
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("There is no EPSS worksheet for this year"))
    body = tk.render(
        "satudata/assessment/epss.html",
        extra_vars={
            "sheet": sheet,
            "errors": errors or {},
            "typed": typed or {},
            "by_code": {i["code"]: i for i in sheet["indicators"]},
            "domain_chart": chart_specs.domain_indices(
                sheet["domains"], tk._("Index"), y_title=tk._("Index") + " (1–5)"
            ),
        },
    )
    return Response(body, status=status)


@bp.route("/")
def index():
    _require_walidata()
    years = tk.get_action("satudata_epss_worksheet_list")(_context(), {})
    if years:
        return _render(years[0])  # the latest year
    # the year the TPI is most likely preparing: this one, in the portal's zone
    this_year = dt.datetime.now(deadlines_api.zone()).year
    return tk.render(
        "satudata/assessment/epss_empty.html", extra_vars={"errors": {}, "default_year": this_year}
    )


@bp.route("/create", methods=["POST"])
def create():
    _require_walidata()
    typed = request.form.get("year", "")
    # "open the worksheet of a year": an existing one is opened, a missing one created
    if typed.strip().isdigit() and int(typed) in tk.get_action("satudata_epss_worksheet_list")(
        _context(), {}
    ):
        return h.redirect_to("satudata_epss.worksheet", year=int(typed))
    try:
        out = tk.get_action("satudata_epss_worksheet_create")(_context(), {"year": typed})
    except tk.ValidationError as e:
        h.flash_error("; ".join(", ".join(v) for v in e.error_dict.values()))
        return h.redirect_to("satudata_epss.index")
    return h.redirect_to("satudata_epss.worksheet", year=out["year"])


@bp.route("/<int:year>")
def worksheet(year: int):
    _require_walidata()
    return _render(year)


@bp.route("/<int:year>/<code>", methods=["POST"])
def entry(year: int, code: str):
    _require_walidata()
    data = {
        "year": year,
        "code": code,
        "level": request.form.get("level", ""),
        "penjelasan": request.form.get("penjelasan", ""),
        "verification": request.form.get("verification", ""),
    }
    try:
        tk.get_action("satudata_epss_entry_update")(_context(), data)
    except tk.ValidationError as e:
        return _render(year, {code: e.error_dict}, {code: data}, status=409)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("There is no EPSS worksheet for this year"))
    h.flash_success(tk._("Indicator {code} saved").format(code=code))
    return h.redirect_to("satudata_epss.worksheet", year=year, _anchor=f"i{code}")


@bp.route("/<int:year>/<code>/evidence", methods=["POST"])
def evidence_add(year: int, code: str):
    _require_walidata()
    upload = request.files.get("upload")
    data: dict[str, Any] = {"year": year, "code": code}
    if upload is not None and upload.filename:
        data["upload"] = upload
    else:
        data["url"] = request.form.get("url", "")
    try:
        tk.get_action("satudata_epss_evidence_add")(_context(), data)
    except tk.ValidationError as e:
        return _render(year, {code: e.error_dict}, {code: {"url": data.get("url", "")}}, status=409)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("There is no EPSS worksheet for this year"))
    h.flash_success(tk._("Bukti dukung added to {code}").format(code=code))
    return h.redirect_to("satudata_epss.worksheet", year=year, _anchor=f"i{code}")


def _row(year: int, evidence_id: str):
    ws = epss_worksheets.worksheet(year)
    row = epss_worksheets.evidence_row(ws, evidence_id) if ws else None
    if row is None:
        return tk.abort(404, tk._("Bukti dukung not found"))
    return row


@bp.route("/<int:year>/evidence/<evidence_id>")
def evidence_file(year: int, evidence_id: str):
    _require_walidata()
    row = _row(year, evidence_id)
    if row.kind != "file":
        return h.redirect_to(row.url)
    try:
        data = epss_files.read(row.storage_key)
    except (OSError, ValueError):
        return tk.abort(404, tk._("Bukti dukung not found"))
    return Response(
        data,
        mimetype=row.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{row.file_name}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/<int:year>/evidence/<evidence_id>/delete", methods=["POST"])
def evidence_delete(year: int, evidence_id: str):
    _require_walidata()
    row = _row(year, evidence_id)
    code = row.code
    tk.get_action("satudata_epss_evidence_delete")(
        _context(), {"year": year, "evidence_id": evidence_id}
    )
    h.flash_success(tk._("Bukti dukung removed"))
    return h.redirect_to("satudata_epss.worksheet", year=year, _anchor=f"i{code}")


@bp.route("/<int:year>/export.xlsx")
def export(year: int):
    _require_walidata()
    try:
        sheet = tk.get_action("satudata_epss_worksheet_show")(
            _context(), {"year": year, "lang": "id"}
        )
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("There is no EPSS worksheet for this year"))

    def evidence_url(b: dict) -> str:
        return h.url_for(
            "satudata_epss.evidence_file", year=year, evidence_id=b["id"], qualified=True
        )

    return Response(
        epss_export.build(sheet, evidence_url),
        mimetype=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        headers={"Content-Disposition": f'attachment; filename="lke-epss-{year}.xlsx"'},
    )


def blueprints() -> list:
    return [bp]
