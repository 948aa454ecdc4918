"""`satudata_tasks.py check-worker` (the worker container's health check) against the real Redis
of test.ini: healthy exactly while an RQ worker of this host is registered."""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid

import pytest
import redis
from rq import Queue, Worker

from .docker_files import DOCKER, ROOT, read_ini_section


@pytest.fixture(scope="module")
def tasks():
    spec = importlib.util.spec_from_file_location(
        "satudata_docker_tasks", os.path.join(DOCKER, "satudata_tasks.py")
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def redis_url():
    # CKAN reads CKAN_REDIS_URL over test.ini; so does this test, or it would use another
    # worktree's Redis
    url = (
        os.environ.get("CKAN_REDIS_URL")
        or read_ini_section(os.path.join(ROOT, "test.ini"))["ckan.redis.url"]
    )
    redis.Redis.from_url(url).ping()  # the services are up (make services / scripts/test)
    return url


def test_check_worker_sees_a_registered_worker_of_this_host(tasks, redis_url):
    connection = redis.Redis.from_url(redis_url)
    queue = Queue(f"satudata-docker-check-{uuid.uuid4().hex}", connection=connection)
    worker = Worker([queue], connection=connection, name=f"satudata-docker-{uuid.uuid4().hex}")
    others = [w for w in Worker.all(connection=connection) if w.hostname == worker.hostname]
    if others:  # a `ckan jobs worker` of this machine already counts: check it is seen
        assert tasks.check_worker({"CKAN_REDIS_URL": redis_url})
    worker.register_birth()
    try:
        assert tasks.check_worker({"CKAN_REDIS_URL": redis_url})
    finally:
        worker.register_death()
    assert not any(w.name == worker.name for w in Worker.all(connection=connection))
    assert tasks.check_worker({"CKAN_REDIS_URL": redis_url}) == bool(others)


def test_check_worker_is_false_on_an_empty_redis_database(tasks, redis_url):
    # database 15 of the same server: no worker has ever registered there
    empty = redis_url.rsplit("/", 1)[0] + "/15"
    connection = redis.Redis.from_url(empty)
    assert not Worker.all(connection=connection)
    assert tasks.check_worker({"CKAN_REDIS_URL": empty}) is False
