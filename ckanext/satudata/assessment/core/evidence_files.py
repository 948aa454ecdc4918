"""Which uploaded files the EPSS worksheet keeps as bukti dukung: PDF, XLSX, DOCX, PNG and JPG,
recognised by their content (magic bytes; XLSX/DOCX also by the zip's part names), never by
the name or the browser's content type alone. Pure."""

from __future__ import annotations

import io
import re
import zipfile

TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpg": "image/jpeg",
}
EXTENSIONS = {
    "pdf": "pdf",
    "xlsx": "xlsx",
    "docx": "docx",
    "png": "png",
    "jpg": "jpg",
    "jpeg": "jpg",
}


def extension(name: str) -> str | None:
    m = re.search(r"\.([A-Za-z0-9]{1,5})$", name or "")
    return EXTENSIONS.get(m.group(1).lower()) if m else None


def _zip_kind(data: bytes) -> str | None:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    return None


def sniff(data: bytes) -> str | None:
    """The kind (a key of TYPES) the bytes really are, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def check(name: str, data: bytes, max_bytes: int) -> tuple[str | None, str | None]:
    """``(kind, None)`` for an accepted file, ``(None, reason)`` otherwise; reason is one of
    ``empty``, ``too_large``, ``type`` (the name's extension and the content must agree)."""
    if not data:
        return None, "empty"
    if len(data) > max_bytes:
        return None, "too_large"
    kind = sniff(data)
    if kind is None or extension(name) != kind:
        return None, "type"
    return kind, None


def safe_name(name: str) -> str:
    """A display/download name: the base name with only plain characters, at most 120 long."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._ -]+", "_", base).strip(" .") or "bukti"
    return base[-120:]
