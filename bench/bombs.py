"""Files built to exhaust a worker (shared by tests/reliability/test_file_limits.py and
``make bench``), and the peak RSS of a process tree running on them.

- :func:`xlsx_wide_row`: one row of millions of cells, ~1 MB zipped, hundreds of MB of XML;
- :func:`xlsx_lying_header`: the same sheet, its zip headers claiming 1 KB;
- :func:`xlsx_huge_dimension`: 5000 short rows under a declared range A1:XFD1048576;
- :func:`csv_one_line`: a CSV whose second line is one enormous line.
"""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
    'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
    'workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>kecamatan</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>jumlah</t></is></c></row>'
)


def _xlsx(path: str, dimension: str, body_chunks) -> str:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD.format(dimension=dimension).encode())
            for chunk in body_chunks:
                sheet.write(chunk)
            sheet.write(SHEET_TAIL.encode())
    return path


def _wide_row(cells: int):
    yield HEADER_ROW.encode()
    yield b'<row r="2">'
    block = b"<c><v>1</v></c>" * 10_000
    for _ in range(cells // 10_000):
        yield block
    yield b"</row>"


def xlsx_wide_row(path: str, cells: int = 20_000_000) -> str:
    """A sheet whose second row has ``cells`` cells (20 M: ~300 MB of XML, ~1 MB zipped)."""
    return _xlsx(path, "", _wide_row(cells))


def xlsx_lying_header(path: str, cells: int = 20_000_000) -> str:
    """:func:`xlsx_wide_row` with the sheet's uncompressed size set to 1 KB in both its local
    header and the central directory (the zip64 extra fields are rewritten too)."""
    xlsx_wide_row(path, cells)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        real = info.file_size
    with open(path, "r+b") as f:
        data = bytearray(f.read())
    packed = struct.pack("<Q", real)
    fake = struct.pack("<Q", 1024)
    # zip64 extra fields hold the real size as 8 bytes; 32-bit fields hold 0xFFFFFFFF or it
    data = data.replace(packed, fake)
    if real < 0xFFFFFFFF:
        data = data.replace(struct.pack("<I", real), struct.pack("<I", 1024))
    with open(path, "wb") as f:
        f.write(bytes(data))
    return path


def xlsx_huge_dimension(path: str, rows: int = 5000) -> str:
    """``rows`` short rows under a declared range the reader pads every row to:
    A1:XFD1048576 (16384 columns)."""
    body = [HEADER_ROW.encode()] + [
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Cikarang</t></is></c>'
        f'<c r="B{r}"><v>{r}</v></c></row>'.encode()
        for r in range(2, rows + 1)
    ]
    return _xlsx(path, '<dimension ref="A1:XFD1048576"/>', body)


def csv_one_line(path: str, mb: int = 100) -> str:
    """A header line, then one line of ``mb`` MB (comma-separated cells)."""
    with open(path, "wb") as f:
        f.write(b"kecamatan,jumlah\n")
        block = b"Cikarang Utara," * 70_000  # ~1 MB
        for _ in range(mb):
            f.write(block)
        f.write(b"1\n")
    return path


def build_all(directory: str) -> dict[str, str]:
    """Every bomb in ``directory``: name -> path."""
    os.makedirs(directory, exist_ok=True)
    j = os.path.join
    return {
        "wide_row.xlsx": xlsx_wide_row(j(directory, "wide_row.xlsx")),
        "lying_header.xlsx": xlsx_lying_header(j(directory, "lying_header.xlsx")),
        "huge_dimension.xlsx": xlsx_huge_dimension(j(directory, "huge_dimension.xlsx")),
        "one_line.csv": csv_one_line(j(directory, "one_line.csv")),
    }


WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_rss_kb(cmd: list[str], env: dict, cwd: str, timeout: float = 900) -> tuple[int, int]:
    """``(exit code, peak RSS in KB)`` of ``cmd`` and every process it waited for (the RQ work
    horses of ``ckan jobs worker``): measured by a wrapper process of its own, so children of
    the caller do not count."""
    python = (
        cmd[0] if cmd[0].endswith("python") else os.path.join(os.path.dirname(cmd[0]), "python")
    )
    out = subprocess.run(
        [python, "-c", WRAPPER, *cmd],
        env=env,
        cwd=cwd,
        timeout=timeout,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    rc, kb = out.stdout.strip().splitlines()[-1].split()
    return int(rc), int(kb)


def own_peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
