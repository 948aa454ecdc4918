"""docker/entrypoint.sh refuses weak production secrets: an unedited copy of .env.example, short or placeholder secrets (also fixed in ckan.ini); good secrets and exactly 32 characters start."""

from __future__ import annotations

import os
import subprocess

import pytest

from .docker_files import DOCKER, read_dotenv, resolve
from .entrypoint_runs import BIN, GOOD_SECRET, PLUGINS, base_ini, ini, loaded, run_entrypoint

__all__ = ["base_ini", "ini"]  # fixtures, imported for this module (ini needs base_ini)


def _ckan_service_env(replace_placeholders: bool) -> dict[str, str]:
    """The environment compose.yaml gives the ckan container with docker/.env a copy of
    docker/.env.example (placeholders kept, or each replaced by its own good secret)."""
    import yaml

    dotenv = read_dotenv(os.path.join(DOCKER, ".env.example"))
    if replace_placeholders:
        dotenv = {
            k: (f"{n:02d}{GOOD_SECRET}"[:64] if v == "CHANGE_ME" else v)
            for n, (k, v) in enumerate(dotenv.items())
        }
    with open(os.path.join(DOCKER, "compose.yaml"), encoding="utf-8") as f:
        compose = resolve(yaml.safe_load(f), dotenv)
    env = compose["services"]["ckan"]["environment"]
    return {k: "" if v is None else str(v) for k, v in env.items()}


def _refused(result, marker, ini: str, before: str) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    assert "refusing to start" in result.stderr
    assert not marker.exists(), "the command ran"
    with open(ini, encoding="utf-8") as f:
        assert f.read() == before, "ckan.ini was written"


def test_an_unedited_copy_of_env_example_is_refused(ini, tmp_path):
    env = _ckan_service_env(replace_placeholders=False)
    marker = tmp_path / "ran"
    with open(ini, encoding="utf-8") as f:
        before = f.read()
    result = run_entrypoint(ini, tmp_path, env, "touch", str(marker))
    _refused(result, marker, ini, before)
    for name in (
        "CKAN_SECRET_KEY",
        "CKAN_SQLALCHEMY_URL",
        "CKAN_DATASTORE_READ_URL",
        "CKAN_SYSADMIN_PASSWORD",
    ):
        assert f"{name} still holds the placeholder CHANGE_ME" in result.stderr, name
    assert "secrets.token_hex(32)" in result.stderr, "says how to make a good one"


def test_the_env_example_with_good_secrets_starts(ini, tmp_path):
    env = _ckan_service_env(replace_placeholders=True)
    marker = tmp_path / "ran"
    result = run_entrypoint(ini, tmp_path, env, "touch", str(marker))
    assert result.returncode == 0, result.stderr
    assert marker.exists()
    assert loaded(ini)["SECRET_KEY"] == env["CKAN_SECRET_KEY"]


@pytest.mark.parametrize(
    "name,value,reason",
    [
        ("CKAN_SECRET_KEY", "", "CKAN_SECRET_KEY is empty"),
        ("CKAN_SECRET_KEY", "CHANGE_ME", "CKAN_SECRET_KEY still holds the placeholder"),
        (
            "CKAN_SECRET_KEY",
            GOOD_SECRET[:31],
            "CKAN_SECRET_KEY has 31 characters, at least 32 are required",
        ),
        (
            "CKAN_SQLALCHEMY_URL",
            "postgresql://ckan:s3cret@postgres:5432/ckan",
            "the database password in CKAN_SQLALCHEMY_URL has 6 characters",
        ),
        (
            "CKAN_SQLALCHEMY_URL",
            "postgresql://ckan@postgres:5432/ckan",
            "the database password in CKAN_SQLALCHEMY_URL is empty",
        ),
        (
            "CKAN_DATASTORE_READ_URL",
            "postgresql://datastore_ro:CHANGE_ME@postgres/datastore",
            "CKAN_DATASTORE_READ_URL still holds the placeholder",
        ),
        (
            "CKAN___API_TOKEN__JWT__ENCODE__SECRET",
            "string:short-jwt-secret",
            "CKAN___API_TOKEN__JWT__ENCODE__SECRET has 16 characters",
        ),
    ],
    ids=[
        "secret-missing",
        "secret-placeholder",
        "secret-31-chars",
        "db-password-short",
        "db-password-missing",
        "datastore-placeholder",
        "jwt-secret-short",
    ],
)
def test_a_weak_secret_is_refused(ini, tmp_path, name, value, reason):
    env = {
        "CKAN__PLUGINS": PLUGINS,
        "CKAN_SECRET_KEY": GOOD_SECRET,
        "CKAN_SQLALCHEMY_URL": f"postgresql://ckan:{GOOD_SECRET}@postgres:5432/ckan",
        name: value,
    }
    marker = tmp_path / "ran"
    with open(ini, encoding="utf-8") as f:
        before = f.read()
    result = run_entrypoint(ini, tmp_path, env, "touch", str(marker))
    _refused(result, marker, ini, before)
    assert reason in result.stderr, result.stderr
    if len(value) > 10:
        for secret in ("s3cret", "short-jwt-secret", GOOD_SECRET[:31]):
            assert secret not in result.stderr + result.stdout, "a secret was printed"


def test_a_weak_secret_fixed_in_ckan_ini_is_refused(ini, tmp_path):
    subprocess.run(
        [os.path.join(BIN, "ckan"), "config-tool", ini, "WTF_CSRF_SECRET_KEY = weak"],
        check=True,
        capture_output=True,
    )
    result = run_entrypoint(
        ini, tmp_path, {"CKAN__PLUGINS": PLUGINS, "CKAN_SECRET_KEY": GOOD_SECRET}, "true"
    )
    assert result.returncode != 0
    assert f"WTF_CSRF_SECRET_KEY in {ini} has 4 characters" in result.stderr


def test_a_secret_of_exactly_32_characters_passes(ini, tmp_path):
    result = run_entrypoint(
        ini,
        tmp_path,
        {
            "CKAN__PLUGINS": PLUGINS,
            "CKAN_SECRET_KEY": GOOD_SECRET[:32],
            "CKAN_SQLALCHEMY_URL": f"postgresql://ckan:{GOOD_SECRET[:32]}@postgres:5432/ckan",
            "CKAN___API_TOKEN__JWT__ENCODE__SECRET": "string:" + GOOD_SECRET[:32],
        },
        "true",
    )
    assert result.returncode == 0, result.stderr
