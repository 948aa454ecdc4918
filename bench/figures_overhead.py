"""The ``overhead`` figure of make bench: dataset create/update/show with this plugin against a stock
CKAN of the same ini (bench/baseline.py), measured in the same run."""

from __future__ import annotations

import argparse
import os
import subprocess

from bench import baseline, harness
from bench.harness import INI, PY, ROOT, Figure, check, ini_variant, median


def fig_overhead(opts: argparse.Namespace) -> list[Figure]:
    pkg = baseline.write(harness.WORK)
    stock = ini_variant(
        "baseline-stock",
        {
            "ckan.plugins": "scheming_datasets scheming_organizations dcat",
            "scheming.dataset_schemas": f"{pkg}:dataset.yaml",
            "scheming.organization_schemas": f"{pkg}:organization.yaml",
            "ckanext.dcat.rdf.profiles": "euro_dcat_ap_3",
        },
    )
    times: dict[str, dict[str, list[float]]] = {
        "satudata": {"create": [], "update": []},
        "stock": {"create": [], "update": []},
    }
    # Paired: one process per configuration, operations alternated one by one (and which
    # goes first alternated too), so load from elsewhere on the machine hits both alike.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, harness.WORK]))
    for r in range(opts.rounds_overhead):
        procs = {}
        for label, ini in (("satudata", INI), ("stock", stock)):
            procs[label] = subprocess.Popen(
                [
                    PY,
                    os.path.join(ROOT, "bench", "worker.py"),
                    "overhead_serve",
                    "--ini",
                    ini,
                    "--ops",
                    str(opts.ops),
                    "--seed",
                    str(100 + r),
                    "--prefix",
                    f"oh{r}{label[:2]}",
                ],
                cwd=ROOT,
                env=dict(env, CKAN_INI=ini),
                text=True,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=open(os.path.join(ROOT, ".data", "log", f"bench-overhead-{label}.log"), "w"),
            )
        for label, p in procs.items():
            while True:
                line = p.stdout.readline()
                if not line:
                    raise RuntimeError(f"overhead process {label} died")
                if line.strip() == "ready":
                    break
        for k in ("create", "update"):
            for i in range(opts.ops):
                order = ("satudata", "stock") if i % 2 == 0 else ("stock", "satudata")
                for label in order:
                    p = procs[label]
                    p.stdin.write(f"{k} {i}\n")
                    p.stdin.flush()
                    answer = p.stdout.readline().strip()
                    try:
                        times[label][k].append(float(answer))
                    except ValueError:
                        raise RuntimeError(f"overhead {label} {k} {i} failed: {answer!r}")
        for p in procs.values():
            p.stdin.write("purge\n")
            p.stdin.flush()
            p.stdout.readline()
            p.stdin.close()
            p.wait(timeout=120)
    figures = []
    for k in ("create", "update"):
        ours, base = median(times["satudata"][k]) * 1000, median(times["stock"][k]) * 1000
        ratio = ours / base
        paired = median([a / b for a, b in zip(times["satudata"][k], times["stock"][k])])
        figures.append(
            Figure(
                f"plugin overhead package_{k} (median of {len(times['satudata'][k])})",
                ours,
                base,
                "ms/op",
                ratio,
                "<= 1.10",
                check(ratio, "<= 1.10"),
                detail={
                    "median_of_paired_ratios": paired,
                    "satudata_ms": [round(x * 1000, 2) for x in times["satudata"][k]],
                    "stock_ms": [round(x * 1000, 2) for x in times["stock"][k]],
                },
            )
        )
    return figures
