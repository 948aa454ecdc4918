"""A portal that loads uploads into the DataStore, for the preview tests (plain helpers; the
fixture is ``previews_portal`` in tests/conftest.py).

test.ini leaves ``ckanext.xloader.api_token`` unset, so no other test queues DataStore loads.
This portal is test.ini plus a token of the site user (``ckan satudata previews-token``'s
function), served by its own ``ckan run`` on a free port, with a real ``ckan jobs worker`` of the
same ini: the worker downloads each upload from the server's URL, loads it, and reports back
through ``xloader_hook``, as on the real portal.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import requests
from satudata_testing import ROOT, start_ckan, stop_process

LOG_DIR = os.path.join(ROOT, ".data", "log")
LOAD_WAIT_SECONDS = 300  # an upper bound for a loaded machine, not a speed check


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chained_ini(base_ini: str, name: str, settings: dict[str, str]) -> str:
    """An ini that ``use``s ``base_ini`` (CKAN's config chain) and adds ``settings``."""
    out_dir = os.path.join(ROOT, ".data", "previews")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{name}.ini")
    lines = ["[app:main]", f"use = config:{os.path.abspath(base_ini)}"]
    lines += [f"{key} = {value}" for key, value in settings.items()]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return path


@dataclass
class PreviewsPortal:
    url: str
    ini: str
    worker_log: str

    def api(
        self, action: str, token: str | None = None, files: dict | None = None, **data: Any
    ) -> requests.Response:
        """POST an action as the token's user (anonymous without one): JSON, or multipart
        when ``files`` are given (the way a browser or a script uploads a file)."""
        headers = {"Authorization": token} if token else {}
        url = f"{self.url}/api/3/action/{action}"
        if files:
            return requests.post(url, data=data, files=files, headers=headers, timeout=120)
        return requests.post(url, json=data, headers=headers, timeout=120)

    def ok(
        self, action: str, token: str | None = None, files: dict | None = None, **data: Any
    ) -> Any:
        response = self.api(action, token, files, **data)
        assert response.status_code == 200, (action, response.status_code, response.text[:2000])
        return response.json()["result"]

    def upload(self, token: str, package_id: str, path: str, **fields: Any) -> dict:
        """resource_create with the file itself (multipart ``upload``), as an editor does."""
        name = os.path.basename(path)
        values = {
            "package_id": package_id,
            "name": name,
            "format": name.rsplit(".", 1)[1].upper(),
            "description": "Tabel",
            "data_period": "2023",
            "language": "id",
            "columns_description": "lihat judul kolom",
        }
        values.update(fields)
        with open(path, "rb") as f:
            return self.ok("resource_create", token, files={"upload": (name, f.read())}, **values)

    def wait_loaded(self, token: str, resource_id: str) -> dict:
        """The resource once the worker has loaded it into the DataStore (and xloader's
        hook has recorded it); its xloader error and the worker's log if it failed."""
        deadline = time.monotonic() + LOAD_WAIT_SECONDS
        status: dict = {}
        while time.monotonic() < deadline:
            resource = self.ok("resource_show", token, id=resource_id)
            response = self.api("xloader_status", token, resource_id=resource_id)
            status = (response.json().get("result") or {}) if response.status_code == 200 else {}
            if resource.get("datastore_active") and status.get("status") == "complete":
                return resource
            if status.get("status") == "error":
                break
            time.sleep(1)
        raise AssertionError(
            f"resource {resource_id} was not loaded: {status}\nworker log:\n{self.worker_tail()}"
        )

    def worker_tail(self) -> str:
        with open(self.worker_log, encoding="utf-8", errors="replace") as log:
            return log.read()[-4000:]


@contextlib.contextmanager
def previews_portal(base_ini: str, site_user_token: str, jobs_db: str) -> Iterator[PreviewsPortal]:
    """The server and the worker of a chained ini, stopped at the end of the block."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ini = chained_ini(
        base_ini,
        "previews",
        {
            "ckan.site_url": url,
            "ckanext.dcat.base_uri": url,
            "ckanext.xloader.api_token": site_user_token,
            # the database this process uses (CKAN_SQLALCHEMY_URL of the environment wins over
            # the ini's), so the worker writes xloader's jobs where the server reads them
            "ckanext.xloader.jobs_db.uri": jobs_db,
        },
    )
    env = dict(os.environ, CKAN_SITE_URL=url, CKAN_INI=ini)
    worker_log = os.path.join(LOG_DIR, "previews-worker.log")
    os.makedirs(LOG_DIR, exist_ok=True)
    server = start_ckan(ini, url, "previews-server.log", seconds=120, env=env)
    worker = None
    try:
        with open(worker_log, "w", encoding="utf-8") as log:
            worker = subprocess.Popen(
                [
                    os.path.join(os.path.dirname(sys.executable), "ckan"),
                    "-c",
                    ini,
                    "jobs",
                    "worker",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        yield PreviewsPortal(url, ini, worker_log)
    finally:
        if worker is not None:
            stop_process(worker)
        stop_process(server)
