"""The details of a miss in the reader's words: field names as schema labels, every finding
as its catalogue message, Indonesian for an Indonesian reader (pure)."""

from __future__ import annotations

import re

import pytest

from ckanext.satudata.assessment.catalogue import translator
from ckanext.satudata.assessment.core import indicators as ind
from ckanext.satudata.assessment.core import static, wording

pytestmark = pytest.mark.pure


# words of the stored (English) details that must never reach an Indonesian reader
ENGLISH = {
    "row", "rows", "column", "columns", "header", "cell", "cells", "years", "outside", "repeat",
    "repeats", "empty", "codes", "late", "resources", "missing", "extra", "blank", "merged",
    "note", "name", "read", "table", "found", "due", "unreadable", "download", "failed",
}  # fmt: skip


def english_words(text: str) -> set[str]:
    """English words of ``text`` outside quotes (quoted parts are the file's own cells) and
    raw schema field names (``builder_variables``; a variable's own name may have ``_``)."""
    fields = {k.rsplit(".", 1)[-1] for k in static.marks()}
    bare = re.sub(r'"[^"]*"', "", text)
    words = set(re.findall(r"[A-Za-z_]+", bare))
    return {w for w in words if w.lower() in ENGLISH or ("_" in w and w in fields)}


@pytest.mark.parametrize(
    "detail,words",
    [
        ("tag_string", "Kata Kunci"),
        ("jumlah_penduduk: definition", "jumlah_penduduk: Definisi"),
        ("Penduduk 2023: description", "Penduduk 2023: Deskripsi"),
        (
            "Tabel 3.1: title rows above the header: 1",
            "Tabel 3.1: baris judul tabel di atas judul kolom: baris 1",
        ),
        (
            'Tabel: column "kode_wilayah": codes 32.16.99, 32.75',
            'Tabel: kolom "kode_wilayah": kode di luar daftar: 32.16.99, 32.75',
        ),
        (
            "Tabel: years 2019, 2020 outside 2022-2023",
            "Tabel: tahun 2019, 2020 di luar cakupan 2022-2023",
        ),
        ("Tabel: rows 7, 9 repeat an earlier row", "Tabel: baris 7, 9 mengulang baris sebelumnya"),
        ('Tabel: column "keterangan" is empty', 'Tabel: kolom "keterangan" kosong'),
        ("Tabel: column B has no name", "Tabel: kolom B tanpa nama"),
        (
            "Tabel 3.1: header spread over two rows: 3-4",
            "Tabel 3.1: judul kolom terbagi dua baris: baris 3-4",
        ),
        (
            'Tabel: column "anggaran_rp" e.g. "1.634.257,00"',
            'Tabel: kolom "anggaran_rp", mis. "1.634.257,00"',
        ),
        ("Tabel: row 3: extra cell in column F", "Tabel: baris 3: sel berlebih di kolom F"),
        ("no CSV/XLSX resource (PDF)", "tidak ada sumber daya CSV/XLSX (PDF)"),
        ("tahunan: 40 d (due 2024-12-31)", "tahunan: terlambat 40 hari (jatuh tempo 2024-12-31)"),
        ("variables.data_type=angka", "Tipe Data=angka"),
    ],
)
def test_details_are_put_into_indonesian_words(detail, words):
    assert ind.localize(detail, "id", static.field_labels(), translator("id")) == words


def test_details_keep_english_with_english_labels():
    labels = static.field_labels()
    assert ind.localize("tag_string", "en", labels) == "Tags"
    assert ind.localize('Tabel: row 28 "Jumlah"', "en", labels) == 'Tabel: row 28 "Jumlah"'


def test_every_finding_message_has_an_indonesian_translation():
    said = translator("id")
    for msgid in wording.messages():
        assert said(msgid) != msgid, msgid
        assert not english_words(re.sub(r"\{\d\}", " ", said(msgid))), said(msgid)
