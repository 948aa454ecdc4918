"""``make bench`` end to end at a small size, so CI runs the benchmark harness on every change.

Nothing here asserts a speed (benchmarks measure, tests do not time): the test asserts that the
harness runs against the real services and prints every figure with its baseline, its ratio and
its goal. The figures of the run are printed (``pytest -s`` or a failure shows them); the
10,000-dataset figures are in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from satudata_testing import ROOT

pytestmark = pytest.mark.slow

NUMBER = r"[0-9.]+(?:e[+-]?[0-9]+)?"
FIGURE = re.compile(
    rf"^(?P<name>.+?): (?P<value>{NUMBER}) (?P<unit>\S+) vs baseline (?P<baseline>{NUMBER}) \S+ "
    rf"-> ratio (?P<ratio>{NUMBER}) \(goal (?P<op><=|>=) (?P<goal>{NUMBER})[^)]*\) "
    rf"(?P<verdict>OK|MISSED)"
)
# a time printed for the record (no baseline, no goal)
TIMED = re.compile(rf"^(?P<name>.+?): (?P<value>{NUMBER}) (?P<unit>\S+) \(no goal: time printed\)")
EXPECTED = (
    "plugin overhead package_create",
    "plugin overhead package_update",
    "DCAT catalog page of 100 datasets, cold",
    "DCAT catalog page of 100 datasets, revalidated (304)",
    "full assessment of",  # from scratch, then re-run: two lines
    "scale-out of the",  # the same run on 2 RQ workers and on 1
    "walidata dashboard deadlines",
    "walidata dashboard assessment ranking",
    "worker peak RSS assessing bomb uploads",
    "EPSS worksheet IPS with the portal's proposals",
)


def test_the_benchmark_prints_every_figure_against_its_goal(tmp_path):
    """Every figure against its goal; the stock harvest's time printed (its own size)."""
    work = tmp_path / "bench"
    proc = subprocess.run(
        [
            os.path.join(ROOT, "scripts", "bench"),
            # small: the harness, not the speed (the figures of 10,000 datasets are in the docs)
            "--datasets",
            "60",
            "--ops",
            "4",
            "--rounds-overhead",
            "1",
            "--rounds",
            "2",
            "--assessment-rounds",
            "1",
            "--harvest",
            "20",
            "--work",
            str(work),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=1200,
    )
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout[-4000:]
    lines = [
        line
        for line in proc.stdout.splitlines()
        if " -> ratio " in line or ": not measured: " in line or "(no goal: " in line
    ]
    assert not [line for line in lines if ": not measured: " in line], proc.stdout[-4000:]
    timed = [TIMED.match(line) for line in lines if "(no goal: " in line]
    assert all(timed) and len(timed) == 1, timed
    # the stock harvester's full harvest of the portal's first 20 public datasets
    assert timed[0]["name"].startswith("stock harvest (dcat_rdf, euro_dcat_ap_3) of 20 datasets")
    assert float(timed[0]["value"]) > 0 and timed[0]["unit"] == "s"
    figures = [FIGURE.match(line) for line in lines if "(no goal: " not in line]
    assert all(figures), [line for line, f in zip(lines, figures) if not f]
    names = [f["name"] for f in figures]
    for expected in EXPECTED:
        assert any(name.startswith(expected) for name in names), (expected, names)
    assert sum(name.startswith("full assessment of") for name in names) == 2
    for f in figures:
        ratio, value, baseline = float(f["ratio"]), float(f["value"]), float(f["baseline"])
        assert value > 0 and baseline > 0 and ratio > 0
        # the verdict is the ratio (or, for the assessment rate and the worker's memory, the
        # value itself) against the goal; the scale-out's goal is its ratio
        absolute = f["unit"] in ("datasets/s", "MB") and not f["name"].startswith("scale-out")
        measured = value if absolute else ratio
        goal = float(f["goal"])
        assert (f["verdict"] == "OK") == (measured <= goal if f["op"] == "<=" else measured >= goal)
    # the run's raw numbers are kept beside it, not over the developer's .data/bench
    last = json.loads((work / "last.json").read_text())
    assert len(last["figures"]) == len(lines)
    assert {p.name for p in work.glob("group-*.json")} == {
        "group-overhead.json",
        "group-dcat.json",
        "group-assessment.json",
        "group-dashboards.json",
        "group-files.json",
        "group-epss.json",
    }
