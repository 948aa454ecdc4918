"""Security #13, finding 8: idempotent under concurrency.

Real threads send identical requests at the same instant to a real ``ckan run`` (own port,
own connection pool): parallel ``satudata_item_create`` or imports of one row leave one item,
parallel ``satudata_period_create`` of one name one period, and the others get a field error
(409), never a 500; parallel whole-portal ``satudata_assessment_run`` calls all answer the one
run that is queued. The guarantee is in PostgreSQL (migration 0005's unique indexes and the
period name's), so the timing of the threads cannot break it.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import text

from .conftest import own_server

PARALLEL = 12


@pytest.fixture(scope="module")
def server(world, request):
    server = own_server(
        request,
        "concurrency",
        {
            "sqlalchemy.pool_size": "5",
            "sqlalchemy.max_overflow": "20",
            "sqlalchemy.pool_timeout": "120",
        },
    )
    yield server
    server.stop()


def storm(server, token: str, action: str, body: dict, n: int = PARALLEL) -> list:
    """``n`` identical POSTs released together; returns (status, json) of each."""
    barrier = threading.Barrier(n)

    def one(_):
        session = requests.Session()
        session.headers.update({"Authorization": token, "Content-Type": "application/json"})
        barrier.wait()
        response = session.post(
            f"{server.url}/api/3/action/{action}", data=json.dumps(body), timeout=300
        )
        return response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def scalar(sql: str, **params):
    from ckan import model

    model.Session.remove()
    return model.Session.execute(text(sql), params).scalar()


def assert_one_won(results: list, field: str) -> None:
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (len(results) - 1), statuses
    for status, body in results:
        if status == 409:
            assert field in body["error"], body


def test_parallel_identical_item_creates_make_one_item(world, server):
    body = {
        "period_id": world.period["id"],
        "org_id": world.org_b["id"],
        "title": "Jumlah Sekolah Dasar",
        "frequency": "tahunan",
    }
    results = storm(server, world.tokens["walidata"], "satudata_item_create", body)
    assert_one_won(results, "title")
    assert (
        scalar(
            "select count(*) from satudata_agreed_item where period_id = :p "
            "and lower(title) = 'jumlah sekolah dasar'",
            p=world.period["id"],
        )
        == 1
    )


def test_parallel_imports_of_one_row_make_one_item(world, server):
    body = {
        "period_id": world.period["id"],
        "filename": "daftar.csv",
        "content": "agency,title,frequency\ndisdik,Jumlah Guru Honorer,tahunan\n",
    }
    results = storm(server, world.tokens["walidata"], "satudata_item_import", body)
    assert_one_won(results, "file")
    assert (
        scalar(
            "select count(*) from satudata_agreed_item where period_id = :p "
            "and lower(title) = 'jumlah guru honorer'",
            p=world.period["id"],
        )
        == 1
    )


def test_parallel_period_creates_of_one_name_make_one_period(world, server):
    body = {
        "name": "paralel-2027",
        "title": "Pengumpulan 2027",
        "year": 2027,
        "opens": "2027-01-01",
        "cutoff": "2027-11-23",
        "input_close": "2027-12-08",
    }
    results = storm(server, world.tokens["walidata"], "satudata_period_create", body)
    assert_one_won(results, "name")
    assert scalar("select count(*) from satudata_period where name = 'paralel-2027'") == 1


def test_parallel_portal_runs_answer_the_one_queued_run(world, server):
    before = scalar("select count(*) from satudata_assessment_run where scope = 'portal'")
    results = storm(
        server, world.tokens["walidata"], "satudata_assessment_run", {"scope": "portal"}, n=20
    )
    assert [status for status, _ in results] == [200] * 20, results
    run_ids = {body["result"]["run_id"] for _, body in results}
    assert len(run_ids) == 1
    assert (
        scalar("select count(*) from satudata_assessment_run where scope = 'portal'") == before + 1
    )
    assert (
        scalar(
            "select count(*) from satudata_assessment_run where scope = 'portal' "
            "and finished_at is null"
        )
        == 1
    )
