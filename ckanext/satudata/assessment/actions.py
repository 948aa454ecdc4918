"""Actions of the assessment capability.

``satudata_assessment_run``       walidata: start a run (``scope``: ``portal`` | ``agency`` |
                                  ``dataset``, ``id`` of the agency or dataset) or ``resume`` one;
                                  returns the run id and its progress
``satudata_assessment_run_show``  walidata: progress and outcome of a run (default: the latest)
``satudata_assessment_show``      ``id``: a dataset's or an agency's id or name (``dataset_id`` and
                                  ``org_id`` still work) with its per-indicator results; a dataset
                                  for whoever may read it, an agency for its members and the walidata
``satudata_assessment_list``      walidata: the agency ranking of a run (default: the latest
                                  finished whole-portal run), with the change since the previous
``satudata_manual_indicator_set`` walidata: a manual EPSS indicator level of an agency, with an
                                  evidence note (``level`` empty withdraws it)
"""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.metadata.api import N_, limits, rules

from . import catalogue, manual, results, runs, settings, show_target
from .core import agency_score, epss, epss_reference, scoring
from .core import indicators as ind
from .epss_actions import actions as epss_actions
from .model import (
    AGENCY,
    DATASET,
    PORTAL,
    SCOPES,
    AgencyAssessment,
    AssessmentRun,
    DatasetAssessment,
    band_fields,
    iso,
)


def _org(ref: str) -> model.Group:
    org = model.Group.get(ref) if ref else None
    if org is None or not org.is_organization or org.state != "active":
        raise tk.ObjectNotFound(tk._("Agency not found"))
    return org


def _dataset(ref: str) -> model.Package:
    pkg = model.Package.get(ref) if ref else None
    if pkg is None or pkg.state != "active":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return pkg


def _run(run_id: str | None, scope: str | None = None) -> AssessmentRun:
    run = (
        model.Session.get(AssessmentRun, run_id)
        if run_id
        else results.latest_run(scope, finished=scope == PORTAL)
    )
    if run is None:
        raise tk.ObjectNotFound(tk._("Assessment run not found"))
    return run


def assessment_run(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_assessment_run", context, data_dict)
    if data_dict.get("resume"):
        run = _run(data_dict["resume"])
        n = runs.resume_run(run.id)
        return dict(results.run_summary(run), run_id=run.id, resumed_chunks=n)
    scope = data_dict.get("scope") or PORTAL
    if scope not in SCOPES:
        raise tk.ValidationError({"scope": [tk._("Choose portal, agency or dataset")]})
    target = None
    if scope == AGENCY:
        target = _org(data_dict.get("id") or "").id
    elif scope == DATASET:
        target = _dataset(data_dict.get("id") or "").id
    user = context.get("user")
    try:
        settings.config()
    except scoring.ConfigError as e:
        raise tk.ValidationError({"weights_file": [str(e)]})
    run = runs.create_run(scope, target, trigger=data_dict.get("trigger") or "walidata", user=user)
    model.Session.refresh(run)
    return dict(results.run_summary(run), run_id=run.id)


@tk.side_effect_free
def assessment_run_show(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_assessment_run_show", context, data_dict)
    return results.run_summary(_run(data_dict.get("id"), data_dict.get("scope")))


def _explain(results: list[dict], lang: str) -> list[dict]:
    from .core import static

    labels = static.field_labels()
    translate = catalogue.translator(lang)
    out = []
    for r in results:
        i = ind.BY_ID.get(r["indicator_id"])
        if i is None:
            continue
        item = dict(r)
        item.update(
            {
                "title": i.title.get(lang) or i.title["en"],
                "principle": i.principle,
                "epss": i.epss,
                "applies_to": i.applies_to,
                "precondition": i.precondition,
            }
        )
        if r["status"] in (scoring.FAIL, scoring.PARTIAL):
            item["reason"] = i.text("reason", lang, r.get("details") or (), labels, translate)
            item["fix"] = i.text("fix", lang)
        out.append(item)
    return out


def _cap_note(row: DatasetAssessment, lang: str) -> str:
    """Why the score is below its points (a precondition failed, or the data gate), or ""."""
    raw = 100 * row.earned / row.possible if row.possible else 0.0
    if row.score >= raw - 0.01:
        return ""
    _t = catalogue.translator(lang)
    failed = {
        r["indicator_id"]
        for r in row.results or []
        if r.get("status") in (scoring.FAIL, scoring.PARTIAL)
    }
    if failed & set(ind.PRECONDITIONS):
        why = _t(N_("a check that the dataset form guarantees failed"))
    else:
        why = _t(N_("too few of its CSV/XLSX files can be used as data"))
    return _t(N_("The score is capped at {cap:g} of {raw:.1f} points because {why}.")).format(
        cap=row.score, raw=raw, why=why
    )


def _lang(data_dict: dict) -> str:
    lang = data_dict.get("lang")
    if not lang:
        try:
            lang = tk.h.lang()
        except Exception:
            lang = "id"
    return "en" if str(lang).startswith("en") else "id"


@tk.side_effect_free
def assessment_show(context: dict, data_dict: dict) -> dict[str, Any]:
    target = show_target.target_of(data_dict)
    tk.check_access("satudata_assessment_show", context, data_dict)
    lang = _lang(data_dict)
    if target.kind == show_target.DATASET:
        pkg = _dataset(target.ref)
        if data_dict.get("run_id"):
            row = (
                model.Session.query(DatasetAssessment)
                .filter_by(run_id=data_dict["run_id"], dataset_id=pkg.id)
                .first()
            )
        else:
            row = results.latest_dataset(pkg.id)
        if row is None:
            raise tk.ObjectNotFound(tk._("This dataset has not been assessed yet"))
        out = row.as_dict()
        out["results"] = _explain(row.results or [], lang)
        out["band_name"] = settings.band_name(out["band"], row.score, lang)
        out["cap_note"] = _cap_note(row, lang)
        out["history"] = [
            {
                "run_id": r.run_id,
                "score": r.score,
                **band_fields(r.band, r.score, r.level),
                "assessed_at": iso(r.assessed_at),
            }
            for r in model.Session.query(DatasetAssessment)
            .filter(DatasetAssessment.dataset_id == pkg.id, DatasetAssessment.error.is_(None))
            .order_by(DatasetAssessment.assessed_at.desc())
            .limit(20)
        ]
        return out
    org = _org(target.ref)
    if data_dict.get("run_id"):
        row = (
            model.Session.query(AgencyAssessment)
            .filter_by(run_id=data_dict["run_id"], org_id=org.id)
            .first()
        )
    else:
        row = results.latest_agency(org.id)
    if row is None:
        raise tk.ObjectNotFound(tk._("This agency has not been assessed yet"))
    out = row.as_dict()
    out.update(
        {
            "org_name": org.name,
            "org_title": org.title or org.name,
            "band_name": settings.band_name(out["band"], row.score, lang),
        }
    )
    out["datasets_detail"] = [
        {
            "dataset_id": d.dataset_id,
            "name": d.dataset_name,
            "title": d.dataset_title,
            "score": d.score,
            **band_fields(d.band, d.score, d.level),
            "error": d.error,
            "misses": [
                {
                    "indicator_id": x["indicator_id"],
                    "status": x["status"],
                    "title": ind.BY_ID[x["indicator_id"]].title[lang],
                }
                for x in d.results or []
                if x["status"] in (scoring.FAIL, scoring.PARTIAL) and x["indicator_id"] in ind.BY_ID
            ],
        }
        for d in results.dataset_rows(row.run_id, org.id)
    ]
    out["manual"] = [m.as_dict() for m in manual.manual_for(org.id)]
    out["epss"] = [
        {
            "code": code,
            "name": epss_reference.indicator_name(code, lang, epss.BY_CODE[code].name),
            "evidence": value,
            "share": epss.BY_CODE[code].share,
        }
        for code, value in sorted((out.get("epss_evidence") or {}).items())
        if code in epss.BY_CODE
    ]
    out["indicators"] = [
        dict(
            rate,
            indicator_id=k,
            title=ind.BY_ID[k].title[lang],
            epss=ind.BY_ID[k].epss,
            fix=ind.BY_ID[k].fix[lang],
        )
        for k, rate in (out.get("indicator_rates") or {}).items()
        if k in ind.BY_ID
    ]
    return out


@tk.side_effect_free
def assessment_list(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_assessment_list", context, data_dict)
    run = _run(data_dict.get("run_id"), PORTAL)
    rows = results.ranking(run)
    sort = data_dict.get("sort") or "rank"
    if sort == "org_title":
        rows.sort(key=lambda r: r["org_title"].lower())
    elif sort in ("score", "change", "datasets", "missing_items", "band_rank"):
        rows.sort(key=lambda r: (r.get(sort) is None, -(r.get(sort) or 0)))
    return {"run": results.run_summary(run), "agencies": rows}


def manual_indicator_set(context: dict, data_dict: dict) -> dict[str, Any]:
    tk.check_access("satudata_manual_indicator_set", context, data_dict)
    org = _org(data_dict.get("org_id") or "")
    code = data_dict.get("epss_code")
    code = code.strip() if isinstance(code, str) else ""
    level = data_dict.get("level")
    level = None if level is None or (isinstance(level, str) and not level.strip()) else level
    evidence = data_dict.get("evidence")
    errors = {}
    if code not in epss.BY_CODE:
        errors["epss_code"] = [tk._("Unknown EPSS indicator")]
    elif code in agency_score.PEMDA_ONLY:
        errors["epss_code"] = [
            tk._(
                "This indicator is assessed once for the Pemda in the EPSS worksheet, not per agency"
            )
        ]
    elif code not in settings.ranking_policy().manual_codes:
        errors["epss_code"] = [
            tk._("This indicator is not entered per agency; the EPSS worksheet holds it")
        ]
    if level is not None:
        # a whole number 1-5: true, 1.5 or "2.0" are refused, never stored as 1 or 2
        level, problem = limits.check_int(level, 1, 5)
        if problem:
            errors["level"] = [tk._("Choose a level from 1 to 5")]
    problem = rules.check_text(evidence) if evidence is not None else None
    evidence = evidence.strip() if isinstance(evidence, str) else ""
    problem = problem or limits.check_field("manual_indicator", "evidence", evidence)
    if problem:
        errors["evidence"] = [problem.render(tk._)]
    elif not evidence:
        errors["evidence"] = [tk._("An evidence note is required")]
    if errors:
        raise tk.ValidationError(errors)
    row = manual.add_manual(org.id, code, level, evidence, context.get("user"))
    return row.as_dict()


def actions() -> dict:
    return {
        "satudata_assessment_run": assessment_run,
        "satudata_assessment_run_show": assessment_run_show,
        "satudata_assessment_show": assessment_show,
        "satudata_assessment_list": assessment_list,
        "satudata_manual_indicator_set": manual_indicator_set,
        **epss_actions(),
    }
