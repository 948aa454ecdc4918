"""What every figure of make bench uses: the paths, a Figure and its goal check, the worker
subprocess (bench/worker.py), ini variants, the portal built once, a served CKAN.

``WORK`` (where a run's files go) is set by bench/run.py's ``--work`` before any figure runs."""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

INI = os.path.join(ROOT, "bench", "bench.ini")
WORK = os.path.join(ROOT, ".data", "bench")
PY = os.path.join(ROOT, ".venv", "bin", "python")
CKAN = os.path.join(ROOT, ".venv", "bin", "ckan")
DOCS = os.path.join(ROOT, "docs", "benchmarks.md")


@dataclass
class Figure:
    name: str
    value: float | None = None
    baseline: float | None = None
    unit: str = ""
    ratio: float | None = None
    goal: str = ""  # e.g. "<= 1.10"
    ok: bool | None = None
    why: str = ""  # not measured: why
    detail: dict = field(default_factory=dict)
    note: str = ""  # what explains the figure, printed after it

    def line(self) -> str:
        if self.value is None:
            return f"{self.name}: not measured: {self.why}"
        if not self.goal:  # a time printed for the record, with no baseline or goal
            note = f"; {self.note}" if self.note else ""
            return f"{self.name}: {self.value:.4g} {self.unit} (no goal: time printed){note}"
        verdict = "OK" if self.ok else "MISSED"
        base = f" vs baseline {self.baseline:.4g} {self.unit}" if self.baseline is not None else ""
        note = f"; {self.note}" if self.note else ""
        return (
            f"{self.name}: {self.value:.4g} {self.unit}{base} -> ratio {self.ratio:.4g} "
            f"(goal {self.goal}) {verdict}{note}"
        )


def check(ratio: float, goal: str) -> bool:
    op, num = goal.split()
    return ratio <= float(num) if op == "<=" else ratio >= float(num)


def worker(step: str, ini: str = INI, *args: str, env: dict | None = None) -> dict:
    cmd = [PY, os.path.join(ROOT, "bench", "worker.py"), step, "--ini", ini, *args]
    e = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, WORK]), CKAN_INI=ini)
    e.update(env or {})
    proc = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"bench step {step} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ini_variant(name: str, replace: dict[str, str]) -> str:
    """A copy of bench.ini with some ``key = value`` lines replaced."""
    with open(INI, encoding="utf-8") as f:
        text = f.read()
    for key, value in replace.items():
        text, n = re.subn(rf"(?m)^{re.escape(key)} = .*$", f"{key} = {value}", text)
        if not n:
            raise KeyError(key)
    text = text.replace("%(here)s/../.data", os.path.join(ROOT, ".data"))
    path = os.path.join(WORK, f"{name}.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def populate(size: int, builders: int) -> int:
    """Build the portal with ``builders`` processes in parallel (each a slice of datasets),
    with bench.ini minus what only slows a bulk load down: no lifecycle re-assessment jobs
    (the benchmark scores everything from scratch anyway), no default resource views, one Solr
    commit at the end instead of one per dataset."""
    ini = ini_variant(
        "populate", {"ckan.plugins": _plugins(), "ckan.site_url": "http://127.0.0.1:5077"}
    )
    ini = _with_options(
        ini,
        {
            "ckanext.satudata.assessment.lifecycle": "false",
            "ckan.views.default_views": "",
            "ckan.search.solr_commit": "false",
        },
    )
    cmd = [
        PY,
        os.path.join(ROOT, "bench", "worker.py"),
        "populate",
        "--ini",
        ini,
        "--datasets",
        str(size),
        "--seed",
        "0",
        "--parts",
        str(builders),
    ]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, WORK]), CKAN_INI=INI)
    created = 0
    first = subprocess.run(  # alone first: every tag exists afterwards
        [
            PY,
            os.path.join(ROOT, "bench", "worker.py"),
            "populate",
            "--ini",
            ini,
            "--datasets",
            str(min(size, 100)),
            "--seed",
            "0",
        ],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
    )
    if first.returncode != 0:
        raise RuntimeError(f"populate failed (exit {first.returncode})")
    created += json.loads(first.stdout.strip().splitlines()[-1])["created"]
    procs = [
        subprocess.Popen(
            cmd + ["--part", str(i)], cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE
        )
        for i in range(builders)
    ]
    for p in procs:
        out, _ = p.communicate()
        if p.returncode != 0:
            raise RuntimeError(f"populate part failed (exit {p.returncode})")
        created += json.loads(out.strip().splitlines()[-1])["created"]
    solr = os.environ.get("CKAN_SOLR_URL") or _ini_value(INI, "solr_url")
    urllib.request.urlopen(solr.rstrip("/") + "/update?commit=true", timeout=300).read()
    return created


def _plugins() -> str:
    return _ini_value(INI, "ckan.plugins")


def _ini_value(path: str, key: str) -> str:
    with open(path, encoding="utf-8") as f:
        m = re.search(rf"(?m)^{re.escape(key)} = (.*)$", f.read())
    return m.group(1).strip() if m else ""


def _with_options(path: str, options: dict[str, str]) -> str:
    """Add/replace options in [app:main] of an ini written by ini_variant."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for key, value in options.items():
        text, n = re.subn(rf"(?m)^{re.escape(key)} = .*$", f"{key} = {value}", text)
        if not n:
            text = text.replace("[app:main]\n", f"[app:main]\n{key} = {value}\n", 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def serve(ini: str, port: int) -> subprocess.Popen:
    log = open(os.path.join(ROOT, ".data", "log", f"bench-server-{port}.log"), "w")
    proc = subprocess.Popen(
        [CKAN, "-c", ini, "run", "-H", "127.0.0.1", "-p", str(port), "--disable-reloader"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=dict(os.environ, PYTHONPATH=ROOT),
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=2)
            return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError(f"bench server on {port} did not come up")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
