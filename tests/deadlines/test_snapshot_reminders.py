"""The frozen picture at the cutoff and the reminders (CKAN's test mail server)."""

import email

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests.helpers import call_action
from satudata_testing import delivery_dataset

from ckanext.satudata.deadlines import reminders
from ckanext.satudata.deadlines.model import ReminderSent

pytestmark = pytest.mark.usefixtures("deadlines_db")


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def round_(walidata, period_2026, agency_with_admin, freezer):
    freezer.move_to("2026-11-02 00:00:00")
    dinkes, dinkes_admin, _ = agency_with_admin("dinkes")
    disdik, disdik_admin, _ = agency_with_admin("disdik")
    csv = (
        "agency,title,frequency\n"
        "dinkes,A Puskesmas,tahunan\n"
        "dinkes,B Bidan,tahunan\n"
        "dinkes,C Imunisasi,tahunan\n"
        "disdik,D Sekolah,tahunan\n"
    )
    items = call_action(
        "satudata_item_import", ctx(walidata), period_id=period_2026["id"], content=csv
    )["items"]
    by_title = {i["title"][0]: i for i in items}
    return dict(
        walidata=walidata,
        period=period_2026,
        dinkes=dinkes,
        disdik=disdik,
        dinkes_admin=dinkes_admin,
        disdik_admin=disdik_admin,
        items=by_title,
    )


def move(r, user, letter, action, notes=""):
    item = r["items"][letter]
    extra = {"dataset_id": delivery_dataset(item["org_id"])} if action == "submit" else {}
    return call_action(
        "satudata_item_transition", ctx(r[user]), id=item["id"], action=action, notes=notes, **extra
    )


def frozen(r):
    summary = call_action(
        "satudata_delivery_summary", ctx(r["walidata"]), period_id=r["period"]["id"]
    )
    return {row["org"]["name"]: row["at_cutoff"] for row in summary["agencies"]}


def snapshot_states(r):
    from ckanext.satudata.deadlines import agreed_items, figures, periods

    period = periods.get_period(r["period"]["id"])
    return {
        agreed_items.get_item(k).title[0]: (v.state, v.timeliness)
        for k, v in figures.snapshot_of(period).items()
    }


def test_frozen_picture_unchanged_by_later_edits(round_, freezer):
    r = round_
    freezer.move_to("2026-11-20 03:00:00")
    move(r, "dinkes_admin", "A", "submit")
    move(r, "dinkes_admin", "B", "submit")
    move(r, "walidata", "B", "return", "Lengkapi satuan")
    with pytest.raises(tk.ValidationError):  # not before the cutoff
        call_action("satudata_snapshot_take", ctx(r["walidata"]), period_id=r["period"]["id"])
    freezer.move_to("2026-11-23 17:00:00")  # 24 Nov 00:00 WIB
    taken = call_action("satudata_snapshot_take", ctx(r["walidata"]), period_id=r["period"]["id"])
    assert taken == {"taken": True, "rows": 4}
    picture = snapshot_states(r)
    assert picture == {
        "A": ("submitted", "on_time"),
        "B": ("returned", "on_time"),
        "C": ("not_submitted", None),
        "D": ("not_submitted", None),
    }
    figures = frozen(r)
    # later: C late, B corrected, A approved, a new item added
    freezer.move_to("2026-11-26 03:00:00")
    move(r, "dinkes_admin", "C", "submit")
    move(r, "dinkes_admin", "B", "correct")
    move(r, "walidata", "A", "approve")
    call_action(
        "satudata_item_create",
        ctx(r["walidata"]),
        period_id=r["period"]["id"],
        org_id="dinkes",
        title="E Baru",
    )
    again = call_action("satudata_snapshot_take", ctx(r["walidata"]), period_id=r["period"]["id"])
    assert again == {"taken": False, "rows": 4}
    assert snapshot_states(r) == picture
    assert frozen(r) == figures
    assert figures["dinkes"]["on_time"] == 2 and figures["dinkes"]["missing"] == 1
    live = {
        row["org"]["name"]: row
        for row in call_action(
            "satudata_delivery_summary", ctx(r["walidata"]), period_id=r["period"]["id"]
        )["agencies"]
    }
    assert (live["dinkes"]["expected"], live["dinkes"]["late"], live["dinkes"]["missing"]) == (
        4,
        1,
        1,
    )


def test_late_snapshot_run_gives_the_picture_at_the_cutoff(round_, freezer):
    r = round_
    freezer.move_to("2026-11-23 16:59:59")  # 23:59:59 WIB: on time
    move(r, "dinkes_admin", "A", "submit")
    freezer.move_to("2026-11-23 17:00:00")  # 00:00:00 WIB: late
    move(r, "dinkes_admin", "B", "submit")
    freezer.move_to("2026-11-27 03:00:00")
    move(r, "walidata", "A", "return", "x")
    call_action(
        "satudata_item_create",
        ctx(r["walidata"]),
        period_id=r["period"]["id"],
        org_id="dinkes",
        title="E Baru",
    )
    freezer.move_to("2026-11-30 03:00:00")  # the job ran a week late
    report = reminders.run()
    assert report["snapshots"] == [{"period": "pengumpulan-2026", "rows": 4}]
    assert snapshot_states(r) == {
        "A": ("submitted", "on_time"),
        "B": ("not_submitted", None),
        "C": ("not_submitted", None),
        "D": ("not_submitted", None),
    }


def test_snapshot_permission(round_, freezer):
    freezer.move_to("2026-11-24 03:00:00")
    with pytest.raises(tk.NotAuthorized):
        call_action(
            "satudata_snapshot_take", ctx(round_["dinkes_admin"]), period_id=round_["period"]["id"]
        )


def _mails(mail_server):
    out = []
    for _, _sender, to, raw in mail_server.get_smtp_messages():
        msg = email.message_from_string(raw)
        body = msg.get_payload(decode=True)
        if body is None:
            body = msg.get_payload(0).get_payload(decode=True)
        subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
        out.append(
            {
                "to": to,
                "subject": " ".join(subject.split()),
                "cc": msg["Cc"],
                "body": body.decode("utf-8"),
            }
        )
    return out


def test_reminders_catch_up_and_no_duplicates(round_, freezer, mail_server):
    r = round_
    freezer.move_to("2026-11-20 03:00:00")  # 10:00 WIB, 3 days before; the 7-day run was missed
    move(r, "disdik_admin", "D", "submit")  # disdik has nothing missing
    move(r, "dinkes_admin", "A", "submit")
    reminders.run()
    mails = _mails(mail_server)
    assert sorted(m["to"][0] for m in mails) == [
        "admin.dinkes@bekasikab.go.id",
        "walidata1@bekasikab.go.id",
    ]
    assert all(m["cc"] == "walidata1@bekasikab.go.id" for m in mails)
    body = mails[0]["body"]
    assert "B Bidan" in body and "C Imunisasi" in body and "A Puskesmas" not in body
    # in the portal's language (test.ini: ckan.locale_default = id), with local times
    assert mails[0]["subject"] == (
        "[Satu Data] Instansi dinkes: 2 butir harus diserahkan paling lambat 2026-11-23 23:59 WIB"
    )
    assert "Tersisa 3 hari 13 jam sebelum batas waktu Pengumpulan 2026" in body
    rows = {
        (row.org_id == r["dinkes"]["id"], row.key): row.status
        for row in model.Session.query(ReminderSent)
    }
    assert rows == {
        (True, "before-7"): "superseded",
        (True, "before-3"): "sent",
        (False, "before-7"): "superseded",
        (False, "before-3"): "nothing_missing",
    }
    # a repeated run sends nothing twice
    mail_server.clear_smtp_messages()
    again = reminders.run()
    assert again["sent"] == [] and mail_server.get_smtp_messages() == []
    # the 1-day reminder, then the overdue digest after the cutoff
    freezer.move_to("2026-11-22 01:00:00")  # 08:00 WIB on 22 November
    assert [s["key"] for s in reminders.run()["sent"]] == ["before-1"]
    freezer.move_to("2026-11-24 02:00:00")
    sent = reminders.run()["sent"]
    assert [(s["org"], s["key"]) for s in sent] == [("dinkes", "overdue-2026-11-24")]
    assert reminders.run()["sent"] == []
    listed = call_action("satudata_reminder_list", ctx(r["walidata"]), period_id=r["period"]["id"])
    assert [x["key"] for x in listed if x["status"] == "sent"].count("before-3") == 1
    with pytest.raises(tk.NotAuthorized):
        call_action("satudata_reminder_list", ctx(r["dinkes_admin"]), period_id=r["period"]["id"])


def test_reminders_missed_until_after_cutoff(round_, freezer, mail_server):
    freezer.move_to("2026-11-25 03:00:00")
    report = reminders.run()
    assert [(s["org"], s["key"]) for s in report["sent"]] == [
        ("dinkes", "overdue-2026-11-24"),
        ("disdik", "overdue-2026-11-24"),
    ]
    subjects = {m["subject"] for m in _mails(mail_server)}
    assert len(subjects) == 2
    statuses = sorted(row.status for row in model.Session.query(ReminderSent))
    assert statuses.count("superseded") == 6 and statuses.count("sent") == 2


def test_remind_cli(round_, freezer, mail_server, cli):
    from ckan.cli.cli import ckan

    freezer.move_to("2026-11-22 02:00:00")
    result = cli.invoke(ckan, ["satudata", "deadlines", "remind"])
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    result = cli.invoke(ckan, ["satudata", "deadlines", "remind"])
    assert "0 sent" in result.output


@pytest.mark.usefixtures("clean_queues", "with_test_worker")
def test_scheduled_job_sends_once_and_reschedules_itself(round_, mail_server, freezer):
    from ckan.lib import jobs

    freezer.move_to("2026-11-25 03:00:00")
    queue = jobs.get_queue()
    reminders.schedule_job(30)
    reminders.schedule_job(30)  # scheduling twice keeps one job
    ids = queue.scheduled_job_registry.get_job_ids()
    assert ids.count(reminders.JOB_ID) == 1
    # the worker runs a tick now, after the cutoff: the overdue digests
    jobs.enqueue(reminders.tick, kwargs={"reschedule_minutes": 30})
    jobs.Worker().work(burst=True)
    sent = {r.org_id for r in model.Session.query(ReminderSent).filter_by(status="sent")}
    assert sent == {round_["dinkes"]["id"], round_["disdik"]["id"]}
    first = len(mail_server.get_smtp_messages())
    assert first == 4  # two agency admins + the walidata in copy of each
    jobs.enqueue(reminders.tick, kwargs={"reschedule_minutes": 30})
    jobs.Worker().work(burst=True)
    assert len(mail_server.get_smtp_messages()) == first
    assert queue.scheduled_job_registry.get_job_ids().count(reminders.JOB_ID) == 1


def test_agency_merge_hook_moves_rows(round_, freezer):
    from ckanext.satudata.agencies import api as agencies_api
    from ckanext.satudata.deadlines.model import AgreedItem, CutoffSnapshot

    freezer.move_to("2026-11-25 03:00:00")
    reminders.run()  # snapshot + overdue digests for both agencies
    old, new = round_["disdik"]["id"], round_["dinkes"]["id"]
    moved = agencies_api.send_agency_merged(model.Session, old, new)
    model.repo.commit()
    assert moved["deadlines"] == 1 + 1 + 0  # item, snapshot row; the reminder row collides
    assert model.Session.query(AgreedItem).filter_by(org_id=old).count() == 0
    assert model.Session.query(AgreedItem).filter_by(org_id=new).count() == 4
    assert model.Session.query(CutoffSnapshot).filter_by(org_id=new).count() == 4
    assert model.Session.query(ReminderSent).filter_by(org_id=old).count() == 0
    assert reminders.run()["sent"] == []
