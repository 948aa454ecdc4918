"""The environment of the docker/compose.yaml CKAN services checked against test.ini and CKAN's own env-var mapping: connection URLs, one shared environment, env vars CKAN reads, declared settings, plugins and the portal settings."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.resources
import importlib.util
import os
import re
from urllib.parse import urlparse

import pytest

from .compose_reading import CKAN_SERVICES, STORAGE, environment
from .docker_files import DOCKER, ROOT, resolve

pytestmark = pytest.mark.pure


REQUIRED_PLUGINS = ["satudata", "scheming_datasets", "scheming_organizations", "dcat"]


PREVIEW_PLUGINS = ["datastore", "xloader", "datatables_view", "image_view", "pdf_view"]


# test.ini keys that differ per host (or are test-only), and where the Docker deployment takes
# them from instead of docker/satudata.ini. Every other key of test.ini must be in satudata.ini
# with the same value.
FROM_CKAN_ENV = {  # read by CKAN itself from the environment (ckan.config.environment)
    "sqlalchemy.url": "CKAN_SQLALCHEMY_URL",
    "solr_url": "CKAN_SOLR_URL",
    "ckan.redis.url": "CKAN_REDIS_URL",
    "ckan.site_url": "CKAN_SITE_URL",
    "ckan.site_id": "CKAN_SITE_ID",
    "ckan.storage_path": "CKAN_STORAGE_PATH",
    "ckan.max_resource_size": "CKAN_MAX_UPLOAD_SIZE_MB",
    "smtp.server": "CKAN_SMTP_SERVER",
    "smtp.mail_from": "CKAN_SMTP_MAIL_FROM",
    "ckan.datastore.write_url": "CKAN_DATASTORE_WRITE_URL",
    "ckan.datastore.read_url": "CKAN_DATASTORE_READ_URL",
}


FROM_ENTRYPOINT = {  # written into ckan.ini by docker/entrypoint.sh
    "ckan.plugins": "CKAN__PLUGINS",
    "SECRET_KEY": "CKAN_SECRET_KEY",
    "ckanext.dcat.base_uri": "CKAN_SITE_URL",
}


# derived from SECRET_KEY by the ckan.ini that `ckan generate config` writes in the base image
# (checked in test_entrypoint_settings.py)
DERIVED_FROM_SECRET = {
    "WTF_CSRF_SECRET_KEY",
    "api_token.jwt.encode.secret",
    "api_token.jwt.decode.secret",
}


HOST_VALUE_IN_SETTINGS = {"ckan.site_title"}  # in satudata.ini, with the portal's own value


TEST_ONLY = {"use", "testing", "debug"}


def ckan_env_mapping() -> dict[str, str]:
    """CKAN 2.12's CONFIG_FROM_ENV_VARS (config key -> env var), read from its source without
    importing CKAN."""
    spec = importlib.util.find_spec("ckan")
    path = os.path.join(os.path.dirname(spec.origin), "config", "environment.py")
    with open(path, encoding="utf-8") as f:
        source = f.read()
    block = source.split("# Start CONFIG_FROM_ENV_VARS", 1)[1].split("# End CONFIG_FROM_ENV_VARS")[
        0
    ]
    node = ast.parse(block.strip()).body[0]
    return ast.literal_eval(node.value)


def plugins_of(value: str) -> list[str]:
    return value.split()


@pytest.mark.parametrize("name", CKAN_SERVICES)
def test_connection_urls_point_to_the_compose_services(compose, name):
    env = environment(compose["services"][name])
    pg_env = environment(compose["services"]["postgres"])

    db = urlparse(env["CKAN_SQLALCHEMY_URL"])
    assert (db.scheme, db.hostname, db.port) == ("postgresql", "postgres", 5432)
    assert (db.username, db.password) == (pg_env["CKAN_DB_USER"], pg_env["CKAN_DB_PASSWORD"])
    assert db.path == "/" + pg_env["CKAN_DB"]

    write = urlparse(env["CKAN_DATASTORE_WRITE_URL"])
    read = urlparse(env["CKAN_DATASTORE_READ_URL"])
    assert write.hostname == read.hostname == "postgres"
    assert write.path == read.path == "/" + pg_env["DATASTORE_DB"]
    assert write.username == pg_env["CKAN_DB_USER"]
    assert (read.username, read.password) == (
        pg_env["DATASTORE_READONLY_USER"],
        pg_env["DATASTORE_READONLY_PASSWORD"],
    )

    solr = urlparse(env["CKAN_SOLR_URL"])
    assert (solr.scheme, solr.hostname, solr.port, solr.path) == (
        "http",
        "solr",
        8983,
        "/solr/ckan",
    )
    redis = urlparse(env["CKAN_REDIS_URL"])
    assert (redis.scheme, redis.hostname, redis.port) == ("redis", "redis", 6379)

    assert env["CKAN_STORAGE_PATH"] == STORAGE


def test_ckan_services_share_one_environment(compose):
    envs = [environment(compose["services"][name]) for name in CKAN_SERVICES]
    common = set.intersection(*(set(e) for e in envs))
    for key in common:
        assert len({e[key] for e in envs}) == 1, key
    for key in (
        "CKAN_SQLALCHEMY_URL",
        "CKAN_SOLR_URL",
        "CKAN_REDIS_URL",
        "CKAN_SITE_URL",
        "CKAN_SECRET_KEY",
        "CKAN__PLUGINS",
        "CKAN_STORAGE_PATH",
        "CKAN_SMTP_SERVER",
    ):
        assert key in common, key


def test_ckan_env_vars_are_the_ones_ckan_reads(compose):
    """Every CKAN_* variable of the CKAN containers is one that CKAN 2.12 maps to a setting, or
    one the base image's start scripts or docker/entrypoint.sh read."""
    mapping = ckan_env_mapping()
    for key, var in FROM_CKAN_ENV.items():
        assert mapping[key] == var, f"CKAN reads {key} from {mapping[key]}, not {var}"
    read_by_scripts = {
        "CKAN__PLUGINS",
        "CKAN_SECRET_KEY",
        "CKAN_SYSADMIN_NAME",
        "CKAN_SYSADMIN_PASSWORD",
        "CKAN_SYSADMIN_EMAIL",
    }
    with open(os.path.join(DOCKER, "entrypoint.sh"), encoding="utf-8") as f:
        entrypoint = f.read()
    assert "CKAN_SECRET_KEY" in entrypoint and "CKAN__PLUGINS" in entrypoint
    for name in CKAN_SERVICES:
        for var in environment(compose["services"][name]):
            if var.startswith(("CKAN__", "CKANEXT__")):
                continue  # ckanext-envvars' (test_envvars_variables_name_declared_settings)
            if var.startswith("CKAN"):
                assert var in set(mapping.values()) | read_by_scripts, f"{name}: {var}"


def envvars_key(var: str) -> str:
    """The setting ckanext-envvars writes for CKAN__X__Y / CKANEXT__X__Y: ckan.x.y, ckanext.x.y."""
    return var.lower().replace("__", ".")


def test_envvars_variables_name_declared_settings(compose):
    """Each CKANEXT__… variable of the CKAN containers names a setting some installed plugin
    declares (a typo would be ignored silently by ckanext-envvars)."""
    import yaml

    declared = set()
    for plugin in ("xloader",):
        path = os.path.join(
            os.path.dirname(importlib.util.find_spec(f"ckanext.{plugin}").origin),
            "config_declaration.yaml",
        )
        with open(path, encoding="utf-8") as f:
            for group in yaml.safe_load(f)["groups"]:
                declared.update(option["key"] for option in group["options"])
    found = set()
    for name in CKAN_SERVICES:
        for var in environment(compose["services"][name]):
            if var.startswith("CKANEXT__"):
                assert envvars_key(var) in declared, f"{name}: {var} -> {envvars_key(var)}"
                found.add(var)
    assert "CKANEXT__XLOADER__SITE_URL" in found


def test_xloader_reaches_the_ckan_container_directly(compose):
    """The worker downloads uploads and calls xloader_hook on the ckan service (port 5000 in
    the backend network), not through the public URL and the reverse proxy."""
    for name in CKAN_SERVICES:
        site = urlparse(environment(compose["services"][name])["CKANEXT__XLOADER__SITE_URL"])
        assert (site.scheme, site.hostname, site.port) == ("http", "ckan", 5000), name


def test_plugins(compose, env_example, test_ini, dockerfile):
    expected = plugins_of(test_ini["ckan.plugins"])
    assert expected[:4] == REQUIRED_PLUGINS
    assert expected[4:9] == PREVIEW_PLUGINS
    dockerfile_env = " ".join(args for word, args in dockerfile if word == "ENV")
    match = re.search(r'CKAN__PLUGINS="([^"]+)"', dockerfile_env)
    assert match, "the Dockerfile sets CKAN__PLUGINS"
    sources = {
        "Dockerfile": match.group(1),
        ".env.example": env_example["CKAN__PLUGINS"],
        **{name: environment(compose["services"][name])["CKAN__PLUGINS"] for name in CKAN_SERVICES},
    }
    default = resolve(compose_default("CKAN__PLUGINS"), {})
    sources["compose default"] = default
    for where, value in sources.items():
        plugins = plugins_of(value)
        # test.ini's plugins, in test.ini's order, then the Docker extras; envvars last
        assert [p for p in plugins if p in expected] == expected, where
        assert plugins[-1] == "envvars", where
        assert len(plugins) == len(set(plugins)), where
    assert len({tuple(plugins_of(v)) for v in sources.values()}) == 1, sources


def compose_default(var: str) -> str:
    with open(os.path.join(DOCKER, "compose.yaml"), encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"\$\{" + var + r":-([^}]*)\}", text)
    assert match, f"compose.yaml has a default for {var}"
    return match.group(1)


def test_plugins_are_installed_plugins():
    """Each plugin name is a `ckan.plugins` entry point here, except envvars, which the base
    image ships (ckanext-envvars, installed from source there)."""
    registered = {ep.name for ep in importlib.metadata.entry_points(group="ckan.plugins")}
    plugins = plugins_of(compose_default("CKAN__PLUGINS"))
    assert set(plugins) - registered == {"envvars"}


def test_every_test_ini_setting_has_a_docker_source(test_ini, docker_settings, compose):
    env = environment(compose["services"]["ckan"])
    unaccounted = []
    for key, value in test_ini.items():
        if key in TEST_ONLY or key in DERIVED_FROM_SECRET:
            continue
        if key in FROM_CKAN_ENV:
            assert FROM_CKAN_ENV[key] in env, f"{key}: ckan has no {FROM_CKAN_ENV[key]}"
        elif key in FROM_ENTRYPOINT:
            assert FROM_ENTRYPOINT[key] in env, f"{key}: ckan has no {FROM_ENTRYPOINT[key]}"
        elif key in HOST_VALUE_IN_SETTINGS:
            assert docker_settings.get(key), f"{key} missing from docker/satudata.ini"
        elif key.startswith("ckanext.satudata.") and key not in docker_settings:
            # this extension's own options have declared defaults (config_declaration.yaml);
            # test.ini may tune them for the tests (shorter intervals, ...)
            continue
        elif docker_settings.get(key) != value:
            unaccounted.append(f"{key} = {value} (docker/satudata.ini: {docker_settings.get(key)})")
    assert not unaccounted, (
        "test.ini settings missing from or different in docker/satudata.ini "
        "(add them there, or list them as host-specific in tests/docker/test_compose_settings.py):\n  "
        + "\n  ".join(unaccounted)
    )


def test_docker_settings_are_the_portal_settings(docker_settings):
    assert docker_settings["scheming.dataset_schemas"] == (
        "ckanext.satudata.schemas:dataset.yaml ckanext.satudata.schemas:kegiatan.yaml"
    )
    assert docker_settings["scheming.organization_schemas"] == (
        "ckanext.satudata.schemas:organization.yaml"
    )
    assert docker_settings["scheming.presets"] == "ckanext.scheming:presets.json"
    assert docker_settings["ckanext.dcat.rdf.profiles"] == "euro_dcat_ap_3 satudata"
    assert docker_settings["ckanext.dcat.enable_content_negotiation"] == "true"
    assert docker_settings["ckan.locale_default"] == "id"
    assert docker_settings["ckan.locales_offered"] == "id en"
    assert docker_settings["ckan.display_timezone"] == "Asia/Jakarta"
    assert docker_settings["ckanext.satudata.walidata_organization"] == "diskominfosantik"
    assert docker_settings["ckan.views.default_views"] == "datatables_view image_view pdf_view"
    for key in docker_settings:
        assert key not in FROM_CKAN_ENV and key not in FROM_ENTRYPOINT, (
            f"{key} is set per host; keep it out of docker/satudata.ini"
        )
        assert key not in TEST_ONLY | DERIVED_FROM_SECRET


def test_scheming_schemas_of_the_settings_exist(docker_settings):
    for key in ("scheming.dataset_schemas", "scheming.organization_schemas"):
        for schema in docker_settings[key].split():
            package, _, name = schema.partition(":")
            assert package == "ckanext.satudata.schemas"
            assert os.path.isfile(os.path.join(ROOT, "ckanext", "satudata", "schemas", name)), name
