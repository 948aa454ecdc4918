"""The cutoff-night storm: 60 agency admins each submit 5 datasets (linked to their agreed
data-list items) concurrently over HTTP against a real ``ckan run`` on loopback, while the
period's cutoff passes a few seconds into the storm.

Afterwards: every request got 200 (no 5xx, none lost), every dataset exists exactly once and
is linked to its item, and every item is classed on time or late by its *server-side*
submission timestamp exactly at the cutoff instant (``submitted_at <= cutoff`` <=> on time),
that timestamp lying inside the request that made it. Both classes must occur, so the boundary
is really crossed during the storm.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .conftest import PASSWORD, complete_dataset_fields, own_server

AGENCIES = 60
PER_AGENCY = 5
CUTOFF_AFTER = 8.0  # seconds after the storm starts (a 300-dataset storm takes longer)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def storm_portal(plugins_loaded, reset_db, reset_index, migrate_db_for):
    reset_db()
    reset_index()
    migrate_db_for("satudata")
    import ckan.plugins.toolkit as tk
    from ckan.tests import factories

    sysadmin = factories.Sysadmin(name="storm-sysadmin", password=PASSWORD)
    agencies = []
    for i in range(AGENCIES):
        user = factories.User(
            name=f"storm-admin-{i:02d}", password=PASSWORD, email=f"admin{i:02d}@bekasikab.go.id"
        )
        org = factories.Organization(
            name=f"storm-{i:02d}",
            title=f"Instansi Badai {i:02d}",
            agency_code=f"storm-{i:02d}",
            agency_type="dinas",
            users=[{"name": user["name"], "capacity": "admin"}],
        )
        token = tk.get_action("api_token_create")(
            {"user": sysadmin["name"], "ignore_auth": True}, {"user": user["name"], "name": "storm"}
        )["token"]
        agencies.append({"org": org, "user": user, "token": token})
    return {"sysadmin": sysadmin, "agencies": agencies}


@pytest.fixture(scope="module")
def storm_server(storm_portal, request):
    # a threaded server with a connection pool sized for 60 concurrent requests
    server = own_server(
        request,
        "storm",
        {
            "sqlalchemy.pool_size": "10",
            "sqlalchemy.max_overflow": "60",
            "sqlalchemy.pool_timeout": "300",
        },
    )
    yield server
    server.stop()


def _period_and_items(portal: dict, cutoff: dt.datetime) -> dict[str, list[str]]:
    from ckan.tests.helpers import call_action

    sysadmin = {"user": portal["sysadmin"]["name"]}
    period = call_action(
        "satudata_period_create",
        sysadmin,
        name="malam-cutoff",
        title="Malam cutoff",
        year=cutoff.year,
        opens=(cutoff - dt.timedelta(days=30)).isoformat(),
        cutoff=cutoff.isoformat(),
        input_close=(cutoff + dt.timedelta(days=15)).isoformat(),
    )
    items: dict[str, list[str]] = {}
    for agency in portal["agencies"]:
        org_id = agency["org"]["id"]
        items[org_id] = [
            call_action(
                "satudata_item_create",
                sysadmin,
                period_id=period["id"],
                org_id=org_id,
                title=f"Data ke-{j}",
                frequency="tahunan",
                year_start=2025,
                year_end=2025,
            )["id"]
            for j in range(PER_AGENCY)
        ]
    return {"period": period, "items": items}


def test_cutoff_night_storm(storm_portal, storm_server):
    from ckan import model

    from ckanext.satudata.deadlines.model import AgreedItem, Period

    # the items exist before the night; the cutoff is set so it falls inside the storm
    now = dt.datetime.now(dt.timezone.utc)
    setup = _period_and_items(storm_portal, now + dt.timedelta(minutes=5))
    period = model.Session.get(Period, setup["period"]["id"])
    start_at = time.time() + 2.0
    cutoff = dt.datetime.fromtimestamp(start_at + CUTOFF_AFTER, dt.timezone.utc)
    period.cutoff_at = cutoff
    model.Session.commit()

    results: list[dict] = []
    lock = threading.Lock()
    barrier = threading.Barrier(AGENCIES)

    def agency_night(agency: dict) -> None:
        session = requests.Session()
        session.headers.update(
            {"Authorization": agency["token"], "Content-Type": "application/json"}
        )
        org_id = agency["org"]["id"]
        barrier.wait()
        time.sleep(max(0.0, start_at - time.time()))
        for j, item_id in enumerate(setup["items"][org_id]):
            name = f"{agency['org']['name']}-data-{j}"
            body = complete_dataset_fields(
                name=name,
                title=f"Data {j} {agency['org']['title']}",
                owner_org=org_id,
                agreed_item=item_id,
            )
            sent = dt.datetime.now(dt.timezone.utc)
            try:
                response = session.post(
                    storm_server.url + "/api/3/action/package_create",
                    data=json.dumps(body),
                    timeout=600,
                )
                status, text = response.status_code, response.text[:500]
            except requests.RequestException as error:  # a dropped connection is a loss
                status, text = 0, repr(error)
            done = dt.datetime.now(dt.timezone.utc)
            with lock:
                results.append(
                    {
                        "name": name,
                        "item": item_id,
                        "status": status,
                        "text": text,
                        "sent": sent,
                        "done": done,
                    }
                )

    with ThreadPoolExecutor(max_workers=AGENCIES) as pool:
        list(pool.map(agency_night, storm_portal["agencies"]))

    total = AGENCIES * PER_AGENCY
    assert len(results) == total
    failed = [r for r in results if r["status"] != 200]
    assert not [r for r in failed if r["status"] >= 500 or r["status"] == 0], failed[:5]
    assert not failed, failed[:5]

    model.Session.remove()
    from sqlalchemy import text

    names = [r["name"] for r in results]
    rows = model.Session.execute(
        text("select name, id, state from package where name = any(:names)"), {"names": names}
    ).all()
    assert sorted(r.name for r in rows) == sorted(names)  # each exactly once
    assert {r.state for r in rows} == {"active"}
    ids = {r.name: r.id for r in rows}
    by_title = model.Session.execute(
        text("select count(*) from package where title like 'Data %' and state = 'active'")
    ).scalar()
    assert by_title == total  # nothing duplicated

    cutoff = model.Session.get(Period, setup["period"]["id"]).cutoff_at
    on_time = late = 0
    for r in results:
        item = model.Session.get(AgreedItem, r["item"])
        assert item.dataset_id == ids[r["name"]], r["name"]
        assert item.state == "submitted", (r["name"], item.state)
        at = item.submitted_at
        assert r["sent"] <= at <= r["done"], (r["name"], r["sent"], at, r["done"])
        expected = "on_time" if at <= cutoff else "late"
        assert item.timeliness == expected, (r["name"], at, cutoff, item.timeliness)
        on_time += expected == "on_time"
        late += expected == "late"
    assert on_time and late, f"the storm did not cross the cutoff: {on_time} on time, {late} late"
    seconds = (max(r["done"] for r in results) - min(r["sent"] for r in results)).total_seconds()
    print(
        f"storm: {total} datasets from {AGENCIES} agencies in {seconds:.1f}s, "
        f"{on_time} on time, {late} late"
    )
