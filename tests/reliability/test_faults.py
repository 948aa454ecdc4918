"""Faults, each against a throwaway Solr or Redis of its own (never the shared services other
tests use) and a ``ckan run`` pointed at it:

- Solr stopped during a submission: the user gets a clear error, PostgreSQL holds no
  half-saved dataset, and both a retry and ``ckan search-index rebuild`` leave no drift between
  PostgreSQL and Solr;
- Redis stopped: the dataset still saves, and its pending re-assessment is not lost: it runs
  once Redis is back;
- the worker killed (SIGKILL) in the middle of a whole-portal assessment: the run's status says
  what happened, and resuming it finishes it without counting a dataset twice.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import requests

from .conftest import ROOT, complete_dataset_fields, free_port, own_server

pytestmark = pytest.mark.slow
LOG = os.path.join(ROOT, ".data", "log")


class ThrowawaySolr:
    """Solr 9 from services/solr (same launcher and layout as scripts/services), one core."""

    def __init__(self, name: str):
        self.port = free_port()
        self.home = os.path.join(ROOT, ".data", "reliability", f"solr-{name}")
        self.core = "ckan"
        self.url = f"http://127.0.0.1:{self.port}/solr/{self.core}"
        self.process = None
        shutil.rmtree(self.home, ignore_errors=True)
        import ckan

        schema = os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml")
        conf = os.path.join(self.home, self.core, "conf")
        os.makedirs(conf)
        shutil.copy(os.path.join(ROOT, "services", "solr", "conf", "solr.xml"), self.home)
        shutil.copy(schema, conf)
        shutil.copy(os.path.join(ROOT, "services", "solr", "conf", "solrconfig.xml"), conf)
        for f in ("protwords.txt", "synonyms.txt", "stopwords.txt"):
            open(os.path.join(conf, f), "w").close()
        with open(os.path.join(self.home, self.core, "core.properties"), "w") as f:
            f.write(f"name={self.core}\n")

    def start(self) -> ThrowawaySolr:
        target = os.path.join(ROOT, "services", "solr", "target")
        log = open(os.path.join(LOG, f"reliability-solr-{self.port}.log"), "a")
        self.process = subprocess.Popen(
            [
                "java",
                "-Xms128m",
                "-Xmx512m",
                f"-Dsolr.log.dir={LOG}",
                f"-Dsolr.install.dir={self.home}",
                "-cp",
                f"{target}/lib/*:{target}/classes",
                "SatudataSolr",
                self.home,
                str(self.port),
            ],
            cwd=self.home,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if (
                    requests.get(self.url + "/admin/ping?wt=json", timeout=2).json()["status"]
                    == "OK"
                ):
                    return self
            except (requests.RequestException, ValueError, KeyError):
                pass
            assert self.process.poll() is None, "the throwaway Solr died on start"
            time.sleep(0.5)
        raise RuntimeError("the throwaway Solr did not come up")

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.process = None

    def ids(self, owner_org: str) -> set[str]:
        response = requests.get(
            self.url + "/select",
            timeout=30,
            params={
                "q": "*:*",
                "fq": f"+owner_org:{owner_org} +entity_type:package",
                "fl": "id",
                "rows": 1000,
                "wt": "json",
            },
        ).json()
        return {d["id"] for d in response["response"]["docs"]}


class ThrowawayRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> ThrowawayRedis:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(80):
            out = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            if out.stdout.strip() == "PONG":
                return self
            time.sleep(0.25)
        raise RuntimeError("the throwaway Redis did not come up")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


@pytest.fixture(scope="module")
def fault_world(world):
    """An agency of its own with an editor and a sysadmin token (the module's ``world``)."""
    from ckan.tests import factories

    org = factories.Organization(
        name="fault-agency",
        title="Instansi Gangguan",
        agency_code="fault-agency",
        agency_type="dinas",
        users=[{"name": world.user("editor"), "capacity": "editor"}],
    )
    return {
        "org": org,
        "editor_token": world.tokens["editor"],
        "sysadmin_token": world.tokens["sysadmin"],
    }


def _create(base: str, token: str, body: dict) -> requests.Response:
    return requests.post(
        base + "/api/3/action/package_create",
        data=json.dumps(body),
        timeout=120,
        headers={"Authorization": token, "Content-Type": "application/json"},
    )


def _db_ids(owner_org: str) -> set[str]:
    from ckan import model

    model.Session.remove()
    return {
        pid
        for (pid,) in model.Session.query(model.Package.id).filter(
            model.Package.owner_org == owner_org, model.Package.state == "active"
        )
    }


def test_solr_stopped_during_a_submission(world, fault_world, request):
    from ckan import model

    solr = ThrowawaySolr("solr-fault").start()
    server = None
    try:
        server = own_server(request, "solr-fault", {"solr_url": solr.url})
        org = fault_world["org"]
        token = fault_world["editor_token"]

        def body(name):
            return complete_dataset_fields(name=name, title=f"Data {name}", owner_org=org["id"])

        ok = _create(server.url, token, body("solr-before"))
        assert ok.status_code == 200, ok.text[:500]

        solr.stop()
        failed = _create(server.url, token, body("solr-during"))
        assert failed.status_code >= 400
        error = failed.json()["error"]
        assert failed.json()["success"] is False
        assert "search index" in error["message"].lower(), error  # says what failed
        model.Session.remove()
        assert model.Session.query(model.Package).filter_by(name="solr-during").first() is None

        solr.start()
        retry = _create(server.url, token, body("solr-during"))
        assert retry.status_code == 200, retry.text[:500]
        assert _db_ids(org["id"]) == solr.ids(org["id"])  # no drift after a retry

        rebuild = subprocess.run(
            [
                os.path.join(os.path.dirname(sys.executable), "ckan"),
                "-c",
                server.ini,
                "search-index",
                "rebuild",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert rebuild.returncode == 0, rebuild.stderr[-2000:]
        assert _db_ids(org["id"]) == solr.ids(org["id"])  # nor after a rebuild
        assert len(_db_ids(org["id"])) == 2
    finally:
        if server:
            server.stop()
        solr.stop()


def _worker(server, burst: bool) -> subprocess.Popen:
    """A ``ckan jobs worker`` of the server's ini and environment (its Redis, its Solr)."""
    ini = server.ini
    log = open(os.path.join(LOG, "reliability-worker.log"), "a")
    args = [os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", ini, "jobs", "worker"]
    return subprocess.Popen(
        args + (["--burst"] if burst else []),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=server.env,
    )


def test_redis_stopped_dataset_saves_and_reassessment_runs_later(world, fault_world, request):
    from ckan import model

    from ckanext.satudata.assessment.model import DatasetAssessment

    redis = ThrowawayRedis().start()
    server = None
    try:
        server = own_server(
            request,
            "redis-fault",
            {"ckan.redis.url": redis.url, "ckanext.satudata.assessment.debounce_seconds": "0"},
        )
        redis.stop()
        body = complete_dataset_fields(
            name="redis-down", title="Data saat Redis mati", owner_org=fault_world["org"]["id"]
        )
        response = _create(server.url, fault_world["editor_token"], body)
        assert response.status_code == 200, response.text[:500]  # the dataset still saves
        dataset_id = response.json()["result"]["id"]
        model.Session.remove()
        assert model.Package.get(dataset_id).state == "active"

        redis.start()
        # control: a dataset saved with Redis up is re-assessed by the same worker run
        control = _create(
            server.url,
            fault_world["editor_token"],
            dict(body, name="redis-up", title="Data saat Redis hidup"),
        )
        assert control.status_code == 200, control.text[:500]
        worker = _worker(server, burst=True)
        worker.wait(timeout=300)
        model.Session.remove()

        def assessed(pid):
            return model.Session.query(DatasetAssessment).filter_by(dataset_id=pid).count()

        assert assessed(control.json()["result"]["id"]), "the worker assessed nothing"
        assert assessed(dataset_id), (
            "the re-assessment scheduled while Redis was down was lost: no assessment of the "
            "dataset after Redis came back and a worker ran"
        )
    finally:
        if server:
            server.stop()
        redis.stop()


def test_worker_killed_in_the_middle_of_a_full_run(world, fault_world, request):
    from ckan import model
    from ckan.tests import factories
    from sqlalchemy import func

    from ckanext.satudata.assessment.model import DatasetAssessment

    for i in range(12):
        factories.Dataset(
            **complete_dataset_fields(
                name=f"kill-{i:02d}", title=f"Data {i}", owner_org=fault_world["org"]["id"]
            )
        )
    redis = ThrowawayRedis().start()
    server = worker = None
    try:
        server = own_server(
            request,
            "worker-kill",
            {
                "ckan.redis.url": redis.url,
                "ckanext.satudata.assessment.chunk_size": "1",
                "ckanext.satudata.assessment.lifecycle": "false",
            },
        )
        headers = {
            "Authorization": fault_world["sysadmin_token"],
            "Content-Type": "application/json",
        }

        def call(action: str, **body) -> dict:
            r = requests.post(
                f"{server.url}/api/3/action/{action}",
                data=json.dumps(body),
                headers=headers,
                timeout=120,
            )
            assert r.status_code == 200, r.text[:1000]
            return r.json()["result"]

        run = call("satudata_assessment_run", scope="portal")
        run_id = run["run_id"]
        worker = _worker(server, burst=False)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status = call("satudata_assessment_run_show", id=run_id)
            if status["chunks_done"] >= 2:
                break
            time.sleep(0.05)
        os.killpg(worker.pid, signal.SIGKILL)  # mid-run, no goodbye
        worker.wait()
        worker = None
        status = call("satudata_assessment_run_show", id=run_id)
        assert status["finished_at"] is None and status["chunks_pending"] > 0, status
        assert status["state"] != "finished", status  # says it is not done

        call("satudata_assessment_run", resume=run_id)
        worker = _worker(server, burst=True)
        worker.wait(timeout=600)
        worker = None
        status = call("satudata_assessment_run_show", id=run_id)
        assert status["finished_at"] is not None, status
        assert status["chunks_done"] + status["chunks_failed"] == status["chunks_total"], status
        assert status["datasets_assessed"] == status["datasets_total"], status
        model.Session.remove()
        counts = (
            model.Session.query(DatasetAssessment.dataset_id, func.count())
            .filter(DatasetAssessment.run_id == run_id)
            .group_by(DatasetAssessment.dataset_id)
            .all()
        )
        assert counts and all(n == 1 for _, n in counts), counts  # nobody counted twice
        assert len(counts) == status["datasets_total"]
    finally:
        if worker:
            os.killpg(worker.pid, signal.SIGKILL)
        if server:
            server.stop()
        redis.stop()
