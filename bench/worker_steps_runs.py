"""Steps of bench/worker.py that drive runs on the built portal: an assessment run and its status,
a deadlines round, a sysadmin's API token, an EPSS run."""

from __future__ import annotations

import argparse
import time
from typing import Any

from bench.worker_session import sysadmin

FINISHED = {
    "done",
    "finished",
    "complete",
    "completed",
    "succeeded",
    "success",
    "failed",
    "error",
    "partial",
}


def run_status(run: dict) -> str:
    for key in ("status", "state", "outcome"):
        if isinstance(run.get(key), str):
            return run[key].lower()
    return ""


def step_assess(args: argparse.Namespace) -> dict[str, Any]:
    """The walidata's whole-portal run through ``satudata_assessment_run`` (jobs on the RQ
    workers bench/run.py started), polled with ``satudata_assessment_run_show`` until done."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    user = sysadmin()
    dropped = 0
    if args.cold:  # from scratch: forget the cached structure reports of the uploaded files
        from ckan.lib.redis import connect_to_redis

        redis = connect_to_redis()
        for key in redis.scan_iter(match="ckanext-satudata:assessment:*", count=1000):
            dropped += redis.delete(key)
    t = time.perf_counter()
    started = tk.get_action("satudata_assessment_run")({"user": user}, {})
    run_id = started.get("id") or started.get("run_id") if isinstance(started, dict) else started
    deadline = time.monotonic() + args.timeout
    run: dict = {}
    while time.monotonic() < deadline:
        model.Session.remove()
        run = tk.get_action("satudata_assessment_run_show")({"user": user}, {"id": run_id})
        if run_status(run) in FINISHED:
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - t
    if run_status(run) not in FINISHED:
        raise SystemExit(f"run {run_id} not finished after {args.timeout}s: {run}")
    return {
        "run_id": run_id,
        "status": run_status(run),
        "seconds": elapsed,
        "cold": bool(args.cold),
        "cache_keys_dropped": dropped,
        # what the run covered: the whole portal, which may hold more than --datasets
        "datasets": int(run.get("datasets_total") or args.datasets),
        "run": {k: v for k, v in run.items() if not isinstance(v, (list, dict))},
    }


def step_round(args: argparse.Namespace) -> dict[str, Any]:
    """A collection round for the deadlines dashboard: this year's period (cutoff 23 November)
    and 5 agreed items per agency, 3 of them delivered (linked to one of the agency's
    datasets), one returned with a note. Skipped when the period exists."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    from bench import generator

    user = {"user": sysadmin()}
    periods = tk.get_action("satudata_period_list")(dict(user), {})
    if any(p["name"] == "bench-round" for p in periods):
        return {"created": 0}
    year = time.gmtime().tm_year
    period = tk.get_action("satudata_period_create")(
        dict(user),
        {
            "name": "bench-round",
            "title": f"Pengumpulan Data {year}",
            "year": year,
            "opens": f"{year}-01-01",
            "cutoff": f"{year}-11-23",
            "input_close": f"{year}-12-08",
        },
    )
    created = 0
    for org in generator.agencies(generator.AGENCY_COUNT):
        group = model.Group.get(org["name"])
        ids = [
            pid
            for (pid,) in model.Session.query(model.Package.id)
            .filter(model.Package.owner_org == group.id, model.Package.state == "active")
            .limit(3)
        ]
        for j in range(5):
            item = tk.get_action("satudata_item_create")(
                dict(user),
                {
                    "period_id": period["id"],
                    "org_id": group.id,
                    "title": f"Data wajib {j + 1}",
                    "frequency": "tahunan",
                    "year_start": year - 1,
                    "year_end": year - 1,
                },
            )
            created += 1
            if j < len(ids):
                tk.get_action("satudata_item_transition")(
                    dict(user), {"id": item["id"], "action": "submit", "dataset_id": ids[j]}
                )
                if j == 2:
                    for action, notes in (
                        ("start_review", ""),
                        ("return", "Lengkapi satuan dan sumber data."),
                    ):
                        tk.get_action("satudata_item_transition")(
                            dict(user), {"id": item["id"], "action": action, "notes": notes}
                        )
    return {"created": created}


def step_token(args: argparse.Namespace) -> dict[str, Any]:
    """A sysadmin (the walidata) ``bench-admin`` and a fresh API token of it."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    site = sysadmin()
    user = model.User.get("bench-admin")
    if user is None:
        tk.get_action("user_create")(
            {"user": site, "ignore_auth": True},
            {
                "name": "bench-admin",
                "email": "bench-admin@bekasikab.go.id",
                "password": "bench-admin-password-1",
            },
        )
        user = model.User.get("bench-admin")
    user.sysadmin = True
    model.Session.commit()
    token = tk.get_action("api_token_create")(
        {"user": site, "ignore_auth": True}, {"user": "bench-admin", "name": "bench"}
    )["token"]
    return {"token": token}


def step_epss(args: argparse.Namespace) -> dict[str, Any]:
    """The walidata's EPSS worksheet of a year with all 38 levels entered, then
    ``satudata_epss_worksheet_show`` timed: the IPS with the portal's proposals (every
    agency's datasets and their latest assessment), and the IPS alone."""
    import ckan.plugins.toolkit as tk

    user = sysadmin()
    year = 2026
    try:
        tk.get_action("satudata_epss_worksheet_create")({"user": user}, {"year": year})
    except tk.ValidationError:
        pass  # kept from an earlier run
    show = tk.get_action("satudata_epss_worksheet_show")
    sheet = show({"user": user}, {"year": year, "proposals": False})
    for item in sheet["indicators"]:
        if item["level"] is None:
            tk.get_action("satudata_epss_entry_update")(
                {"user": user}, {"year": year, "code": item["code"], "level": 3}
            )
    full, alone = [], []
    for _ in range(args.rounds):
        t = time.perf_counter()
        sheet = show({"user": user}, {"year": year})
        full.append(time.perf_counter() - t)
        t = time.perf_counter()
        show({"user": user}, {"year": year, "proposals": False})
        alone.append(time.perf_counter() - t)
    held = sum(len((i["proposal"] or {}).get("held_back") or []) for i in sheet["indicators"])
    return {
        "seconds": full,
        "ips_only_seconds": alone,
        "ips": sheet["ips"]["ips_rounded"],
        "proposals": sum(1 for i in sheet["indicators"] if i["proposal"]),
        "held_back": held,
    }
