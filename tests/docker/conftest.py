"""Fixtures of tests/docker: the Docker deployment files, parsed (see docker_files.py)."""

from __future__ import annotations

import os

import pytest
import yaml

from .docker_files import (
    DOCKER,
    ROOT,
    dockerfile_instructions,
    read_dotenv,
    read_ini_section,
    resolve,
)


@pytest.fixture(scope="session")
def compose_text() -> str:
    with open(os.path.join(DOCKER, "compose.yaml"), encoding="utf-8") as f:
        return f.read()


@pytest.fixture(scope="session")
def env_example() -> dict[str, str]:
    return read_dotenv(os.path.join(DOCKER, ".env.example"))


@pytest.fixture(scope="session")
def compose_raw(compose_text) -> dict:
    return yaml.safe_load(compose_text)


@pytest.fixture(scope="session")
def compose(compose_raw, env_example) -> dict:
    """compose.yaml as Compose sees it with docker/.env = docker/.env.example."""
    return resolve(compose_raw, env_example)


@pytest.fixture(scope="session")
def test_ini() -> dict[str, str]:
    path = os.path.join(ROOT, "test.ini")
    assert os.path.isfile(path), "test.ini (the foundation's) is the reference of the settings"
    return read_ini_section(path)


@pytest.fixture(scope="session")
def docker_settings() -> dict[str, str]:
    return read_ini_section(os.path.join(DOCKER, "satudata.ini"))


@pytest.fixture(scope="session")
def dockerfile() -> list[tuple[str, str]]:
    return dockerfile_instructions(os.path.join(DOCKER, "Dockerfile"))
