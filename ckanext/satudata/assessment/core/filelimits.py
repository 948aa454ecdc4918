"""Bounds on reading one CSV/XLSX file, checked before and while the parser reads it (pure).

Anyone with an agency account can upload a file, and one worker reads it: a 1 MB XLSX whose
sheet inflates to hundreds of MB, a row of millions of cells, a dimension of XFD1048576 (the
reader pads every row to it) or a CSV of one enormous line would drive the worker to gigabytes.
So before frictionless/openpyxl see a file, :func:`scan_xlsx` / :func:`scan_csv` stream it with
counted bytes (an XLSX member is inflated here from its raw bytes: its size header can lie) and
refuse it with :class:`TooLarge` past a limit; the row reader then counts cells and time too.
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

CHUNK = 64 * 1024
MB = 1024 * 1024


class TooLarge(Exception):
    """The file is past a limit; ``str()`` names which, in English."""


@dataclass(frozen=True)
class Limits:
    max_cells: int = 1_000_000  # cells read from the first rows (padding included)
    max_row_cells: int = 2000  # cells (columns) of one row
    max_line_bytes: int = MB  # one CSV line
    max_text_bytes: int = 64 * MB  # the CSV bytes of the rows read
    max_sheet_bytes: int = 64 * MB  # the first worksheet's XML, inflated (streamed)
    max_part_bytes: int = 16 * MB  # any other XLSX member, inflated (read whole by openpyxl)
    seconds: float = 60.0  # reading one file


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise TooLarge(f"reading took longer than {self.seconds:g} s")


def _mb(n: int) -> str:
    return f"{n / MB:g} MB"


# --------------------------------------------------------------------------- XLSX members


def member_chunks(
    path: str | Path, info: zipfile.ZipInfo, cap: int, deadline: Deadline
) -> Iterator[bytes]:
    """The inflated bytes of a zip member, inflated here from the raw data (not trusting
    ``file_size``): :class:`TooLarge` past ``cap`` or past the size its header declares."""
    if info.file_size > cap:
        raise TooLarge(f"{info.filename} is {_mb(info.file_size)} (limit {_mb(cap)})")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ValueError(f"{info.filename}: compression {info.compress_type} not supported")
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        head = f.read(30)
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise ValueError(f"{info.filename}: bad local header")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        f.seek(info.header_offset + 30 + name_len + extra_len)
        inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        left, out = info.compress_size, 0
        limit = min(cap, info.file_size)
        while left > 0 or (inflate is not None and inflate.unconsumed_tail):
            deadline.check()
            if inflate is not None and inflate.unconsumed_tail:
                data = inflate.decompress(inflate.unconsumed_tail, CHUNK)
            else:
                raw = f.read(min(CHUNK, left))
                if not raw:
                    break
                left -= len(raw)
                data = inflate.decompress(raw, CHUNK) if inflate is not None else raw
            out += len(data)
            if out > limit:
                raise TooLarge(
                    f"{info.filename} inflates past {_mb(limit)}"
                    + (" (more than its header says)" if limit < cap else "")
                )
            if data:
                yield data
            if inflate is not None and inflate.eof:
                break


def _sheet_name(z: zipfile.ZipFile, path, limits: Limits, deadline: Deadline) -> str:
    """The zip member of the first worksheet (workbook.xml and its relationships)."""
    import re

    def text(name: str) -> str:
        try:
            info = z.getinfo(name)
        except KeyError:
            return ""
        return b"".join(member_chunks(path, info, limits.max_part_bytes, deadline)).decode(
            "utf-8", "replace"
        )

    workbook = text("xl/workbook.xml")
    m = re.search(r"<(?:\w+:)?sheet\b[^>]*\br:id=\"([^\"]+)\"", workbook)
    target = "worksheets/sheet1.xml"
    if m:
        for rel in re.finditer(r"<Relationship\b[^>]*>", text("xl/_rels/workbook.xml.rels")):
            tag = rel.group(0)
            if f'Id="{m.group(1)}"' in tag:
                t = re.search(r'Target="([^"]+)"', tag)
                if t:
                    target = t.group(1)
                break
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n


def _row_of(ref: str) -> int:
    digits = "".join(ch for ch in ref if ch.isdigit())
    return int(digits) if digits else 0


class _SheetScan:
    """expat handlers over the sheet XML: the cells the reader will build for the first
    ``max_rows`` rows (openpyxl pads rows to the dimension and yields the rows skipped), the
    widest row, the merged ranges."""

    def __init__(self, limits: Limits, max_rows: int):
        self.limits, self.max_rows = limits, max_rows
        self.dim_cols = 0
        self.seen = 0  # rows the reader yields so far, skipped ones included
        self.cells = 0  # cells of those within the first max_rows
        self.row_cells = 0
        self.col = 0
        self.merged: list[str] = []

    def start(self, name: str, attrs: dict) -> None:
        tag = name.rsplit(":", 1)[-1]
        if tag == "c":
            ref = attrs.get("r")
            self.col = _column(ref) if ref else self.col + 1
            self.row_cells = max(self.row_cells, self.col)
            if self.row_cells > self.limits.max_row_cells:
                raise TooLarge(f"a row has more than {self.limits.max_row_cells} cells")
        elif tag == "row":
            r = attrs.get("r")
            index = int(r) if r and r.isdigit() else self.seen + 1
            if index > self.seen + 1:  # the reader yields the skipped rows, padded
                self._add(index - self.seen - 1, self.dim_cols)
            self.col, self.row_cells = 0, 0
        elif tag == "dimension":
            # counted in the cells of every row, not refused by itself: a few rows under a
            # wrong dimension cost little
            self.dim_cols = _column((attrs.get("ref") or "").split(":")[-1])
        elif tag == "mergeCell" and len(self.merged) < 1000:
            ref = attrs.get("ref") or ""
            if ":" in ref:
                self.merged.append(ref)

    def end(self, name: str) -> None:
        if name.rsplit(":", 1)[-1] == "row":
            self._add(1, max(self.dim_cols, self.row_cells))

    def _add(self, rows: int, width: int) -> None:
        counted = max(0, min(self.seen + rows, self.max_rows) - min(self.seen, self.max_rows))
        self.seen += rows
        self.cells += counted * width
        if self.cells > self.limits.max_cells:
            raise TooLarge(f"more than {self.limits.max_cells} cells")


def _no_doctype(*_args) -> None:
    raise TooLarge("the XML declares a DOCTYPE or entities")


def _parser(handlers: _SheetScan | None = None):
    p = expat.ParserCreate()
    p.StartDoctypeDeclHandler = _no_doctype
    p.EntityDeclHandler = _no_doctype
    if handlers is not None:
        p.StartElementHandler = handlers.start
        p.EndElementHandler = handlers.end
    return p


def _check_part(path, info: zipfile.ZipInfo, limits: Limits, deadline: Deadline) -> None:
    """A part openpyxl reads whole: its inflated size counted, no DOCTYPE (entities) in it.
    A byte search, not a parse: parsing every part here cost more than reading the cells."""
    tail = b""
    for chunk in member_chunks(path, info, limits.max_part_bytes, deadline):
        window = tail + chunk
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            _no_doctype()
        tail = window[-16:]


def scan_xlsx(
    path: str | Path, limits: Limits, max_rows: int, deadline: Deadline | None = None
) -> list[str]:
    """Check an XLSX file against the limits (:class:`TooLarge`); returns the merged ranges
    of the first worksheet."""
    deadline = deadline or Deadline(limits.seconds)
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if len(infos) > 10_000:
            raise TooLarge(f"{len(infos)} parts in the workbook")
        sheet = _sheet_name(z, path, limits, deadline)
        for info in infos:
            if info.filename == sheet or info.filename.startswith("xl/worksheets/"):
                continue  # sheets are streamed by the reader; only the first is read
            if not info.filename.endswith((".xml", ".rels")):
                continue  # media, printer settings, vba: openpyxl does not parse them
            _check_part(path, info, limits, deadline)
        scan = _SheetScan(limits, max_rows)
        parser = _parser(scan)
        try:
            info = z.getinfo(sheet)
        except KeyError:
            return []
        for chunk in member_chunks(path, info, limits.max_sheet_bytes, deadline):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return scan.merged


# --------------------------------------------------------------------------- CSV


def scan_csv(
    path: str | Path, limits: Limits, max_rows: int, deadline: Deadline | None = None
) -> None:
    """Check the lines of a CSV the reader will read (the first ``max_rows``) against the line
    and byte limits (:class:`TooLarge`)."""
    deadline = deadline or Deadline(limits.seconds)
    lines, line, total = 0, 0, 0
    with open(path, "rb") as f:
        while lines < max_rows:
            deadline.check()
            chunk = f.read(CHUNK)
            if not chunk:
                break
            start = 0
            while lines < max_rows:
                nl = chunk.find(b"\n", start)
                part = (nl if nl >= 0 else len(chunk)) - start
                line += part
                total += part + (1 if nl >= 0 else 0)
                if line > limits.max_line_bytes:
                    raise TooLarge(f"a line is longer than {limits.max_line_bytes // 1024} KB")
                if total > limits.max_text_bytes:
                    raise TooLarge(
                        f"the first {max_rows} lines are more than {_mb(limits.max_text_bytes)}"
                    )
                if nl < 0:
                    break
                lines, line, start = lines + 1, 0, nl + 1


def count_row(cells: int, total: int, limits: Limits, deadline: Deadline) -> int:
    """The running cell count after one more row of ``cells`` (:class:`TooLarge` past a
    limit); the reader calls it for every row."""
    if cells > limits.max_row_cells:
        raise TooLarge(f"a row has more than {limits.max_row_cells} cells")
    total += cells
    if total > limits.max_cells:
        raise TooLarge(f"more than {limits.max_cells} cells")
    deadline.check()
    return total
