"""The dataset form's "propose variables from a file": real multipart posts to the action
``satudata_variables_from_file`` with CSV/XLSX files, as the variables page's button sends."""

from __future__ import annotations

import glob
import io
import os
import tempfile
from pathlib import Path

import pytest
from ckan import model
from ckan.tests import factories

from ckanext.satudata.assessment.core import variable_proposals

pytestmark = pytest.mark.usefixtures("assessment_db")
URL = "/api/3/action/satudata_variables_from_file"
CSV = (
    Path(__file__).resolve().parents[2]
    / "ckanext/satudata/metadata/demo_data/penduduk-per-kecamatan-2021-2023.csv"
)


@pytest.fixture
def editor_token():
    user = factories.UserWithToken()
    org = model.Group(name="disdukcapil", title="Disdukcapil", type="organization")
    org.is_organization = True
    model.Session.add(org)
    model.Session.flush()
    model.Session.add(
        model.Member(group=org, table_id=user["id"], table_name="user", capacity="editor")
    )
    model.Session.commit()
    return user["token"]


def post(app, token, content: bytes, filename: str, status: int):
    headers = {"Authorization": token} if token else {}
    return app.post(
        URL,
        headers=headers,
        data={"upload": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
        status=status,
    ).json


def leftovers():
    return glob.glob(os.path.join(tempfile.gettempdir(), "satudata-header-*"))


def test_a_csv_header_becomes_variables_with_guessed_types(app, editor_token):
    result = post(app, editor_token, CSV.read_bytes(), "penduduk.csv", 200)["result"]
    assert [(v["name"], v["data_type"]) for v in result["variables"]] == [
        ("tahun", "integer"),
        ("kode_wilayah", "text"),
        ("kecamatan", "text"),
        ("laki_laki", "integer"),
        ("perempuan", "integer"),
        ("jumlah_penduduk", "integer"),
        ("luas_wilayah_km2", "decimal"),
    ]
    assert not leftovers()


def test_an_xlsx_header_below_a_title_row(app, editor_token):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Jumlah Sekolah 2023"])
    sheet.append(["kecamatan", "jumlah_sd", "Jumlah_SD", "  rasio  murid "])
    sheet.append(["Setu", 12, 12, 20.5])
    buf = io.BytesIO()
    book.save(buf)
    result = post(app, editor_token, buf.getvalue(), "sekolah.xlsx", 200)["result"]
    # the title row is a header of one column here: the first row with a value is the header
    assert [v["name"] for v in result["variables"]] == ["Jumlah Sekolah 2023"]
    sheet.delete_rows(1)
    buf = io.BytesIO()
    book.save(buf)
    result = post(app, editor_token, buf.getvalue(), "sekolah.xlsx", 200)["result"]
    assert result["variables"] == [
        {"name": "kecamatan", "data_type": "text"},
        {"name": "jumlah_sd", "data_type": "integer"},
        {"name": "rasio murid", "data_type": "decimal"},
    ]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"a,b\n1,2\n", "tabel.pdf", "Hanya berkas CSV dan XLSX"),
        (b"PK\x03\x04 bukan zip", "rusak.xlsx", "tidak dapat dibaca sebagai XLSX"),
        (b"\n\n ,  ,\n", "kosong.csv", "tidak memiliki baris judul kolom"),
    ],
)
def test_a_file_that_cannot_propose_is_a_field_error(app, editor_token, content, filename, message):
    body = post(app, editor_token, content, filename, 409)
    assert message in body["error"]["upload"][0], body
    assert not leftovers()


def test_only_someone_who_may_create_a_dataset_can_use_it(app):
    post(app, None, CSV.read_bytes(), "penduduk.csv", 403)
    outsider = factories.UserWithToken()  # member of no agency
    post(app, outsider["token"], CSV.read_bytes(), "penduduk.csv", 403)


def test_proposals_are_clean_unique_and_bounded():
    header = ["", "a\x00b", "A\x00B", "x" * 500, *[f"k{i}" for i in range(300)]]
    out = variable_proposals.propose([[None, None], header, ["1", "2", "3", "4"]])
    assert out[0] == {"name": "ab", "data_type": "integer"}
    assert len(out[1]["name"]) == variable_proposals.MAX_NAME
    assert len(out) == variable_proposals.MAX_COLUMNS
    assert variable_proposals.propose([]) == []
