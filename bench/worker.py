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

from bench.worker_session import load, sysadmin  # noqa: E402  (after the path insert above)
from bench.worker_steps_runs import step_assess, step_epss, step_round, step_token  # noqa: E402

# main() finds each step by name; bench/filebench.py imports load and sysadmin from here
__all__ = ["load", "main", "step_assess", "step_epss", "step_round", "step_token", "sysadmin"]


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
