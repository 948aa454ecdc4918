"""Reading and writing the EPSS worksheet tables (see ``epss_model``). Inputs are already
validated by ``epss_actions``; each write commits once, so nothing is half-saved, and every
change of an entry or of its bukti dukung appends to the history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ckan.model as model

from . import epss_files
from .epss_model import FILE, LINK, EpssEntry, EpssEvidence, EpssHistory, EpssWorksheet
from .model import utcnow


def worksheet(year: int) -> EpssWorksheet | None:
    return model.Session.query(EpssWorksheet).filter(EpssWorksheet.year == year).one_or_none()


def years() -> list[int]:
    return [
        y
        for (y,) in model.Session.query(EpssWorksheet.year)
        .order_by(EpssWorksheet.year.desc())
        .all()
    ]


def create(year: int, user: str | None) -> EpssWorksheet:
    ws = EpssWorksheet(year=year, created_by=user)
    model.Session.add(ws)
    model.Session.commit()
    return ws


def entries(ws: EpssWorksheet) -> dict[str, EpssEntry]:
    return {
        e.code: e
        for e in model.Session.query(EpssEntry).filter(EpssEntry.worksheet_id == ws.id).all()
    }


def evidence(ws: EpssWorksheet, code: str | None = None) -> list[EpssEvidence]:
    q = model.Session.query(EpssEvidence).filter(EpssEvidence.worksheet_id == ws.id)
    if code:
        q = q.filter(EpssEvidence.code == code)
    return q.order_by(EpssEvidence.created_at, EpssEvidence.id).all()


def evidence_row(ws: EpssWorksheet, evidence_id: str) -> EpssEvidence | None:
    return (
        model.Session.query(EpssEvidence)
        .filter(EpssEvidence.worksheet_id == ws.id, EpssEvidence.id == evidence_id)
        .one_or_none()
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _log(ws: EpssWorksheet, code: str, field: str, old: Any, new: Any, user: str | None) -> None:
    model.Session.add(
        EpssHistory(
            worksheet_id=ws.id,
            code=code,
            field=field,
            old_value=_text(old),
            new_value=_text(new),
            changed_by=user,
        )
    )


def update_entry(
    ws: EpssWorksheet, code: str, changes: dict[str, Any], user: str | None
) -> EpssEntry:
    """``changes``: any of ``level``, ``penjelasan``, ``verification`` (only real changes are
    written and logged)."""
    entry = (
        model.Session.query(EpssEntry)
        .filter(EpssEntry.worksheet_id == ws.id, EpssEntry.code == code)
        .with_for_update()
        .one_or_none()
    )
    if entry is None:
        entry = EpssEntry(
            worksheet_id=ws.id,
            code=code,
            level=None,
            penjelasan="",
            verification="belum_diverifikasi",
        )
        model.Session.add(entry)
    changed = False
    for field in ("level", "penjelasan", "verification"):
        if field in changes and getattr(entry, field) != changes[field]:
            _log(ws, code, field, getattr(entry, field), changes[field], user)
            setattr(entry, field, changes[field])
            changed = True
    if changed:
        entry.updated_by, entry.updated_at = user, utcnow()
    model.Session.commit()
    return entry


def add_link(ws: EpssWorksheet, code: str, url: str, user: str | None) -> EpssEvidence:
    row = EpssEvidence(worksheet_id=ws.id, code=code, kind=LINK, url=url, created_by=user)
    model.Session.add(row)
    _log(ws, code, "bukti_dukung", None, url, user)
    model.Session.commit()
    return row


def add_file(
    ws: EpssWorksheet, code: str, name: str, data: bytes, mimetype: str, user: str | None
) -> EpssEvidence:
    key = epss_files.save(ws.id, data)
    try:
        row = EpssEvidence(
            worksheet_id=ws.id,
            code=code,
            kind=FILE,
            file_name=name,
            storage_key=key,
            mimetype=mimetype,
            size=len(data),
            created_by=user,
        )
        model.Session.add(row)
        _log(ws, code, "bukti_dukung", None, name, user)
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        epss_files.remove(key)  # no file without its row
        raise
    return row


def delete_evidence(ws: EpssWorksheet, row: EpssEvidence, user: str | None) -> None:
    key = row.storage_key
    _log(ws, row.code, "bukti_dukung", row.url or row.file_name, None, user)
    model.Session.delete(row)
    model.Session.commit()
    if key:
        epss_files.remove(key)


def history(ws: EpssWorksheet, code: str | None = None, limit: int = 500) -> list[EpssHistory]:
    q = model.Session.query(EpssHistory).filter(EpssHistory.worksheet_id == ws.id)
    if code:
        q = q.filter(EpssHistory.code == code)
    return q.order_by(EpssHistory.changed_at.desc(), EpssHistory.id).limit(limit).all()


def levels(rows: Iterable[EpssEntry]) -> dict[str, int | None]:
    return {e.code: e.level for e in rows}
