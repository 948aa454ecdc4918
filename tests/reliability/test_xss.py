"""Stored XSS through agency names, notes and the walidata's return reasons, against a real
``ckan run`` of the suite's ini on a port of its own (CSRF: test_csrf.py)."""

from __future__ import annotations

import re

import pytest
import requests

from .conftest import own_server, web_login
from .permission_matrix import PAGES, registered_rules

XSS = '<script>alert("xss-{}")</script>'
IMG = '<img src=x onerror=alert("xss-{}")>'


@pytest.fixture(scope="module")
def server(world, request):
    s = own_server(request, "xss")
    yield s
    s.stop()


def _hostile_portal(world) -> dict:
    """An agency, a dataset and a return reason whose texts are script."""
    from ckan.tests import factories, helpers

    sysadmin = {"user": world.user("sysadmin")}
    org = factories.Organization(
        name="xss-agency",
        title=XSS.format("agency-title"),
        agency_code="xss-agency",
        agency_type="dinas",
        short_name=IMG.format("short-name"),
        description=XSS.format("agency-notes"),
        address=IMG.format("address"),
        users=[{"name": world.user("admin"), "capacity": "admin"}],
    )
    from .conftest import complete_dataset_fields

    dataset = factories.Dataset(
        owner_org=org["id"],
        name="xss-dataset",
        title=XSS.format("dataset-title"),
        **complete_dataset_fields(notes=XSS.format("dataset-notes")),
    )
    out = {"org": org, "dataset": dataset}
    if world.period:
        item = helpers.call_action(
            "satudata_item_create",
            sysadmin,
            period_id=world.period["id"],
            org_id=org["id"],
            title=XSS.format("item-title"),
            frequency="tahunan",
            year_start=2025,
            year_end=2025,
        )
        for action, notes in (
            ("submit", ""),
            ("start_review", ""),
            ("return", XSS.format("return-reason")),
        ):
            helpers.call_action(
                "satudata_item_transition",
                sysadmin,
                id=item["id"],
                action=action,
                notes=notes,
                dataset_id=dataset["id"] if action == "submit" else None,
            )
        out["item"] = item
    return out


def test_agency_names_notes_and_reasons_are_escaped(world, server):
    hostile = _hostile_portal(world)
    org = hostile["org"]["name"]
    walidata = web_login(server.url, world.user("walidata"))
    admin = web_login(server.url, world.user("admin"))
    urls = [
        "/instansi",
        "/agency",
        f"/organization/{org}",
        f"/organization/about/{org}",
        f"/dataset/{hostile['dataset']['name']}",
        "/dataset",
    ]
    for rule, (_allowed, build) in PAGES.items():
        if rule.startswith("/walidata") and "export" not in rule and rule in registered_rules():
            urls.append(build(world))
    urls += [f"/walidata/deadlines/agency/{org}", f"/walidata/assessment/agency/{org}"]
    pages_seen = 0
    leaks = []
    for who, session in (
        ("walidata", walidata),
        ("agency admin", admin),
        ("anonymous", requests.Session()),
    ):
        for url in urls:
            response = session.get(server.url + url, timeout=60)
            assert response.status_code < 500, (who, url, response.status_code)
            if response.status_code != 200 or "html" not in response.headers.get(
                "Content-Type", ""
            ):
                continue
            pages_seen += 1
            for found in re.findall(
                r'<script>alert\("xss-[\w-]+"\)</script>|'
                r'<img src=x onerror=alert\("xss-[\w-]+"\)>',
                response.text,
            ):
                leaks.append(f"{who} {url}: {found}")
    assert pages_seen >= len(urls), pages_seen
    assert not leaks, "unescaped user text:\n" + "\n".join(sorted(set(leaks)))
    # and the texts are really there (escaped), so the check looked at the right pages
    page = walidata.get(server.url + f"/walidata/deadlines/agency/{org}", timeout=60).text
    assert (
        "&lt;script&gt;alert(&#34;xss-return-reason" in page
        or "&lt;script&gt;alert(&quot;xss-return-reason" in page
    ), page[:3000]
