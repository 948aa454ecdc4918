"""Template helpers of the deadlines capability."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import agency_lookup, agreed_items, auth, clock, linkable_items, periodic, periods
from .core import calendar as cal
from .core import countdown as cd
from .core import lifecycle as lc


def _context() -> dict:
    user = tk.g.user if hasattr(tk.g, "user") else None
    return {"user": user, "model": model}


def format_local(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        import datetime as dt

        value = dt.datetime.fromisoformat(value)
    return cal.format_local(value, clock.zone())


def time_left_text(value) -> str:
    """ "3 days 4 hours left" / "2 days 1 hour ago" for an instant."""
    if not value:
        return ""
    if isinstance(value, str):
        import datetime as dt

        value = dt.datetime.fromisoformat(value)
    left = cal.time_left(clock.now(), value)
    if left.days:
        text = tk._("{d} d {h} h").format(d=left.days, h=left.hours)
    else:
        text = tk._("{h} h {m} min").format(h=left.hours, m=left.minutes)
    return tk._("{t} ago").format(t=text) if left.past else tk._("{t} left").format(t=text)


STATE_LABELS = {
    lc.NOT_SUBMITTED: "Not submitted",
    lc.SUBMITTED: "Submitted",
    lc.UNDER_REVIEW: "Under review",
    lc.RETURNED: "Returned for correction",
    lc.CORRECTED: "Corrected",
    lc.APPROVED: "Approved",
    lc.ON_TIME: "On time",
    lc.LATE: "Late",
}


def N_(msgid: str) -> str:  # marks a msgid for extraction; translated where it is shown
    return msgid


# what a step of an item's history did, as the history lists it
ACTION_LABELS = {
    lc.CREATE: N_("Added to the list"),
    lc.SUBMIT: N_("Delivered"),
    lc.START_REVIEW: N_("Review started"),
    lc.RETURN: N_("Returned with notes"),
    lc.CORRECT: N_("Correction delivered"),
    lc.APPROVE: N_("Approved"),
}


def action_label(action: str | None) -> str:
    if not action:
        return ""
    return tk._(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def state_label(state: str | None) -> str:
    if not state:
        return ""
    return tk._(STATE_LABELS.get(state, state))


def agreed_item_options(data: dict | None) -> list[dict]:
    """Options for the dataset form's ``agreed_item`` select: the open items of
    the dataset's agency (or, for a new dataset without one yet, of every
    agency the user may publish for), plus the item already linked."""
    data = data or {}
    user = tk.g.user if hasattr(tk.g, "user") else None
    try:
        orgs = (
            tk.get_action("organization_list_for_user")(
                {"user": user}, {"permission": "create_dataset"}
            )
            if user
            else []
        )
    except Exception:
        orgs = []
    # only the lists of agencies the user publishes for: an ``owner_org`` in the URL
    # (/dataset/new?owner_org=<another agency>) shows nothing of another agency's list
    org_ids = [o["id"] for o in orgs]
    owner = data.get("owner_org")
    if owner:
        group = agency_lookup.get_org(owner)
        org_ids = [group.id] if group is not None and group.id in org_ids else []
    current = data.get("agreed_item") or ""
    items = linkable_items.open_items_for_orgs(org_ids, data.get("id"))
    if current and all(i.id != current for i in items):
        item = agreed_items.get_item(current)
        if item is not None and item.org_id in org_ids:  # never another agency's item
            items.insert(0, item)
    titles = {o["id"]: o["title"] for o in agency_lookup.organizations()}
    by_id = {p.id: p for p in periods.list_periods()}
    options = [{"value": "", "text": tk._("(not part of the agreed data list)")}]
    for item in items:
        period = by_id.get(item.period_id)
        label = item.title
        if item.year_start:
            label += (
                f" ({item.year_start}"
                + (
                    f"-{item.year_end}"
                    if item.year_end and item.year_end != item.year_start
                    else ""
                )
                + ")"
            )
        if item.state == lc.RETURNED:
            label += " - " + tk._("returned for correction")
        if len(org_ids) > 1:
            label = f"{titles.get(item.org_id, '')}: {label}"
        if period is not None:
            label += f" [{period.title or period.name}]"
        options.append({"value": item.id, "text": label})
    return options


def agency_checklist(org_id: str | None) -> dict | None:
    """The agency page's checklist, for the agency's members and the walidata."""
    if not org_id:
        return None
    ctx = _context()
    group = agency_lookup.get_org(org_id)
    if group is None:
        return None
    if not (auth.is_walidata(ctx) or auth.is_agency_member(ctx, group.id)):
        return None
    period = periods.current_period()
    if period is None:
        return None
    items = agreed_items.items_query(period.id, group.id).all()
    if not items:
        return None
    from .core import summary

    return {
        "period": periods.period_dict(period),
        "missing": [agreed_items.item_dict(i) for i in items if i.state == lc.NOT_SUBMITTED],
        "returned": [agreed_items.item_dict(i) for i in items if i.state == lc.RETURNED],
        "done": [
            agreed_items.item_dict(i)
            for i in items
            if i.state not in (lc.NOT_SUBMITTED, lc.RETURNED)
        ],
        "delivery": summary.delivery(agreed_items.live_status(i) for i in items).as_dict(),
        "cutoff_left": time_left_text(period.cutoff_at),
        "close_left": time_left_text(period.input_close_at) if period.input_close_at else "",
        "overdue_datasets": periodic.periodic_datasets(group.id),
    }


def _lang() -> str:
    try:
        lang = tk.h.lang() or "id"
    except Exception:  # outside a request
        lang = "id"
    return "en" if str(lang).startswith("en") else "id"


def home_countdown() -> dict | None:
    """The current collection round for the home page: its title, the stage and one
    sentence ("Deadline 23 November: 3 days left"), in the portal's zone."""
    period = periods.current_period()
    if period is None:
        return None
    from babel.dates import format_date

    c = cd.countdown(clock.now(), period.cutoff_at, period.input_close_at, clock.zone())
    day = format_date(c.deadline, "d MMMM", locale=_lang()) if c.deadline else ""
    if c.stage == cd.CLOSED:
        text = tk._("Input closed")
    elif c.stage == cd.BEFORE_CUTOFF:
        text = (
            tk._("Deadline {date}: today")
            if c.days == 0
            else tk.ungettext(
                "Deadline {date}: {n} day left", "Deadline {date}: {n} days left", c.days
            )
        ).format(date=day, n=c.days)
    else:
        text = (
            tk._("Input closes {date}: today")
            if c.days == 0
            else tk.ungettext(
                "Input closes {date}: {n} day left", "Input closes {date}: {n} days left", c.days
            )
        ).format(date=day, n=c.days)
    return {"period": periods.period_dict(period), "stage": c.stage, "days": c.days, "text": text}


def helpers() -> dict:
    return {
        "satudata_agreed_item_options": agreed_item_options,
        "satudata_deadlines_checklist": agency_checklist,
        "satudata_deadlines_format": format_local,
        "satudata_deadlines_time_left": time_left_text,
        "satudata_deadlines_state_label": state_label,
        "satudata_deadlines_action_label": action_label,
        "satudata_deadlines_home_countdown": home_countdown,
    }
