"""Tables of the deadlines capability (SQLAlchemy 2.0 declarative on
``toolkit.BaseModel``). Created by ``migration/satudata/versions/0001_deadlines.py``."""

from __future__ import annotations

import datetime as dt
import uuid

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

UTC = dt.timezone.utc


def _uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    """The server clock, as an aware UTC instant."""
    return dt.datetime.now(UTC)


class Period(tk.BaseModel):
    __tablename__ = "satudata_period"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    name: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, unique=True)
    title: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    opens_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    cutoff_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    input_close_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    corrections_end_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow
    )
    created_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    modified_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))


class AgreedItem(tk.BaseModel):
    __tablename__ = "satudata_agreed_item"
    __table_args__ = (sa.Index("satudata_agreed_item_period_org_idx", "period_id", "org_id"),)

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    period_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("satudata_period.id", ondelete="CASCADE"), nullable=False
    )
    org_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    title: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    indicator: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    frequency: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="tahunan")
    year_start: Mapped[int | None] = mapped_column(sa.Integer)
    year_end: Mapped[int | None] = mapped_column(sa.Integer)
    notes: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    dataset_id: Mapped[str | None] = mapped_column(sa.UnicodeText, index=True)
    # cached from the history (satudata_item_event), updated with each event
    state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="not_submitted")
    timeliness: Mapped[str | None] = mapped_column(sa.UnicodeText)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    return_notes: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow
    )
    created_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    # the release calendar (jadwal rilis, migration 0007): the walidata's planned publication
    # date (local) and the instant the linked dataset was first seen public
    release_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    published_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))


class ItemEvent(tk.BaseModel):
    """Append-only history: rows are inserted, never updated or deleted
    (except by ``org_id`` moves when agencies merge)."""

    __tablename__ = "satudata_item_event"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_agreed_item.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    action: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow, server_default=sa.func.now()
    )
    actor: Mapped[str | None] = mapped_column(sa.UnicodeText)
    notes: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    timeliness: Mapped[str | None] = mapped_column(sa.UnicodeText)
    dataset_id: Mapped[str | None] = mapped_column(sa.UnicodeText)


class CutoffSnapshot(tk.BaseModel):
    """The status of every item as it stood at the period's cutoff instant.
    Written once per period; never updated."""

    __tablename__ = "satudata_cutoff_snapshot"
    __table_args__ = (
        sa.UniqueConstraint("period_id", "item_id", name="satudata_cutoff_snapshot_item_uq"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    period_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_period.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    item_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("satudata_agreed_item.id", ondelete="CASCADE"), nullable=False
    )
    org_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    timeliness: Mapped[str | None] = mapped_column(sa.UnicodeText)
    as_of: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    taken_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow
    )


class ReminderSent(tk.BaseModel):
    """One row per (period, agency, reminder slot) handled: sent or superseded."""

    __tablename__ = "satudata_reminder_sent"
    __table_args__ = (
        sa.UniqueConstraint("period_id", "org_id", "key", name="satudata_reminder_sent_uq"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    period_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_period.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    org_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    key: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    kind: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    status: Mapped[str] = mapped_column(
        sa.UnicodeText, nullable=False
    )  # sent|superseded|nothing_missing|no_recipient|failed
    due_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    handled_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow
    )
    recipients: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    cc: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    item_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    detail: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
