"""The EPSS worksheet as an XLSX file in the worksheet's shape: one row per indicator (code,
name, level, penjelasan, bukti dukung links, the portal's proposal and its evidence), then the
IPS summary. Every cell is written as text or a number, never a formula."""

from __future__ import annotations

from ckanext.satudata.metadata.api import cells

HEADER = [
    "kode",
    "domain",
    "aspek",
    "indikator",
    "bobot_ips_persen",
    "tingkat",
    "penjelasan",
    "status_verifikasi",
    "bukti_dukung",
    "usulan_portal",
    "dasar_usulan",
    "aturan_usulan",
    "penghambat",
]


def _links(items: list[dict], evidence_url) -> str:
    return "\n".join(
        b["url"] if b["kind"] == "link" else f"{b['file_name']} <{evidence_url(b)}>" for b in items
    )


def _held(proposal: dict) -> str:
    return "\n".join(
        f"{h['title']}: " + ", ".join(h["failing"]) + (f" (+{h['more']})" if h.get("more") else "")
        for h in proposal.get("held_back") or []
    )


def build(sheet: dict, evidence_url) -> bytes:
    domains = {d["code"]: d["name"] for d in sheet["domains"]}
    aspects = {a["code"]: a["name"] for a in sheet["aspects"]}
    rows = []
    for i in sheet["indicators"]:
        p = i.get("proposal") or {}
        rows.append(
            [
                i["code"],
                domains[i["domain"]],
                aspects[i["aspect"]],
                i["name"],
                round(i["share"], 2),
                i["level"],
                i["penjelasan"],
                i["verification"],
                _links(i["bukti_dukung"], evidence_url),
                p.get("level"),
                "\n".join(p.get("evidence") or []),
                p.get("rule") or "",
                _held(p),
            ]
        )
    result = sheet["ips"]
    summary = [
        ["IPS", result["ips_rounded"]],
        ["predikat", (result["predikat"] or {}).get("id")],
        ["lengkap", "ya" if result["complete"] else "tidak"],
        ["bobot_terisi_persen", result["filled_share"]],
        ["belum_diisi", ", ".join(result["missing"])],
        ["rentang_ips", f"{result['ips_min']:.2f} - {result['ips_max']:.2f}"],
    ]
    summary += [
        [f"domain {d['code']} {d['name']}", None if d["index"] is None else round(d["index"], 2)]
        for d in sheet["domains"]
    ]
    summary += [
        [f"aspek {a['code']} {a['name']}", None if a["index"] is None else round(a["index"], 2)]
        for a in sheet["aspects"]
    ]
    # One cell writer for every export (metadata.api.cells): text is a string, never a formula.
    return cells.xlsx_bytes(
        [(f"LKE {sheet['worksheet']['year']}", HEADER, rows), ("IPS", summary[0], summary[1:])]
    )
