"""The permission matrix of pages: every page and POST route of this plugin's blueprints against anonymous, a member, an editor and an admin of the same agency (A), an admin of another agency (B), the walidata and a sysadmin. Each cell is asserted, denials included; the matrix is in permission_matrix.py."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ROLES, World
from .permission_matrix import PAGES, POST_PAGES, _fingerprint, registered_rules


def test_every_page_has_a_row():
    rules = registered_rules()
    get_rules = {r for r, m in rules.items() if "GET" in m}
    post_only = {r for r, m in rules.items() if m == {"POST"}}
    assert not get_rules - set(PAGES), f"pages without a row: {sorted(get_rules - set(PAGES))}"
    assert not post_only - set(POST_PAGES), (
        f"POST routes without a row: {sorted(post_only - set(POST_PAGES))}"
    )


@pytest.fixture(scope="module")
def client(world):
    from ckan.tests.helpers import _get_test_app

    return _get_test_app()


def _page_cells() -> list[Any]:
    rules = registered_rules()
    cells = []
    for rule, (allowed, build) in PAGES.items():
        if rule in rules:
            cells += [
                pytest.param(rule, allowed, build, role, id=f"GET {rule} {role}") for role in ROLES
            ]
    return cells


def _post_cells() -> list[Any]:
    rules = registered_rules()
    cells = []
    for rule, (allowed, build) in POST_PAGES.items():
        if rule in rules:
            cells += [
                pytest.param(rule, allowed, build, role, id=f"POST {rule} {role}")
                for role in ROLES
                if role not in allowed
            ]
    return cells


def _headers(world: World, role: str) -> dict:
    return {"Authorization": world.tokens[role]} if role != "anonymous" else {}


def _assert_denied(response, role: str) -> None:
    assert response.status_code < 500, response.status_code
    if role == "anonymous":
        assert response.status_code in (302, 401, 403), response.status_code
        if response.status_code == 302:
            assert "/user/login" in response.headers["Location"]
    else:
        assert response.status_code == 403, response.status_code


@pytest.mark.parametrize("rule, allowed, build, role", _page_cells())
def test_page_cell(world, client, rule, allowed, build, role):
    url = build(world)
    response = client.get(url, headers=_headers(world, role), follow_redirects=False)
    if role in allowed:
        assert response.status_code == 200, (url, role, response.status_code)
    else:
        _assert_denied(response, role)


@pytest.mark.parametrize("rule, allowed, build, role", _post_cells())
def test_post_denied_cell(world, client, rule, allowed, build, role):
    """A POST by someone who may not use the page is refused (token auth, so CSRF does not
    mask the answer) and changes nothing."""
    from ckan import model

    url, body = build(world)
    before = _fingerprint()
    response = client.post(url, data=body, headers=_headers(world, role), follow_redirects=False)
    _assert_denied(response, role)
    model.Session.remove()
    assert _fingerprint() == before
