"""CSRF on every POST of the walidata pages, and stored XSS through agency names, notes and the
walidata's return reasons, against a real ``ckan run`` of the suite's ini on a port of its own.

CSRF is checked the way it matters: the walidata is logged in by cookie (the login form), and
anonymous visitors have already opened the same pages in that server process (CKAN marks a
view CSRF-exempt for the whole process once a request without a session reaches it, see
``ckan_before_request``); a POST without the token must still be refused with 400 and change
nothing, and the same POST with the page's token must get through.
"""
from __future__ import annotations

import re

import pytest
import requests

from .conftest import csrf_token, own_server, web_login
from .test_permissions import PAGES, POST_PAGES, _fingerprint, registered_rules

XSS = '<script>alert("xss-{}")</script>'
IMG = '<img src=x onerror=alert("xss-{}")>'


@pytest.fixture(scope="module")
def server(world, request):
    s = own_server(request, "csrf")
    yield s
    s.stop()


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
            url, body = PAGES[rule][1](world), {"name": "csrf-period", "title": "CSRF",
                                                "year": "2026", "cutoff": "2026-11-23"}
        out.append((rule, url, body))
    return out


@pytest.mark.parametrize("anonymous_first", [False, True],
                         ids=["fresh-server", "after-anonymous-visitors"])
def test_every_walidata_post_needs_the_csrf_token(world, request, anonymous_first):
    server = own_server(request, "csrf-" + str(anonymous_first).lower())
    try:
        _check_csrf(world, server, anonymous_first)
    finally:
        server.stop()


def _check_csrf(world, server, anonymous_first: bool) -> None:
    routes = _post_routes(world)
    assert routes, "no POST route on the walidata pages"
    if anonymous_first:
        # anonymous visitors first (every walidata page, GET and POST), as on a real portal
        for rule, url, body in routes:
            requests.get(server.url + url, timeout=60)
            requests.post(server.url + url, data=body, timeout=60)
        for rule in PAGES:
            if rule.startswith("/walidata") and rule in registered_rules():
                requests.get(server.url + PAGES[rule][1](world), timeout=60)
    walidata = web_login(server.url, world.user("walidata"))
    refused = []
    for rule, url, body in routes:
        before = _fingerprint()
        response = walidata.post(server.url + url, data=body, allow_redirects=False, timeout=60)
        if response.status_code != 400 or _fingerprint() != before:
            refused.append(f"{rule}: HTTP {response.status_code}, "
                           f"changed={_fingerprint() != before}")
    assert not refused, "POST without CSRF token accepted:\n" + "\n".join(refused)
    # the same POST with the page's token is accepted (the check is CSRF, not something else)
    page = walidata.get(server.url + "/walidata/deadlines/", timeout=60)
    token = csrf_token(page.text)
    rule, url, body = next(r for r in routes if r[0] == "/walidata/deadlines/snapshot")
    response = walidata.post(server.url + url, data=dict(body, _csrf_token=token),
                             allow_redirects=False, timeout=60)
    assert response.status_code != 400, response.text[:500]


def _hostile_portal(world) -> dict:
    """An agency, a dataset and a return reason whose texts are script."""
    from ckan.tests import factories, helpers

    sysadmin = {"user": world.user("sysadmin")}
    org = factories.Organization(
        name="xss-agency", title=XSS.format("agency-title"), agency_code="xss-agency",
        agency_type="dinas", short_name=IMG.format("short-name"),
        description=XSS.format("agency-notes"), address=IMG.format("address"),
        users=[{"name": world.user("admin"), "capacity": "admin"}])
    from .conftest import complete_dataset_fields
    dataset = factories.Dataset(owner_org=org["id"], name="xss-dataset",
                                title=XSS.format("dataset-title"),
                                **complete_dataset_fields(notes=XSS.format("dataset-notes")))
    out = {"org": org, "dataset": dataset}
    if world.period:
        item = helpers.call_action("satudata_item_create", sysadmin, period_id=world.period["id"],
                                   org_id=org["id"], title=XSS.format("item-title"),
                                   frequency="tahunan", year_start=2025, year_end=2025)
        for action, notes in (("submit", ""), ("start_review", ""),
                              ("return", XSS.format("return-reason"))):
            helpers.call_action("satudata_item_transition", sysadmin, id=item["id"],
                                action=action, notes=notes, dataset_id=dataset["id"]
                                if action == "submit" else None)
        out["item"] = item
    return out


def test_agency_names_notes_and_reasons_are_escaped(world, server):
    hostile = _hostile_portal(world)
    org = hostile["org"]["name"]
    walidata = web_login(server.url, world.user("walidata"))
    admin = web_login(server.url, world.user("admin"))
    urls = ["/instansi", "/agency", f"/organization/{org}", f"/organization/about/{org}",
            f"/dataset/{hostile['dataset']['name']}", "/dataset"]
    for rule, (allowed, build) in PAGES.items():
        if rule.startswith("/walidata") and "export" not in rule and rule in registered_rules():
            urls.append(build(world))
    urls += [f"/walidata/deadlines/agency/{org}", f"/walidata/assessment/agency/{org}"]
    pages_seen = 0
    leaks = []
    for who, session in (("walidata", walidata), ("agency admin", admin),
                         ("anonymous", requests.Session())):
        for url in urls:
            response = session.get(server.url + url, timeout=60)
            assert response.status_code < 500, (who, url, response.status_code)
            if response.status_code != 200 or "html" not in response.headers.get(
                    "Content-Type", ""):
                continue
            pages_seen += 1
            for found in re.findall(r'<script>alert\("xss-[\w-]+"\)</script>|'
                                    r'<img src=x onerror=alert\("xss-[\w-]+"\)>', response.text):
                leaks.append(f"{who} {url}: {found}")
    assert pages_seen >= len(urls), pages_seen
    assert not leaks, "unescaped user text:\n" + "\n".join(sorted(set(leaks)))
    # and the texts are really there (escaped), so the check looked at the right pages
    page = walidata.get(server.url + f"/walidata/deadlines/agency/{org}", timeout=60).text
    assert "&lt;script&gt;alert(&#34;xss-return-reason" in page or \
        "&lt;script&gt;alert(&quot;xss-return-reason" in page, page[:3000]
