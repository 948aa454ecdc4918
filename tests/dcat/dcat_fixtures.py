"""Fixtures of the DCAT tests (imported by the test modules; not a conftest.py, whose module
name would shadow the suite's ``conftest`` that the tests import builders from)."""
from __future__ import annotations

import pytest

from satudata_testing import ROOT, wait_for_url as _wait_for


@pytest.fixture
def dcat_db(clean_db, clean_index, migrate_db_for, with_plugins):
    """A clean database (with the satudata migrations) and an empty search index."""
    migrate_db_for("satudata")


@pytest.fixture(scope="module")
def live_server(request):
    """A running ``ckan run`` of the test ini on ``ckan.site_url`` (the harvester's portal).

    Same as the suite's ``live_server`` (tests/conftest.py), which cannot be used as it is: it
    asks the function-scoped ``ckan_config`` from a session-scoped fixture (ScopeMismatch).
    Remove this override once the suite's fixture reads the config like this one. Module-scoped
    (the port is free again for other capabilities' live servers), and it reuses a server of the
    same configuration that another fixture already runs on that port."""
    import os
    import signal
    import subprocess
    import sys
    import urllib.request
    from urllib.parse import urlparse

    from ckan.common import config


    ini = os.path.abspath(request.config.getoption("ckan_ini"))
    site_url = config["ckan.site_url"].rstrip("/")
    parsed = urlparse(site_url)
    log_path = os.path.join(ROOT, ".data", "log", "live-server-dcat.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    ckan_bin = os.path.join(os.path.dirname(sys.executable), "ckan")
    try:
        with urllib.request.urlopen(site_url + "/api/3/action/status_show", timeout=2) as answer:
            running = answer.status == 200
    except OSError:
        running = False
    if running:
        yield site_url
        return
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [ckan_bin, "-c", ini, "run", "-H", parsed.hostname, "-p", str(parsed.port),
             "--disable-reloader", "--threaded"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(site_url + "/api/3/action/status_show", process, log_path)
        yield site_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
