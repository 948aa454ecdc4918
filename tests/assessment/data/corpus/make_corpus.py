"""Writes the corpus of tidy and messy Bekasi tables (run once; the files are committed).

Each file is what an agency of Kabupaten Bekasi actually uploads: the tidy long table the
walidata asks for, and the ways real tables go wrong (report layouts, Excel exports, typed-in
numbers, wrong codes). ``corpus.yaml`` says which checks each file must fail and whether it is
usable as data; tests/assessment/test_corpus.py holds every file to it.

    .venv/bin/python tests/assessment/data/corpus/make_corpus.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from make_data import KECAMATAN, id_thousands, pop, write_pdf_table  # noqa: E402

YEARS = (2021, 2022, 2023)


def write(name: str, rows, delimiter: str = ",", bom: bool = False) -> None:
    encoding = "utf-8-sig" if bom else "utf-8"
    with (HERE / name).open("w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\r\n" if bom else "\n").writerows(rows)


def long_rows(years=YEARS):
    for year in years:
        for i, (code, name) in enumerate(KECAMATAN):
            yield [year, code, name, pop(i, year)]


HEADER = ["tahun", "kode_wilayah", "kecamatan", "jumlah_penduduk"]


def main() -> None:
    # 1 tidy long table: one row per year and kecamatan
    write("penduduk_kecamatan_rapi.csv", [HEADER, *long_rows()])
    # 2 BOM and semicolons (Excel "CSV UTF-8" in an Indonesian locale); otherwise tidy
    write("penduduk_bom_titik_koma.csv", [HEADER, *long_rows()], delimiter=";", bom=True)
    # 3 years as columns
    write(
        "penduduk_tahun_kolom.csv",
        [["kode_wilayah", "kecamatan", *map(str, YEARS)]]
        + [[c, n, *(pop(i, y) for y in YEARS)] for i, (c, n) in enumerate(KECAMATAN)],
    )
    # 4 title rows above the header
    write(
        "sekolah_judul_tabel.csv",
        [
            ["TABEL 4.2 JUMLAH SEKOLAH DASAR MENURUT KECAMATAN", "", "", ""],
            ["KABUPATEN BEKASI TAHUN 2023", "", "", ""],
            ["", "", "", ""],
            ["tahun", "kode_wilayah", "kecamatan", "jumlah_sd"],
        ]
        + [[2023, c, n, 20 + i * 3] for i, (c, n) in enumerate(KECAMATAN)],
    )
    # 5 a "Jumlah" row at the bottom
    rows = [[2023, c, n, 1200 + 37 * i] for i, (c, n) in enumerate(KECAMATAN)]
    write(
        "produksi_padi_jumlah.csv",
        [["tahun", "kode_wilayah", "kecamatan", "produksi_ton"], *rows]
        + [["Jumlah", "", "", sum(r[3] for r in rows)]],
    )
    # 6 Indonesian number format in a comma CSV ("1.234,5", quoted)
    write(
        "luas_panen_angka_indonesia.csv",
        [["tahun", "kode_wilayah", "kecamatan", "luas_panen_ha"]]
        + [
            [2023, c, n, f"{id_thousands(1000 + 61 * i)},{i % 10}"]
            for i, (c, n) in enumerate(KECAMATAN)
        ],
    )
    # 7 a blank and a duplicate column name
    write(
        "puskesmas_judul_kolom.csv",
        [["tahun", "kode_wilayah", "kecamatan", "dokter", "dokter", ""]]
        + [[2023, c, n, 2 + i % 3, 10 + i, 4 + i % 5] for i, (c, n) in enumerate(KECAMATAN)],
    )
    # 8 wrong area codes: a kecamatan that does not exist and Kota Bekasi
    rows = [[2023, c, n, 300 + i] for i, (c, n) in enumerate(KECAMATAN[:20])]
    rows += [[2023, "32.16.99", "Tidak Dikenal", 12], [2023, "32.75", "Kota Bekasi", 950]]
    write("posyandu_kode_salah.csv", [["tahun", "kode_wilayah", "kecamatan", "posyandu"], *rows])
    # 9 ragged rows: unquoted commas in a name, a note beside the table
    lines = ["tahun,kode_wilayah,kecamatan,nama_usaha,tenaga_kerja"]
    for i, (c, n) in enumerate(KECAMATAN):
        usaha = f"CV Maju, Jaya {i}" if i % 4 == 0 else f"UD Sentosa {i}"
        lines.append(f"2023,{c},{n},{usaha},{5 + i}")
    (HERE / "umkm_baris_tidak_rata.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # 10 years outside the declared coverage (2021-2023): 2018 and 2019 rows
    write("penduduk_tahun_luar_cakupan.csv", [HEADER, *long_rows((2018, 2019, 2023))])
    # 11 an empty column
    write(
        "pasar_kolom_kosong.csv",
        [["tahun", "kode_wilayah", "kecamatan", "jumlah_pasar", "keterangan"]]
        + [[2023, c, n, 1 + i % 4, ""] for i, (c, n) in enumerate(KECAMATAN)],
    )
    # 12 duplicate key rows (the same kecamatan and year twice, e.g. copy and paste)
    rows = [[2023, c, n, 40 + i] for i, (c, n) in enumerate(KECAMATAN)]
    rows += [rows[3], rows[7]]
    write(
        "rumah_ibadah_baris_kembar.csv", [["tahun", "kode_wilayah", "kecamatan", "masjid"], *rows]
    )
    # 13 tidy XLSX with typed numbers
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in long_rows():
        ws.append(row)
    wb.save(HERE / "penduduk_kecamatan_rapi.xlsx")
    # 14 report XLSX: merged title, merged two-row header
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin, 2023"
    ws["A1"].font = Font(bold=True)
    ws.merge_cells("A1:E1")
    ws["A3"], ws["B3"], ws["C3"] = "Kode", "Kecamatan", "Jenis Kelamin"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:E3")
    ws["C3"].alignment = Alignment(horizontal="center")
    ws["C4"], ws["D4"], ws["E4"] = "Laki-laki", "Perempuan", "Total"
    for i, (c, n) in enumerate(KECAMATAN):
        t = pop(i)
        ws.append([c, n, t // 2 + 137, t - t // 2 - 137, t])
    wb.save(HERE / "penduduk_laporan_gabung.xlsx")
    # 15 the table only as a PDF
    write_pdf_table(HERE / "penduduk_kecamatan_tabel.pdf")


if __name__ == "__main__":
    main()
