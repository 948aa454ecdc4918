"""The agreed items of a period (the "daftar data" each agency promised) and their lifecycle:
creating and importing them, every transition recorded as an event, the status at any instant
replayed from the events (the pure rules are :mod:`.core.lifecycle`). Callers check
authorization; functions here do not commit."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .agency_lookup import agency_index
from .clock import iso_utc, now, zone
from .core import calendar as cal
from .core import lifecycle as lc
from .core import release
from .model import AgreedItem, ItemEvent, Period

log = logging.getLogger(__name__)

#: what describes an item (editable by the walidata); its lifecycle columns move by transitions
DESCRIPTION_FIELDS = (
    "title",
    "indicator",
    "frequency",
    "year_start",
    "year_end",
    "notes",
    "release_date",
)


def get_item(item_id: str) -> AgreedItem | None:
    return model.Session.get(AgreedItem, item_id) if item_id else None


def find_item(period_id: str, org_id: str, title: str) -> AgreedItem | None:
    """The item of this agency's list with this title (ignoring case): one at most (unique
    index ``satudata_agreed_item_title_uq``)."""
    return (
        model.Session.query(AgreedItem)
        .filter(
            AgreedItem.period_id == period_id,
            AgreedItem.org_id == org_id,
            sa.func.lower(AgreedItem.title) == title.lower(),
        )
        .first()
    )


def items_query(period_id: str | None = None, org_id: str | None = None, state: str | None = None):
    q = model.Session.query(AgreedItem)
    if period_id:
        q = q.filter(AgreedItem.period_id == period_id)
    if org_id:
        q = q.filter(AgreedItem.org_id == org_id)
    if state:
        q = q.filter(AgreedItem.state == state)
    return q.order_by(AgreedItem.org_id, AgreedItem.position, AgreedItem.title)


def events_of(item_ids: Iterable[str]) -> dict[str, list[ItemEvent]]:
    ids = list(item_ids)
    out: dict[str, list[ItemEvent]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = (
        model.Session.query(ItemEvent)
        .filter(ItemEvent.item_id.in_(ids))
        .order_by(ItemEvent.at, ItemEvent.id)
        .all()
    )
    for row in rows:
        out[row.item_id].append(row)
    return out


def to_core_event(row: ItemEvent) -> lc.Event:
    return lc.Event(
        action=row.action,
        state=row.state,
        at=cal.ensure_utc(row.at),
        actor=row.actor,
        notes=row.notes or "",
        timeliness=row.timeliness,
        dataset_id=row.dataset_id,
    )


def live_status(item: AgreedItem) -> lc.Status:
    return lc.Status(
        state=item.state,
        timeliness=item.timeliness,
        submitted_at=item.submitted_at,
        notes=item.return_notes or "",
        dataset_id=item.dataset_id,
    )


def status_as_of(item: AgreedItem, events: list[ItemEvent], instant: dt.datetime) -> lc.Status:
    return lc.replay([to_core_event(e) for e in events], as_of=instant, created_at=item.created_at)


def _record(item: AgreedItem, event: lc.Event) -> ItemEvent:
    row = ItemEvent(
        item_id=item.id,
        action=event.action,
        state=event.state,
        at=event.at,
        actor=event.actor,
        notes=event.notes,
        timeliness=event.timeliness,
        dataset_id=event.dataset_id,
    )
    model.Session.add(row)
    status = lc.apply(live_status(item), event)
    item.state = status.state
    item.timeliness = status.timeliness
    item.submitted_at = status.submitted_at
    item.return_notes = status.notes
    if event.dataset_id:
        item.dataset_id = event.dataset_id
    return row


def create_item(
    period: Period,
    org_id: str,
    values: dict,
    user: str | None,
    position: int = 0,
    at: dt.datetime | None = None,
) -> AgreedItem:
    at = at or now()
    item = AgreedItem(
        period_id=period.id,
        org_id=org_id,
        title=values["title"],
        indicator=values.get("indicator") or "",
        frequency=values.get("frequency") or "tahunan",
        year_start=values.get("year_start"),
        year_end=values.get("year_end"),
        notes=values.get("notes") or "",
        release_date=values.get("release_date"),
        position=position,
        created_at=at,
        created_by=user,
    )
    model.Session.add(item)
    model.Session.flush()
    model.Session.add(
        ItemEvent(item_id=item.id, action=lc.CREATE, state=lc.NOT_SUBMITTED, at=at, actor=user)
    )
    return item


def import_items(period: Period, result, user: str | None) -> list[AgreedItem]:
    """Store parsed rows (``core.importer.ParseResult`` without errors)."""
    index = None
    at = now()
    base = (
        model.Session.query(sa.func.coalesce(sa.func.max(AgreedItem.position), 0))
        .filter(AgreedItem.period_id == period.id)
        .scalar()
        or 0
    )
    existing = {(i.org_id, i.title.lower()) for i in items_query(period.id).all()}
    created, errors = [], []
    for row in result.rows:
        org_id = row.org_id
        if not org_id:  # parsed without an index: resolve the same way
            index = index or agency_index()
            org_id = index.resolve(row.agency).org_id
        if not org_id:
            errors.append(f"line {row.line}: unknown agency: {row.agency}")
            continue
        if (org_id, row.title.lower()) in existing:
            errors.append(f"line {row.line}: already in this period's list: {row.title}")
            continue
        created.append((row, org_id))
    if errors:
        raise tk.ValidationError({"file": errors})
    items = []
    for n, (row, org_id) in enumerate(created, start=1):
        items.append(
            create_item(
                period,
                org_id,
                {
                    "title": row.title,
                    "indicator": row.indicator,
                    "frequency": row.frequency,
                    "year_start": row.year_start,
                    "year_end": row.year_end,
                    "notes": row.notes,
                },
                user,
                position=base + n,
                at=at,
            )
        )
    return items


def item_dict(item: AgreedItem, history: bool = False) -> dict:
    tz = zone()
    out = {
        "id": item.id,
        "period_id": item.period_id,
        "org_id": item.org_id,
        "title": item.title,
        "indicator": item.indicator,
        "frequency": item.frequency,
        "year_start": item.year_start,
        "year_end": item.year_end,
        "notes": item.notes,
        "dataset_id": item.dataset_id,
        "state": item.state,
        "timeliness": item.timeliness,
        "submitted_at": iso_utc(item.submitted_at),
        "submitted_at_local": cal.format_local(item.submitted_at, tz)
        if item.submitted_at
        else None,
        "return_notes": item.return_notes,
        "created_at": iso_utc(item.created_at),
        "release_date": item.release_date.isoformat() if item.release_date else None,
        "published_at": iso_utc(item.published_at),
        "release_status": release.status(item.release_date, item.published_at, now(), tz),
    }
    if history:
        out["history"] = [
            {
                "action": e.action,
                "state": e.state,
                "at": iso_utc(e.at),
                "at_local": cal.format_local(e.at, tz),
                "actor": e.actor,
                "notes": e.notes,
                "timeliness": e.timeliness,
                "dataset_id": e.dataset_id,
            }
            for e in events_of([item.id])[item.id]
        ]
    return out


def lock(item: AgreedItem) -> AgreedItem:
    """Re-read ``item`` with a row lock (held until the transaction ends), so two
    concurrent requests cannot both make the first submission."""
    return (
        model.Session.query(AgreedItem)
        .filter(AgreedItem.id == item.id)
        .populate_existing()
        .with_for_update()
        .one()
    )


#: the actions that deliver the item: they need its dataset
DELIVERIES = frozenset({lc.SUBMIT, lc.CORRECT})


def deliverable_dataset(item: AgreedItem, dataset_id: str | None) -> model.Package:
    """The dataset that delivers ``item``: an active dataset (not deleted, not a draft) of
    the item's own agency; raises a ``dataset_id`` field error otherwise."""
    pkg = model.Package.get(dataset_id) if dataset_id else None
    if pkg is None:
        raise tk.ValidationError(
            {
                "dataset_id": [
                    tk._("Link an active dataset of this agency to the item before delivering it")
                ]
            }
        )
    if pkg.owner_org != item.org_id or pkg.type != "dataset":
        raise tk.ValidationError({"dataset_id": [tk._("Not a dataset of this agency")]})
    if pkg.state != "active":
        raise tk.ValidationError(
            {
                "dataset_id": [
                    tk._("The dataset is deleted or still a draft: it cannot deliver the item")
                ]
            }
        )
    return pkg


def transition(
    item: AgreedItem,
    action: str,
    *,
    role: str,
    user: str | None,
    notes: str = "",
    dataset_id: str | None = None,
    at: dt.datetime | None = None,
) -> ItemEvent:
    """Apply a lifecycle action with the server time; raises ValidationError. A delivery
    (submit, correct) needs an active dataset of the item's agency, given or linked."""
    item = lock(item)
    if action in DELIVERIES:
        dataset_id = deliverable_dataset(item, dataset_id or item.dataset_id).id
    elif dataset_id:
        dataset_id = deliverable_dataset(item, dataset_id).id
    period = model.Session.get(Period, item.period_id)
    at = at or now()
    try:
        event = lc.transition(
            live_status(item),
            action,
            at=at,
            role=role,
            cutoff=period.cutoff_at,
            actor=user,
            notes=notes,
            dataset_id=dataset_id,
            corrections_end=period.corrections_end_at,
        )
    except lc.TransitionError as exc:
        raise tk.ValidationError({"action": [str(exc)]})
    recorded = _record(item, event)
    if dataset_id:  # a delivery through the action links the dataset: note its publication
        model.Session.flush()
        note_publication(model.Package.get(dataset_id), at)
    return recorded


def note_publication(pkg: model.Package, at: dt.datetime | None = None) -> int:
    """The release calendar's actual date: the first instant the items' linked dataset was
    seen active and public (set once, never moved by later edits). Returns the items marked."""
    if pkg.state != "active" or pkg.private:
        return 0
    rows = (
        model.Session.query(AgreedItem)
        .filter(AgreedItem.dataset_id == pkg.id, AgreedItem.published_at.is_(None))
        .all()
    )
    for item in rows:
        item.published_at = at or now()
    return len(rows)


def on_dataset_change(
    item: AgreedItem, dataset_id: str, user: str | None, at: dt.datetime | None = None
) -> ItemEvent | None:
    """The lifecycle hook: the linked dataset was created or changed."""
    item = lock(item)
    period = model.Session.get(Period, item.period_id)
    at = at or now()
    status = live_status(item)
    if item.dataset_id != dataset_id:
        item.dataset_id = dataset_id
    action = lc.on_dataset_change(status, at=at, cutoff=period.cutoff_at)
    if action is None:
        return None
    try:
        event = lc.transition(
            status,
            action,
            at=at,
            role=lc.AGENCY,
            cutoff=period.cutoff_at,
            actor=user,
            dataset_id=dataset_id,
            corrections_end=period.corrections_end_at,
        )
    except lc.TransitionError as exc:
        log.info("dataset %s change not recorded on item %s: %s", dataset_id, item.id, exc)
        return None
    return _record(item, event)
