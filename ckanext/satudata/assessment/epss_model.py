"""Tables of the EPSS worksheet (lembar kerja), one per assessment year, held once for the Pemda.
Created by ``migration/satudata/versions/0006_epss_worksheet.py``.

An entry is the TPI's level, penjelasan and verification state of one indicator; every change of
an entry is appended to the history; bukti dukung are links or files kept under CKAN's
storage path (never under the public ``uploads/``) and served only to the walidata."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .model import TZ, _uuid, iso, utcnow

UNVERIFIED, VERIFIED, NEEDS_FIX = "belum_diverifikasi", "diverifikasi", "perlu_perbaikan"
VERIFICATION_STATES = (UNVERIFIED, VERIFIED, NEEDS_FIX)
LINK, FILE = "link", "file"
PENJELASAN_MAX = 4000
URL_MAX = 2000
YEAR_MIN, YEAR_MAX = 2000, 2100


class EpssWorksheet(tk.BaseModel):
    __tablename__ = "satudata_epss_worksheet"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False, unique=True)
    state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="open")
    created_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, nullable=False, default=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "year": self.year,
            "state": self.state,
            "created_by": self.created_by,
            "created_at": iso(self.created_at),
        }


class EpssEntry(tk.BaseModel):
    __tablename__ = "satudata_epss_entry"
    __table_args__ = (
        sa.UniqueConstraint("worksheet_id", "code", name="satudata_epss_entry_uq"),
        sa.CheckConstraint(
            "level IS NULL OR level BETWEEN 1 AND 5", name="satudata_epss_entry_level_ck"
        ),
    )

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    worksheet_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_epss_worksheet.id", ondelete="CASCADE"),
        nullable=False,
    )
    code: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    level: Mapped[int | None] = mapped_column(sa.Integer)
    penjelasan: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    verification: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default=UNVERIFIED)
    updated_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    updated_at: Mapped[dt.datetime | None] = mapped_column(TZ)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "level": self.level,
            "penjelasan": self.penjelasan,
            "verification": self.verification,
            "updated_by": self.updated_by,
            "updated_at": iso(self.updated_at),
        }


class EpssEvidence(tk.BaseModel):
    __tablename__ = "satudata_epss_evidence"
    __table_args__ = (sa.Index("satudata_epss_evidence_ws_code_idx", "worksheet_id", "code"),)

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    worksheet_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_epss_worksheet.id", ondelete="CASCADE"),
        nullable=False,
    )
    code: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    kind: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    url: Mapped[str | None] = mapped_column(sa.UnicodeText)
    file_name: Mapped[str | None] = mapped_column(sa.UnicodeText)
    storage_key: Mapped[str | None] = mapped_column(sa.UnicodeText)
    mimetype: Mapped[str | None] = mapped_column(sa.UnicodeText)
    size: Mapped[int | None] = mapped_column(sa.Integer)
    created_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, nullable=False, default=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "kind": self.kind,
            "url": self.url,
            "file_name": self.file_name,
            "mimetype": self.mimetype,
            "size": self.size,
            "created_by": self.created_by,
            "created_at": iso(self.created_at),
        }


class EpssHistory(tk.BaseModel):
    """Append-only: one row per changed field of an entry, or per bukti dukung added/removed."""

    __tablename__ = "satudata_epss_history"
    __table_args__ = (sa.Index("satudata_epss_history_ws_idx", "worksheet_id", "changed_at"),)

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=_uuid)
    worksheet_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_epss_worksheet.id", ondelete="CASCADE"),
        nullable=False,
    )
    code: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    field: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    old_value: Mapped[str | None] = mapped_column(sa.UnicodeText)
    new_value: Mapped[str | None] = mapped_column(sa.UnicodeText)
    changed_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    changed_at: Mapped[dt.datetime] = mapped_column(TZ, nullable=False, default=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "field": self.field,
            "old": self.old_value,
            "new": self.new_value,
            "changed_by": self.changed_by,
            "changed_at": iso(self.changed_at),
        }
