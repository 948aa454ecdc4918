"""make bench: each figure with its baseline measured in the same run and its ratio to the goal.

Prints one line per figure:

    <figure>: <value> vs <baseline> -> ratio <r> (goal <op> <goal>) OK|MISSED
    <figure>: not measured: <why>

and writes the run (machine, date, raw numbers) to .data/bench/last.json; ``--write-docs``
also rewrites the figures section of docs/benchmarks.md. Options: ``--only NAME`` (repeatable:
overhead, assessment, dashboards, dcat, files, epss), ``--datasets N`` (portal size, default 10000),
``--harvest N`` (datasets the stock harvester harvests, default 10000, 0: none),
``--ops N`` (datasets per overhead round), ``--rounds N``, ``--work DIR`` (where the run's
files go, default .data/bench; the suite's smoke run uses a temporary one).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from bench import baseline, filebench  # noqa: E402  (after the path insert above)

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


# --------------------------------------------------------------------------- figures


def fig_overhead(opts: argparse.Namespace) -> list[Figure]:
    pkg = baseline.write(WORK)
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
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, WORK]))
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


def fig_assessment(opts: argparse.Namespace, probe: dict) -> list[Figure]:
    name = f"full assessment of {opts.datasets} datasets / 60 agencies on RQ"
    if not probe["actions"].get("satudata_assessment_run"):
        return [
            Figure(
                name,
                why="action satudata_assessment_run is not registered yet "
                "(assessment capability has not landed)",
            )
        ]
    floor = worker("floor", INI)
    # the portal may hold more datasets than --datasets (built by an earlier, larger run)
    name = f"full assessment of {floor['datasets']} datasets / 60 agencies on RQ"
    floor_rate = floor["datasets"] / floor["seconds"]
    figures = []
    cold_rates: dict[int, float] = {}
    ini = chunked_ini(floor["datasets"], opts.workers)
    # from scratch (the structure reports of the CSVs cached in Redis dropped first), then
    # again at once (files unchanged: the routine re-run the walidata presses the button for)
    for cold in (True, False):
        out = run_assessment(opts, cold, ini=ini)
        if cold and "error" not in out:
            cold_rates[opts.workers] = out["datasets"] / out["seconds"]
        label = name + (", from scratch" if cold else ", re-run with files unchanged")
        if "error" in out:
            figures.append(Figure(label, why=out["error"]))
            continue
        rate = out["datasets"] / out["seconds"]
        # the goal is absolute (datasets/s); the ratio printed is the run's rate to the floor's
        figures.append(
            Figure(
                label + " (ratio = rate / PostgreSQL floor)",
                rate,
                floor_rate,
                "datasets/s",
                rate / floor_rate,
                ">= 300 datasets/s",
                rate >= 300,
                detail={"run": out, "floor": floor},
            )
        )
    figures.append(scale_out(opts, name, cold_rates, ini))
    return figures


def chunked_ini(datasets: int, workers: int) -> str:
    """bench.ini with a chunk size that gives every worker several chunks: the portal's 500 for
    10,000 datasets (20 chunks), smaller for the suite's small portal, so that the scale-out
    figure measures workers sharing a run at any size."""
    size = min(500, max(10, -(-datasets // (4 * max(1, workers)))))
    path = ini_variant("bench-assessment", {})
    return _with_options(path, {"ckanext.satudata.assessment.chunk_size": str(size)})


def scale_out(
    opts: argparse.Namespace, name: str, cold_rates: dict[int, float], ini: str
) -> Figure:
    """The same run from scratch on one worker: how much the second worker adds (2 cores)."""
    label = f"scale-out of the {name.removeprefix('full assessment of ')}, {opts.workers} RQ workers to 1"
    if opts.workers < 2 or opts.workers not in cold_rates:
        return Figure(label, why=f"needs --workers >= 2 and a finished run ({opts.workers} given)")
    out = run_assessment(opts, True, workers=1, ini=ini)
    if "error" in out:
        return Figure(label, why=out["error"])
    one = out["datasets"] / out["seconds"]
    many = cold_rates[opts.workers]
    ratio = many / one
    return Figure(
        label + " (ratio = rate with them / rate with 1, from scratch)",
        many,
        one,
        "datasets/s",
        ratio,
        ">= 1.6",
        ratio >= 1.6,
        detail={"run": out},
    )


def fig_epss(opts: argparse.Namespace, probe: dict) -> list[Figure]:
    name = "EPSS worksheet IPS with the portal's proposals"
    if not probe["actions"].get("satudata_epss_worksheet_show"):
        return [Figure(name, why="action satudata_epss_worksheet_show is not registered")]
    floor = worker("floor", INI)
    out = worker("epss", INI, "--rounds", str(opts.rounds))
    value = median(out["seconds"])
    # the goal is absolute (<= 1 s); the ratio printed is the time to the goal, the baseline
    # the floor of reading every dataset from PostgreSQL once
    return [
        Figure(
            f"{name}, {floor['datasets']} datasets / 60 agencies (median of "
            f"{len(out['seconds'])}; ratio = time / 1 s)",
            value,
            floor["seconds"],
            "s",
            value / 1.0,
            "<= 1 s",
            value <= 1.0,
            detail={"run": out, "floor": floor},
            note=f"IPS alone {1000 * median(out['ips_only_seconds']):.3g} ms",
        )
    ]


def run_assessment(
    opts: argparse.Namespace, cold: bool, workers: int | None = None, ini: str = INI
) -> dict:
    """Start ``workers`` (default --workers) ``ckan jobs worker`` processes, run the
    whole-portal assessment through the action, wait for the run to finish, stop them."""
    env = dict(os.environ, CKAN_INI=ini, PYTHONPATH=ROOT)
    log = open(os.path.join(ROOT, ".data", "log", "bench-worker.log"), "w")
    procs = [
        subprocess.Popen(
            [CKAN, "-c", ini, "jobs", "worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(workers or opts.workers)
    ]
    try:
        return worker(
            "assess", ini, "--datasets", str(opts.datasets), *(["--cold"] if cold else [])
        )
    except RuntimeError as error:
        return {"error": str(error).splitlines()[-1]}
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        log.close()


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
        WORK=WORK,
    )
    return dcatbench.figures(opts, probe, helpers)


def fig_files(opts: argparse.Namespace, probe: dict) -> list[Figure]:
    return filebench.fig_files(probe, INI, WORK, Figure)


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
        path = os.path.join(WORK, f"group-{name}.json")
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
    global WORK
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--ops", type=int, default=60)
    parser.add_argument("--rounds-overhead", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--builders", type=int, default=2)
    parser.add_argument("--harvest", type=int, default=10_000)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--work", default=WORK)
    opts = parser.parse_args()
    WORK = os.path.abspath(opts.work)
    os.makedirs(WORK, exist_ok=True)
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
    with open(os.path.join(WORK, "last.json"), "w") as f:
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
        with open(os.path.join(WORK, f"group-{name}.json"), "w") as f:
            json.dump(groups[name], f, indent=1)
    if opts.write_docs:
        write_docs(groups)
    print(f"(bench run took {meta['seconds']}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
