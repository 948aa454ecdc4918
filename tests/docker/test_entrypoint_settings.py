"""docker/entrypoint.sh run for real on a ckan.ini made the way the base image makes it: the derived secrets, the portal settings written, idempotence, the DCAT base URI from the environment, an empty plugin list refused."""

from __future__ import annotations

import os
import re

from .docker_files import DOCKER, read_ini_section
from .entrypoint_runs import GOOD_SECRET, PLUGINS, base_ini, ini, loaded, run_entrypoint

__all__ = ["base_ini", "ini"]  # fixtures, imported for this module


def test_the_base_ini_derives_the_csrf_and_token_secrets_from_secret_key(base_ini):
    raw = read_ini_section(base_ini)
    for key in (
        "WTF_CSRF_SECRET_KEY",
        "api_token.jwt.encode.secret",
        "api_token.jwt.decode.secret",
    ):
        assert "%(SECRET_KEY)s" in raw[key], key


def test_entrypoint_writes_the_portal_settings_and_runs_the_command(ini, tmp_path):
    marker = tmp_path / "ran"
    result = run_entrypoint(
        ini,
        tmp_path,
        {
            "CKAN__PLUGINS": PLUGINS,
            "CKAN_SECRET_KEY": GOOD_SECRET,
            "CKAN_SITE_URL": "https://satudata.bekasikab.go.id",
        },
        "sh",
        "-c",
        f'echo "$CKAN_INI" > "{marker}"',
    )
    assert result.returncode == 0, result.stderr
    assert marker.read_text().strip() == ini, "exec'd the command with the same environment"

    settings = loaded(ini)
    for key, value in read_ini_section(os.path.join(DOCKER, "satudata.ini")).items():
        assert settings[key] == value, key
    assert settings["ckan.plugins"] == PLUGINS
    assert settings["SECRET_KEY"] == GOOD_SECRET
    assert settings["api_token.jwt.encode.secret"] == "string:" + GOOD_SECRET
    assert settings["ckanext.dcat.base_uri"] == "https://satudata.bekasikab.go.id"
    # start_ckan.sh generates random secrets only when SECRET_KEY is empty: not any more, so a
    # restart or a new container keeps sessions and API tokens valid
    with open(ini, encoding="utf-8") as f:
        assert not re.search(r"^SECRET_KEY ?= ?$", f.read(), re.M)


def test_entrypoint_is_idempotent(ini, tmp_path):
    env = {"CKAN__PLUGINS": PLUGINS, "CKAN_SECRET_KEY": GOOD_SECRET, "CKAN_SITE_URL": "http://x"}
    assert run_entrypoint(ini, tmp_path, env, "true").returncode == 0
    with open(ini, encoding="utf-8") as f:
        first = f.read()
    assert run_entrypoint(ini, tmp_path, env, "true").returncode == 0
    with open(ini, encoding="utf-8") as f:
        assert f.read() == first


def test_the_environment_overrides_the_dcat_base_uri(ini, tmp_path):
    result = run_entrypoint(
        ini,
        tmp_path,
        {
            "CKAN__PLUGINS": PLUGINS,
            "CKAN_SITE_URL": "http://localhost:5000",
            "CKAN_SECRET_KEY": GOOD_SECRET,
            "CKANEXT__DCAT__BASE_URI": "https://data.bekasikab.go.id",
        },
        "true",
    )
    assert result.returncode == 0, result.stderr
    assert loaded(ini)["ckanext.dcat.base_uri"] == "https://data.bekasikab.go.id"


def test_entrypoint_refuses_an_empty_plugin_list(ini, tmp_path):
    marker = tmp_path / "ran"
    result = run_entrypoint(ini, tmp_path, {"CKAN__PLUGINS": ""}, "touch", str(marker))
    assert result.returncode != 0
    assert "CKAN__PLUGINS" in result.stderr
    assert not marker.exists()
