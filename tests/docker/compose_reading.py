"""Shared by the docker/ file tests: what CKAN reads from the environment, a service's environment and plugin lists, as Compose and CKAN would read them."""

from __future__ import annotations

CKAN_SERVICES = ("ckan", "worker", "scheduler")


STORAGE = "/var/lib/ckan"


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}
