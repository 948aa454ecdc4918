"""One benchmark step in its own process (the plugin set is per process in CKAN), driven by
bench/run.py. ``python bench/worker.py STEP --ini INI [options]``; prints one JSON line last.

Steps:
  overhead   package_create then package_update of --ops generated datasets, each timed;
             the datasets are purged afterwards
  populate   build the portal (--datasets, 60 agencies) with bench.generator, skipping what exists
  floor      read every dataset's metadata straight from PostgreSQL (the assessment floor)
  probe      which of the plugin's actions, routes and profiles exist now
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def load(ini: str):
    """Load CKAN's config and app for ``ini``; returns the Flask app with a request context
    pushed (actions, validators and ``_()`` need one)."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    conf = load_config(ini)
    app = make_app(conf)
    flask_app = app._wsgi_app
    flask_app.test_request_context().push()
    return flask_app


def sysadmin() -> str:
    import ckan.plugins.toolkit as tk

    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def step_overhead(args: argparse.Namespace) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk
    from ckan import model

    from bench import generator

    user = sysadmin()
    orgs = generator.agencies(generator.AGENCY_COUNT)
    existing = {
        name
        for (name,) in model.Session.query(model.Group.name).filter(model.Group.state == "active")
    }
    names = [o["name"] for o in orgs]
    missing = [o for o in orgs if o["name"] not in existing]
    if missing:
        raise SystemExit(f"agencies missing ({len(missing)}); run the populate step first")
    pkgs = [generator.strip_csv(p) for p in generator.datasets(args.ops, names, seed=args.seed)]
    for p in pkgs:
        p["name"] = f"{args.prefix}-{p['name']}"[:100]
    # warm-up (first calls load schemas, templates, caches): not timed, then purged
    warm = dict(pkgs[0], name=f"{args.prefix}-warmup")
    tk.get_action("package_create")({"user": user}, dict(warm))
    create, update, ids = [], [], []
    for p in pkgs:
        t = time.perf_counter()
        created = tk.get_action("package_create")({"user": user}, dict(p))
        create.append(time.perf_counter() - t)
        ids.append(created["id"])
    for pid, p in zip(ids, pkgs):
        changed = dict(p, id=pid, notes=p["notes"] + " Diperbarui.")
        t = time.perf_counter()
        tk.get_action("package_update")({"user": user}, changed)
        update.append(time.perf_counter() - t)
    for name in [warm["name"]] + ids:
        tk.get_action("dataset_purge")({"user": user}, {"id": name})
    model.Session.remove()
    return {"create": create, "update": update}


def step_overhead_serve(args: argparse.Namespace) -> dict[str, Any]:
    """Paired measurement: prepare --ops datasets, then obey stdin lines ``create I``,
    ``update I`` (answering the seconds it took), ``purge``; bench/run.py alternates two of
    these processes (satudata, stock) operation by operation so that a busy machine slows
    both alike."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    from bench import generator

    user = sysadmin()
    names = [o["name"] for o in generator.agencies(generator.AGENCY_COUNT)]
    pkgs = [generator.strip_csv(p) for p in generator.datasets(args.ops, names, seed=args.seed)]
    for p in pkgs:
        p["name"] = f"{args.prefix}-{p['name']}"[:100]
    for (name,) in (
        model.Session.query(model.Package.name)
        .filter(  # leftovers of a crash
            model.Package.name.like(f"{args.prefix}-%")
        )
        .all()
    ):
        tk.get_action("dataset_purge")({"user": user}, {"id": name})
    warm = dict(pkgs[0], name=f"{args.prefix}-warmup")
    ids = {"warm": tk.get_action("package_create")({"user": user}, dict(warm))["id"]}
    print("ready", flush=True)
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "purge":
            for pid in ids.values():
                tk.get_action("dataset_purge")({"user": user}, {"id": pid})
            model.Session.remove()
            print("done", flush=True)
            break
        i = int(arg)
        t = time.perf_counter()
        if cmd == "create":
            ids[i] = tk.get_action("package_create")({"user": user}, dict(pkgs[i]))["id"]
        else:
            tk.get_action("package_update")(
                {"user": user}, dict(pkgs[i], id=ids[i], notes=pkgs[i]["notes"] + " Diperbarui.")
            )
        print(f"{time.perf_counter() - t:.6f}", flush=True)
    return {}


def step_populate(args: argparse.Namespace) -> dict[str, Any]:
    from bench import generator

    started = time.perf_counter()
    last = [started]

    def progress(i: int, n: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  populate: {i}/{n}", file=sys.stderr, flush=True)

    portal = generator.build_portal(
        args.datasets,
        seed=args.seed,
        user=sysadmin(),
        uploads=not args.no_uploads,
        progress=progress,
        part=args.part,
        parts=args.parts,
    )
    return {
        "created": portal.created,
        "datasets": portal.datasets,
        "seconds": time.perf_counter() - started,
    }


def step_floor(args: argparse.Namespace) -> dict[str, Any]:
    """What any assessment must at least do: read every active dataset with its extras and
    resources from PostgreSQL (one query per table, no per-dataset round trips)."""
    from ckan import model
    from sqlalchemy import text

    t = time.perf_counter()
    s = model.Session
    # CKAN 2.12 keeps the extras (every Satu Data field) in package.extras (jsonb)
    pkgs = s.execute(text("select * from package where state='active' and type='dataset'")).all()
    extras = [p for p in pkgs if p.extras]
    res = s.execute(
        text(
            "select r.* from resource r join package p on p.id=r.package_id "
            "where p.state='active' and r.state='active'"
        )
    ).all()
    elapsed = time.perf_counter() - t
    return {"datasets": len(pkgs), "extras": len(extras), "resources": len(res), "seconds": elapsed}


def step_probe(args: argparse.Namespace) -> dict[str, Any]:
    from importlib.metadata import entry_points

    import ckan.plugins.toolkit as tk

    actions = {}
    for name in (
        "satudata_assessment_run",
        "satudata_assessment_run_show",
        "satudata_assessment_list",
        "satudata_period_create",
        "satudata_period_list",
        "satudata_epss_worksheet_show",
    ):
        try:
            tk.get_action(name)
            actions[name] = True
        except Exception:
            actions[name] = False
    from flask import current_app

    rules = sorted(str(r.rule) for r in current_app.url_map.iter_rules())
    profiles = sorted(ep.name for ep in entry_points(group="ckan.rdf.profiles"))
    return {
        "actions": actions,
        "routes": [r for r in rules if r.startswith("/walidata")],
        "profiles": profiles,
    }


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step")
    parser.add_argument("--ini", required=True)
    parser.add_argument("--ops", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--prefix", default="bench")
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--no-uploads", action="store_true")
    parser.add_argument("--part", type=int, default=0)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args()
    load(args.ini)
    result = globals()[f"step_{args.step}"](args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
