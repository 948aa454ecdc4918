"""Actions of the deadlines capability (``satudata_period_*``, ``satudata_item_*``,
snapshot, reminders, delivery figures). Writes are walidata-only except the
agency's own submit/correct transitions."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.exc import IntegrityError

from ckanext.satudata.metadata.api import limits, rules

from . import (
    agency_lookup,
    agreed_items,
    auth,
    figures,
    item_mail,
    item_values,
    periodic,
    periods,
    reminder_records,
)
from .core import importer
from .core import lifecycle as lc


def _user(context) -> str | None:
    return context.get("user") or None


def _commit(context):
    if not context.get("defer_commit"):
        model.repo.commit()


def _period_or_404(id_or_name):
    period = periods.get_period(id_or_name)
    if period is None:
        raise tk.ObjectNotFound(tk._("Period not found"))
    return period


def _item_or_404(item_id):
    item = agreed_items.get_item(item_id)
    if item is None:
        raise tk.ObjectNotFound(tk._("Item not found"))
    return item


def _duplicate(field: str, message: str):
    """A concurrent request stored the same row first (a unique index of migration
    0005 or the period name's): nothing of this one stays, the caller gets a field error."""
    model.Session.rollback()
    return tk.ValidationError({field: [message]})


def period_create(context, data_dict):
    """Create a submission period.

    :param name: url-safe name; :param title: title; :param year: integer
    :param opens, cutoff, input_close, corrections_end: local dates
        (``YYYY-MM-DD`` = end of that day in the portal's zone) or date-times;
        ``cutoff`` is required; ``corrections_end`` may be empty (open-ended).
    """
    tk.check_access("satudata_period_create", context, data_dict)
    try:
        period = periods.create_period(data_dict, _user(context))
        _commit(context)
    except IntegrityError:
        raise _duplicate("name", tk._("That name is already in use"))
    return periods.period_dict(period)


def period_update(context, data_dict):
    tk.check_access("satudata_period_update", context, data_dict)
    period = _period_or_404(tk.get_or_bust(data_dict, "id"))
    try:
        periods.update_period(period, data_dict)
        _commit(context)
    except IntegrityError:
        raise _duplicate("name", tk._("That name is already in use"))
    return periods.period_dict(period)


@tk.side_effect_free
def period_show(context, data_dict):
    tk.check_access("satudata_period_show", context, data_dict)
    period = _period_or_404(tk.get_or_bust(data_dict, "id"))
    out = periods.period_dict(period)
    return out


@tk.side_effect_free
def period_list(context, data_dict):
    tk.check_access("satudata_period_list", context, data_dict)
    return [periods.period_dict(p) for p in periods.list_periods()]


def item_create(context, data_dict):
    """Add one item to an agency's list. :param period_id: :param org_id:
    :param title: / :param indicator: :param frequency: :param year_start:
    :param year_end: :param notes:"""
    tk.check_access("satudata_item_create", context, data_dict)
    period = _period_or_404(tk.get_or_bust(data_dict, "period_id"))
    org = agency_lookup.get_org(tk.get_or_bust(data_dict, "org_id"))
    if org is None:
        raise tk.ValidationError({"org_id": [tk._("Organization not found")]})
    values = item_values.validate_item_values(data_dict, period.year)
    if agreed_items.find_item(period.id, org.id, values["title"]) is not None:
        raise tk.ValidationError({"title": [tk._("This agency's list already has this item")]})
    try:
        item = agreed_items.create_item(
            period,
            org.id,
            values,
            _user(context),
            position=len(agreed_items.items_query(period.id).all()) + 1,
        )
        _commit(context)
    except IntegrityError:  # an identical request won the race: one item stays
        raise _duplicate("title", tk._("This agency's list already has this item"))
    return agreed_items.item_dict(item)


def item_update(context, data_dict):
    """Edit an item's description (not its lifecycle)."""
    tk.check_access("satudata_item_update", context, data_dict)
    item = _item_or_404(tk.get_or_bust(data_dict, "id"))
    merged = {k: getattr(item, k) for k in agreed_items.DESCRIPTION_FIELDS}
    merged.update({k: v for k, v in data_dict.items() if k in merged})
    period = _period_or_404(item.period_id)
    values = item_values.validate_item_values(merged, period.year)
    for key, value in values.items():
        setattr(item, key, value)
    try:
        model.Session.flush()
        _commit(context)
    except IntegrityError:
        raise _duplicate("title", tk._("This agency's list already has this item"))
    return agreed_items.item_dict(item)


def item_delete(context, data_dict):
    """Remove an item that was never submitted (history kept otherwise)."""
    tk.check_access("satudata_item_delete", context, data_dict)
    item = _item_or_404(tk.get_or_bust(data_dict, "id"))
    if item.state != lc.NOT_SUBMITTED:
        raise tk.ValidationError({"id": [tk._("Only items not yet submitted can be removed")]})
    model.Session.delete(item)
    _commit(context)
    return None


def item_import(context, data_dict):
    """Import a daftar data (CSV or XLSX) into a period, all or nothing.

    :param period_id: :param upload: a file upload (FileStorage) or
    :param content: the file as text (CSV) or :param content_base64:
    :param filename: (``.csv`` / ``.xlsx``) :param org_id: default agency
    Errors: ``ValidationError({"file": ["line N: ...", ...]})``.
    """
    tk.check_access("satudata_item_import", context, data_dict)
    period = _period_or_404(tk.get_or_bust(data_dict, "period_id"))
    filename = data_dict.get("filename") or ""
    upload = data_dict.get("upload")
    if upload is not None and hasattr(upload, "read"):
        data = upload.read(limits.IMPORT_MAX_BYTES + 1)  # more is refused by the parser
        filename = filename or getattr(upload, "filename", "") or ""
    elif data_dict.get("content_base64"):
        try:
            data = base64.b64decode(data_dict["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise tk.ValidationError({"content_base64": [tk._("Not a valid base64 text")]})
    elif data_dict.get("content"):
        data = str(data_dict["content"]).encode("utf-8")
    else:
        raise tk.ValidationError({"file": [tk._("Upload a CSV or XLSX file")]})
    default_agency = None
    if data_dict.get("org_id"):
        org = agency_lookup.get_org(data_dict["org_id"])
        if org is None:
            raise tk.ValidationError({"org_id": [tk._("Organization not found")]})
        default_agency = org.id
    result = importer.parse_file(
        data, filename, agencies=agency_lookup.agency_index(), default_agency=default_agency
    )
    if not result.ok:
        raise tk.ValidationError({"file": [e.text(tk._) for e in result.errors]})
    try:
        items = agreed_items.import_items(period, result, _user(context))
        _commit(context)
    except IntegrityError:  # a concurrent import or edit stored some of these rows first
        raise _duplicate(
            "file",
            tk._(
                "Some rows were added to this period's list at the same time by another "
                "import or edit; nothing was imported. Import the file again to see which"
            ),
        )
    return {"created": len(items), "items": [agreed_items.item_dict(i) for i in items]}


@tk.side_effect_free
def item_list(context, data_dict):
    """Items of a period, optionally of one agency (``org_id``) or in one ``state``.
    Agency members may list their own agency's items only."""
    if not auth.is_walidata(context) and not data_dict.get("org_id"):
        raise tk.NotAuthorized(tk._("Give org_id to list an agency's items"))
    if data_dict.get("org_id"):
        org = agency_lookup.get_org(data_dict["org_id"])
        if org is None:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        data_dict = dict(data_dict, org_id=org.id)
    tk.check_access("satudata_item_list", context, data_dict)
    period_id = None
    if data_dict.get("period_id"):
        period_id = _period_or_404(data_dict["period_id"]).id
    items = agreed_items.items_query(
        period_id, data_dict.get("org_id"), data_dict.get("state")
    ).all()
    return [agreed_items.item_dict(i) for i in items]


@tk.side_effect_free
def item_show(context, data_dict):
    item = _item_or_404(tk.get_or_bust(data_dict, "id"))
    tk.check_access("satudata_item_show", context, {"id": item.id})
    return agreed_items.item_dict(item, history=True)


def item_transition(context, data_dict):
    """Move an item through its lifecycle.

    :param id: item id; :param action: ``submit``, ``start_review``, ``return``
        (needs ``notes``), ``correct``, ``approve``; :param notes:
    :param dataset_id: the delivered dataset: an active dataset of the item's agency;
        ``submit`` and ``correct`` need one (given here or linked already)
    The server's clock timestamps the event; the actor is the calling user. A return or an
    approval mails the agency's admins and editors (a background job, see item_mail).
    """
    item = _item_or_404(tk.get_or_bust(data_dict, "id"))
    action = tk.get_or_bust(data_dict, "action")
    tk.check_access("satudata_item_transition", context, {"id": item.id, "action": action})
    role = lc.WALIDATA if auth.is_walidata(context) else lc.AGENCY
    notes = data_dict.get("notes") or ""
    problem = rules.check_text(notes) or limits.check_field("transition", "notes", notes)
    if problem:
        raise tk.ValidationError({"notes": [problem.render(tk._)]})
    dataset_id = data_dict.get("dataset_id") or None
    if dataset_id:
        dataset_id = agreed_items.deliverable_dataset(item, dataset_id).id
    event = agreed_items.transition(
        item, action, role=role, user=_user(context), notes=notes, dataset_id=dataset_id
    )
    _commit(context)
    # after the commit: the job reads the event, and a mail failure cannot undo the decision
    item_mail.enqueue(event)
    return agreed_items.item_dict(item, history=True)


def snapshot_take(context, data_dict):
    """Freeze the picture at the cutoff of ``period_id`` (once; after the cutoff)."""
    tk.check_access("satudata_snapshot_take", context, data_dict)
    period = _period_or_404(tk.get_or_bust(data_dict, "period_id"))
    taken, rows = figures.take_snapshot(period)
    _commit(context)
    return {"taken": taken, "rows": rows}


@tk.side_effect_free
def delivery_summary(context, data_dict):
    """One row per agency for ``period_id``: expected, on_time, late, missing,
    returned, approved, progress; with the frozen cutoff figures if taken."""
    tk.check_access("satudata_delivery_summary", context, data_dict)
    period = _period_or_404(tk.get_or_bust(data_dict, "period_id"))
    frozen = figures.snapshot_delivery_by_org(period)
    rows = figures.delivery_by_org(period, data_dict.get("agency_type") or None)
    for row in rows:
        row["at_cutoff"] = frozen.get(row["org"]["id"])
    return {"period": periods.period_dict(period), "agencies": rows, "snapshot_taken": bool(frozen)}


@tk.side_effect_free
def reminder_list(context, data_dict):
    tk.check_access("satudata_reminder_list", context, data_dict)
    period = _period_or_404(tk.get_or_bust(data_dict, "period_id"))
    return [reminder_records.reminder_dict(r) for r in reminder_records.reminders_of(period)]


def reminders_send(context, data_dict):
    """Send every due reminder now (what the CLI and the scheduled job do)."""
    tk.check_access("satudata_reminders_send", context, data_dict)
    from . import reminders

    report = reminders.run()
    return report


@tk.side_effect_free
def periodic_overdue_list(context, data_dict):
    tk.check_access("satudata_periodic_overdue_list", context, data_dict)
    return periodic.periodic_datasets(
        data_dict.get("org_id") or None, overdue_only=tk.asbool(data_dict.get("overdue_only", True))
    )


def actions() -> dict[str, Any]:
    return {
        "satudata_period_create": period_create,
        "satudata_period_update": period_update,
        "satudata_period_show": period_show,
        "satudata_period_list": period_list,
        "satudata_item_create": item_create,
        "satudata_item_update": item_update,
        "satudata_item_delete": item_delete,
        "satudata_item_import": item_import,
        "satudata_item_list": item_list,
        "satudata_item_show": item_show,
        "satudata_item_transition": item_transition,
        "satudata_snapshot_take": snapshot_take,
        "satudata_delivery_summary": delivery_summary,
        "satudata_reminder_list": reminder_list,
        "satudata_reminders_send": reminders_send,
        "satudata_periodic_overdue_list": periodic_overdue_list,
    }
