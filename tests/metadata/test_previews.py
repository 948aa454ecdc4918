"""Resource previews: an agency editor uploads files through the action API of a live portal,
the jobs worker loads the tables into the DataStore (ckanext-xloader), and the resource page
shows them in a DataTables preview; PDFs and images get their own views."""

from __future__ import annotations

import csv
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from satudata_testing import complete_dataset_fields, login

DATA = Path(__file__).resolve().parents[1] / "assessment" / "data"
CSV = DATA / "penduduk_kecamatan_2023.csv"
XLSX = DATA / "kondisi_jalan_2023.xlsx"
PDF = DATA / "penduduk_kecamatan_2023.pdf"
PASSWORD = "Bekasi-Satu-Data-2026"
SCREENSHOT = os.environ.get("SATUDATA_PREVIEW_SCREENSHOT", "/tmp/h8-preview.png")


def png_file(path: Path) -> Path:
    """A real 2x2 PNG (a map thumbnail stands in for an agency's image)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x20\x80\x40" * 2 for _ in range(2))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


@dataclass
class Uploads:
    portal: object
    editor: dict
    token: str
    dataset: dict
    csv: dict
    xlsx: dict
    pdf: dict
    png: dict


@pytest.fixture(scope="module")
def uploads(previews_portal, tmp_path_factory) -> Uploads:
    """Disdukcapil's editor publishes a dataset and uploads a PDF, an image, a CSV and an XLSX;
    the worker has loaded the tables when this returns."""
    import ckan.plugins.toolkit as tk
    from ckan.tests import factories

    editor = factories.User(name="editor-disdukcapil", password=PASSWORD)
    org = factories.Organization(
        name="disdukcapil",
        agency_code="disdukcapil",
        agency_type="dinas",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    token = tk.get_action("api_token_create")(
        {"user": editor["name"], "ignore_auth": True}, {"user": editor["name"], "name": "previews"}
    )["token"]
    portal = previews_portal
    dataset = portal.ok(
        "package_create",
        token,
        **complete_dataset_fields(
            name="penduduk-kecamatan-2023",
            title="Penduduk Menurut Kecamatan 2023",
            owner_org=org["id"],
            resources=[],
        ),
    )
    # The PDF goes first: had the worker taken it, it would have done so before the tables.
    pdf = portal.upload(token, dataset["id"], str(PDF), name="Tabel (PDF)")
    png = portal.upload(
        token,
        dataset["id"],
        str(png_file(tmp_path_factory.mktemp("img") / "peta-kecamatan.png")),
        name="Peta kecamatan",
    )
    csv_res = portal.upload(token, dataset["id"], str(CSV), name="Penduduk 2023 (CSV)")
    xlsx = portal.upload(token, dataset["id"], str(XLSX), name="Kondisi jalan 2023 (XLSX)")
    portal.wait_loaded(token, csv_res["id"])
    portal.wait_loaded(token, xlsx["id"])
    return Uploads(portal, editor, token, dataset, csv_res, xlsx, pdf, png)


def csv_rows() -> list[dict]:
    with open(CSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def view_types(u: Uploads, resource: dict) -> list[str]:
    return [v["view_type"] for v in u.portal.ok("resource_view_list", u.token, id=resource["id"])]


def test_csv_rows_are_in_the_datastore_and_previewed_with_datatables(uploads):
    u, rows = uploads, csv_rows()
    # the dataset is public: anyone may read its table through the DataStore API
    found = u.portal.ok("datastore_search", None, resource_id=u.csv["id"], limit=1000)
    assert found["total"] == len(rows) == 46
    assert [f["id"] for f in found["fields"] if f["id"] != "_id"] == list(rows[0])
    assert [{k: str(r[k]) for k in rows[0]} for r in found["records"]] == rows
    # counts load as numbers (xloader's type guessing): sortable, typed in the API; codes stay text
    types = {f["id"]: f["type"] for f in found["fields"]}
    assert types["jumlah_penduduk"] in ("int", "int4", "int8", "numeric"), types
    assert (types["kode_wilayah"], types["kecamatan"]) == ("text", "text"), types
    # filters answer too (the preview's search box uses q)
    babelan = u.portal.ok(
        "datastore_search", None, resource_id=u.csv["id"], filters={"kecamatan": "Babelan"}
    )
    assert babelan["total"] == sum(r["kecamatan"] == "Babelan" for r in rows) == 2
    assert view_types(u, u.csv) == ["datatables_view"]
    shown = u.portal.ok("resource_show", u.token, id=u.csv["id"])
    assert shown["datastore_active"] is True and shown["url_type"] == "upload"


def test_xlsx_rows_are_in_the_datastore_and_previewed_with_datatables(uploads):
    u = uploads
    sheet = list(openpyxl.load_workbook(XLSX, read_only=True).active.iter_rows(values_only=True))
    header, body = list(sheet[0]), sheet[1:]
    found = u.portal.ok("datastore_search", None, resource_id=u.xlsx["id"], limit=1000, sort="_id")
    assert found["total"] == len(body) == 69
    assert [f["id"] for f in found["fields"] if f["id"] != "_id"] == header
    first, last = found["records"][0], found["records"][-1]
    assert (first["kode_wilayah"], first["kecamatan"], first["kondisi"]) == body[0][1:4]
    assert (last["kode_wilayah"], last["kecamatan"], last["kondisi"]) == body[-1][1:4]
    assert view_types(u, u.xlsx) == ["datatables_view"]


def test_a_pdf_gets_no_datastore_table_and_a_pdf_view(uploads):
    u = uploads
    assert u.portal.ok("resource_show", u.token, id=u.pdf["id"])["datastore_active"] is False
    missing = u.portal.api("datastore_search", u.token, resource_id=u.pdf["id"])
    assert missing.status_code == 404, missing.text[:500]
    assert view_types(u, u.pdf) == ["pdf_view"]


def test_an_image_gets_an_image_view_and_no_datastore_table(uploads):
    u = uploads
    assert view_types(u, u.png) == ["image_view"]
    assert u.portal.api("datastore_search", u.token, resource_id=u.png["id"]).status_code == 404


def test_previews_load_queues_what_a_token_less_start_left_out(uploads, ckan_config, monkeypatch):
    """A resource made where xloader had no token (here: this process, test.ini) is not
    loaded; ``ckan satudata previews-load`` of the portal's ini queues it, once."""
    import subprocess
    import sys

    import ckan.plugins.toolkit as tk
    from werkzeug.datastructures import FileStorage

    u = uploads
    # the search index keeps the upload's URL as this process qualifies it (package_show
    # reads it from there): the portal's, as `ckan satudata demo` of the portal would
    monkeypatch.setitem(ckan_config, "ckan.site_url", u.portal.url)
    with open(CSV, "rb") as stream:
        late = tk.get_action("resource_create")(
            {"user": u.editor["name"]},
            {
                "package_id": u.dataset["id"],
                "name": "Penduduk 2023 (demo)",
                "format": "CSV",
                "description": "Tabel",
                "data_period": "2023",
                "language": "id",
                "columns_description": "lihat judul kolom",
                "upload": FileStorage(stream=stream, filename=CSV.name, content_type="text/csv"),
            },
        )
    assert u.portal.ok("resource_show", u.token, id=late["id"])["datastore_active"] is False
    assert u.portal.api("datastore_search", u.token, resource_id=late["id"]).status_code == 404

    ckan_bin = [os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", u.portal.ini]
    env = {**os.environ, "CKAN_SITE_URL": u.portal.url}
    first = subprocess.run(
        ckan_bin + ["satudata", "previews-load"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr[-2000:]
    assert "queued 1 DataStore load(s)" in first.stdout
    u.portal.wait_loaded(u.token, late["id"])
    found = u.portal.ok("datastore_search", None, resource_id=late["id"])
    assert found["total"] == len(csv_rows())
    again = subprocess.run(
        ckan_bin + ["satudata", "previews-load"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0 and "queued 0 DataStore load(s)" in again.stdout


@pytest.mark.browser
def test_editor_sees_the_csv_rows_in_the_resource_preview(uploads, chromium_browser):
    u = uploads
    context = chromium_browser.new_context(
        base_url=u.portal.url, locale="id-ID", viewport={"width": 1280, "height": 1100}
    )
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        login(page, u.editor["name"], PASSWORD)
        response = page.goto(f"/dataset/{u.dataset['name']}/resource/{u.csv['id']}")
        assert response.status == 200
        # the DataTables view is an iframe; its rows come from the DataStore by AJAX
        preview = page.frame_locator("iframe[src*='/view/']")
        table = preview.locator("table#dtprv")
        table.locator("tbody td", has_text="Tarumajaya").first.wait_for()
        cells = table.locator("tbody tr").first.locator("td").all_inner_texts()
        first = csv_rows()[0]
        assert first["kecamatan"] in cells and first["jumlah_penduduk"] in cells, cells
        page.screenshot(path=SCREENSHOT, full_page=True)
    finally:
        context.close()
