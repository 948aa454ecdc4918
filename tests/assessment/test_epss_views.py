"""The walidata's EPSS worksheet page: forms with CSRF, errors keep what was typed, bukti dukung
upload/download (walidata only), the XLSX export in the worksheet's shape."""

from __future__ import annotations

import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment.epss_model import EpssEntry, EpssEvidence, EpssHistory

from .conftest import DATA

pytestmark = pytest.mark.usefixtures("assessment_db", "lifecycle_off")


@pytest.fixture
def lifecycle_off(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "false")


def headers(user):
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


@pytest.fixture
def sheet(make_agency, make_dataset, walidata_user):
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    make_dataset(dinkes["id"], name="puskesmas-2023", title="Puskesmas 2023")
    admin = factories.User(name="admin-dinkes")
    call_action("organization_member_create", id=dinkes["id"], username=admin["name"], role="admin")
    call_action(
        "satudata_epss_worksheet_create", context={"user": walidata_user["name"]}, year=2026
    )
    return {"admin": admin, "hdr": headers(walidata_user)}


def soup_of(resp):
    return BeautifulSoup(resp.body, "html.parser")


def token(app, hdr):
    return soup_of(app.get("/walidata/epss/2026", headers=hdr)).select_one(
        "input[name=_csrf_token]"
    )["value"]


def test_page_lists_38_indicators_by_domain_with_proposals_and_the_incomplete_ips(app, sheet):
    call_action("satudata_epss_worksheet_create", context={"user": "walidata-bekasi"}, year=2025)
    resp = app.get("/walidata/epss/", headers=sheet["hdr"], follow_redirects=False)
    assert resp.status_code == 200  # the latest year's worksheet
    assert "2026" in soup_of(resp).select_one("#epss-years a.active").get_text()
    page = soup_of(app.get("/walidata/epss/2026", headers=sheet["hdr"]))
    assert [a.get_text() for a in page.select("#epss-years a")][:2] == ["2026", "2025"]
    assert len(page.select("article.epss-indicator")) == 38
    assert page.select_one("h1").get_text().startswith("Lembar kerja EPSS 2026")  # id first
    assert "Belum lengkap: 0.00 % bobot terisi" in page.select_one("#epss-incomplete").get_text()
    assert len(page.select("section.epss-domain-block")) == 5
    art = page.select_one("#i10201")
    assert "Penerapan Metadata Statistik" in art.get_text()
    assert len(art.select("details.epss-criteria li")) == 5
    assert (
        "belum dilakukan oleh seluruh Produsen Data" in art.select_one(".epss-proposal").get_text()
    )
    assert page.select_one("#i30101 .epss-proposal") is None
    assert "0.00 %" in page.select_one("#epss-incomplete").get_text()
    assert "10101" in page.select_one("#epss-incomplete").get_text()
    assert page.select_one("#epss-export")["href"].endswith("/walidata/epss/2026/export.xlsx")
    assert all(f.select_one("input[name=_csrf_token]") for f in page.select("form[method=post]"))


def test_a_mistake_keeps_what_was_typed_and_stores_nothing(app, sheet):
    hdr = sheet["hdr"]
    resp = app.post(
        "/walidata/epss/2026/10201",
        headers=hdr,
        status=409,
        data={
            "_csrf_token": token(app, hdr),
            "level": "1.5",
            "penjelasan": "Perbup 12/2023",
            "verification": "diverifikasi",
        },
    )
    art = soup_of(resp).select_one("#i10201")
    assert art.select_one(".error-block").get_text(strip=True)
    assert art.select_one("textarea[name=penjelasan]").get_text() == "Perbup 12/2023"
    assert art.select_one("select[name=verification] option[selected]")["value"] == "diverifikasi"
    assert model.Session.query(EpssEntry).count() == 0
    assert model.Session.query(EpssHistory).count() == 0


def test_levels_entered_on_the_page_give_ips_3_00(app, sheet):
    hdr = sheet["hdr"]
    tok = token(app, hdr)
    codes = [
        a["id"][1:]
        for a in soup_of(app.get("/walidata/epss/2026", headers=hdr)).select(
            "article.epss-indicator"
        )
    ]
    for code in codes:
        resp = app.post(
            f"/walidata/epss/2026/{code}",
            headers=hdr,
            follow_redirects=False,
            data={
                "_csrf_token": tok,
                "level": "3",
                "penjelasan": "",
                "verification": "belum_diverifikasi",
            },
        )
        assert resp.status_code == 302
    page = soup_of(app.get("/walidata/epss/2026", headers=hdr))
    assert "IPS 3.00" in page.select_one("#epss-ips").get_text()
    assert "Baik" in page.select_one("#epss-ips").get_text()
    assert page.select_one("#epss-incomplete") is None


def test_pdf_bukti_dukung_upload_and_download_walidata_only(app, sheet):
    hdr = sheet["hdr"]
    pdf = (DATA / "penduduk_kecamatan_2023.pdf").read_bytes()
    resp = app.post(
        "/walidata/epss/2026/10201/evidence",
        headers=hdr,
        follow_redirects=False,
        data={
            "_csrf_token": token(app, hdr),
            "url": "",
            "upload": (io.BytesIO(pdf), "Perbup SDI.pdf"),
        },
    )
    assert resp.status_code == 302
    link = soup_of(app.get("/walidata/epss/2026", headers=hdr)).select_one(
        "#i10201 .epss-evidence li a"
    )
    assert link.get_text() == "Perbup SDI.pdf"
    got = app.get(link["href"], headers=hdr)
    assert got.status_code == 200 and got.data == pdf
    assert got.headers["Content-Type"] == "application/pdf"
    for who in (headers(sheet["admin"]), {}):
        assert app.get(link["href"], headers=who, status=403).status_code == 403
    # a renamed executable is refused, the error shown on the indicator
    resp = app.post(
        "/walidata/epss/2026/10201/evidence",
        headers=hdr,
        status=409,
        data={
            "_csrf_token": token(app, hdr),
            "upload": (io.BytesIO(b"MZ\x90\x00" * 100), "laporan.pdf"),
        },
    )
    assert "PDF" in soup_of(resp).select_one("#i10201 .epss-evidence .error-block").get_text()
    assert model.Session.query(EpssEvidence).count() == 1


def test_an_agency_admin_gets_403_on_every_page_and_post(app, sheet):
    hdr = headers(sheet["admin"])
    for url in ("/walidata/epss/", "/walidata/epss/2026", "/walidata/epss/2026/export.xlsx"):
        assert app.get(url, headers=hdr, status=403).status_code == 403
    assert (
        app.post(
            "/walidata/epss/2026/10201", headers=hdr, data={"level": "5"}, status=403
        ).status_code
        == 403
    )
    assert (
        app.post(
            "/walidata/epss/create", headers=hdr, data={"year": "2027"}, status=403
        ).status_code
        == 403
    )
    assert model.Session.query(EpssEntry).count() == 0


def test_xlsx_export_one_row_per_indicator_text_never_formula(app, sheet, walidata_user):
    ctx = {"user": walidata_user["name"]}
    call_action(
        "satudata_epss_entry_update",
        context=ctx,
        year=2026,
        code="10201",
        level=3,
        penjelasan='=HYPERLINK("http://evil","klik")',
    )
    call_action(
        "satudata_epss_evidence_add",
        context=ctx,
        year=2026,
        code="10201",
        url="https://jdih.bekasikab.go.id/perbup-12-2023.pdf",
    )
    resp = app.get("/walidata/epss/2026/export.xlsx", headers=sheet["hdr"])
    wb = openpyxl.load_workbook(io.BytesIO(resp.data))
    ws = wb["LKE 2026"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("kode", "domain", "aspek", "indikator", "bobot_ips_persen", "tingkat")
    assert len(rows) == 39 and rows[1][0] == "10101"
    row = next(r for r in ws.iter_rows() if r[0].value == "10201")
    assert row[5].value == 3 and row[6].value.startswith("=HYPERLINK")
    assert row[6].data_type == "s"
    assert row[8].value == "https://jdih.bekasikab.go.id/perbup-12-2023.pdf"
    assert row[9].value == 3 or row[9].value in (1, 2)  # the portal's proposal level
    assert "Produsen Data" in row[10].value
    summary = dict(r for r in wb["IPS"].iter_rows(values_only=True))
    assert summary["lengkap"] == "tidak" and summary["IPS"] is None
    assert summary["belum_diisi"].startswith("10101, 10301")


def test_the_year_form_opens_an_existing_worksheet_and_starts_a_missing_one(app, walidata_user):
    import datetime as dt

    from ckanext.satudata.deadlines.api import zone

    hdr = headers(walidata_user)

    def send(year: str, page):
        csrf = page.select_one("#epss-create-form input[name=_csrf_token]")["value"]
        return app.post(
            "/walidata/epss/create",
            headers=hdr,
            data={"year": year, "_csrf_token": csrf},
            follow_redirects=False,
        )

    def years() -> list[int]:
        return call_action("satudata_epss_worksheet_list", context={"user": walidata_user["name"]})

    empty = soup_of(app.get("/walidata/epss/", headers=hdr))
    # nothing yet: the form offers this year in the portal's zone, the breadcrumb names the page
    assert empty.select_one("#epss-year")["value"] == str(dt.datetime.now(zone()).year)
    assert "Lembar kerja EPSS" in empty.select_one(".breadcrumb").get_text()
    resp = send("2026", empty)
    assert resp.headers["Location"].endswith("/walidata/epss/2026")
    page = soup_of(app.get("/walidata/epss/2026", headers=hdr))
    # the same year again opens it (no "already exists" error), nothing is created twice
    again = send("2026", page)
    assert again.headers["Location"].endswith("/walidata/epss/2026")
    assert years() == [2026]
    # a year out of range is still refused with the field's message
    bad = app.get(send("1999", page).headers["Location"], headers=hdr)
    assert "2000" in bad.body and years() == [2026]
