"""make bench: each figure with its baseline measured in the same run and its ratio to the goal.

Prints one line per figure:

    <figure>: <value> vs <baseline> -> ratio <r> (goal <op> <goal>) OK|MISSED
    <figure>: not measured: <why>

and writes the run (machine, date, raw numbers) to .data/bench/last.json; ``--write-docs``
also rewrites the figures section of docs/benchmarks.md. Options: ``--only NAME`` (repeatable:
overhead, assessment, dashboards, dcat, files, epss), ``--datasets N`` (portal size, default 10000),
``--harvest N`` (datasets the stock harvester harvests, default 10000, 0: none;
``--no-reharvest`` leaves out the second run with nothing changed),
``--ops N`` (datasets per overhead round), ``--rounds N``, ``--work DIR`` (where the run's
files go, default .data/bench; the suite's smoke run uses a temporary one).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from bench import harness  # noqa: E402  (after the path insert above)
from bench.figures_assessment import fig_assessment, fig_epss  # noqa: E402
from bench.figures_overhead import fig_overhead  # noqa: E402
from bench.figures_pages import fig_dashboards, fig_dcat, fig_files  # noqa: E402
from bench.harness import DOCS, INI, Figure, populate, worker  # noqa: E402

# main() finds each group's figure function by name
__all__ = [
    "fig_assessment",
    "fig_dashboards",
    "fig_dcat",
    "fig_epss",
    "fig_files",
    "fig_overhead",
    "main",
]


# --------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


GROUPS = ("overhead", "dcat", "assessment", "dashboards", "files", "epss")


def write_docs(groups: dict[str, dict]) -> None:
    """Rewrite the figures block from the latest run of each group (.data/bench/group-*.json),
    each group with the date and machine of its own run."""
    for name in GROUPS:
        path = os.path.join(harness.WORK, f"group-{name}.json")
        if name not in groups and os.path.exists(path):
            with open(path) as f:
                groups[name] = json.load(f)
    lines = []
    for name in GROUPS:
        if name not in groups:
            continue
        meta = groups[name]["meta"]
        m = meta["machine"]
        lines += [
            f"{name} — run of {meta['date']} on {m['cpu']}, {m['cores']} cores, "
            f"{m['memory']} ({m['os']}, Python {m['python']}); portal of "
            f"{meta['datasets']} datasets, 60 agencies:",
            "",
            "```",
        ]
        lines += groups[name]["lines"]
        lines += ["```", ""]
    with open(DOCS, encoding="utf-8") as f:
        text = f.read()
    start, end = "<!-- figures:start -->", "<!-- figures:end -->"
    text = (
        text.split(start)[0]
        + start
        + "\n"
        + "\n".join(lines).rstrip()
        + "\n"
        + end
        + text.split(end)[1]
    )
    with open(DOCS, "w", encoding="utf-8") as f:
        f.write(text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--ops", type=int, default=60)
    parser.add_argument("--rounds-overhead", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--assessment-rounds", type=int, default=3)
    parser.add_argument("--builders", type=int, default=2)
    parser.add_argument("--harvest", type=int, default=10_000)
    # the re-harvest with nothing changed doubles the harvest's time (every dataset re-imported)
    parser.add_argument("--no-reharvest", dest="reharvest", action="store_false")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--work", default=harness.WORK)
    opts = parser.parse_args()
    harness.WORK = os.path.abspath(opts.work)
    os.makedirs(harness.WORK, exist_ok=True)
    # dcat after assessment: the catalog pages carry the assessment's DQV measurements
    wanted = opts.only or ["overhead", "assessment", "dcat", "dashboards", "files", "epss"]
    started = time.time()
    probe = worker("probe", INI)
    figures: list[Figure] = []
    by_group: dict[str, list[Figure]] = {}
    need_portal = {"assessment", "dashboards", "dcat", "epss"} & set(wanted)
    if need_portal or "overhead" in wanted:
        t = time.perf_counter()
        size = opts.datasets if need_portal else 0
        worker("populate", INI, "--datasets", "0", "--seed", "0")  # the agencies
        created = populate(size, opts.builders)
        print(
            f"(portal: {size} datasets, 60 agencies; {created} created in "
            f"{time.perf_counter() - t:.0f}s)",
            flush=True,
        )
    if "dashboards" in wanted and probe["actions"].get("satudata_period_create"):
        worker("round", INI)
    for name in wanted:
        fn = globals()[f"fig_{name}"]
        try:
            got = fn(opts) if name == "overhead" else fn(opts, probe)
        except RuntimeError as error:
            got = [Figure(name, why=f"the run failed: {str(error).strip().splitlines()[-1]}")]
        for f in got:
            print(f.line(), flush=True)
        figures.extend(got)
        by_group[name] = got
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "datasets": opts.datasets,
        "seconds": round(time.time() - started),
    }
    with open(os.path.join(harness.WORK, "last.json"), "w") as f:
        json.dump(
            {"meta": meta, "probe": probe, "figures": [f.__dict__ for f in figures]}, f, indent=1
        )
    groups = {}
    for name, got in by_group.items():
        groups[name] = {
            "meta": meta,
            "lines": [f.line() for f in got],
            "figures": [f.__dict__ for f in got],
        }
        with open(os.path.join(harness.WORK, f"group-{name}.json"), "w") as f:
            json.dump(groups[name], f, indent=1)
    if opts.write_docs:
        write_docs(groups)
    print(f"(bench run took {meta['seconds']}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
