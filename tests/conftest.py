"""Fixtures shared by every capability's tests.

The suite runs against the real services of ``scripts/services`` (PostgreSQL, Redis, Solr) with
CKAN's own pytest plugin (``--ckan-ini=test.ini``). Two fixtures reach past the in-process test
app:

- ``live_server``: a real ``ckan run`` of test.ini on ``ckan.site_url`` (127.0.0.1:5055), for the
  browser and harvester tests. It shares the test database, so data made by factories (which
  commit) is visible to it.
- ``browser``: a Playwright page driving Debian's headless Chromium.
"""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from satudata_testing import ckan_server, complete_dataset_fields, complete_kegiatan_fields, login

CHROMIUM = os.environ.get("SATUDATA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _alembic_ini() -> str:
    import ckanext.satudata

    return os.path.join(
        os.path.dirname(ckanext.satudata.__file__), "migration", "satudata", "alembic.ini"
    )


_HEAD: list[str] = []  # the newest revision of this plugin's migrations, read once


def _satudata_at_head() -> bool:
    """Whether this plugin's tables exist at the newest migration: a single query, where an
    alembic run costs a third of a second, and the suite resets the database ~1000 times."""
    import sqlalchemy as sa
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from ckan import model

    if not _HEAD:
        _HEAD.append(ScriptDirectory.from_config(Config(_alembic_ini())).get_current_head())
    try:
        with model.meta.engine.connect() as conn:
            version = conn.execute(sa.text("SELECT version_num FROM satudata_alembic_version"))
            return version.scalar() == _HEAD[0]
    except sa.exc.ProgrammingError:  # no version table: the first reset dropped everything
        return False


@pytest.fixture(scope="session")
def reset_db(reset_db):
    """CKAN's ``reset_db`` plus this plugin's tables.

    The first reset of a test process drops *every* table (CKAN reflects the whole database)
    and re-creates only CKAN's own, so without this the ``satudata_*`` tables would exist or
    not depending on test order. ``clean_db`` uses this fixture, so every test gets them.
    Later resets only delete rows (this plugin's tables included: they are on CKAN's
    metadata), so the migrations run only when the tables are missing or behind.
    (CKAN's ``migrate_db_for`` needs the plugin loaded, which it is not before ``with_plugins``
    or the app; the migrations are found by path instead.)"""
    from ckan import model

    def reset() -> None:
        reset_db()
        if _satudata_at_head():
            return
        original = model.repo._alembic_ini
        model.repo._alembic_ini = _alembic_ini()
        try:
            model.repo.upgrade_db("head")
        finally:
            model.repo._alembic_ini = original

    return reset


@pytest.fixture(scope="session")
def migrate_db_for(migrate_db_for):
    """CKAN's ``migrate_db_for``, skipped for this plugin when its tables are already at head
    (every reset leaves them there): the same end state without an alembic run per test."""

    def runner(plugin: str, version: str = "head", forward: bool = True):
        if plugin == "satudata" and version == "head" and forward and _satudata_at_head():
            return
        migrate_db_for(plugin, version, forward)

    return runner


_LOADED_WITH: list[frozenset] = []  # the configuration the loaded plugins were loaded with


def _config_snapshot(config) -> frozenset:
    return frozenset((key, repr(value)) for key, value in config.items())


@pytest.fixture
def with_plugins(ckan_config, monkeypatch, request):
    """CKAN's ``with_plugins`` without the reload between tests that change nothing.

    CKAN loads every plugin of ``ckan.plugins`` before each test and unloads them after: about
    a second of CPU each time (scheming's YAML, the config declarations, template paths), paid
    by ~800 tests. Here the plugins stay loaded while the configuration they were loaded with
    is unchanged (a test or fixture that patches ``ckan_config`` gets a fresh load, as does
    any test after something unloaded them); a ``with_plugins`` mark gets CKAN's
    behaviour (load, then unload at the end)."""
    import ckan.plugins

    if any(mark.args for mark in request.node.iter_markers("with_plugins")):
        names = [name for mark in request.node.iter_markers("with_plugins") for name in mark.args]
        plugins = ckan_config["ckan.plugins"]
        current = plugins.split() if isinstance(plugins, str) else list(plugins)
        monkeypatch.setitem(ckan_config, "ckan.plugins", current + names)
        _LOADED_WITH.clear()
        ckan.plugins.load_all()
        yield
        ckan.plugins.unload_all()
        return
    snapshot = _config_snapshot(ckan_config)
    fresh = _LOADED_WITH and _LOADED_WITH[0] == snapshot and ckan.plugins.plugin_loaded("satudata")
    if not fresh:
        ckan.plugins.load_all()
        _LOADED_WITH[:] = [snapshot]
    yield
    # a configuration patched during the test may have reached the plugins (an app made after
    # the patch loads them again): the next test loads afresh. ``monkeypatch`` is a parameter
    # so that its patches are still in place here.
    if _config_snapshot(ckan_config) != snapshot:
        _LOADED_WITH.clear()


@pytest.fixture(scope="session")
def live_server(request) -> Iterator[str]:
    """Base URL of a running CKAN serving test.ini (``ckan.site_url``)."""
    from ckan.common import config

    site_url = config["ckan.site_url"].rstrip("/")
    ini = os.path.abspath(request.config.getoption("ckan_ini"))
    try:  # a server of the same ini is already up (e.g. a second pytest run): share it
        with urllib.request.urlopen(site_url + "/api/3/action/status_show", timeout=2):
            yield site_url
            return
    except (urllib.error.URLError, OSError):
        pass
    with ckan_server(ini, site_url, "live-server.log") as url:
        yield url


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        raise RuntimeError(f"Chromium not found at {CHROMIUM}; run scripts/setup")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser(chromium_browser, live_server) -> Iterator[object]:
    """A fresh Playwright page (own cookies) whose relative URLs resolve against the live server.

    ``page.goto("/dataset")`` works; failed responses are not raised, so tests assert on them."""
    context = chromium_browser.new_context(base_url=live_server, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def browser_login():
    """``browser_login(page, user, password)``: log a page in through the stock login form."""
    return login


@pytest.fixture(scope="module")
def previews_portal(request, reset_db, reset_index, reset_queues, migrate_db_for):
    """A portal that loads uploads into the DataStore, for a whole module (previews_testing):
    built on a clean database, an empty search index, empty queues and an empty DataStore.
    test.ini's plugins stay loaded in this process for the module (factories, actions)."""
    import ckan.plugins
    import ckanext.datastore.backend.postgres as datastore_db
    from ckan.common import config
    from ckanext.datastore.tests.helpers import clear_db
    from previews_testing import previews_portal as start
    from sqlalchemy import orm

    from ckanext.satudata.metadata.previews import site_user_token

    ckan.plugins.load_all()
    try:
        reset_db()
        reset_index()
        reset_queues()
        migrate_db_for("satudata")
        clear_db(orm.scoped_session(orm.sessionmaker(bind=datastore_db.get_write_engine())))
        ini = os.path.abspath(request.config.getoption("ckan_ini"))
        with start(ini, site_user_token(), config["sqlalchemy.url"]) as portal:
            yield portal
    finally:
        ckan.plugins.unload_all()


# --- Satu Data builders (what a complete agency and dataset look like: satudata_testing) --------
@pytest.fixture
def make_agency():
    """``make_agency(code, **fields)``: an organization that is a Satu Data agency."""
    from ckan.tests import factories

    def make(code: str = "disdukcapil", **fields) -> dict:
        values = {
            "name": code,
            "title": f"Instansi {code}",
            "agency_code": code,
            "agency_type": "dinas",
        }
        values.update(fields)
        return factories.Organization(**values)

    return make


@pytest.fixture
def make_dataset():
    """``make_dataset(owner_org, **fields)``: a complete Satu Data dataset through package_create,
    linked to a complete Kegiatan Statistik of its agency (made once per agency through
    package_create; ``kegiatan=""`` for a dataset without one)."""
    from ckan import model
    from ckan.tests import factories
    from ckan.tests.helpers import call_action

    def kegiatan_of(owner_org: str, collection_method: str) -> str:
        org = model.Group.get(owner_org)
        found = (
            model.Session.query(model.Package.id)
            .filter_by(type="kegiatan", owner_org=org.id, state="active")
            .first()
        )
        if found:
            return found[0]
        return call_action(
            "package_create",
            **complete_kegiatan_fields(
                name=f"kegiatan-{org.name}",
                title=f"Kompilasi Data {org.title}",
                owner_org=org.id,
                collection_method=collection_method,
            ),
        )["id"]

    def make(owner_org: str, **fields) -> dict:
        if "kegiatan" not in fields:
            method = complete_dataset_fields(**fields)["collection_method"]
            fields["kegiatan"] = kegiatan_of(owner_org, method)
        return factories.Dataset(owner_org=owner_org, **complete_dataset_fields(**fields))

    return make


@pytest.fixture
def smtp_server(ckan_config, monkeypatch):
    """A real SMTP server (aiosmtpd) on a free loopback port; CKAN's mailer is pointed at it.

    ``smtp_server.messages`` holds what arrived: ``(mail_from, rcpt_tos, email.message.Message)``."""
    import email
    import socket

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.messages: list = []

        async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
            self.messages.append(
                (
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    email.message_from_bytes(envelope.original_content),
                )
            )
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{port}")
    try:
        yield inbox
    finally:
        controller.stop()
