"""Shared by the docker entrypoint tests: the scripts, a ckan.ini made the way the base image makes it (module fixture), a fresh copy per test, and running the entrypoint on it."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys

import pytest

from .docker_files import DOCKER

ENTRYPOINT = os.path.join(DOCKER, "entrypoint.sh")


BIN = os.path.dirname(sys.executable)


BASE_PLUGINS = "image_view text_view datatables_view datastore envvars"


PLUGINS = (
    "satudata scheming_datasets scheming_organizations dcat datastore xloader "
    "datatables_view image_view pdf_view tracking envvars"
)


# what `python3 -c 'import secrets; print(secrets.token_hex(32))'` prints (.env.example)
GOOD_SECRET = "5f1d0c9a7be24e8f93a6c1d2e4b7a8f0c3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9"


@pytest.fixture(scope="module")
def base_ini(tmp_path_factory) -> str:
    """The base image's /srv/app/ckan.ini, as its Dockerfile generates it."""
    path = str(tmp_path_factory.mktemp("base") / "ckan.ini")
    ckan = os.path.join(BIN, "ckan")
    subprocess.run([ckan, "generate", "config", path], check=True, capture_output=True)
    subprocess.run(
        [ckan, "config-tool", path, "SECRET_KEY = ", f"ckan.plugins = {BASE_PLUGINS}"],
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture
def ini(base_ini, tmp_path) -> str:
    path = str(tmp_path / "ckan.ini")
    with open(base_ini, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        dst.write(src.read())
    return path


def run_entrypoint(ini: str, tmp_path, extra_env: dict[str, str], *command: str):
    env = {
        "PATH": BIN + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "CKAN_INI": ini,
        "SATUDATA_SETTINGS": os.path.join(DOCKER, "satudata.ini"),
        **extra_env,
    }
    return subprocess.run(
        ["bash", ENTRYPOINT, *command], env=env, capture_output=True, text=True, cwd=tmp_path
    )


def loaded(path: str) -> dict[str, str]:
    """[app:main] as CKAN reads it: with %(here)s and %(SECRET_KEY)s interpolation."""
    parser = configparser.ConfigParser(defaults={"here": os.path.dirname(path)}, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return dict(parser.items("app:main"))
