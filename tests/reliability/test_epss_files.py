"""Bukti dukung files of the EPSS worksheet: kept outside CKAN's public uploads, served only to
the walidata as an attachment, typed by content, never reachable across worksheets or by path."""

from __future__ import annotations

import io
import os

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action
from werkzeug.datastructures import FileStorage

from ckanext.satudata.assessment import epss_files
from ckanext.satudata.assessment.core import evidence_files
from ckanext.satudata.assessment.epss_model import EpssEvidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def files(clean_db, migrate_db_for, with_plugins, ckan_config, make_agency):
    migrate_db_for("satudata")
    walidata = factories.Sysadmin()
    org = make_agency("dinkes")
    editor = factories.User()
    call_action("organization_member_create", id=org["id"], username=editor["name"], role="editor")
    ctx = {"user": walidata["name"]}
    for year in (2025, 2026):
        call_action("satudata_epss_worksheet_create", dict(ctx), year=year)
    row = call_action(
        "satudata_epss_evidence_add",
        dict(ctx),
        year=2026,
        code="10201",
        upload=FileStorage(io.BytesIO(PDF), filename='../../SK "x".pdf'),
    )
    return {"walidata": walidata, "editor": editor, "row": row, "ctx": ctx}


def _token(user):
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def test_the_file_is_outside_the_public_uploads_and_named_by_uuids(files, ckan_config):
    row = model.Session.get(EpssEvidence, files["row"]["id"])
    path = os.path.join(epss_files.root(), *row.storage_key.split("/"))
    assert os.path.isfile(path) and open(path, "rb").read() == PDF
    storage = os.path.realpath(ckan_config["ckan.storage_path"])
    assert not os.path.realpath(path).startswith(os.path.join(storage, "storage", "uploads"))
    assert row.file_name == "SK _x_.pdf"  # no path, no quote reaches the header
    for key in ("../etc/passwd", f"{row.worksheet_id}/../../x", "a/b"):
        with pytest.raises(ValueError):
            epss_files.read(key)


def test_download_is_an_attachment_for_the_walidata_only(app, files):
    url = f"/walidata/epss/2026/evidence/{files['row']['id']}"
    got = app.get(url, headers=_token(files["walidata"]))
    assert got.data == PDF
    assert got.headers["Content-Disposition"] == 'attachment; filename="SK _x_.pdf"'
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in got.headers["Cache-Control"]
    assert app.get(url, headers=_token(files["editor"]), status=403).status_code == 403
    # the same evidence id under another year's worksheet does not exist
    other = f"/walidata/epss/2025/evidence/{files['row']['id']}"
    assert app.get(other, headers=_token(files["walidata"]), status=404).status_code == 404


@pytest.mark.parametrize(
    "name,data",
    [
        ("laporan.pdf", b"<html><script>alert(1)</script></html>"),  # HTML named .pdf
        ("foto.png", PDF),  # PDF named .png
        ("tabel.xlsx", b"PK\x03\x04" + b"\x00" * 50),  # a zip that is no XLSX
        ("skrip.svg", b"<svg onload=alert(1)>"),
    ],
)
def test_content_that_is_not_what_its_name_says_is_refused(files, name, data):
    with pytest.raises(tk.ValidationError) as e:
        call_action(
            "satudata_epss_evidence_add",
            dict(files["ctx"]),
            year=2026,
            code="10201",
            upload=FileStorage(io.BytesIO(data), filename=name),
        )
    assert "upload" in e.value.error_dict
    assert model.Session.query(EpssEvidence).count() == 1


def test_real_office_files_are_recognised():
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    assert evidence_files.check("lke.xlsx", buf.getvalue(), 10**6) == ("xlsx", None)
    assert evidence_files.check("lke.docx", buf.getvalue(), 10**6) == (None, "type")
