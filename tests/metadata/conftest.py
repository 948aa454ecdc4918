"""Fixtures of the metadata tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def metadata_db(clean_db, clean_index, migrate_db_for, with_plugins):
    """A clean database with the extension's tables (the dataset form shows the deadlines
    capability's agreed-item field, which reads them) and an empty search index."""
    migrate_db_for("satudata")


@pytest.fixture(scope="session")
def live_server(request):
    """Base URL of a running ``ckan run`` of the test ini (``ckan.site_url``).

    Overrides the suite's fixture of the same name for these tests: that one asks the
    function-scoped ``ckan_config`` from a session-scoped fixture (a ScopeMismatch)."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    from urllib.parse import urlparse

    from ckan.common import config

    ini = os.path.abspath(request.config.getoption("ckan_ini"))
    site_url = config["ckan.site_url"].rstrip("/")
    parsed = urlparse(site_url)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    log_path = os.path.join(root, ".data", "log", "live-server-metadata.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    ckan_bin = os.path.join(os.path.dirname(sys.executable), "ckan")

    def answers() -> bool:
        try:
            with urllib.request.urlopen(site_url + "/api/3/action/status_show", timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            return False

    if answers():  # another test module's server of the same ini: reuse it
        yield site_url
        return
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [ckan_bin, "-c", ini, "run", "-H", parsed.hostname, "-p", str(parsed.port),
             "--disable-reloader", "--threaded"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                with open(log_path, encoding="utf-8", errors="replace") as log:
                    raise RuntimeError("the live CKAN server did not start:\n" + log.read()[-3000:])
            if answers():
                break
            time.sleep(0.25)
        yield site_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
