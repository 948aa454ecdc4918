"""The portal's SMTP sink (``scripts/services start mail``) delivers: a mail sent to it lands in
the Maildir ``.data/mail/new``, also when an earlier start left ``.data/mail`` as a bare folder
(aiosmtpd then answered every DATA with 500 and the portal's mail was lost).

Runs the real script on a copy of the repository layout in a temporary folder (its own
``.data``, a free port), so the worktree's running sink is not touched."""

from __future__ import annotations

import mailbox
import os
import shutil
import smtplib
import socket
import subprocess
from email.message import EmailMessage

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = pytest.mark.pure


@pytest.fixture
def sink(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(os.path.join(ROOT, "scripts", "services"), tmp_path / "scripts" / "services")
    os.symlink(os.path.join(ROOT, ".venv"), tmp_path / ".venv")
    (tmp_path / ".data" / "mail").mkdir(parents=True)  # the bare folder of the old script
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, SATUDATA_MAIL_PORT=str(port))
    script = str(tmp_path / "scripts" / "services")
    started = subprocess.run(
        [script, "start", "mail"], env=env, capture_output=True, text=True, timeout=60
    )
    assert started.returncode == 0, started.stderr
    try:
        yield port, tmp_path / ".data" / "mail"
    finally:
        subprocess.run([script, "stop", "mail"], env=env, capture_output=True, timeout=60)


def test_a_mail_sent_to_the_sink_lands_in_its_maildir(sink):
    port, maildir = sink
    message = EmailMessage()
    message["From"], message["To"] = "satudata@bekasikab.go.id", "admin@bekasikab.go.id"
    message["Subject"] = "Uji kotak surat"
    message.set_content("Surat ini harus sampai.")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        refused = smtp.send_message(message)  # raises SMTPDataError on a broken maildir
    assert refused == {}
    delivered = list(mailbox.Maildir(str(maildir), create=False))
    assert [m["Subject"] for m in delivered] == ["Uji kotak surat"]
    assert sorted(os.listdir(maildir)) == ["cur", "new", "tmp"]
