"""docker/.env.example read as Compose and python-dotenv read it: every required and used variable, placeholder secrets, the .env file kept out of git and images, the scheduler's cron defaults."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import importlib.util
import os
import sys

import pytest

from .compose_reading import environment
from .docker_files import DOCKER, MissingVariable, read_dotenv, referenced_variables, resolve

pytestmark = pytest.mark.pure


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


def test_env_example_parses_like_dotenv():
    values = read_dotenv(os.path.join(DOCKER, ".env.example"))
    assert values["CKAN__PLUGINS"].startswith("satudata ")
    assert values["SATUDATA_CRON_ASSESS"] == "30 1 * * *"
    assert values["SATUDATA_CRON_TRACKING_UPDATE"] == "15 0 * * *"
