"""Writes the assessment test files of this folder (run once; the files are committed).

    .venv/bin/python tests/assessment/data/make_data.py

The tables look like what Kabupaten Bekasi agencies actually upload: tidy files as the
walidata wants them, and messy ones as they come out of a report (title rows, merged header
cells, totals rows, wide year columns, numbers as text with Indonesian separators, a PDF of a
table). ``expected.yaml`` names the structure checks each file is meant to fail. The figures
are illustrative, not official statistics.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

from ckanext.satudata.metadata import codelists

HERE = Path(__file__).resolve().parent

# the 23 kecamatan of Kabupaten Bekasi (codes 32.16.01 .. 32.16.23), as the area code list
# (metadata/codelists/area.csv, Kemendagri) names them
KECAMATAN = [
    (entry.code, entry.label_id.removeprefix("Kecamatan "))
    for entry in codelists.load("area")
    if entry.get("level") == "kecamatan"
]


def pop(i: int, year: int = 2023) -> int:
    base = [
        162410,
        291877,
        51398,
        43215,
        194532,
        512688,
        266011,
        381204,
        276540,
        124377,
        118092,
        69540,
        108876,
        54870,
        83312,
        57041,
        44610,
        172906,
        240611,
        68530,
        158843,
        103275,
        30612,
    ][i]
    return int(base * (1 + 0.018 * (year - 2023)))


def id_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def write_csv(name: str, rows, delimiter: str = ",") -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(rows)


def write_raw(name: str, text: str) -> None:
    (HERE / name).write_text(text, encoding="utf-8")


def main() -> None:
    # 1. tidy CSV: long, one header row, plain numbers
    rows = [["tahun", "kode_wilayah", "kecamatan", "jenis_kelamin", "jumlah_penduduk"]]
    for i, (code, name) in enumerate(KECAMATAN):
        total = pop(i)
        rows.append([2023, code, name, "laki-laki", total // 2 + 137])
        rows.append([2023, code, name, "perempuan", total - total // 2 - 137])
    write_csv("penduduk_kecamatan_2023.csv", rows)

    # 2. title rows above the header and a source note below it
    rows = [
        ["Jumlah Sekolah Dasar Menurut Kecamatan di Kabupaten Bekasi Tahun 2023"],
        [],
        ["tahun", "kode_wilayah", "kecamatan", "sd_negeri", "sd_swasta"],
    ]
    for i, (code, name) in enumerate(KECAMATAN):
        rows.append([2023, code, name, 20 + (i * 7) % 31, 4 + (i * 5) % 17])
    rows.append(["Sumber: Dinas Pendidikan Kabupaten Bekasi"])
    write_csv("sekolah_dasar_judul_tabel.csv", rows)

    # 3. blank and duplicate column names
    rows = [["kecamatan", "nama_puskesmas", "", "jumlah_tenaga", "jumlah_tenaga"]]
    for i, (_code, name) in enumerate(KECAMATAN[:12]):
        rows.append(
            [
                name,
                f"Puskesmas {name}",
                "rawat inap" if i % 3 == 0 else "non rawat inap",
                31 + i,
                12 + i % 5,
            ]
        )
    write_csv("puskesmas_nama_kolom.csv", rows)

    # 4. a totals row mixed into the data
    rows = [["tahun", "kode_wilayah", "kecamatan", "luas_panen_ha", "produksi_ton"]]
    tot_l = tot_p = 0
    for i, (code, name) in enumerate(KECAMATAN):
        luas = 1200 + (i * 613) % 5400
        prod = round(luas * 5.7, 1)
        tot_l += luas
        tot_p += prod
        rows.append([2023, code, name, luas, prod])
    rows.append([2023, "32.16", "Jumlah", tot_l, round(tot_p, 1)])
    write_csv("produksi_padi_jumlah.csv", rows)

    # 5. rows with a different number of cells (an unquoted comma in a name)
    lines = ["tahun,kecamatan,nama_usaha,jenis_usaha,tenaga_kerja"]
    names = [
        "Toko Berkah",
        "Warung Makmur, Jaya",
        "Konveksi Sinar",
        "Bengkel Maju, Motor",
        "Katering Ibu Sri",
        "Keripik Singkong Setu",
    ]
    for i, n in enumerate(names):
        lines.append(
            f"2023,{KECAMATAN[i][1]},{n},{['dagang', 'kuliner', 'konveksi'][i % 3]},{3 + i}"
        )
    write_raw("umkm_kolom_tidak_konsisten.csv", "\n".join(lines) + "\n")

    # 6. numbers as text with Indonesian separators (semicolon CSV from Excel id-ID)
    rows = [["tahun", "urusan", "program", "anggaran_rp", "realisasi_rp", "realisasi_persen"]]
    progs = [
        ("1.01", "Program Pengelolaan Pendidikan", 1634257000000, 0.962),
        ("1.02", "Program Pemenuhan Upaya Kesehatan", 987650000000, 0.915),
        ("1.03", "Program Penyelenggaraan Jalan", 743210500000, 0.884),
        ("2.16", "Program Pengelolaan Aplikasi Informatika", 45870250000, 0.937),
        ("2.20", "Program Penyelenggaraan Statistik Sektoral", 2150000000, 0.981),
    ]
    for code, prog, ang, r in progs:
        real = int(ang * r)
        rows.append(
            [
                2023,
                code,
                prog,
                id_thousands(ang) + ",00",
                id_thousands(real) + ",00",
                f"{r * 100:.1f}".replace(".", ","),
            ]
        )
    write_csv("realisasi_apbd_angka_teks.csv", rows, delimiter=";")

    # 7. wide: one column per year
    rows = [["kode_wilayah", "kecamatan", "2019", "2020", "2021", "2022", "2023"]]
    for i, (code, name) in enumerate(KECAMATAN):
        rows.append([code, name] + [pop(i, y) for y in range(2019, 2024)])
    write_csv("penduduk_tahun_lebar.csv", rows)

    # 8. tidy XLSX, typed numbers
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "jalan"
    ws.append(["tahun", "kode_wilayah", "kecamatan", "kondisi", "panjang_km"])
    for i, (code, name) in enumerate(KECAMATAN):
        for j, kondisi in enumerate(("baik", "sedang", "rusak")):
            ws.append([2023, code, name, kondisi, round(12.5 + (i * 3.7 + j * 5.1) % 40, 2)])
    wb.save(HERE / "kondisi_jalan_2023.xlsx")

    # 9. messy XLSX as exported from a report: title, merged two-row header, numbers as
    #    text with thousands dots, years as columns, a totals row and a source note
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 3.1"
    ws["A1"] = "Tabel 3.1 Jumlah Penduduk Menurut Kecamatan di Kabupaten Bekasi, 2021-2023"
    ws["A1"].font = Font(bold=True)
    ws.merge_cells("A1:E1")
    ws["A3"], ws["B3"], ws["C3"] = "No", "Kecamatan", "Jumlah Penduduk (Jiwa)"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:E3")
    ws["C4"], ws["D4"], ws["E4"] = "2021", "2022", "2023"
    for c in ("A3", "B3", "C3"):
        ws[c].alignment = Alignment(horizontal="center", vertical="center")
    r = 5
    totals = [0, 0, 0]
    for i, (_code, name) in enumerate(KECAMATAN):
        vals = [pop(i, y) for y in (2021, 2022, 2023)]
        totals = [a + b for a, b in zip(totals, vals)]
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, name)
        for k, v in enumerate(vals):
            ws.cell(r, 3 + k, id_thousands(v))
        r += 1
    ws.cell(r, 2, "Jumlah")
    for k, v in enumerate(totals):
        ws.cell(r, 3 + k, id_thousands(v))
    ws.merge_cells(start_row=r + 2, start_column=1, end_row=r + 2, end_column=5)
    ws.cell(r + 2, 1, "Sumber: Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bekasi")
    wb.save(HERE / "penduduk_kecamatan_2021_2023_laporan.xlsx")

    # 10. XLSX otherwise tidy but with the counts typed in as text
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["tahun", "kode_wilayah", "kecamatan", "masjid", "gereja", "vihara"])
    for i, (code, name) in enumerate(KECAMATAN):
        ws.append([2023, code, name, str(140 + (i * 37) % 260), str(3 + i % 9), str(i % 4)])
    wb.save(HERE / "rumah_ibadah_angka_teks.xlsx")

    # 11. an old Excel 97 (XLS) sheet with a totals row
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("posyandu")
    for c, name in enumerate(["tahun", "kode_wilayah", "kecamatan", "posyandu"]):
        sheet.write(0, c, name)
    total = 0
    for i, (code, name) in enumerate(KECAMATAN[:10]):
        n = 40 + (i * 13) % 60
        total += n
        for c, v in enumerate([2022, code, name, n]):
            sheet.write(i + 1, c, v)
    for c, v in enumerate([2022, "32.16", "Total", total]):
        sheet.write(11, c, v)
    book.save(str(HERE / "posyandu_2022.xls"))

    # 12. a PDF of a table (text, one page)
    write_pdf_table(HERE / "penduduk_kecamatan_2023.pdf")


def write_pdf_table(path: Path) -> None:
    lines = [
        "Jumlah Penduduk Menurut Kecamatan di Kabupaten Bekasi, 2023",
        "",
        "Kecamatan              Laki-laki   Perempuan   Jumlah",
    ]
    for i, (_code, name) in enumerate(KECAMATAN):
        t = pop(i)
        lines.append(
            f"{name:<22} {id_thousands(t // 2 + 137):>10} {id_thousands(t - t // 2 - 137):>11}"
            f" {id_thousands(t):>9}"
        )
    lines.append("Sumber: Disdukcapil Kabupaten Bekasi")
    text_ops = ["BT", "/F1 9 Tf", "11 TL", "40 800 Td"]
    for ln in lines:
        esc = ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text_ops.append(f"({esc}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


if __name__ == "__main__":
    main()
