"""Actions of the EPSS worksheet (walidata only; held once for the Pemda, one per year).

``satudata_epss_worksheet_create``  ``year`` (2000-2100)
``satudata_epss_worksheet_list``    the years that have a worksheet
``satudata_epss_worksheet_show``    ``year`` (or ``id`` = the year): the 38 indicators with the
                                    TPI's entries, bukti dukung and the portal's proposals
                                    (``proposals``: false skips them), the IPS, domain and
                                    aspect indices, predikat, or what is missing
``satudata_epss_entry_update``      ``year``, ``code`` and any of ``level`` (1-5, "" clears),
                                    ``penjelasan``, ``verification``
``satudata_epss_evidence_add``      ``year``, ``code`` and ``url`` (http/https) or ``upload``
                                    (a PDF/XLSX/DOCX/PNG/JPG file)
``satudata_epss_evidence_delete``   ``year``, ``evidence_id``
``satudata_epss_history``           ``year`` (and ``code``): every change, newest first
"""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

from . import epss_files, epss_proposals
from . import epss_worksheets as svc
from .core import epss_reference, evidence_files, ips
from .epss_model import (
    PENJELASAN_MAX,
    URL_MAX,
    VERIFICATION_STATES,
    YEAR_MAX,
    YEAR_MIN,
    EpssWorksheet,
)

# what XML 1.0 (the XLSX export) cannot carry; tab and line breaks stay allowed
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NO_WORDS = frozenset({"false", "0", "no", "off", "n", "f"})


def _ref() -> epss_reference.Reference:
    return epss_reference.load()


def parse_year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        year = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        year = int(value)
    else:
        return None
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def _year(data_dict: dict) -> int:
    year = parse_year(data_dict.get("year", data_dict.get("id")))
    if year is None:
        raise tk.ValidationError({"year": [tk._("Choose a year from 2000 to 2100")]})
    return year


def _worksheet(data_dict: dict) -> EpssWorksheet:
    ws = svc.worksheet(_year(data_dict))
    if ws is None:
        raise tk.ObjectNotFound(tk._("There is no EPSS worksheet for this year"))
    return ws


def _code(data_dict: dict) -> str:
    code = data_dict.get("code")
    if not isinstance(code, str) or code.strip() not in _ref().indicators:
        raise tk.ValidationError({"code": [tk._("Unknown EPSS indicator")]})
    return code.strip()


def worksheet_create(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_epss_worksheet_create", context, data_dict)
    year = _year(data_dict)
    if svc.worksheet(year) is not None:
        raise tk.ValidationError({"year": [tk._("A worksheet for this year already exists")]})
    return svc.create(year, context.get("user")).as_dict()


@tk.side_effect_free
def worksheet_list(context: dict, data_dict: dict) -> list[int]:
    tk.check_access("satudata_epss_worksheet_list", context, data_dict)
    return svc.years()


def _lang(data_dict: dict) -> str:
    lang = data_dict.get("lang")
    if not lang:
        try:
            lang = tk.h.lang()
        except Exception:
            lang = "id"
    return "en" if str(lang).startswith("en") else "id"


@tk.side_effect_free
def worksheet_show(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_epss_worksheet_show", context, data_dict)
    ws = _worksheet(data_dict)
    ref, lang = _ref(), _lang(data_dict)
    entries = svc.entries(ws)
    evidence: dict[str, list] = {}
    for row in svc.evidence(ws):
        evidence.setdefault(row.code, []).append(row.as_dict())
    result = ips.compute(ref, svc.levels(entries.values()))
    want = str(data_dict.get("proposals", True)).strip().lower() not in NO_WORDS
    proposals = epss_proposals.compute(ref, ws.year, context) if want else {}
    items = []
    for code, i in ref.indicators.items():
        e = entries.get(code)
        items.append(
            {
                "code": code,
                "domain": i.domain,
                "aspect": i.aspect,
                "name": i.name[lang],
                "name_id": i.name["id"],
                "weight": i.weight,
                "share": round(result.shares[code], 4),
                "evidence_class": i.evidence,
                "criteria": list(i.criteria),
                "level": e.level if e else None,
                "penjelasan": e.penjelasan if e else "",
                "verification": e.verification if e else VERIFICATION_STATES[0],
                "updated_by": e.updated_by if e else None,
                "updated_at": e.as_dict()["updated_at"] if e else None,
                "bukti_dukung": evidence.get(code, []),
                "proposal": proposals.get(code),
            }
        )
    return {
        "worksheet": ws.as_dict(),
        "years": svc.years(),
        "scope": ref.scope,
        "indicators": items,
        "ips": result.as_dict(),
        "domains": [
            {
                "code": c,
                "name": d.name[lang],
                "weight": d.weight,
                "index": result.domains[c],
                "aspects": list(d.aspects),
            }
            for c, d in ref.domains.items()
        ],
        "aspects": [
            {
                "code": c,
                "domain": a.domain,
                "name": a.name[lang],
                "weight": a.weight,
                "index": result.aspects[c],
                "indicators": list(a.indicators),
            }
            for c, a in ref.aspects.items()
        ],
        "levels": {n: v[lang] for n, v in ref.levels.items()},
    }


def entry_update(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_epss_entry_update", context, data_dict)
    ws = _worksheet(data_dict)
    code = _code(data_dict)
    changes: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if "level" in data_dict:
        try:
            changes["level"] = ips.parse_level(data_dict["level"])
        except ValueError:
            errors["level"] = [tk._("Choose a level from 1 to 5")]
    if "penjelasan" in data_dict:
        text = data_dict["penjelasan"]
        if text is None:
            text = ""
        if not isinstance(text, str):
            errors["penjelasan"] = [tk._("Must be text")]
        elif CONTROL.search(text):
            errors["penjelasan"] = [tk._("Must not contain control characters")]
        elif len(text.strip()) > PENJELASAN_MAX:
            errors["penjelasan"] = [tk._("At most {n} characters").format(n=PENJELASAN_MAX)]
        else:
            changes["penjelasan"] = text.strip()
    if "verification" in data_dict:
        if data_dict["verification"] not in VERIFICATION_STATES:
            errors["verification"] = [tk._("Choose a verification state")]
        else:
            changes["verification"] = data_dict["verification"]
    if errors:
        raise tk.ValidationError(errors)
    return svc.update_entry(ws, code, changes, context.get("user")).as_dict()


def _url(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise tk.ValidationError({"url": [tk._("Give a link (http or https) or upload a file")]})
    url = value.strip()
    if len(url) > URL_MAX:
        raise tk.ValidationError({"url": [tk._("At most {n} characters").format(n=URL_MAX)]})
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", url, flags=re.IGNORECASE) or any(
        ord(ch) < 32 for ch in url
    ):
        raise tk.ValidationError({"url": [tk._("The link must start with http:// or https://")]})
    return url


def _read_upload(upload: Any, limit: int) -> tuple[str, bytes]:
    name = getattr(upload, "filename", None)
    stream = getattr(upload, "stream", None) or getattr(upload, "file", None)
    if not name or stream is None:
        raise tk.ValidationError({"upload": [tk._("Upload a file")]})
    data = stream.read(limit + 1)
    return str(name), data


def evidence_add(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_epss_evidence_add", context, data_dict)
    ws = _worksheet(data_dict)
    code = _code(data_dict)
    user = context.get("user")
    upload = data_dict.get("upload")
    if upload is not None and not isinstance(upload, str):
        limit = epss_files.max_bytes()
        name, data = _read_upload(upload, limit)
        kind, reason = evidence_files.check(name, data, limit)
        if reason == "too_large":
            raise tk.ValidationError(
                {
                    "upload": [
                        tk._("The file is larger than {n} MB").format(n=limit // (1024 * 1024))
                    ]
                }
            )
        if reason is not None:
            raise tk.ValidationError(
                {
                    "upload": [
                        tk._(
                            "Upload a PDF, XLSX, DOCX, PNG or JPG file (the content must match its name)"
                        )
                    ]
                }
            )
        return svc.add_file(
            ws, code, evidence_files.safe_name(name), data, evidence_files.TYPES[kind], user
        ).as_dict()
    return svc.add_link(ws, code, _url(data_dict.get("url")), user).as_dict()


def evidence_delete(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_epss_evidence_delete", context, data_dict)
    ws = _worksheet(data_dict)
    row = svc.evidence_row(ws, data_dict.get("evidence_id") or "")
    if row is None:
        raise tk.ObjectNotFound(tk._("Bukti dukung not found"))
    out = row.as_dict()
    svc.delete_evidence(ws, row, context.get("user"))
    return out


@tk.side_effect_free
def history(context: dict, data_dict: dict) -> list[dict]:
    tk.check_access("satudata_epss_history", context, data_dict)
    ws = _worksheet(data_dict)
    code = _code(data_dict) if data_dict.get("code") else None
    return [h.as_dict() for h in svc.history(ws, code)]


def actions() -> dict:
    return {
        "satudata_epss_worksheet_create": worksheet_create,
        "satudata_epss_worksheet_list": worksheet_list,
        "satudata_epss_worksheet_show": worksheet_show,
        "satudata_epss_entry_update": entry_update,
        "satudata_epss_evidence_add": evidence_add,
        "satudata_epss_evidence_delete": evidence_delete,
        "satudata_epss_history": history,
    }
