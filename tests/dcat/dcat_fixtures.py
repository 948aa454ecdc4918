"""Fixtures of the DCAT tests (imported by the test modules; not a conftest.py, whose module
name would shadow the suite's ``conftest``)."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request
from typing import Iterator
from urllib.parse import urlparse

import pytest

from satudata_testing import ROOT, wait_for_url

LOGGING = """
[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""


@pytest.fixture
def dcat_db(clean_db, clean_index, migrate_db_for, with_plugins):
    """A clean database (with the satudata migrations) and an empty search index."""
    migrate_db_for("satudata")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/api/3/action/status_show", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def serve(ini: str, site_url: str, log_name: str) -> Iterator[str]:
    """``ckan run`` of ``ini`` on ``site_url`` for the duration of the block."""
    parsed = urlparse(site_url)
    log_path = os.path.join(ROOT, ".data", "log", log_name)
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    ckan_bin = os.path.join(os.path.dirname(sys.executable), "ckan")
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [ckan_bin, "-c", ini, "run", "-H", parsed.hostname, "-p", str(parsed.port),
             "--disable-reloader", "--threaded"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_url(site_url + "/api/3/action/status_show", process, log_path)
        yield site_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


PAGED_PER_PAGE = 2


@pytest.fixture(scope="module")
def paged_live_server(request):
    """The same portal (same database and index) served on a free port with
    ``ckanext.dcat.datasets_per_page = 2``, so a harvester walks several pages over HTTP. Its
    ``ckan.site_url`` and ``ckanext.dcat.base_uri`` are that port's URL."""
    ini = os.path.abspath(request.config.getoption("ckan_ini"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="satudata-dcat-") as folder:
        paged_ini = os.path.join(folder, "paged.ini")
        with open(paged_ini, "w", encoding="utf-8") as stream:
            stream.write(f"[app:main]\nuse = config:{ini}\nckan.site_url = {site_url}\n"
                         f"ckanext.dcat.base_uri = {site_url}\n"
                         f"ckanext.dcat.datasets_per_page = {PAGED_PER_PAGE}\n{LOGGING}")
        with serve(paged_ini, site_url, "live-server-dcat-paged.log") as url:
            yield url
