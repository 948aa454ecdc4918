"""The second CKAN 2.12.0 of the harvest tests: ckanext-harvest 1.6 (``dcat_rdf`` and the stock
CKAN-to-CKAN ``ckan`` harvester) + ckanext-dcat 2.4.4, harvesting our live portal (imported by
test modules: tests/dcat/test_harvest_stock.py, tests/dcat/test_harvest_ckan.py).

- its own virtualenv (.data/harvester-venv, ``scripts/harvester-setup``); each instance its own
  database (made by ``scripts/services``), ``ckan.site_id`` on the shared Solr core
  ``ckan_harvester`` (CKAN scopes every index query and clear to its site id), Redis db and ini
  (written into a temp folder);
- ``stock_harvester``: plugins ``harvest ckan_harvester dcat dcat_rdf_harvester``, profile
  ``euro_dcat_ap_3``, CKAN's default licence register, no satudata plugin;
- ``second_ckan(...)``: the same CKAN with other plugins (the receiving portal of
  test_harvest_ckan.py adds ``scheming_datasets satudata_metadata``);
- the database is cleaned and the index cleared when an instance starts;
- harvest jobs are driven by tests/dcat/harvest_driver.py in the harvester's python;
- its datasets are read through ITS action API (a ``ckan run`` of its ini on a free port).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
import requests
from satudata_testing import ROOT, stop_process, wait_for_url

from .dcat_fixtures import LOGGING

VENV = os.path.join(ROOT, ".data", "harvester-venv")
DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "harvest_driver.py")
STOCK_PLUGINS = "harvest ckan_harvester dcat dcat_rdf_harvester"

INI = """[app:main]
use = egg:ckan
SECRET_KEY = satudata-harvester-secret
WTF_CSRF_SECRET_KEY = satudata-harvester-csrf
api_token.jwt.encode.secret = string:satudata-harvester-jwt
api_token.jwt.decode.secret = string:satudata-harvester-jwt
ckan.site_id = {site_id}
ckan.site_url = {site_url}
sqlalchemy.url = {db_url}
solr_url = {solr_url}
ckan.redis.url = {redis_url}
ckan.storage_path = {folder}/storage
ckan.plugins = {plugins}
# An Indonesian portal harvesting ours (as the national Satu Data portal would): the stock
# parser keeps the literals tagged with its default locale (@id), else the first one.
ckan.locale_default = id
ckanext.dcat.rdf.profiles = euro_dcat_ap_3
ckan.harvest.mq.type = redis
ckan.harvest.mq.hostname = 127.0.0.1
ckan.harvest.mq.port = {redis_port}
ckan.harvest.mq.redis_db = {redis_db}
ckan.harvest.log_level = warning
{extra}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class StockHarvester:
    ini: str
    url: str
    env: dict

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [os.path.join(VENV, "bin", "ckan"), "-c", self.ini, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
        return done.stdout

    def drive(self, *args: str) -> dict:
        done = subprocess.run(
            [os.path.join(VENV, "bin", "python"), DRIVER, self.ini, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0 and "@@RESULT@@" in done.stdout, (
            args,
            done.stdout[-3000:],
            done.stderr[-1500:],
        )
        return json.loads(done.stdout.rsplit("@@RESULT@@", 1)[1])

    def action(self, name: str, **params) -> dict:
        response = requests.post(f"{self.url}/api/3/action/{name}", json=params, timeout=60)
        assert response.status_code == 200, (name, response.status_code, response.text[:2000])
        return response.json()["result"]

    def create_source(self, name: str, url: str, rdf_format: str) -> dict:
        """A ``dcat_rdf`` source of a feed in ``rdf_format``."""
        return self.drive("source", name, url, "dcat_rdf", json.dumps({"rdf_format": rdf_format}))

    def create_ckan_source(self, name: str, url: str, config: dict) -> dict:
        """A ``ckan`` (CKAN-to-CKAN) source of the portal at ``url``."""
        return self.drive("source", name, url, "ckan", json.dumps(config))

    def run(self, source_id: str) -> dict:
        report = self.drive("run", source_id)
        assert report["gather_errors"] == [], report["gather_errors"]
        assert [o for o in report["objects"] if o["errors"]] == [], report["objects"]
        return report

    def gather(self, source_id: str) -> dict:
        report = self.drive("gather", source_id)
        assert report["gather_errors"] == [], report["gather_errors"]
        return report["datasets"]

    def datasets(self) -> list[dict]:
        """Every active dataset of the harvester (its package_search, all fields)."""
        found = self.action("package_search", q="*:*", rows=1000, include_private=True)
        return found["results"]


def harvester_env(site_url: str, ini: str, db_url: str, solr_url: str, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN")}
    env.update(
        CKAN_INI=ini,
        CKAN_SITE_URL=site_url,
        CKAN_SQLALCHEMY_URL=db_url,
        CKAN_SOLR_URL=solr_url,
        CKAN_REDIS_URL=redis_url,
    )
    return env


def install() -> None:
    setup = subprocess.run(
        [os.path.join(ROOT, "scripts", "harvester-setup")],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]


@contextmanager
def second_ckan(
    name: str, database: str, plugins: str, redis_db: int, extra: str = ""
) -> Iterator[StockHarvester]:
    """A running instance of the second CKAN named ``name`` (site id, log file) on its own
    database, with ``plugins`` and the ``extra`` ini lines."""
    install()
    pg_port = os.environ.get("SATUDATA_PG_PORT", "5432")
    solr_port = os.environ.get("SATUDATA_SOLR_PORT", "8983")
    redis_port = os.environ.get("SATUDATA_REDIS_PORT", "6379")
    db_url = f"postgresql://ckan_default:pass@127.0.0.1:{pg_port}/{database}"
    solr_url = f"http://127.0.0.1:{solr_port}/solr/ckan_harvester"
    redis_url = f"redis://127.0.0.1:{redis_port}/{redis_db}"
    site_url = f"http://127.0.0.1:{free_port()}"
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as folder:
        ini = os.path.join(folder, "harvester.ini")
        with open(ini, "w", encoding="utf-8") as stream:
            stream.write(
                INI.format(
                    site_id=name.replace("-", "_"),
                    site_url=site_url,
                    db_url=db_url,
                    solr_url=solr_url,
                    redis_url=redis_url,
                    redis_port=redis_port,
                    redis_db=redis_db,
                    folder=folder,
                    plugins=plugins,
                    extra=extra,
                )
                + LOGGING  # the suite's logging block, as the DCAT fixtures' inis use it
            )
        harvester = StockHarvester(
            ini, site_url, harvester_env(site_url, ini, db_url, solr_url, redis_url)
        )
        harvester.cli("db", "clean", "--yes")
        harvester.cli("db", "init")
        harvester.cli("db", "upgrade", "-p", "harvest")
        harvester.cli("search-index", "clear")
        log_path = os.path.join(ROOT, ".data", "log", f"{name}.log")
        parsed = urlparse(site_url)
        with open(log_path, "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [
                    os.path.join(VENV, "bin", "ckan"),
                    "-c",
                    ini,
                    "run",
                    "-H",
                    parsed.hostname,
                    "-p",
                    str(parsed.port),
                    "--disable-reloader",
                ],
                env=harvester.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_for_url(site_url + "/api/3/action/status_show", process, log_path, 90)
            yield harvester
        finally:
            stop_process(process)


@pytest.fixture(scope="session")
def stock_harvester() -> Iterator[StockHarvester]:
    with second_ckan("stock-harvester", "satudata_harvester", STOCK_PLUGINS, 7) as harvester:
        yield harvester
