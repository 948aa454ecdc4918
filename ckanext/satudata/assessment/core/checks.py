"""The indicator functions (pure).

Each reads a plain dataset dict (as ``package_show`` returns it) and the plain :class:`Inputs`
and returns an :class:`Outcome`: the fraction of the points earned (0..1, or ``None`` when the
indicator does not apply) and the details that explain a miss. Nothing here reads a clock, a
database, the network or CKAN.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .values import (
    _ACTIVITY_NOT_ASKED,
    _ACTIVITY_SURVEY_ONLY,
    _STAT_FIELDS,
    _STAT_PREFIX,
    CLOSED_LICENSES,
    CODED_FIELDS,
    CODED_SUBFIELDS,
    NUMERIC_DATA_TYPES,
    TABULAR_FORMATS,
    Inputs,
    Outcome,
)


def filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, set)):
        return any(filled(v) for v in value)
    if isinstance(value, dict):
        return any(filled(v) for v in value.values())
    return True


def as_list(value: Any) -> list:
    """Scheming multiple-choice values arrive as a list, a JSON-ish string or a single code."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if filled(v)]
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("[") or s.startswith("{"):
            s = s.strip("[]{}")
            return [p.strip().strip('"').strip("'") for p in s.split(",") if p.strip().strip("\"'")]
        return [p.strip() for p in s.split(",") if p.strip()] if "," in s else [s]
    return [value]


def _subfield_items(ds: dict, name: str) -> list[dict]:
    items = ds.get(name) or []
    return [i for i in items if isinstance(i, dict) and filled(i)]


def _marked(marks: Mapping[str, str], prefix: str, wanted: Sequence[str]) -> list[str]:
    """Field names under ``prefix`` ("" = dataset, "variables." ...) with a mark in ``wanted``."""
    out = []
    for key, mark in marks.items():
        if mark not in wanted:
            continue
        if prefix:
            if key.startswith(prefix):
                out.append(key[len(prefix) :])
        elif "." not in key:
            out.append(key)
    return out


def _ratio(good: int, total: int) -> float:
    return 1.0 if total == 0 else good / total


def resource_format(res: dict) -> str:
    fmt = (res.get("format") or "").strip().upper().lstrip(".")
    if fmt:
        return {"XLS": "XLS", "EXCEL": "XLSX", "MS EXCEL": "XLSX", "JPG": "JPEG"}.get(fmt, fmt)
    url = (res.get("url") or "").split("?")[0].split("#")[0]
    m = re.search(r"\.([A-Za-z0-9]{2,7})$", url)
    return m.group(1).upper() if m else ""


def resource_label(res: dict) -> str:
    return (
        res.get("name") or res.get("url", "").rsplit("/", 1)[-1] or res.get("id") or "?"
    ).strip()


# --------------------------------------------------------------------------- dataset indicators


def _value(ds: dict, name: str) -> Any:
    """A field as package_show returns it (the form's ``tag_string`` comes back as ``tags``)."""
    if name == "tag_string" and not filled(ds.get(name)):
        return [t.get("name") if isinstance(t, dict) else t for t in ds.get("tags") or []]
    return ds.get(name)


def _completeness(ds: dict, inp: Inputs, wanted: tuple[str, ...]) -> Outcome:
    names = [
        n
        for n in _marked(inp.marks, "", wanted)
        if n not in _STAT_FIELDS and not n.startswith(_STAT_PREFIX)
    ]
    missing = [n for n in names if not filled(_value(ds, n))]
    res_names = _marked(inp.marks, "resource.", wanted)
    for res in ds.get("resources") or []:
        for n in res_names:
            if not filled(res.get(n)):
                missing.append(f"{resource_label(res)}: {n}")
    total = len(names) + len(res_names) * len(ds.get("resources") or [])
    return Outcome(_ratio(total - len(missing), total), tuple(missing))


def check_required(ds: dict, inp: Inputs) -> Outcome:
    return _completeness(ds, inp, ("required",))


def check_recommended(ds: dict, inp: Inputs) -> Outcome:
    return _completeness(ds, inp, ("recommended",))


def check_activity(ds: dict, inp: Inputs) -> Outcome:
    """MS-Keg: the dataset links to a kegiatan whose required and recommended items are
    filled; the BPS recommendation and the sample design only for surveys."""
    if not inp.ms_keg:
        return Outcome(0.0, ("kegiatan",))
    survey = inp.ms_keg.get("collection_method") == "survei"
    names = [
        k
        for k, mark in inp.ms_keg_marks.items()
        if "." not in k
        and mark in ("required", "recommended")
        and k not in _ACTIVITY_NOT_ASKED
        and (survey or k not in _ACTIVITY_SURVEY_ONLY)
    ]
    if survey and "recommendation_id" not in names:
        names.append("recommendation_id")
    missing = [n for n in names if not filled(inp.ms_keg.get(n))]
    return Outcome(_ratio(len(names) - len(missing), len(names)), tuple(missing))


def _subfields_complete(
    ds: dict, inp: Inputs, scope: str, wanted_marks: tuple[str, ...] = ("required", "recommended")
) -> tuple[int, int, list[str]]:
    wanted = _marked(inp.marks, scope + ".", wanted_marks)
    items = _subfield_items(ds, scope)
    missing: list[str] = []
    for n, item in enumerate(items, 1):
        label = item.get("name") or f"#{n}"
        for w in wanted:
            if not filled(item.get(w)):
                missing.append(f"{label}: {w}")
    return len(items) * len(wanted), len(missing), missing


def check_variables(ds: dict, inp: Inputs) -> Outcome:
    """MS-Var / Standar Data: at least one variable, each with its required subfields filled.
    A precondition: only what the form guarantees (the recommended and optional items earn
    their points in ``check_variables_documented``)."""
    if not _subfield_items(ds, "variables"):
        return Outcome(0.0, ("variables",))
    total, miss, details = _subfields_complete(ds, inp, "variables", ("required",))
    return Outcome(_ratio(total - miss, total), tuple(details))


ALL_MARKS = ("required", "recommended", "optional")


def check_variables_documented(ds: dict, inp: Inputs) -> Outcome:
    """MS-Var: every item the schema holds for a variable, over every variable."""
    if not _subfield_items(ds, "variables"):
        return Outcome(0.0, ("variables",))
    total, miss, details = _subfields_complete(ds, inp, "variables", ALL_MARKS)
    return Outcome(_ratio(total - miss, total), tuple(details))


def check_indicators(ds: dict, inp: Inputs) -> Outcome:
    """MS-Ind: every item the schema holds, over every indicator; applies only when the dataset
    presents indicators."""
    items = _subfield_items(ds, "indicators")
    if not items:
        return Outcome(None)
    total, miss, details = _subfields_complete(ds, inp, "indicators", ALL_MARKS)
    var_names = {(v.get("name") or "").strip().lower() for v in _subfield_items(ds, "variables")}
    for n, ind in enumerate(items, 1):
        if ind.get("composite") != "ya":
            continue
        total += 1
        builders = [b.strip() for b in (ind.get("builder_variables") or "").split(",") if b.strip()]
        unknown = [b for b in builders if b.lower() not in var_names]
        if not builders or unknown:
            miss += 1
            details.append(
                f"{ind.get('name') or f'#{n}'}: builder_variables"
                + (f" ({', '.join(unknown)})" if unknown else "")
            )
    return Outcome(_ratio(total - miss, total), tuple(details))


def check_codes(ds: dict, inp: Inputs) -> Outcome:
    """Every filled coded field holds a code of its list."""
    checked = bad = 0
    details: list[str] = []
    for fname, lst in CODED_FIELDS.items():
        valid = inp.codelists.get(lst)
        if valid is None:
            continue
        for v in as_list(ds.get(fname)):
            checked += 1
            if str(v).strip() not in valid:
                bad += 1
                details.append(f"{fname}={v}")
    for (scope, sub), lst in CODED_SUBFIELDS.items():
        valid = inp.codelists.get(lst)
        if valid is None:
            continue
        for item in _subfield_items(ds, scope):
            v = item.get(sub)
            if filled(v):
                checked += 1
                if str(v).strip() not in valid:
                    bad += 1
                    details.append(f"{scope}.{sub}={v}")
    if checked == 0:
        return Outcome(0.0, tuple(CODED_FIELDS))
    return Outcome((checked - bad) / checked, tuple(details))


def check_area_codes(ds: dict, inp: Inputs) -> Outcome:
    """Area codes present, each a Kemendagri code of the area list, matching the level."""
    codes = [str(c).strip() for c in as_list(ds.get("area_codes"))]
    if not codes:
        return Outcome(0.0, ("area_codes",))
    valid = inp.codelists.get("area", frozenset())
    # the list holds every desa/kelurahan (32.16.01.2001) too: a code not in it is wrong
    bad = [c for c in codes if c not in valid]
    details = [f"area_codes={c}" for c in bad]
    level = ds.get("presentation_level")
    good = len(codes) - len(bad)
    total = len(codes)
    if level in ("kecamatan", "desa_kelurahan"):
        # a table by kecamatan (or finer) names the kecamatan it covers, not only the regency
        total += 1
        if any(c.count(".") >= 2 for c in codes if c not in bad):
            good += 1
        else:
            details.append(f"presentation_level={level}")
    return Outcome(good / total, tuple(details))


def check_unit(ds: dict, inp: Inputs) -> Outcome:
    """Standar Data (ukuran, satuan): the dataset unit and the unit of each numeric variable."""
    total, missing = 1, []
    if not filled(ds.get("unit")):
        missing.append("unit")
    for n, v in enumerate(_subfield_items(ds, "variables"), 1):
        if v.get("data_type") in NUMERIC_DATA_TYPES:
            total += 1
            if not filled(v.get("unit")):
                missing.append(f"{v.get('name') or f'#{n}'}: unit")
    return Outcome(_ratio(total - len(missing), total), tuple(missing))


def check_dcat(ds: dict, inp: Inputs) -> Outcome:
    """The properties the portal's DCAT-AP export needs to publish a valid, findable record."""
    checks = {
        "title": filled(ds.get("title")),
        "notes": filled(ds.get("notes")),
        "owner_org": filled(ds.get("owner_org") or (ds.get("organization") or {}).get("name")),
        "license_id": (ds.get("license_id") or "") not in CLOSED_LICENSES,
        "maintainer_email": filled(ds.get("maintainer_email") or ds.get("author_email")),
        "frequency": filled(ds.get("frequency")),
        "year_start": filled(ds.get("year_start")),
        "resources": bool(ds.get("resources")),
    }
    for res in ds.get("resources") or []:
        checks[f"{resource_label(res)}: url"] = filled(res.get("url"))
        checks[f"{resource_label(res)}: format"] = bool(resource_format(res))
    missing = tuple(k for k, ok in checks.items() if not ok)
    return Outcome((len(checks) - len(missing)) / len(checks), missing)


def check_submitted(ds: dict, inp: Inputs) -> Outcome:
    t = inp.timeliness
    if t is None or t.submission is None:
        return Outcome(None)
    if t.submission == "on_time":
        return Outcome(1.0)
    if t.submission == "late":
        return Outcome(0.5, (f"late (cutoff {t.cutoff})" if t.cutoff else "late",))
    return Outcome(0.0, ("not_submitted",))


def check_updated(ds: dict, inp: Inputs) -> Outcome:
    t = inp.timeliness
    if t is None or not t.periodic or t.overdue is None:
        return Outcome(None)
    if not t.overdue:
        return Outcome(1.0)
    return Outcome(0.0, (f"{ds.get('frequency')}: {t.days_overdue} d (due {t.next_due})",))


# --------------------------------------------------------------------------- resource indicators


def check_open_format(res: dict, ds: dict, inp: Inputs) -> Outcome:
    fmt = resource_format(res)
    open_, machine = inp.formats.get(fmt, (False, False))
    if fmt in ("XLS",):
        open_, machine = False, True
    if open_ and machine:
        return Outcome(1.0)
    if machine:
        return Outcome(0.5, (f"{resource_label(res)}: {fmt}",))
    return Outcome(0.0, (f"{resource_label(res)}: {fmt or '?'}",))


def check_downloadable(res: dict, ds: dict, inp: Inputs) -> Outcome:
    url = (res.get("url") or "").strip()
    if not url:
        return Outcome(0.0, (f"{resource_label(res)}: url",))
    if res.get("url_type") == "upload" or res.get("datastore_active") in (True, "true", "True"):
        return Outcome(1.0)
    if inp.portal_url and url.startswith(inp.portal_url.rstrip("/") + "/"):
        return Outcome(1.0)
    if re.match(r"^https?://", url, re.I):
        return Outcome(0.5, (f"{resource_label(res)}: {url.split('/')[2]}",))
    return Outcome(0.0, (f"{resource_label(res)}: {url[:60]}",))


YEARS = "years"  # not a report check: the report's years against the dataset's coverage


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def years_outcome(label: str, years: Sequence[int], ds: dict) -> Outcome:
    start, end = _int(ds.get("year_start")), _int(ds.get("year_end"))
    if not years or start is None:
        return Outcome(1.0)
    end = end if end is not None else start
    outside = [y for y in years if not start <= y <= end]
    if not outside:
        return Outcome(1.0)
    shown = ", ".join(str(y) for y in outside[:6])
    return Outcome(
        (len(years) - len(outside)) / len(years), (f"{label}: years {shown} outside {start}-{end}",)
    )


def structure_check(check_id: str) -> Callable[..., Outcome]:
    def check(res: dict, ds: dict, inp: Inputs) -> Outcome:
        if resource_format(res) not in TABULAR_FORMATS:
            return Outcome(None)
        report = inp.structure.get(res.get("id") or "")
        if report is None:
            return Outcome(0.0, (f"{resource_label(res)}: not read",))
        if report.error:
            return Outcome(0.0, (f"{resource_label(res)}: {report.error}",))
        if check_id == YEARS:
            return years_outcome(resource_label(res), report.years, ds)
        result = report.checks.get(check_id)
        if result is None or result.ok:
            return Outcome(1.0)
        return Outcome(
            0.0,
            tuple(f"{resource_label(res)}: {d}" for d in result.details) or (resource_label(res),),
        )

    check.__name__ = f"check_structure_{check_id}"
    return check
