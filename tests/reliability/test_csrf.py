"""CSRF: every state-changing request that rides on the session cookie needs a valid CSRF token,
on CKAN's own views, the action API and the plugin's pages alike (ckanext/satudata/csrf.py).

Checked the way it matters, against real ``ckan run`` servers: the victim is logged in by cookie
through the login form, and anonymous visitors have already reached the same views in that
server process (CKAN 2.12 then marks the view CSRF-exempt for the whole process, see
``ckan_before_request``: one anonymous ``status_show`` exempts the whole action API). A POST
without the token (from another origin) is refused with 400 and changes nothing; the same POST
with the page's token, or with an API token instead of the cookie, gets through. Stock pages and
their JavaScript keep working in headless Chromium.
"""

from __future__ import annotations

import pytest
import requests

from .conftest import PASSWORD, complete_dataset_fields, csrf_token, own_server, web_login
from .permission_matrix import PAGES, POST_PAGES, _fingerprint, registered_rules

EVIL = "https://evil.example"
API = "/api/3/action/"


@pytest.fixture(scope="module")
def server(world, request):
    s = own_server(request, "csrf")
    yield s
    s.stop()


def _dataset(world, name: str) -> dict:
    from ckan.tests import factories

    return factories.Dataset(
        owner_org=world.org_a["id"], name=name, title=f"Data {name}", **complete_dataset_fields()
    )


def _package(id_or_name: str):
    from ckan import model

    model.Session.remove()  # what the server committed, not this session's cache
    return model.Package.get(id_or_name)


def _periods() -> set[str]:
    from ckan import model
    from ckan.tests import helpers

    model.Session.remove()
    return {p["name"] for p in helpers.call_action("satudata_period_list", {"ignore_auth": True})}


def _anonymous_visits(base: str, *urls: str) -> None:
    """What any visitor or crawler does; afterwards CKAN exempts these views process-wide."""
    for url in urls:
        requests.get(base + url, timeout=60)
        requests.post(base + url, data={}, timeout=60)


# --- CKAN's own views -----------------------------------------------------------------------


def test_dataset_delete_after_an_anonymous_visit_needs_the_token(world, server):
    dataset = _dataset(world, "csrf-delete-me")
    url = f"/dataset/delete/{dataset['id']}"
    _anonymous_visits(server.url, url)
    admin = web_login(server.url, world.user("admin"))

    forged = admin.post(
        server.url + url,
        data={"delete": "Hapus"},
        allow_redirects=False,
        headers={"Origin": EVIL, "Referer": EVIL + "/"},
        timeout=60,
    )
    assert forged.status_code in (400, 403), forged.status_code
    assert _package(dataset["id"]).state == "active"

    # a bogus API token next to the cookie does not turn it into an "API token request"
    bogus = admin.post(
        server.url + url,
        data={"delete": "Hapus"},
        allow_redirects=False,
        headers={"Authorization": "not-a-token"},
        timeout=60,
    )
    assert bogus.status_code in (400, 403), bogus.status_code
    assert _package(dataset["id"]).state == "active"

    # the confirmation page's own form (token included) deletes it
    token = csrf_token(admin.get(server.url + url, timeout=60).text)
    done = admin.post(
        server.url + url,
        data={"delete": "Hapus", "_csrf_token": token},
        allow_redirects=False,
        timeout=60,
    )
    assert done.status_code == 302, done.status_code
    assert _package(dataset["id"]).state == "deleted"


# --- the action API ---------------------------------------------------------------------------


def _api_cases(world) -> dict:
    """action -> (role, body builder, "did it happen?" check)."""
    return {
        "package_patch": (
            "admin",
            lambda tag: {"id": world.public["id"], "notes": f"Diubah {tag}"},
            lambda tag: _package(world.public["id"]).notes == f"Diubah {tag}",
        ),
        "satudata_period_create": (
            "walidata",
            lambda tag: {
                "name": f"csrf-{tag}",
                "title": f"CSRF {tag}",
                "year": 2027,
                "cutoff": "2027-11-23",
            },
            lambda tag: f"csrf-{tag}" in _periods(),
        ),
    }


@pytest.mark.parametrize("action", ["package_patch", "satudata_period_create"])
def test_a_cookie_api_write_without_the_token_is_refused(world, server, action):
    role, body, happened = _api_cases(world)[action]
    _anonymous_visits(server.url, API + "status_show", API + action)
    session = web_login(server.url, world.user(role))
    before = _fingerprint()
    for tag, headers in (
        ("evil", {"Origin": EVIL, "Content-Type": "application/json"}),
        ("bogus", {"Origin": EVIL, "Authorization": "not-a-token"}),
        ("stale", {"X-CSRFToken": "IjEyMyI.forged.token"}),
    ):
        response = session.post(
            server.url + API + action, json=body(tag), headers=headers, timeout=60
        )
        assert response.status_code == 400, (tag, response.status_code, response.text[:300])
        assert response.json()["success"] is False
        assert response.json()["error"]["__type"] == "CSRF Error"
        assert not happened(tag), tag
    assert _fingerprint() == before


@pytest.mark.parametrize("action", ["package_patch", "satudata_period_create"])
def test_a_cookie_api_write_with_the_page_token_works(world, server, action):
    role, body, happened = _api_cases(world)[action]
    _anonymous_visits(server.url, API + "status_show")
    session = web_login(server.url, world.user(role))
    token = csrf_token(session.get(server.url + "/dataset", timeout=60).text)
    response = session.post(
        server.url + API + action, json=body("token"), headers={"X-CSRFToken": token}, timeout=60
    )
    assert response.status_code == 200, response.text[:300]
    assert happened("token")


@pytest.mark.parametrize("action", ["package_patch", "satudata_period_create"])
def test_an_api_token_write_needs_no_csrf_token(world, server, action):
    role, body, happened = _api_cases(world)[action]
    response = requests.post(
        server.url + API + action,
        json=body("apitoken"),
        timeout=60,
        headers={"Authorization": world.tokens[role], "Origin": EVIL},
    )
    assert response.status_code == 200, response.text[:300]
    assert happened("apitoken")


# --- the plugin's walidata pages --------------------------------------------------------------


def _post_routes(world) -> list[tuple[str, str, dict]]:
    """(rule, url, body) of every POST the walidata pages accept."""
    rules = registered_rules()
    out = []
    for rule, methods in sorted(rules.items()):
        if "POST" not in methods or not rule.startswith("/walidata"):
            continue
        if rule in POST_PAGES:
            url, body = POST_PAGES[rule][1](world)
        elif "/item/" in rule:  # GET+POST form: item edit
            url, body = PAGES[rule][1](world), {"title": "CSRF item", "frequency": "tahunan"}
        else:  # GET+POST forms (period new/edit)
            url, body = (
                PAGES[rule][1](world),
                {"name": "csrf-period", "title": "CSRF", "year": "2026", "cutoff": "2026-11-23"},
            )
        out.append((rule, url, body))
    return out


@pytest.mark.parametrize(
    "anonymous_first", [False, True], ids=["fresh-server", "after-anonymous-visitors"]
)
def test_every_walidata_post_needs_the_csrf_token(world, request, anonymous_first):
    server = own_server(request, "csrf-" + str(anonymous_first).lower())
    try:
        _check_walidata_pages(world, server, anonymous_first)
    finally:
        server.stop()


def _check_walidata_pages(world, server, anonymous_first: bool) -> None:
    routes = _post_routes(world)
    assert routes, "no POST route on the walidata pages"
    if anonymous_first:
        # anonymous visitors first (every walidata page, GET and POST), as on a real portal
        _anonymous_visits(server.url, *(url for _rule, url, _body in routes))
        for rule in PAGES:
            if rule.startswith("/walidata") and rule in registered_rules():
                requests.get(server.url + PAGES[rule][1](world), timeout=60)
    walidata = web_login(server.url, world.user("walidata"))
    refused = []
    for rule, url, body in routes:
        before = _fingerprint()
        response = walidata.post(server.url + url, data=body, allow_redirects=False, timeout=60)
        if response.status_code != 400 or _fingerprint() != before:
            refused.append(
                f"{rule}: HTTP {response.status_code}, changed={_fingerprint() != before}"
            )
    assert not refused, "POST without CSRF token accepted:\n" + "\n".join(refused)
    # the same POST with the page's token is accepted (the check is CSRF, not something else)
    page = walidata.get(server.url + "/walidata/deadlines/", timeout=60)
    token = csrf_token(page.text)
    rule, url, body = next(r for r in routes if r[0] == "/walidata/deadlines/snapshot")
    response = walidata.post(
        server.url + url, data=dict(body, _csrf_token=token), allow_redirects=False, timeout=60
    )
    assert response.status_code != 400, response.text[:500]


# --- stock pages and their JavaScript in headless Chromium ------------------------------------


def _no_bad_request(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "response",
        lambda r: (
            refused.append(f"{r.status} {r.request.method} {r.url}")
            if r.status in (400, 403)
            else None
        ),
    )
    return refused


def test_an_agency_admin_edits_adds_a_member_and_deletes_a_resource_in_the_browser(
    world, live_server, browser, browser_login
):
    from ckan.tests import factories, helpers

    dataset = _dataset(world, "csrf-browser")
    resource_id = dataset["resources"][0]["id"]
    newcomer = factories.User(name="csrf-newcomer", email="csrf.newcomer@bekasikab.go.id")
    org = world.org_a["name"]
    # visitors first: CKAN exempts these views process-wide; the token must carry the UI anyway
    _anonymous_visits(
        live_server,
        f"/dataset/edit/{dataset['name']}",
        f"/organization/member_new/{org}",
        f"/dataset/{dataset['name']}/resource/{resource_id}/delete",
    )
    page = browser
    refused = _no_bad_request(page)
    browser_login(page, world.user("admin"), PASSWORD)

    # edit the dataset through the scheming form
    page.goto(f"/dataset/edit/{dataset['name']}")
    page.fill("#field-title", "Judul diubah lewat peramban")
    page.locator("form#dataset-edit button[name='save'].btn-primary").click()
    page.wait_for_load_state("networkidle")
    assert _package(dataset["id"]).title == "Judul diubah lewat peramban", page.url

    # add a member: the username field is CKAN's select2 autocomplete (an API call of its JS)
    page.goto(f"/organization/member_new/{org}")
    page.locator("#username + span.select2-container, #s2id_username").first.click()
    page.keyboard.type("csrf-newc")
    page.locator(".select2-results__option", has_text="csrf-newcomer").first.click()
    page.locator("form.add-member-form button[name='submit']").click()
    page.wait_for_load_state("networkidle")
    members = helpers.call_action("member_list", {"ignore_auth": True}, id=org, object_type="user")
    assert newcomer["id"] in {m[0] for m in members}, page.url

    # delete the resource: the edit page's Delete button, confirmed in CKAN's modal
    page.goto(f"/dataset/{dataset['name']}/resource/{resource_id}/edit")
    page.locator("a.btn-danger[data-module='confirm-action']").click()
    with page.expect_navigation():
        page.locator(".modal.show .modal-footer .btn-primary").click()
    page.wait_for_load_state("networkidle")
    from ckan import model

    model.Session.remove()
    assert model.Resource.get(resource_id).state == "deleted", page.url
    assert not refused, refused
