"""The ``files`` figure of ``make bench``: the peak RSS of a real ``ckan jobs worker`` assessing
the bomb files of :mod:`bench.bombs` (uploaded to a dataset each), against the 512 MB goal; the
baseline is the same worker on one tidy CSV.

``python bench/filebench.py enqueue --ini INI FILE...`` (run by :func:`fig_files` in its own
process): one dataset per file with the file uploaded, a dataset assessment run queued for
each; ``python bench/filebench.py findings --ini INI ID...``: how many of them are the finding
"file too large to check".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

GOAL_MB = 512
TIDY = os.path.join(ROOT, "tests", "assessment", "data", "penduduk_kecamatan_2023.csv")


def _enqueue(ini: str, paths: list[str]) -> list[str]:
    import io

    import ckan.plugins.toolkit as tk
    from werkzeug.datastructures import FileStorage

    from bench.worker import load, sysadmin

    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from satudata_testing import complete_dataset_fields

    load(ini)
    tk.config["ckan.max_resource_size"] = 200  # the 100 MB line goes in like any upload
    ctx = {"user": sysadmin()}
    org = "bench-bomb-files"
    try:
        tk.get_action("organization_show")(dict(ctx), {"id": org})
    except tk.ObjectNotFound:
        tk.get_action("organization_create")(
            dict(ctx),
            {"name": org, "title": "Bench bomb files", "agency_code": org, "agency_type": "dinas"},
        )
    ids = []
    for path in paths:
        name = "bench-bomb-" + os.path.basename(path).replace(".", "-").replace("_", "-")
        try:
            tk.get_action("dataset_purge")(dict(ctx), {"id": name})
        except tk.ObjectNotFound:
            pass
        pkg = tk.get_action("package_create")(
            dict(ctx),
            {
                "name": name,
                "title": os.path.basename(path),
                "owner_org": org,
                **complete_dataset_fields(resources=[]),
            },
        )
        with open(path, "rb") as f:
            upload = FileStorage(io.BytesIO(f.read()), os.path.basename(path))
        tk.get_action("resource_create")(
            dict(ctx),
            {
                "package_id": pkg["id"],
                "name": os.path.basename(path),
                "upload": upload,
                "format": path.rsplit(".", 1)[1].upper(),
                "description": "Tabel",
                "data_period": "2023",
                "language": "id",
                "columns_description": "kecamatan, jumlah",
            },
        )
        tk.get_action("satudata_assessment_run")(dict(ctx), {"scope": "dataset", "id": pkg["id"]})
        ids.append(pkg["id"])
    return ids


def _findings(ini: str, ids: list[str]) -> int:
    import ckan.plugins.toolkit as tk

    from bench.worker import load, sysadmin

    load(ini)
    n = 0
    for dataset_id in ids:
        shown = tk.get_action("satudata_assessment_show")(
            {"user": sysadmin()}, {"dataset_id": dataset_id, "lang": "en"}
        )
        reasons = [
            r.get("reason") or ""
            for r in shown["results"]
            if r["indicator_id"].startswith("struct_")
        ]
        n += bool(reasons) and all("file too large to check" in r for r in reasons)
    return n


def _step(ini: str, *args: str) -> dict:
    py = os.path.join(ROOT, ".venv", "bin", "python")
    env = dict(os.environ, PYTHONPATH=ROOT, CKAN_INI=ini)
    out = subprocess.run(
        [py, os.path.abspath(__file__), *args, "--ini", ini],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError(f"filebench {args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _worker_peak_mb(ini: str) -> float:
    from bench import bombs

    ckan = os.path.join(ROOT, ".venv", "bin", "ckan")
    rc, kb = bombs.peak_rss_kb(
        [ckan, "-c", ini, "jobs", "worker", "--burst"],
        env=dict(os.environ, PYTHONPATH=ROOT, CKAN_INI=ini),
        cwd=ROOT,
    )
    if rc != 0:
        raise RuntimeError(f"the worker exited with {rc}")
    return kb / 1024


def fig_files(probe: dict, INI: str, WORK: str, Figure) -> list:
    """The figure, built with bench/run.py's ``Figure`` on its ini and work directory."""
    from bench import bombs

    name = (
        "worker peak RSS assessing bomb uploads (XLSX 20M-cell row, lying zip header, "
        "16384-column range; CSV 100 MB line)"
    )
    if not probe["actions"].get("satudata_assessment_run"):
        return [Figure(name, why="action satudata_assessment_run is not registered")]
    files = bombs.build_all(os.path.join(WORK, "bombs"))
    base_ids = _step(INI, "enqueue", TIDY)["ids"]
    base = _worker_peak_mb(INI)
    ids = _step(INI, "enqueue", *files.values())["ids"]
    peak = _worker_peak_mb(INI)
    found = _step(INI, "findings", *ids)["findings"]
    ok_base = _step(INI, "findings", *base_ids)["findings"] == 0
    ok = peak <= GOAL_MB and found == len(ids) and ok_base
    # the goal is absolute (MB); the ratio printed is the peak to the tidy file's
    return [
        Figure(
            name + " (ratio = peak / tidy CSV's)",
            peak,
            base,
            "MB",
            peak / base,
            f"<= {GOAL_MB} MB",
            ok,
            detail={"findings": found, "files": len(ids)},
            note=f"{found}/{len(ids)} files the finding 'file too large to check'",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("enqueue", "findings"))
    parser.add_argument("args", nargs="*")
    parser.add_argument("--ini", required=True)
    opts = parser.parse_args()
    if opts.step == "enqueue":
        print(json.dumps({"ids": _enqueue(opts.ini, opts.args)}))
    else:
        print(json.dumps({"findings": _findings(opts.ini, opts.args)}))


if __name__ == "__main__":
    main()
