"""A hostile file cannot break "propose variables from a file" (dataset form, variables page).

An agency editor posts to ``satudata_variables_from_file`` the files built to blow up the table
reader (bench/bombs.py: 20 million cells in one XLSX row, the same with lying zip headers, a
declared range of 16384 columns, one enormous CSV line) and a file past the byte limit: each is
a 409 on ``upload`` in the user's language (the wide declared range is read for 60 rows only and
proposes its two real columns), and no temporary copy is left behind.
"""

from __future__ import annotations

import glob
import io
import os
import tempfile

import pytest
from ckan import model
from ckan.tests import factories

from bench import bombs

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")
URL = "/api/3/action/satudata_variables_from_file"


@pytest.fixture
def token():
    user = factories.UserWithToken()
    org = model.Group(name="dinkes", title="Dinkes", type="organization")
    org.is_organization = True
    model.Session.add(org)
    model.Session.flush()
    model.Session.add(
        model.Member(group=org, table_id=user["id"], table_name="user", capacity="editor")
    )
    model.Session.commit()
    return user["token"]


def post(app, token, path_or_bytes, filename):
    content = path_or_bytes
    if isinstance(path_or_bytes, str):
        with open(path_or_bytes, "rb") as f:
            content = f.read()
    return app.post(
        URL,
        headers={"Authorization": token},
        data={"upload": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_bombs_are_refused_as_field_errors(app, token, tmp_path):
    files = {
        "wide_row.xlsx": bombs.xlsx_wide_row(str(tmp_path / "wide_row.xlsx")),
        "lying_header.xlsx": bombs.xlsx_lying_header(str(tmp_path / "lying_header.xlsx")),
        "one_line.csv": bombs.csv_one_line(str(tmp_path / "one_line.csv"), mb=8),
    }
    for name, path in files.items():
        response = post(app, token, path, name)
        assert response.status_code == 409, (name, response.body[:300])
        assert "terlalu besar atau terlalu rumit" in response.json["error"]["upload"][0], name
    assert not glob.glob(os.path.join(tempfile.gettempdir(), "satudata-header-*"))


def test_a_declared_range_of_16384_columns_proposes_only_the_real_ones(app, token, tmp_path):
    """Only the first 60 rows are read, and the reader's padding to the declared width is not
    content: the two real columns are proposed, not 16384."""
    path = bombs.xlsx_huge_dimension(str(tmp_path / "huge.xlsx"))
    response = post(app, token, path, "huge.xlsx")
    assert response.status_code == 200, response.body[:300]
    assert [v["name"] for v in response.json["result"]["variables"]] == ["kecamatan", "jumlah"]


def test_a_file_past_the_byte_limit_is_refused(app, token, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.propose_max_mb", "1")
    response = post(app, token, b"a,b\n" + b"1,2\n" * 400_000, "besar.csv")
    assert response.status_code == 409
    assert response.json["error"]["upload"] == ["Berkas lebih besar dari 1 MB"]
