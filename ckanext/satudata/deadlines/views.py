"""Walidata pages under ``/walidata/deadlines``."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.helpers import flash_error, flash_success
from flask import Blueprint, request

from . import (
    agency_lookup,
    agreed_items,
    clock,
    export_views,
    figures,
    periodic,
    periods,
    reminder_records,
)
from .core import calendar as cal
from .core import frequency as freq
from .view_requests import _context, _period_from_request

bp = Blueprint("satudata_deadlines", __name__, url_prefix="/walidata/deadlines")

OPEN_ENDPOINTS = {"satudata_deadlines.transition"}
NEW = "new"


@bp.before_request
def _walidata_only():
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    try:
        tk.check_access("satudata_delivery_summary", _context(), {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the walidata can see this page"))
    return None


def _agency_types(rows):
    return sorted({r["org"].get("agency_type") for r in rows if r["org"].get("agency_type")})


def index():
    period = _period_from_request()
    agency_type = request.args.get("agency_type") or ""
    extra = {
        "periods": [periods.period_dict(p) for p in periods.list_periods()],
        "period": None,
        "rows": [],
        "agency_type": agency_type,
        "agency_types": [],
        "reminders": [],
        "reminder_failure": None,
        "overdue_datasets": periodic.periodic_datasets(),
        "organizations": agency_lookup.organizations(),
    }
    if period is not None:
        summary = tk.get_action("satudata_delivery_summary")(
            _context(), {"period_id": period.id, "agency_type": agency_type}
        )
        totals = {
            k: sum(r[k] for r in summary["agencies"])
            for k in ("expected", "on_time", "late", "missing", "returned", "approved", "delivered")
        }
        totals["progress"] = (
            round(100 * totals["delivered"] / totals["expected"]) if totals["expected"] else 0
        )
        orgs = {o["id"]: o for o in extra["organizations"]}
        reminders = [
            dict(reminder_records.reminder_dict(r), org=orgs.get(r.org_id))
            for r in reminder_records.reminders_of(period)
        ]
        extra.update(
            {
                "period": summary["period"],
                "rows": summary["agencies"],
                "totals": totals,
                "snapshot_taken": summary["snapshot_taken"],
                # every agency type on offer, not only those in the filtered rows
                "agency_types": _agency_types({"org": o} for o in extra["organizations"]),
                "reminders": reminders,
                "reminder_failure": reminder_records.reminder_failure(period),
                "cutoff_passed": clock.now() >= period.cutoff_at,
            }
        )
    return tk.render("satudata/deadlines/index.html", extra_vars=extra)


def agency(org_id):
    period = _period_from_request()
    group = agency_lookup.get_org(org_id)
    if group is None:
        tk.abort(404, tk._("Organization not found"))
    items, snapshot = [], {}
    if period is not None:
        items = [
            agreed_items.item_dict(i, history=True)
            for i in agreed_items.items_query(period.id, group.id).all()
        ]
        snapshot = {
            k: {"state": v.state, "timeliness": v.timeliness}
            for k, v in figures.snapshot_of(period).items()
        }
        for item in items:
            if item["dataset_id"]:
                pkg = model.Package.get(item["dataset_id"])
                item["dataset_name"] = pkg.name if pkg else None
                item["dataset_title"] = (pkg.title or pkg.name) if pkg else None
    return tk.render(
        "satudata/deadlines/agency.html",
        extra_vars={
            "org": {"id": group.id, "name": group.name, "title": group.title or group.name},
            "period": periods.period_dict(period) if period else None,
            "periods": [periods.period_dict(p) for p in periods.list_periods()],
            "items": items,
            "snapshot": snapshot,
            "overdue_datasets": periodic.periodic_datasets(group.id),
            "frequencies": sorted(freq.SLUGS),
        },
    )


def transition(item_id):
    item = agreed_items.get_item(item_id)
    if item is None:
        tk.abort(404, tk._("Item not found"))
    org = agency_lookup.get_org(item.org_id)
    action = request.form.get("action", "")
    try:
        tk.get_action("satudata_item_transition")(
            _context(), {"id": item.id, "action": action, "notes": request.form.get("notes", "")}
        )
        flash_success(
            tk._("Saved: {title} is now {state}").format(
                title=item.title, state=tk.h.satudata_deadlines_state_label(item.state)
            )
        )
    except tk.NotAuthorized as exc:
        return tk.abort(403, str(exc) or tk._("Not authorized"))
    except tk.ValidationError as exc:
        flash_error("; ".join(m for msgs in exc.error_dict.values() for m in msgs))
    came_from = request.form.get("came_from")
    if came_from and came_from.startswith("/") and not came_from.startswith("//"):
        return tk.redirect_to(came_from)
    return tk.redirect_to(
        "satudata_deadlines.agency", org_id=org.name if org else item.org_id, period=item.period_id
    )


def period_edit(period_id):
    """``/period/new/edit`` creates; ``/period/<id or name>/edit`` edits. (No
    argument-less GET route but the index: the walidata menu lists those.)"""
    period = None if period_id == NEW else periods.get_period(period_id)
    if period_id != NEW and period is None:
        tk.abort(404, tk._("Period not found"))
    data = dict(request.form) if request.method == "POST" else {}
    errors = {}
    if request.method == "POST":
        try:
            if period is None:
                result = tk.get_action("satudata_period_create")(_context(), data)
            else:
                result = tk.get_action("satudata_period_update")(
                    _context(), dict(data, id=period.id)
                )
            flash_success(tk._("Period saved"))
            return tk.redirect_to("satudata_deadlines.index", period=result["name"])
        except tk.ValidationError as exc:
            errors = exc.error_dict
    elif period is not None:
        tz = clock.zone()
        d = periods.period_dict(period)
        data = {"name": d["name"], "title": d["title"], "year": d["year"]}
        for field, column in periods.PERIOD_INPUTS.items():
            value = getattr(period, column)
            data[field] = cal.to_local(value, tz).strftime("%Y-%m-%d %H:%M:%S") if value else ""
    return tk.render(
        "satudata/deadlines/period_form.html",
        extra_vars={
            "data": data,
            "errors": errors,
            "period": periods.period_dict(period) if period else None,
            "zone": str(clock.zone()),
        },
    ), 409 if errors else 200


def import_items():
    period = _period_from_request()
    if period is None:
        tk.abort(400, tk._("Create a period first"))
    upload = request.files.get("upload")
    try:
        result = tk.get_action("satudata_item_import")(
            _context(),
            {
                "period_id": period.id,
                "upload": upload,
                "filename": getattr(upload, "filename", "") if upload else "",
                "org_id": request.form.get("org_id") or None,
            },
        )
        flash_success(tk._("{n} items imported").format(n=result["created"]))
    except tk.ValidationError as exc:
        messages = [m for msgs in exc.error_dict.values() for m in msgs]
        flash_error(tk._("Nothing was imported:") + " " + "; ".join(messages[:30]))
    return tk.redirect_to("satudata_deadlines.index", period=period.name)


def _render_item_form(data: dict, errors: dict, item: dict | None, org, period):
    """The item form; with errors a 409, as the API answers the same refusal."""
    return tk.render(
        "satudata/deadlines/item_form.html",
        extra_vars={
            "data": data,
            "errors": errors,
            "item": item,
            "org": {"id": org.id, "name": org.name, "title": org.title or org.name}
            if org
            else None,
            "period": periods.period_dict(period) if period else None,
            "frequencies": sorted(freq.SLUGS),
        },
    ), 409 if errors else 200


def item_new():
    """The agency page's "add an item" form posts here; an error shows the item form again
    with what was typed (nothing is lost)."""
    period = _period_from_request()
    if period is None:
        tk.abort(400, tk._("Create a period first"))
    org = agency_lookup.get_org(request.form.get("org_id") or "")
    if org is None:
        tk.abort(404, tk._("Organization not found"))
    data = {k: request.form.get(k, "") for k in agreed_items.DESCRIPTION_FIELDS}
    try:
        tk.get_action("satudata_item_create")(
            _context(), dict(data, period_id=period.id, org_id=org.id)
        )
    except tk.ValidationError as exc:
        return _render_item_form(data, exc.error_dict, None, org, period)
    flash_success(tk._("Item added"))
    return tk.redirect_to("satudata_deadlines.agency", org_id=org.name, period=period.name)


def item_edit(item_id):
    """Edit an agreed item's description (title, indicator, frequency, years, notes); its
    lifecycle moves only through the review buttons."""
    item = agreed_items.get_item(item_id)
    if item is None:
        tk.abort(404, tk._("Item not found"))
    org = agency_lookup.get_org(item.org_id)
    period = periods.get_period(item.period_id)
    if request.method == "POST":
        data = {k: request.form.get(k, "") for k in agreed_items.DESCRIPTION_FIELDS}
        try:
            tk.get_action("satudata_item_update")(_context(), dict(data, id=item.id))
        except tk.ValidationError as exc:
            return _render_item_form(
                data, exc.error_dict, agreed_items.item_dict(item), org, period
            )
        flash_success(tk._("Item saved"))
        return tk.redirect_to(
            "satudata_deadlines.agency",
            org_id=org.name if org else item.org_id,
            period=period.name if period else None,
        )
    current = agreed_items.item_dict(item)
    data = {
        k: "" if current.get(k) is None else current.get(k) for k in agreed_items.DESCRIPTION_FIELDS
    }
    return _render_item_form(data, {}, current, org, period)


def item_delete(item_id):
    item = agreed_items.get_item(item_id)
    if item is None:
        tk.abort(404, tk._("Item not found"))
    org, period_id = item.org_id, item.period_id
    try:
        tk.get_action("satudata_item_delete")(_context(), {"id": item_id})
        flash_success(tk._("Item removed"))
    except tk.ValidationError as exc:
        flash_error("; ".join(m for msgs in exc.error_dict.values() for m in msgs))
    group = agency_lookup.get_org(org)
    return tk.redirect_to(
        "satudata_deadlines.agency", org_id=group.name if group else org, period=period_id
    )


def snapshot():
    period = _period_from_request()
    try:
        result = tk.get_action("satudata_snapshot_take")(_context(), {"period_id": period.id})
        if result["taken"]:
            flash_success(
                tk._("The picture at the cutoff was frozen ({n} items)").format(n=result["rows"])
            )
        else:
            flash_success(tk._("The picture at the cutoff was already frozen"))
    except tk.ValidationError as exc:
        flash_error("; ".join(m for msgs in exc.error_dict.values() for m in msgs))
    return tk.redirect_to("satudata_deadlines.index", period=period.name)


def remind():
    report = tk.get_action("satudata_reminders_send")(_context(), {})
    flash_success(tk._("{n} reminder(s) sent").format(n=len(report["sent"])))
    if report["errors"]:
        flash_error("; ".join(report["errors"]))
    return tk.redirect_to("satudata_deadlines.index", period=request.form.get("period_id"))


bp.add_url_rule("", view_func=index, endpoint="index", strict_slashes=False)
bp.add_url_rule("/agency/<org_id>", view_func=agency, endpoint="agency")
bp.add_url_rule(
    "/item/<item_id>/transition", view_func=transition, endpoint="transition", methods=["POST"]
)
bp.add_url_rule(
    "/period/<period_id>/edit",
    view_func=period_edit,
    endpoint="period_edit",
    methods=["GET", "POST"],
)
bp.add_url_rule("/import", view_func=import_items, endpoint="import", methods=["POST"])
bp.add_url_rule("/item/new", view_func=item_new, endpoint="item_new", methods=["POST"])
bp.add_url_rule(
    "/item/<item_id>/edit", view_func=item_edit, endpoint="item_edit", methods=["GET", "POST"]
)
bp.add_url_rule(
    "/item/<item_id>/delete", view_func=item_delete, endpoint="item_delete", methods=["POST"]
)
bp.add_url_rule("/snapshot", view_func=snapshot, endpoint="snapshot", methods=["POST"])
bp.add_url_rule("/remind", view_func=remind, endpoint="remind", methods=["POST"])
bp.add_url_rule("/export.<fmt>", view_func=export_views.export, endpoint="export")


def blueprints():
    return [bp]
