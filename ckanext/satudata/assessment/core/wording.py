"""The details of an indicator's miss in the reader's words (pure).

The details are stored in English (field names, structure findings); :func:`localize` puts them
into the reader's language when a page or an export shows them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# The details of a miss are stored in English (field names, structure findings); they are put
# into words for the reader here. Pattern -> Indonesian template ({0}, {1}: the groups).
_DETAIL_ID: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p), t)
    for p, t in (
        (
            r"^title rows above the header: (.+)$",
            "baris judul tabel di atas judul kolom: baris {0}",
        ),
        (r"^blank rows above the header: (.+)$", "baris kosong di atas judul kolom: baris {0}"),
        (r"^header spread over two rows: (.+)$", "judul kolom terbagi dua baris: baris {0}"),
        (r"^merged cells (.+)$", "sel gabungan {0}"),
        (r"^note rows in the table: (.+)$", "baris catatan di dalam tabel: baris {0}"),
        (r"^column (\w+) has no name$", "kolom {0} tanpa nama"),
        (
            r'^column (\w+) "(.*)" repeats a name$',
            'kolom {0} "{1}" memakai nama kolom yang sudah ada',
        ),
        (r'^row (\d+) "(.*)"$', 'baris {0} "{1}"'),
        (r'^column "(.*)" e\.g\. "(.*)"$', 'kolom "{0}", mis. "{1}"'),
        (r'^column "(.*)"$', 'kolom "{0}"'),
        (r"^row (\d+): extra cell in column (\w+)$", "baris {0}: sel berlebih di kolom {1}"),
        (r"^row (\d+): missing cell in column (\w+)$", "baris {0}: sel kurang di kolom {1}"),
        (r"^row (\d+): blank row$", "baris {0}: baris kosong"),
        (r"^years as columns: (.+)$", "tahun sebagai kolom: {0}"),
        (r"^months as columns: (.+)$", "bulan sebagai kolom: {0}"),
        (r"^areas as columns: (.+)$", "wilayah sebagai kolom: {0}"),
        (r"^no CSV/XLSX resource \((.*)\)$", "tidak ada sumber daya CSV/XLSX ({0})"),
        (r"^no resources$", "tidak ada sumber daya"),
        (r"^not read$", "belum terbaca"),
        (r"^download failed: (.*)$", "gagal diunduh: {0}"),
        (r"^file address not allowed: (.*)$", "alamat berkas tidak diizinkan: {0}"),
        (r"^file too large to check: (.*)$", "berkas terlalu besar untuk diperiksa: {0}"),
        (r"^unreadable (\w+): (.*)$", "berkas {0} tidak terbaca: {1}"),
        (r"^no table found.*$", "tidak ada tabel (kurang dari dua kolom terisi)"),
        (r"^late \(cutoff (.*)\)$", "terlambat (batas waktu {0})"),
        (r"^late$", "terlambat"),
        (r"^not_submitted$", "belum disampaikan"),
        (r"^(\w+): (\d+) d \(due (.*)\)$", "{0}: terlambat {1} hari (jatuh tempo {2})"),
    )
)


def localize(
    detail: str, lang: str = "id", labels: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """One detail of a miss in words: field names become their schema labels, structure
    findings are said in Indonesian for ``lang == "id"``. ``labels`` maps ``name``,
    ``variables.name``, ``resource.name`` ... to ``{id, en}``."""
    labels = labels or {}

    def label(key: str) -> str | None:
        entry = labels.get(key)
        return (entry.get(lang) or entry.get("en")) if entry else None

    if ": " in detail:
        prefix, rest = detail.split(": ", 1)
        for scope in ("resource.", "variables.", "indicators."):
            name = label(scope + rest)
            if name:
                return f"{prefix}: {name}"
        if lang == "id":
            return (
                f"{prefix}: {localize(rest, lang, labels)}"
                if not any(r.match(detail) for r, _ in _DETAIL_ID)
                else _words(detail)
            )
        return detail
    m = re.match(r"^([\w.]+)=(.*)$", detail)
    if m:
        return f"{label(m.group(1)) or m.group(1)}={m.group(2)}"
    return label(detail) or (_words(detail) if lang == "id" else detail)


def _words(detail: str) -> str:
    for pattern, template in _DETAIL_ID:
        m = pattern.match(detail)
        if m:
            return template.format(*m.groups())
    return detail
