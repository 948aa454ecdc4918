"""The walidata's decisions reach the agency by mail: returning an agreed item (with notes) and
approving it mail the agency's admins and editors, in Indonesian, with a link to the agency's
checklist. Driven through the action API as the walidata (API token over HTTP), the mail job
run by a real RQ worker (in-process, no fork), delivered by the portal's real SMTP sink
(``scripts/services start mail``: aiosmtpd writing a Maildir) and read back from that Maildir.
"""

from __future__ import annotations

import email.header
import mailbox
import os
import socket
import subprocess
import uuid

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAILDIR = os.path.join(ROOT, ".data", "mail")
NOTES = "Kolom satuan belum diisi; lengkapi per kecamatan."


@pytest.fixture(scope="module")
def sink_port() -> int:
    """The portal's mail sink, started (idempotently) exactly as ``make portal`` starts it."""
    env = dict(os.environ)
    subprocess.run(
        [os.path.join(ROOT, "scripts", "services"), "start", "mail"],
        check=True,
        env=env,
        capture_output=True,
        timeout=60,
    )
    return int(env.get("SATUDATA_MAIL_PORT", "8025"))


@pytest.fixture
def mail_to(sink_port, ckan_config, monkeypatch):
    """``mail_to(address)``: the messages the sink delivered to ``address`` (subject, body)."""
    # the worker reloads the environment before each job (CKAN_SMTP_SERVER wins over the ini)
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{sink_port}")
    monkeypatch.setenv("CKAN_SMTP_SERVER", f"127.0.0.1:{sink_port}")

    def read(address: str) -> list[tuple[str, str]]:
        out = []
        for message in mailbox.Maildir(MAILDIR, create=False):
            if address not in (message.get("To") or ""):
                continue
            subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
            subject = " ".join(subject.split())  # long subjects arrive folded
            part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
            out.append((subject, part.get_payload(decode=True).decode("utf-8")))
        return out

    return read


@pytest.fixture
def scene(deadlines_db, walidata, clean_queues, dataset_fields):
    """Agency dinkes (admin, editor, member) with a submitted item, agency disdik (admin,
    editor), the walidata's API token. Unique addresses: the sink's Maildir outlives tests."""
    from ckan.tests import factories, helpers

    tag = uuid.uuid4().hex[:8]
    users = {
        role: factories.User(name=f"{role}-{tag}", email=f"{role}.{tag}@bekasikab.go.id")
        for role in ("admin", "editor", "member", "other_admin", "other_editor")
    }
    dinkes = factories.Organization(
        name="dinkes",
        title="Dinas Kesehatan",
        agency_code="dinkes",
        agency_type="dinas",
        users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")],
    )
    factories.Organization(
        name="disdik",
        title="Dinas Pendidikan",
        agency_code="disdik",
        agency_type="dinas",
        users=[
            {"name": users["other_admin"]["name"], "capacity": "admin"},
            {"name": users["other_editor"]["name"], "capacity": "editor"},
        ],
    )
    dataset = factories.Dataset(
        owner_org=dinkes["id"],
        name="faskes-2025",
        title="Fasilitas kesehatan 2025",
        **dataset_fields(),
    )
    as_walidata = {"user": walidata["name"], "ignore_auth": False}
    period = helpers.call_action(
        "satudata_period_create",
        as_walidata,
        name="p2026",
        title="Pengumpulan 2026",
        year=2026,
        cutoff="2026-11-23",
    )
    item = helpers.call_action(
        "satudata_item_create",
        as_walidata,
        period_id=period["id"],
        org_id=dinkes["id"],
        title="Jumlah fasilitas kesehatan",
        frequency="tahunan",
        year_start=2025,
        year_end=2025,
    )
    helpers.call_action(
        "satudata_item_transition",
        {"user": users["admin"]["name"]},
        id=item["id"],
        action="submit",
        dataset_id=dataset["id"],
    )
    token = helpers.call_action(
        "api_token_create", {"user": walidata["name"]}, user=walidata["name"], name="mail-test"
    )["token"]
    return {"users": users, "item": item, "dataset": dataset, "token": token}


def _transition(app, scene, action: str, notes: str = "") -> dict:
    response = app.post(
        "/api/3/action/satudata_item_transition",
        json={"id": scene["item"]["id"], "action": action, "notes": notes},
        headers={"Authorization": scene["token"]},
        status=200,
    )
    return response.json["result"]


def _run_jobs() -> None:
    from ckan.lib import jobs

    jobs.Worker().work(burst=True)


def test_return_and_approval_mail_the_agency_admins_and_editors(
    app, scene, mail_to, with_test_worker, ckan_config
):
    users = scene["users"]
    site = ckan_config["ckan.site_url"].rstrip("/")
    assert _transition(app, scene, "return", NOTES)["state"] == "returned"
    _run_jobs()
    for role in ("admin", "editor"):
        mails = mail_to(users[role]["email"])
        assert len(mails) == 1, (role, mails)
        subject, body = mails[0]
        assert subject == (
            '[Satu Data] Dinas Kesehatan: "Jumlah fasilitas kesehatan" '
            "dikembalikan untuk diperbaiki"
        )
        assert "Yth. admin dan editor Dinas Kesehatan," in body
        assert "Walidata mengembalikan butir daftar data" in body
        assert "Catatan dari walidata:" in body and NOTES in body
        assert f"{site}/organization/dinkes#satudata-checklist" in body
        assert f"{site}/dataset/faskes-2025" in body
    for role in ("member", "other_admin", "other_editor"):
        assert mail_to(users[role]["email"]) == [], role

    # the agency corrects (no mail), the walidata approves (a mail)
    from ckan.tests import helpers

    helpers.call_action(
        "satudata_item_transition",
        {"user": users["editor"]["name"]},
        id=scene["item"]["id"],
        action="correct",
    )
    assert _transition(app, scene, "approve")["state"] == "approved"
    _run_jobs()
    for role in ("admin", "editor"):
        mails = mail_to(users[role]["email"])
        assert len(mails) == 2, (role, [m[0] for m in mails])
        subject, body = next(m for m in mails if "disetujui" in m[0])
        assert subject == '[Satu Data] Dinas Kesehatan: "Jumlah fasilitas kesehatan" disetujui'
        assert "Walidata menyetujui butir daftar data" in body
        assert "Catatan dari walidata:" not in body
        assert f"{site}/organization/dinkes#satudata-checklist" in body
    for role in ("member", "other_admin", "other_editor"):
        assert mail_to(users[role]["email"]) == [], role


def test_a_recipient_whose_locale_is_en_gets_english(app, scene, mail_to, with_test_worker):
    from ckan.tests import factories, helpers

    admin = scene["users"]["admin"]
    sysadmin = factories.Sysadmin()
    helpers.call_action(
        "user_patch",
        {"user": sysadmin["name"]},
        id=admin["id"],
        plugin_extras={"satudata": {"locale": "en"}},
    )
    _transition(app, scene, "return", NOTES)
    _run_jobs()
    ((subject, body),) = mail_to(admin["email"])
    assert subject == (
        '[Satu Data] Dinas Kesehatan: "Jumlah fasilitas kesehatan" returned for correction'
    )
    assert "Notes from the walidata:" in body and NOTES in body
    ((subject, _body),) = mail_to(scene["users"]["editor"]["email"])
    assert "dikembalikan" in subject, "the others keep the portal's language"


def test_a_dead_mail_server_does_not_undo_the_decision(
    app, scene, ckan_config, monkeypatch, with_test_worker
):
    from ckan.tests import helpers

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{closed}")
    monkeypatch.setenv("CKAN_SMTP_SERVER", f"127.0.0.1:{closed}")  # what the worker reads
    assert _transition(app, scene, "return", NOTES)["state"] == "returned"
    _run_jobs()  # the job ends normally: it logs and reports what it could not send
    from ckan.lib import jobs

    queue = jobs.get_queue()
    assert not queue.failed_job_registry.get_job_ids()
    reports = [queue.fetch_job(j).result for j in queue.finished_job_registry.get_job_ids()]
    admin = scene["users"]["admin"]["name"]
    report = next(
        r
        for r in reports
        if isinstance(r, dict) and any(str(e).startswith(admin) for e in r.get("errors") or [])
    )
    assert report["sent"] == [] and "could not be connected" in report["errors"][0]
    shown = helpers.call_action("satudata_item_show", {"ignore_auth": True}, id=scene["item"]["id"])
    assert shown["state"] == "returned" and shown["return_notes"] == NOTES
