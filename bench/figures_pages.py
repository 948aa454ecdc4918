"""The figures of make bench that need a served CKAN or files: ``dashboards`` (timed pages),
``dcat`` (bench/dcatbench.py) and ``files`` (bench/filebench.py)."""

from __future__ import annotations

import argparse

from bench import filebench, harness
from bench.harness import INI, Figure, check, ini_variant, median, serve, stop


def fig_dashboards(opts: argparse.Namespace, probe: dict) -> list[Figure]:
    pages = [("deadlines", "/walidata/deadlines"), ("assessment ranking", "/walidata/assessment")]
    figures = []
    present = [(n, p) for n, p in pages if any(r.startswith(p) for r in probe["routes"])]
    for n, p in pages:
        if (n, p) not in present:
            figures.append(
                Figure(f"walidata dashboard {n} ({p})", why=f"route {p} is not registered yet")
            )
    if not present:
        return figures
    from bench.pages import timed_pages

    server = serve(INI, 5077)
    try:
        result = timed_pages(
            "http://127.0.0.1:5077", INI, [p for _, p in present], "/dataset", rounds=opts.rounds
        )
    finally:
        stop(server)
    base = median(result["/dataset"])
    for n, p in present:
        if result.get(p) is None:
            figures.append(Figure(f"walidata dashboard {n} ({p})", why=result["errors"][p]))
            continue
        ours = median(result[p])
        ratio = ours / base
        figures.append(
            Figure(
                f"walidata dashboard {n} ({p}) vs /dataset",
                ours * 1000,
                base * 1000,
                "ms",
                ratio,
                "<= 1.0",
                check(ratio, "<= 1.0"),
            )
        )
    return figures


def fig_dcat(opts: argparse.Namespace, probe: dict) -> list[Figure]:
    from types import SimpleNamespace

    from bench import dcatbench

    helpers = SimpleNamespace(
        Figure=Figure,
        serve=serve,
        stop=stop,
        ini_variant=ini_variant,
        median=median,
        check=check,
        WORK=harness.WORK,
    )
    return dcatbench.figures(opts, probe, helpers)


def fig_files(opts: argparse.Namespace, probe: dict) -> list[Figure]:
    return filebench.fig_files(probe, INI, harness.WORK, Figure)
