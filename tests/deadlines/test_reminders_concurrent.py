"""Two `ckan satudata deadlines remind` processes at the same moment (cron and a
manual run) against a real SMTP server: every reminder arrives exactly once."""

import datetime as dt
import os
import subprocess
import sys
from collections import Counter

import pytest
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("deadlines_db")


def test_concurrent_runs_send_each_reminder_once(
    walidata, agency_with_admin, smtp_server, ckan_config, request
):
    agency_with_admin("dinkes")
    agency_with_admin("disdik")
    # a period whose cutoff was two local days ago (relative to the real clock: the
    # subprocesses cannot share a frozen one), input still open
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    wctx = {"user": walidata["name"], "ignore_auth": False}
    period = call_action(
        "satudata_period_create",
        wctx,
        name="putaran-uji",
        year=today.year,
        cutoff=(today - dt.timedelta(days=2)).isoformat(),
        input_close=(today + dt.timedelta(days=10)).isoformat(),
    )
    call_action(
        "satudata_item_import",
        wctx,
        period_id=period["id"],
        content="agency,title,frequency\ndinkes,A,tahunan\ndisdik,B,tahunan\n",
    )
    ini = os.path.abspath(request.config.getoption("ckan_ini"))
    ckan_bin = os.path.join(os.path.dirname(sys.executable), "ckan")
    env = dict(os.environ, CKAN_SMTP_SERVER=ckan_config["smtp.server"])
    runs = [
        subprocess.Popen(
            [ckan_bin, "-c", ini, "satudata", "deadlines", "remind"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [r.communicate(timeout=240)[0] for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    received = Counter(rcpt for _, rcpts, _ in smtp_server.messages for rcpt in rcpts)
    assert received == {
        "admin.dinkes@bekasikab.go.id": 1,
        "admin.disdik@bekasikab.go.id": 1,
        "walidata1@bekasikab.go.id": 2,
    }
    listed = call_action("satudata_reminder_list", wctx, period_id=period["id"])
    assert sorted((r["status"], r["key"][:7]) for r in listed if r["status"] == "sent") == [
        ("sent", "overdue"),
        ("sent", "overdue"),
    ]
