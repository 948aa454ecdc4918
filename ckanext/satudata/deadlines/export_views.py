"""The walidata's delivery table of a period as CSV or XLSX, written by the one cell writer
(text is never a formula) with labels, not codes, where a person reads."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Response, request

from ckanext.satudata.agencies import api as agencies_api
from ckanext.satudata.metadata.api import cells

from .view_requests import _context, _period_from_request

EXPORT_COLUMNS = (
    "agency_code",
    "agency",
    "agency_type",
    "expected",
    "on_time",
    "late",
    "missing",
    "returned",
    "approved",
    "progress",
    "cutoff_on_time",
    "cutoff_late",
    "cutoff_missing",
)


def _type_label(code: str) -> str:
    # a person reads the export: the type's name in the page's language, not its code
    lang = "en" if str(tk.h.lang() or "id").startswith("en") else "id"
    return agencies_api.agency_type_label(code, lang) if code else ""


def _export_rows(period, agency_type):
    summary = tk.get_action("satudata_delivery_summary")(
        _context(), {"period_id": period.id, "agency_type": agency_type}
    )
    for r in summary["agencies"]:
        frozen = r.get("at_cutoff") or {}
        yield [
            r["org"].get("agency_code") or r["org"]["name"],
            r["org"]["title"],
            _type_label(r["org"].get("agency_type") or ""),
            r["expected"],
            r["on_time"],
            r["late"],
            r["missing"],
            r["returned"],
            r["approved"],
            r["progress"],
            frozen.get("on_time", ""),
            frozen.get("late", ""),
            frozen.get("missing", ""),
        ]


def export(fmt):
    period = _period_from_request()
    if period is None:
        tk.abort(404, tk._("Period not found"))
    agency_type = request.args.get("agency_type") or ""
    rows = list(_export_rows(period, agency_type))
    filename = f"deadlines-{period.name}"
    if fmt == "csv":
        return Response(
            cells.csv_bytes(EXPORT_COLUMNS, rows),
            mimetype=cells.CSV_MIMETYPE,
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    if fmt == "xlsx":
        body = cells.xlsx_bytes([(period.name or "period", EXPORT_COLUMNS, rows)])
        return Response(
            body,
            mimetype=cells.XLSX_MIMETYPE,
            headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
        )
    return tk.abort(404)
