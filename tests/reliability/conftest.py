"""Fixtures of the reliability tests (permission matrix, fuzzing, storm, faults).

``world``: one portal for a whole module, built once on a clean database: the walidata
organization (``diskominfosantik``, test.ini) with a walidata editor, agency A (``dinkes``)
with a member, an editor and an admin, agency B (``disdik``) with its admin, a sysadmin, a
private and a public dataset of A, a submission period and an item of A's list.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

import pytest
import satudata_testing
from satudata_testing import complete_dataset_fields, csrf_token, free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if ROOT not in sys.path:  # bench.generator
    sys.path.insert(0, ROOT)

ROLES = ("anonymous", "member", "editor", "admin", "other_admin", "walidata", "sysadmin")
PASSWORD = "Reliability-Pass-2026"


@dataclass
class World:
    users: dict[str, dict] = field(default_factory=dict)  # role -> user dict (anonymous: {})
    tokens: dict[str, str] = field(default_factory=dict)  # role -> API token
    org_a: dict = field(default_factory=dict)
    org_b: dict = field(default_factory=dict)
    walidata_org: dict = field(default_factory=dict)
    private: dict = field(default_factory=dict)  # private dataset of A
    public: dict = field(default_factory=dict)  # public dataset of A
    period: dict = field(default_factory=dict)
    item: dict = field(default_factory=dict)  # item of A in period
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> str:
        return self.users[role].get("name", "") if role != "anonymous" else ""

    def context(self, role: str) -> dict:
        from ckan import model

        return {
            "user": self.user(role),
            "model": model,
            "session": model.Session,
            "ignore_auth": False,
        }


def agency_fields(code: str, **extra: Any) -> dict:
    values = {
        "name": code,
        "title": f"Instansi {code}",
        "agency_code": code,
        "agency_type": "dinas",
    }
    values.update(extra)
    return values


def build_world() -> World:
    """Everything the matrix needs, through the real actions (agencies through the
    organization schema, datasets through the dataset schema)."""
    import ckan.plugins.toolkit as tk
    from ckan.tests import factories, helpers

    w = World()
    for role in ROLES[1:]:
        w.users[role] = factories.User(
            name=f"rel-{role.replace('_', '-')}",
            email=f"rel.{role}@bekasikab.go.id",
            password=PASSWORD,
            sysadmin=(role == "sysadmin"),
        )
    w.users["anonymous"] = {}
    w.walidata_org = factories.Organization(
        **agency_fields("diskominfosantik", title="Diskominfosantik", agency_type="dinas"),
        users=[{"name": w.users["walidata"]["name"], "capacity": "editor"}],
    )
    w.org_a = factories.Organization(
        **agency_fields("dinkes", title="Dinas Kesehatan"),
        users=[
            {"name": w.users["member"]["name"], "capacity": "member"},
            {"name": w.users["editor"]["name"], "capacity": "editor"},
            {"name": w.users["admin"]["name"], "capacity": "admin"},
        ],
    )
    w.org_b = factories.Organization(
        **agency_fields("disdik", title="Dinas Pendidikan"),
        users=[{"name": w.users["other_admin"]["name"], "capacity": "admin"}],
    )
    w.private = factories.Dataset(
        owner_org=w.org_a["id"],
        name="rel-private",
        title="Data terbatas",
        **complete_dataset_fields(classification="terbatas"),
    )
    w.public = factories.Dataset(
        owner_org=w.org_a["id"],
        name="rel-public",
        title="Data terbuka",
        **complete_dataset_fields(),
    )
    sysadmin = {"user": w.users["sysadmin"]["name"]}
    try:
        w.period = helpers.call_action(
            "satudata_period_create",
            sysadmin,
            name="rel-2026",
            title="Pengumpulan 2026",
            year=2026,
            opens="2026-01-01",
            cutoff="2026-11-23",
            input_close="2026-12-08",
        )
        w.item = helpers.call_action(
            "satudata_item_create",
            sysadmin,
            period_id=w.period["id"],
            org_id=w.org_a["id"],
            title="Jumlah fasilitas kesehatan",
            frequency="tahunan",
            year_start=2025,
            year_end=2025,
        )
    except KeyError:  # deadlines not wired
        pass
    try:
        w.extra["run_id"] = helpers.call_action(
            "satudata_assessment_run", sysadmin, scope="portal"
        )["run_id"]
    except KeyError:  # assessment not wired
        pass
    else:
        run_jobs()
    for role in ROLES[1:]:
        w.tokens[role] = tk.get_action("api_token_create")(
            {"user": w.users["sysadmin"]["name"], "ignore_auth": True},
            {"user": w.users[role]["name"], "name": "rel"},
        )["token"]
    return w


def run_jobs() -> int:
    """Run every queued background job in this process (as CKAN's ``with_test_worker``:
    no fork), until the queues are empty. Returns how many ran."""
    import rq
    from ckan.lib import jobs

    saved = rq.Worker.main_work_horse, rq.Worker.execute_job
    rq.Worker.main_work_horse = rq.SimpleWorker.main_work_horse
    rq.Worker.execute_job = rq.SimpleWorker.execute_job
    try:
        worker = jobs.Worker()
        worker.work(burst=True)
        return worker.successful_job_count + worker.failed_job_count
    finally:
        rq.Worker.main_work_horse, rq.Worker.execute_job = saved


@pytest.fixture(scope="module")
def plugins_loaded():
    """``with_plugins`` for a whole module: test.ini's plugins, unloaded at the end."""
    import ckan.plugins

    ckan.plugins.load_all()
    yield
    ckan.plugins.unload_all()


@pytest.fixture(scope="module")
def world(plugins_loaded, reset_db, reset_index, reset_queues, migrate_db_for) -> World:
    reset_db()
    reset_index()
    reset_queues()
    migrate_db_for("satudata")
    return build_world()


# ------------------------------------------------------------------ own servers and configs


def derived_ini(request, name: str, overrides: dict[str, str]) -> str:
    """A copy of the suite's ini (--ckan-ini) with some ``key = value`` lines replaced or
    added to [app:main]; written under .data/reliability/."""
    import re

    source = os.path.abspath(request.config.getoption("ckan_ini"))
    with open(source, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("%(here)s", os.path.dirname(source))
    for key, value in overrides.items():
        text, n = re.subn(rf"(?m)^{re.escape(key)} = .*$", f"{key} = {value}", text)
        if not n:
            text = text.replace("[app:main]\n", f"[app:main]\n{key} = {value}\n", 1)
    out_dir = os.path.join(ROOT, ".data", "reliability")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{name}.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class Server:
    """``ckan run`` of an ini on a port of its own (never the shared live_server)."""

    def __init__(
        self,
        ini: str,
        port: int,
        name: str,
        threaded: bool = True,
        env_overrides: dict[str, str] | None = None,
    ):
        self.ini, self.port, self.name, self.threaded = ini, port, name, threaded
        self.url = f"http://127.0.0.1:{port}"
        self.process = None
        # CKAN reads CKAN_SITE_URL, CKAN_SOLR_URL, ... over the ini (a worktree sets them for
        # its own ports): what the ini overrides must be overridden there too
        self.env = dict(os.environ, CKAN_SITE_URL=self.url, **(env_overrides or {}))

    def start(self) -> Server:
        from satudata_testing import start_ckan

        self.process = start_ckan(
            self.ini,
            self.url,
            f"reliability-{self.name}.log",
            self.threaded,
            seconds=90,
            env=self.env,
        )
        return self

    def stop(self) -> None:
        from satudata_testing import stop_process

        if self.process is None:
            return
        stop_process(self.process)
        self.process = None


def own_server(request, name: str, overrides: dict[str, str] | None = None) -> Server:
    """A started Server of the suite's ini on a free port, ``ckan.site_url`` pointing at it
    (redirects such as the login's stay on it)."""
    from ckan.config.environment import CONFIG_FROM_ENV_VARS

    port = free_port()
    ini = derived_ini(
        request, name, {"ckan.site_url": f"http://127.0.0.1:{port}", **(overrides or {})}
    )
    env = {
        CONFIG_FROM_ENV_VARS[key]: value
        for key, value in (overrides or {}).items()
        if key in CONFIG_FROM_ENV_VARS
    }
    return Server(ini, port, name, env_overrides=env).start()


def web_login(base_url: str, user: str, password: str = PASSWORD):
    """:func:`satudata_testing.web_login` with the password of the reliability world."""
    return satudata_testing.web_login(base_url, user, password)


def api(app, world, role: str, action: str, **body) -> dict:
    """One action call over HTTP with the API token of ``role`` (200 expected)."""
    response = app.post(
        f"/api/3/action/{action}", json=body, headers={"Authorization": world.tokens[role]}
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.json["result"]


def upload_csv(app, world, dataset: dict, content: bytes, filename: str, name: str, columns: str):
    """The editor's real multipart upload of a CSV to ``dataset`` (the response)."""
    import io

    return app.post(
        "/api/3/action/resource_create",
        headers={"Authorization": world.tokens["editor"]},
        data={
            "package_id": dataset["id"],
            "name": name,
            "format": "CSV",
            "description": "Tabel",
            "data_period": "2023",
            "language": "id",
            "columns_description": columns,
            "upload": (io.BytesIO(content), filename),
        },
        content_type="multipart/form-data",
    )
