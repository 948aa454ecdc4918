"""docker/compose.yaml, docker/.env.example and docker/Dockerfile, read as Compose and Docker
would read them (no Docker engine here): services, images, ports, volumes, health checks,
start order, and the environment checked against test.ini and CKAN's own env-var mapping."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.resources
import importlib.util
import json
import os
import re
import shlex
import stat
import sys
from urllib.parse import urlparse

import pytest

from .docker_files import DOCKER, ROOT, MissingVariable, read_dotenv, referenced_variables, resolve

pytestmark = pytest.mark.pure

CKAN_SERVICES = ("ckan", "worker", "scheduler")
SERVICES = {"ckan", "worker", "scheduler", "postgres", "solr", "redis"}
REQUIRED_PLUGINS = ["satudata", "scheming_datasets", "scheming_organizations", "dcat"]
PREVIEW_PLUGINS = ["datastore", "xloader", "datatables_view", "image_view", "pdf_view"]
STORAGE = "/var/lib/ckan"

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
# (checked in test_entrypoint.py)
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


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def plugins_of(value: str) -> list[str]:
    return value.split()


# -- services, images, build ------------------------------------------------------------------


def test_services(compose):
    assert set(compose["services"]) == SERVICES


def test_images(compose):
    services = compose["services"]
    assert services["solr"]["image"] == "ckan/ckan-solr:2.12-solr9"
    assert re.fullmatch(r"postgres:\d+(\.\d+)?-alpine", services["postgres"]["image"])
    assert re.fullmatch(r"redis:\d+(\.\d+)?-alpine", services["redis"]["image"])
    images = {services[name]["image"] for name in CKAN_SERVICES}
    assert len(images) == 1, "ckan, worker and scheduler must run the same image"


@pytest.mark.parametrize("name", CKAN_SERVICES)
def test_ckan_services_build_the_repository_with_docker_dockerfile(compose, name):
    build = compose["services"][name]["build"]
    context = os.path.normpath(os.path.join(DOCKER, build["context"]))
    assert context == ROOT
    assert os.path.isfile(os.path.join(context, build["dockerfile"]))
    assert os.path.normpath(build["dockerfile"]) == os.path.join("docker", "Dockerfile")


def test_commands(compose):
    services = compose["services"]
    assert "command" not in services["ckan"], "ckan runs the image's CMD (start_ckan.sh)"
    assert services["worker"]["command"] == ["ckan", "jobs", "worker"]
    assert services["scheduler"]["command"] == ["python3", "/srv/app/satudata_tasks.py", "run"]


def test_restart_policy(compose):
    for name, service in compose["services"].items():
        assert service.get("restart") == "unless-stopped", name


# -- ports, networks, volumes -----------------------------------------------------------------


def test_only_ckan_publishes_a_port_on_loopback_by_default(compose):
    services = compose["services"]
    assert [n for n, s in services.items() if s.get("ports")] == ["ckan"]
    (port,) = services["ckan"]["ports"]
    host_ip, host_port, container_port = port.split(":")
    assert (host_ip, host_port, container_port) == ("127.0.0.1", "5000", "5000")


def test_backing_services_are_on_the_internal_network_only(compose):
    networks = compose["networks"]
    assert networks["backend"]["internal"] is True
    for name in ("postgres", "solr", "redis"):
        assert compose["services"][name]["networks"] == ["backend"], name
    for name in CKAN_SERVICES:
        assert set(compose["services"][name]["networks"]) == {"backend", "frontend"}, name


def _mounts(service: dict) -> dict[str, str]:
    result = {}
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        result[target] = source
    return result


def test_named_volumes(compose):
    declared = set(compose["volumes"])
    services = compose["services"]
    expected = {
        "postgres": ("pg_data", "/var/lib/postgresql/data"),
        "solr": ("solr_data", "/var/solr"),
        "redis": ("redis_data", "/data"),
    }
    for name in CKAN_SERVICES:
        expected[name] = ("ckan_storage", STORAGE)
    for name, (volume, target) in expected.items():
        assert _mounts(services[name]).get(target) == volume, name
        assert volume in declared
    used = {source for s in services.values() for source in _mounts(s).values()}
    assert declared <= used, f"declared but unused: {declared - used}"


def test_postgres_init_scripts_are_mounted_and_executable(compose):
    mounts = _mounts(compose["services"]["postgres"])
    source = mounts["/docker-entrypoint-initdb.d"]
    directory = os.path.normpath(os.path.join(DOCKER, source))
    scripts = sorted(os.listdir(directory))
    assert scripts and all(s.endswith(".sh") for s in scripts)
    for script in scripts:
        mode = os.stat(os.path.join(directory, script)).st_mode
        assert mode & stat.S_IXUSR, f"{script} is not executable"
    assert any(
        v.endswith(":ro")
        for v in compose["services"]["postgres"]["volumes"]
        if "/docker-entrypoint-initdb.d" in v
    )


def test_postgres_init_uses_only_variables_the_service_gets(compose):
    env = environment(compose["services"]["postgres"])
    directory = os.path.join(DOCKER, "postgres-init")
    for script in os.listdir(directory):
        with open(os.path.join(directory, script), encoding="utf-8") as f:
            used = referenced_variables(f.read())
        assert used <= set(env), f"{script} uses {used - set(env)}, not in postgres' environment"


# -- health checks and start order ------------------------------------------------------------


def test_every_service_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        check = service.get("healthcheck")
        assert check and check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert check.get("interval") and check.get("retries"), name


def test_ckan_healthcheck_calls_status_show_with_curl(compose):
    # the 2.12 runtime image installs curl, not wget
    test = compose["services"]["ckan"]["healthcheck"]["test"]
    assert test[1] == "curl" and "-f" in "".join(a for a in test if a.startswith("-"))
    url = urlparse(test[-1])
    assert (url.hostname, url.port, url.path) == ("localhost", 5000, "/api/3/action/status_show")
    assert compose["services"]["ckan"]["healthcheck"]["start_period"], "db init + migrations"


def test_solr_healthcheck_pings_the_ckan_core(compose, env_example):
    test = compose["services"]["solr"]["healthcheck"]["test"]
    solr = urlparse(environment(compose["services"]["ckan"])["CKAN_SOLR_URL"])
    assert urlparse(test[-1]).path == solr.path + "/admin/ping"


def test_postgres_and_redis_healthchecks(compose):
    pg = compose["services"]["postgres"]["healthcheck"]["test"]
    assert pg[0] == "CMD-SHELL" and pg[1].startswith("pg_isready")
    # `$$` in compose.yaml: the container's shell expands the variables, not Compose
    assert '"${POSTGRES_USER}"' in pg[1] and '"${POSTGRES_DB}"' in pg[1]
    assert compose["services"]["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


@pytest.mark.parametrize(
    "name,subcommand", [("worker", "check-worker"), ("scheduler", "check-scheduler")]
)
def test_worker_and_scheduler_healthchecks_use_satudata_tasks(compose, name, subcommand):
    test = compose["services"][name]["healthcheck"]["test"]
    assert test == ["CMD", "python3", "/srv/app/satudata_tasks.py", subcommand]
    with open(os.path.join(DOCKER, "satudata_tasks.py"), encoding="utf-8") as f:
        assert f'command == "{subcommand}"' in f.read()


def test_depends_on(compose):
    services = compose["services"]
    healthy = {"condition": "service_healthy"}
    assert services["ckan"]["depends_on"] == {
        "postgres": healthy,
        "solr": healthy,
        "redis": healthy,
    }
    # the worker and the scheduler start once ckan has migrated the database
    for name in ("worker", "scheduler"):
        assert services[name]["depends_on"]["ckan"] == healthy
        assert services[name]["depends_on"]["redis"] == healthy
    for name in ("postgres", "solr", "redis"):
        assert "depends_on" not in services[name]


# -- environment against the ini settings -----------------------------------------------------


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
        "(add them there, or list them as host-specific in tests/docker/test_compose.py):\n  "
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


# -- .env.example -----------------------------------------------------------------------------


def test_env_example_gives_every_required_variable(compose_raw, env_example):
    resolve(compose_raw, env_example)  # raises MissingVariable otherwise
    with pytest.raises(MissingVariable):
        resolve(compose_raw, {})


def test_env_example_documents_every_variable_compose_uses(compose_text, env_example):
    assert referenced_variables(compose_text) - {"POSTGRES_USER", "POSTGRES_DB"} <= set(env_example)
    assert {"POSTGRES_USER", "POSTGRES_DB"} <= set(env_example)


def test_env_example_secrets_are_placeholders(env_example):
    for key in (
        "CKAN_SECRET_KEY",
        "POSTGRES_PASSWORD",
        "CKAN_DB_PASSWORD",
        "DATASTORE_READONLY_PASSWORD",
        "CKAN_SYSADMIN_PASSWORD",
    ):
        assert env_example[key] == "CHANGE_ME", key


def test_env_file_is_ignored_by_git_and_docker():
    with open(os.path.join(DOCKER, ".gitignore"), encoding="utf-8") as f:
        assert ".env" in f.read().split()
    with open(os.path.join(DOCKER, "Dockerfile.dockerignore"), encoding="utf-8") as f:
        ignored = f.read().split()
    assert "docker/.env" in ignored and ".git" in ignored and ".venv" in ignored


def test_scheduler_cron_defaults_match_the_tasks(compose, env_example):
    tasks = _load_tasks_module()
    env = environment(compose["services"]["scheduler"])
    for task in tasks.TASKS:
        assert env[task.env] == task.default_cron == env_example[task.env], task.name
    assert env["SATUDATA_SCHEDULE_TZ"] == "Asia/Jakarta"


def _load_tasks_module():
    spec = importlib.util.spec_from_file_location(
        "satudata_docker_tasks", os.path.join(DOCKER, "satudata_tasks.py")
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# -- Dockerfile -------------------------------------------------------------------------------


def test_dockerfile_is_built_on_the_pinned_ckan_2_12_0_image(dockerfile):
    """The release the extension is tested against (requirements.txt), never the floating
    ``2.12`` tag that moves to the next patch release; a digest may pin it further."""
    froms = [args for word, args in dockerfile if word == "FROM"]
    # the image is the last stage; the one before it only fetches the pinned browser libraries
    assert len(froms) == 2 and froms[0].endswith(" AS assets"), froms
    assert re.fullmatch(r"node:\d+\.\d+\.\d+-bookworm-slim AS assets", froms[0]), froms[0]
    assert re.fullmatch(r"ckan/ckan-base:2\.12\.0(-py3\.\d+)?(@sha256:[0-9a-f]{64})?", froms[1]), (
        froms[1]
    )
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as f:
        assert re.search(r"^ckan\[requirements\]==2\.12\.0$", f.read(), re.M)


def test_dockerfile_installs_the_repository_and_the_pinned_extensions(dockerfile):
    args = dict(a.split("=", 1) for w, a in dockerfile if w == "ARG")
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as f:
        pins = dict(re.findall(r"^(ckanext-[a-z]+)==(\S+)", f.read(), re.M))
    assert args["CKANEXT_SCHEMING_VERSION"] == "3.1.0" == pins["ckanext-scheming"]
    assert args["CKANEXT_DCAT_VERSION"] == "2.4.4" == pins["ckanext-dcat"]

    copies = [a for w, a in dockerfile if w == "COPY"]
    repo_copy = [c for c in copies if shlex.split(c)[-2:-1] == ["."]]
    assert len(repo_copy) == 1, "the whole repository is copied once"
    destination = shlex.split(repo_copy[0])[-1]

    (install,) = [a for w, a in dockerfile if w == "RUN" and "pip3 install" in a]
    pip = install.split("pip3 install", 1)[1].split(";", 1)[0]
    words = shlex.split(pip)
    assert "ckanext-scheming==${CKANEXT_SCHEMING_VERSION}" in words
    assert "ckanext-dcat==${CKANEXT_DCAT_VERSION}" in words
    assert destination in words, "pip installs the copied repository"
    assert "--constraint" in words and "--requirement" in words
    # the repository's runtime requirements, less CKAN itself (the base image's)
    assert "requirements.txt > /tmp/satudata-requirements.txt" in install
    assert "python3 scripts/i18n.py compile" in install
    assert os.path.isfile(os.path.join(ROOT, "scripts", "i18n.py"))
    for module in (
        "ckanext.satudata.plugin",
        "ckanext.scheming.plugins",
        "ckanext.dcat.plugins",
        "ckanext.xloader.plugin",
        "ckanext.pdfview.plugin",
    ):
        assert module in install, f"the build checks that {module} imports"


def test_dockerfile_copies_existing_files(dockerfile):
    for word, args in dockerfile:
        if word != "COPY":
            continue
        if "--from=" in args:  # from the assets stage, checked below
            continue
        sources = [s for s in shlex.split(args) if not s.startswith("--")][:-1]
        for source in sources:
            assert os.path.exists(os.path.join(ROOT, source)), source


def test_dockerfile_serves_the_fetched_browser_libraries(dockerfile):
    """Chart.js is fetched by scripts/fetch-assets in the first stage and copied into the sources
    before pip installs them, so the charts reach the image (webassets serves assets/vendor)."""
    runs = [a for w, a in dockerfile if w == "RUN"]
    assert any("scripts/fetch-assets" in run for run in runs)
    copies = [a for w, a in dockerfile if w == "COPY"]
    (vendor,) = [c for c in copies if "--from=assets" in c]
    assert shlex.split(vendor)[-1].endswith("ckanext/satudata/assets/vendor")
    assert copies.index(vendor) > copies.index(next(c for c in copies if " . " in c))


def test_dockerfile_entrypoint_and_cmd(dockerfile):
    words = [w for w, _ in dockerfile]
    entrypoint = json.loads(dict(dockerfile)["ENTRYPOINT"])
    cmd = json.loads(dict(dockerfile)["CMD"])
    assert entrypoint == ["/srv/app/satudata-entrypoint.sh"]
    # an ENTRYPOINT resets the base image's CMD, so it must be declared again, after it
    assert cmd == ["/srv/app/start_ckan.sh"]
    assert words.index("CMD") > words.index("ENTRYPOINT")
    users = [a for w, a in dockerfile if w == "USER"]
    assert users[-1] == "ckan", "the containers run as the base image's `ckan` user"
    copied = " ".join(a for w, a in dockerfile if w == "COPY")
    assert "docker/entrypoint.sh ${APP_DIR}/satudata-entrypoint.sh" in copied
    assert "docker/docker-entrypoint.d/ /docker-entrypoint.d/" in copied
    assert "docker/satudata_tasks.py ${APP_DIR}/satudata_tasks.py" in copied
    assert "docker/satudata.ini ${APP_DIR}/satudata.ini" in copied


# -- compose-spec -----------------------------------------------------------------------------


def compose_spec_validator():
    """The compose-spec JSON schema as vendored by check-jsonschema (dev-requirements.txt);
    it declares draft-07 (with an https URL that jsonschema does not map to a draft)."""
    import jsonschema

    schema_file = importlib.resources.files("check_jsonschema.builtin_schemas.vendor").joinpath(
        "compose-spec.json"
    )
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert "draft-07" in schema["$schema"]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_compose_file_is_valid_against_the_compose_spec_schema(compose):
    errors = sorted(compose_spec_validator().iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_compose_spec_validation_catches_a_wrong_file(compose):
    broken = json.loads(json.dumps(compose))
    broken["services"]["ckan"]["healthcheck"]["retry"] = 3
    broken["services"]["solr"]["depends_on"] = {"redis": {"condition": "when_it_feels_like"}}
    broken["services"]["worker"]["networks"] = "backend"
    paths = {tuple(e.path)[:3] for e in compose_spec_validator().iter_errors(broken)}
    assert {
        ("services", "ckan", "healthcheck"),
        ("services", "solr", "depends_on"),
        ("services", "worker", "networks"),
    } <= paths, paths


def test_env_example_parses_like_dotenv():
    values = read_dotenv(os.path.join(DOCKER, ".env.example"))
    assert values["CKAN__PLUGINS"].startswith("satudata ")
    assert values["SATUDATA_CRON_ASSESS"] == "30 1 * * *"
