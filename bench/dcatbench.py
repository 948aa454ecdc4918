"""The ``dcat`` figures of ``make bench``, over HTTP against a ``ckan run`` of bench.ini on a free
port, the way a harvester meets the portal (anonymous, so only public datasets):

- a cold catalog page of 100 datasets (``/catalog.ttl?page=1``: no validator sent, so a full
  serialisation; the feeds keep no server-side copy) with ``euro_dcat_ap_3 satudata`` against the
  same page with stock ``euro_dcat_ap_3`` alone (``&profiles=euro_dcat_ap_3``), same server,
  same data, interleaved rounds; goal <= 1.5;
- the revalidation of that page (``If-None-Match`` with its ETag, answered 304) against the
  stock page's full answer; goal <= 0.05;
- a full harvest by a STOCK CKAN (ckanext-harvest's ``dcat_rdf``, ``euro_dcat_ap_3``; the
  virtualenv of tests/dcat/harvester.py, its own database ``satudata_bench_harvester``) of
  ``--harvest N`` public datasets, its stages driven by tests/dcat/harvest_driver.py: time
  printed, no goal; then a re-harvest with nothing changed.

``helpers`` is bench/run.py's toolbox (Figure, serve, stop, ini_variant, median, check, WORK).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = "/catalog.ttl?page=1"
STOCK = PAGE + "&profiles=euro_dcat_ap_3"
NAME = "DCAT catalog page of 100 datasets"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, headers: dict | None = None) -> tuple[int, float, bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            body, status, got = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        body, status, got = error.read(), error.code, dict(error.headers)
    return status, time.perf_counter() - t, body, got


def _page_facts(body: bytes) -> dict:
    import rdflib

    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    dqv = rdflib.URIRef("http://www.w3.org/ns/dqv#QualityMeasurement")
    dataset = rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")
    datasets = len(set(graph.subjects(rdflib.RDF.type, dataset)))
    measurements = len(set(graph.subjects(rdflib.RDF.type, dqv)))
    return {"triples": len(graph), "datasets": datasets, "measurements": measurements}


def page_figures(base: str, rounds: int, h: Any) -> list:
    status, _, first, headers = fetch(base + PAGE)
    stock_status, _, stock_first, _ = fetch(base + STOCK)
    if status != 200 or stock_status != 200:
        why = f"{PAGE} answered {status}, {STOCK} answered {stock_status}"
        return [h.Figure(f"{NAME}, cold", why=why), h.Figure(f"{NAME}, revalidated", why=why)]
    etag = headers.get("ETag")
    times: dict[str, list[float]] = {"ours": [], "stock": [], "304": []}
    statuses = set()
    for _ in range(rounds):
        for key, url, sent in (
            ("ours", PAGE, {}),
            ("stock", STOCK, {}),
            ("304", PAGE, {"If-None-Match": etag} if etag else {}),
        ):
            got, seconds, _, _ = fetch(base + url, sent)
            times[key].append(seconds)
            if key == "304":
                statuses.add(got)
    ours, stock, revalidated = (h.median(times[k]) for k in ("ours", "stock", "304"))
    facts, stock_facts = _page_facts(first), _page_facts(stock_first)
    per = facts["measurements"] / max(facts["datasets"], 1)
    cold_ratio = ours / stock
    figures = [
        h.Figure(
            f"{NAME}, cold, euro_dcat_ap_3 satudata vs euro_dcat_ap_3 (HTTP)",
            ours * 1000,
            stock * 1000,
            "ms",
            cold_ratio,
            "<= 1.5",
            h.check(cold_ratio, "<= 1.5"),
            detail={"seconds": times, "facts": {"satudata": facts, "stock": stock_facts}},
            note=(
                f"triples {facts['triples']} vs {stock_facts['triples']} "
                f"({facts['triples'] / stock_facts['triples']:.2f}x), {facts['datasets']} "
                f"datasets, {per:.1f} DQV measurements per dataset"
            ),
        )
    ]
    if statuses != {304}:
        why = f"the revalidation answered {sorted(statuses)} (ETag {etag!r}), not 304"
        return figures + [h.Figure(f"{NAME}, revalidated", why=why)]
    ratio = revalidated / stock
    figures.append(
        h.Figure(
            f"{NAME}, revalidated (304) vs the euro_dcat_ap_3 page (HTTP)",
            revalidated * 1000,
            stock * 1000,
            "ms",
            ratio,
            "<= 0.05",
            h.check(ratio, "<= 0.05"),
        )
    )
    return figures


# --------------------------------------------------------------------------- stock harvest


def _stock_harvester(work: str) -> dict:
    """The stock harvester's ini and environment (tests/dcat/harvester.py's template) on the
    bench's own database and site id (its Solr documents are apart from the tests' by site id)."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from dcat.dcat_fixtures import LOGGING
    from dcat.harvester import DRIVER, INI, STOCK_PLUGINS, VENV, harvester_env

    setup = subprocess.run(
        [os.path.join(ROOT, "scripts", "harvester-setup")], capture_output=True, text=True
    )
    if setup.returncode != 0:
        raise RuntimeError(f"scripts/harvester-setup failed: {setup.stderr[-2000:]}")
    pg = os.environ.get("SATUDATA_PG_PORT", "5432")
    solr = os.environ.get("SATUDATA_SOLR_PORT", "8983")
    redis = os.environ.get("SATUDATA_REDIS_PORT", "6379")
    folder = os.path.join(work, "stock-harvester")
    os.makedirs(folder, exist_ok=True)
    urls = {
        "site_url": f"http://127.0.0.1:{free_port()}",
        "db_url": f"postgresql://ckan_default:pass@127.0.0.1:{pg}/satudata_bench_harvester",
        "solr_url": f"http://127.0.0.1:{solr}/solr/ckan_harvester",
        "redis_url": f"redis://127.0.0.1:{redis}/8",
    }
    text = INI.format(
        folder=folder,
        redis_port=redis,
        redis_db=8,
        site_id="satudata_bench_harvester",
        plugins=STOCK_PLUGINS,
        extra="",
        **urls,
    )
    ini = os.path.join(folder, "harvester.ini")
    with open(ini, "w", encoding="utf-8") as stream:
        stream.write(text + LOGGING)
    env = harvester_env(ini=ini, **urls)
    return {"ini": ini, "env": env, "venv": VENV, "driver": DRIVER}


def _stock(harvester: dict, *args: str, driver: bool = False) -> dict | str:
    cmd = (
        [os.path.join(harvester["venv"], "bin", "python"), harvester["driver"], harvester["ini"]]
        if driver
        else [os.path.join(harvester["venv"], "bin", "ckan"), "-c", harvester["ini"]]
    )
    done = subprocess.run([*cmd, *args], env=harvester["env"], capture_output=True, text=True)
    if done.returncode != 0 or (driver and "@@RESULT@@" not in done.stdout):
        raise RuntimeError(f"stock harvester {args[0]} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.rsplit("@@RESULT@@", 1)[1]) if driver else done.stdout


def _source_url(base: str, wanted: int) -> tuple[str, int]:
    """The catalog URL holding the first ``wanted`` public datasets by name (all of them when
    the portal has no more), and how many that is."""
    query = urllib.parse.urlencode(
        {"q": "*:*", "sort": "name asc", "rows": 1, "start": max(wanted - 1, 0)}
    )
    status, _, body, _ = fetch(f"{base}/api/3/action/package_search?{query}")
    if status != 200:
        raise RuntimeError(f"package_search answered {status}")
    result = json.loads(body)["result"]
    if result["count"] <= wanted or not result["results"]:
        return base + "/catalog.ttl", result["count"]
    last = result["results"][0]["name"]
    return base + "/catalog.ttl?" + urllib.parse.urlencode({"fq": f'name:[* TO "{last}"]'}), wanted


def harvest_figure(base: str, wanted: int, work: str, h: Any, reharvest: bool = True) -> Any:
    name = "stock harvest (dcat_rdf, euro_dcat_ap_3) of the portal's catalog"
    harvester = _stock_harvester(work)
    for args in (
        ("db", "clean", "--yes"),
        ("db", "init"),
        ("db", "upgrade", "-p", "harvest"),
        ("search-index", "clear"),
    ):
        _stock(harvester, *args)
    url, count = _source_url(base, wanted)
    if not count:
        return h.Figure(name, why="the portal has no public dataset")
    source = _stock(
        harvester,
        "source",
        "bench",
        url,
        "dcat_rdf",
        json.dumps({"rdf_format": "text/turtle"}),
        driver=True,
    )
    t = time.perf_counter()
    first = _stock(harvester, "run", source["id"], driver=True)
    seconds = time.perf_counter() - t
    again, again_seconds = {"objects": [], "gather_errors": []}, None
    if reharvest:
        t = time.perf_counter()
        again = _stock(harvester, "run", source["id"], driver=True)
        again_seconds = time.perf_counter() - t
    errors = [o for o in first["objects"] + again["objects"] if o["errors"]]
    errors += first["gather_errors"] + again["gather_errors"]
    added = sum(o["report_status"] == "added" for o in first["objects"])
    updated = sum(o["report_status"] == "updated" for o in again["objects"])
    if errors or added != count:
        why = f"{added} of {count} added; errors: {str(errors)[:500]}"
        return h.Figure(f"stock harvest of {count} datasets", why=why)
    stages = first.get("seconds") or {}
    return h.Figure(
        f"stock harvest (dcat_rdf, euro_dcat_ap_3) of {count} datasets, full",
        seconds,
        unit="s",
        detail={"first": stages, "again": again.get("seconds"), "source": url},
        note=(
            f"gather {stages.get('gather', 0):.1f} s, fetch and import "
            f"{stages.get('fetch_import', 0):.1f} s ({count / seconds:.1f} datasets/s); "
            + (
                f"re-harvest with nothing changed {again_seconds:.1f} s ({updated} re-imported: "
                "the stock import stage runs package_update on every dataset it finds again)"
                if reharvest
                else "no re-harvest (--no-reharvest)"
            )
        ),
    )


def figures(opts: Any, probe: dict, h: Any) -> list:
    if "satudata" not in probe["profiles"]:
        why = (
            "RDF profile 'satudata' is not registered (ckan.rdf.profiles entry point missing: "
            "the dcat capability has not landed)"
        )
        return [h.Figure(NAME, why=why)]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    ini = h.ini_variant("dcat-http", {"ckan.site_url": base, "ckanext.dcat.base_uri": base})
    server = h.serve(ini, port)
    try:
        out = page_figures(base, opts.rounds, h)
        if opts.harvest:
            try:
                out.append(
                    harvest_figure(base, opts.harvest, h.WORK, h, getattr(opts, "reharvest", True))
                )
            except RuntimeError as error:
                out.append(h.Figure("stock harvest", why=str(error).strip().splitlines()[-1]))
    finally:
        h.stop(server)
    return out
