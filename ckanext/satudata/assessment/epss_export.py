"""The EPSS worksheet as an XLSX file in the worksheet's shape: one row per indicator (code,
name, level, penjelasan, bukti dukung links, the portal's proposal and its evidence), then the
IPS summary. Every cell is written as text or a number, never a formula."""
from __future__ import annotations

import io
import re
from typing import Any

HEADER = ["kode", "domain", "aspek", "indikator", "bobot_ips_persen", "tingkat", "penjelasan",
          "status_verifikasi", "bukti_dukung", "usulan_portal", "dasar_usulan", "aturan_usulan",
          "penghambat"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")   # openpyxl refuses them


def _cell(ws: Any, row: int, col: int, value: Any) -> None:
    if isinstance(value, str):
        value = ILLEGAL_XML.sub("", value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"       # a text such as "=HYPERLINK(...)" stays text


def _links(items: list[dict], evidence_url) -> str:
    return "\n".join(b["url"] if b["kind"] == "link" else f"{b['file_name']} <{evidence_url(b)}>"
                     for b in items)


def _held(proposal: dict) -> str:
    return "\n".join(f"{h['title']}: " + ", ".join(h["failing"])
                     + (f" (+{h['more']})" if h.get("more") else "")
                     for h in proposal.get("held_back") or [])


def build(sheet: dict, evidence_url) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"LKE {sheet['worksheet']['year']}"
    domains = {d["code"]: d["name"] for d in sheet["domains"]}
    aspects = {a["code"]: a["name"] for a in sheet["aspects"]}
    for col, name in enumerate(HEADER, 1):
        _cell(ws, 1, col, name)
    for r, i in enumerate(sheet["indicators"], 2):
        p = i.get("proposal") or {}
        values = [i["code"], domains[i["domain"]], aspects[i["aspect"]], i["name"],
                  round(i["share"], 2), i["level"], i["penjelasan"], i["verification"],
                  _links(i["bukti_dukung"], evidence_url), p.get("level"),
                  "\n".join(p.get("evidence") or []), p.get("rule") or "", _held(p)]
        for col, value in enumerate(values, 1):
            _cell(ws, r, col, value)
    s = wb.create_sheet("IPS")
    result = sheet["ips"]
    rows = [["IPS", result["ips_rounded"]],
            ["predikat", (result["predikat"] or {}).get("id")],
            ["lengkap", "ya" if result["complete"] else "tidak"],
            ["bobot_terisi_persen", result["filled_share"]],
            ["belum_diisi", ", ".join(result["missing"])],
            ["rentang_ips", f"{result['ips_min']:.2f} - {result['ips_max']:.2f}"]]
    rows += [[f"domain {d['code']} {d['name']}",
              None if d["index"] is None else round(d["index"], 2)] for d in sheet["domains"]]
    rows += [[f"aspek {a['code']} {a['name']}",
              None if a["index"] is None else round(a["index"], 2)] for a in sheet["aspects"]]
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row, 1):
            _cell(s, r, col, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
