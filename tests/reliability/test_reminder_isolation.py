"""Security #13, finding 10: one bad period cannot stop the reminders of the others.

A period whose stored cutoff is the last day of year 9999 (stored through the action with
good dates, then its row corrupted in the database, as an old or hostile row would be) makes
its reminder schedule overflow. Its periods sorts first (latest cutoff), and it used to stop
the whole run: no agency of any period was reminded. Now the scheduled job (``tick``, what
the worker runs) reminds the good period's agency through a real SMTP sink, records the bad
period's failure and the walidata page of that period shows it.
"""

from __future__ import annotations

import datetime as dt

from ckan.tests.helpers import call_action
from sqlalchemy import text


def _local_date(instant: dt.datetime) -> str:
    return instant.astimezone(dt.timezone(dt.timedelta(hours=7))).date().isoformat()


def test_a_failing_period_does_not_stop_the_reminders_of_the_others(world, app, smtp_server):
    # (the app first: making it reloads the config the smtp_server fixture points at itself)
    from ckan import model

    from ckanext.satudata.deadlines import periods, reminder_records, reminders

    walidata = {"user": world.user("walidata")}
    now = dt.datetime.now(dt.timezone.utc)
    good = call_action(
        "satudata_period_create",
        walidata,
        name="rem-baik",
        title="Periode baik",
        year=now.year,
        opens=_local_date(now - dt.timedelta(days=30)),
        cutoff=_local_date(now + dt.timedelta(days=2)),
        input_close=_local_date(now + dt.timedelta(days=20)),
    )
    call_action(
        "satudata_item_create",
        walidata,
        period_id=good["id"],
        org_id=world.org_b["id"],
        title="Jumlah Ruang Kelas",
        frequency="tahunan",
    )
    bad = call_action(
        "satudata_period_create",
        walidata,
        name="rem-rusak",
        title="Periode rusak",
        year=now.year,
        cutoff=_local_date(now + dt.timedelta(days=40)),
    )
    call_action(
        "satudata_item_create",
        walidata,
        period_id=bad["id"],
        org_id=world.org_b["id"],
        title="Jumlah Murid",
        frequency="tahunan",
    )
    model.Session.execute(
        text(
            "update satudata_period set cutoff_at = '9999-12-31 16:00:00+00', opens_at = null, "
            "input_close_at = null, corrections_end_at = null where id = :id"
        ),
        {"id": bad["id"]},
    )
    model.repo.commit()

    report = reminders.tick(reschedule_minutes=0)  # the worker's job body

    mails = [
        m
        for _, rcpt, m in smtp_server.messages
        if "rel.other_admin@bekasikab.go.id" in rcpt and "Dinas Pendidikan" in m["Subject"]
    ]
    assert mails, [m["Subject"] for _, _, m in smtp_server.messages]
    model.Session.remove()
    good_rows = reminder_records.reminders_of(periods.get_period("rem-baik"))
    assert "sent" in {r.status for r in good_rows if r.org_id == world.org_b["id"]}
    assert report["failed_periods"] == ["rem-rusak"]

    failure = reminder_records.reminder_failure(periods.get_period("rem-rusak"))
    assert failure is not None and "OverflowError" in failure["detail"]
    page = app.get(
        "/walidata/deadlines",
        params={"period": "rem-rusak"},
        headers={"Authorization": world.tokens["walidata"]},
    ).body
    assert 'id="deadlines-reminder-failure"' in page and "OverflowError" in page
    good_page = app.get(
        "/walidata/deadlines",
        params={"period": "rem-baik"},
        headers={"Authorization": world.tokens["walidata"]},
    ).body
    assert 'id="deadlines-reminder-failure"' not in good_page
