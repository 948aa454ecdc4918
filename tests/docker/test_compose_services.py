"""docker/compose.yaml read as Compose would read it (no Docker engine here): services, images, commands, restart policy, ports, networks, volumes, health checks, start order, and the file valid against the Compose specification."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import importlib.util
import json
import os
import re
import stat
from urllib.parse import urlparse

import pytest

from .compose_reading import CKAN_SERVICES, STORAGE, environment
from .docker_files import DOCKER, ROOT, referenced_variables

pytestmark = pytest.mark.pure


SERVICES = {"ckan", "worker", "scheduler", "postgres", "solr", "redis"}


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
