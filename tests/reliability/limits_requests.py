"""Shared by the bad-input limit tests: the expected messages, the schema's text fields with their limits, the HTTP client, API calls as a role, and the check that a refusal is a field error with nothing stored."""

from __future__ import annotations

import json

import pytest

from .conftest import World
from .fuzz_inputs import _counts

TOO_LONG = "Panjang maksimal {max} karakter"


DATE_RANGE = "Masukkan tanggal antara 2000-01-01 dan 2100-12-31"


@pytest.fixture(scope="module")
def client(world):
    from ckan.tests.helpers import _get_test_app

    return _get_test_app()


def api(client, world: World, role: str, _action: str, **body):
    return client.post(
        f"/api/3/action/{_action}",
        data=json.dumps(body),
        headers={"Authorization": world.tokens[role], "Content-Type": "application/json"},
    )


def refused(response, field: str, expected: str, before: tuple) -> None:
    """A 409 whose error names ``field`` with the Indonesian ``expected`` text, nothing stored."""
    from ckan import model

    assert response.status_code == 409, (
        response.status_code,
        response.get_data(as_text=True)[:500],
    )
    error = response.json["error"]
    assert field in error, error
    assert expected in json.dumps(error[field], ensure_ascii=False), (field, error[field])
    model.Session.remove()
    assert _counts() == before
