"""Fixtures of the DCAT tests (imported by the test modules; not a conftest.py, whose module
name would shadow the suite's ``conftest``)."""

from __future__ import annotations

import os
import socket
import tempfile

import pytest
from satudata_testing import ckan_server

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
            stream.write(
                f"[app:main]\nuse = config:{ini}\nckan.site_url = {site_url}\n"
                f"ckanext.dcat.base_uri = {site_url}\n"
                f"ckanext.dcat.datasets_per_page = {PAGED_PER_PAGE}\n{LOGGING}"
            )
        with ckan_server(paged_ini, site_url, "live-server-dcat-paged.log") as url:
            yield url
