"""Finding 7 (#13), deadlines: period dates out of range, bad period and item fields, over-long return notes and import lines are 4xx field errors in Indonesian (in the API and on the forms), never a 500, nothing is stored, and the reminders still run."""

from __future__ import annotations

import pytest

from .fuzz_inputs import _counts
from .limits_requests import TOO_LONG, api, client, refused

__all__ = ["client"]  # fixtures, imported for this module

BAD_DATES = [
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "1999-12-31",
    "2101-01-01",
    "9999-12-31",
]


@pytest.mark.parametrize("field", ["opens", "cutoff", "input_close", "corrections_end"])
@pytest.mark.parametrize("value", BAD_DATES)
def test_a_period_date_out_of_range_is_a_field_error(world, client, field, value):
    body = {
        "name": "periode-rusak",
        "title": "Periode",
        "year": 2027,
        "opens": "2027-01-01",
        "cutoff": "2027-11-23",
        "input_close": "2027-12-08",
        "corrections_end": "2027-12-31",
    }
    body[field] = value
    before = _counts()
    refused(
        api(client, world, "walidata", "satudata_period_create", **body),
        field,
        "Masukkan tanggal",
        before,
    )


def test_reminders_still_run_after_the_refused_dates(world, client):
    response = api(client, world, "sysadmin", "satudata_reminders_send")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]


@pytest.mark.parametrize(
    "field,value,expected",
    [
        ("title", "p" * 201, TOO_LONG.format(max=200)),
        ("year", True, "Masukkan tahun"),
        ("year", 2026.5, "Masukkan tahun"),
        ("year", "2026.5", "Masukkan tahun"),
        ("year", 10**20, "Masukkan tahun"),
    ],
)
def test_a_bad_period_field_is_a_field_error(world, client, field, value, expected):
    body = {
        "name": "periode-salah",
        "title": "Periode",
        "year": 2027,
        "cutoff": "2027-11-23",
        field: value,
    }
    before = _counts()
    refused(
        api(client, world, "walidata", "satudata_period_create", **body), field, expected, before
    )


def test_the_period_form_refuses_a_date_past_the_range(world, client):
    before = _counts()
    response = client.post(
        "/walidata/deadlines/period/new/edit",
        data={
            "name": "periode-form",
            "title": "Periode",
            "year": "2027",
            "cutoff": "9999-12-31T23:59:59-12:00",
        },
        headers={"Authorization": world.tokens["walidata"]},
    )
    assert response.status_code == 409, response.status_code
    assert "Masukkan tanggal" in response.get_data(as_text=True)
    assert _counts() == before


@pytest.mark.parametrize(
    "field,value,expected",
    [
        ("title", "t" * 501, TOO_LONG.format(max=500)),
        ("indicator", "i" * 501, TOO_LONG.format(max=500)),
        ("notes", "n" * 2001, TOO_LONG.format(max=2000)),
        ("year_start", 3000, "Tahun harus di antara 1945"),
        ("year_end", "3000", "Tahun harus di antara 1945"),
        ("year_start", 10**20, "Tahun harus di antara 1945"),
        ("year_start", True, "Masukkan tahun"),
        ("year_end", 2025.5, "Masukkan tahun"),
    ],
)
def test_a_bad_item_field_is_a_field_error(world, client, field, value, expected):
    body = {
        "period_id": world.period["id"],
        "org_id": world.org_a["id"],
        "title": "Butir",
        "frequency": "tahunan",
        "year_start": 2025,
        field: value,
    }
    before = _counts()
    refused(api(client, world, "walidata", "satudata_item_create", **body), field, expected, before)
    refused(
        api(
            client, world, "walidata", "satudata_item_update", id=world.item["id"], **{field: value}
        ),
        field,
        expected,
        before,
    )


def test_the_item_form_refuses_the_year_3000(world, client):
    before = _counts()
    response = client.post(
        "/walidata/deadlines/item/new",
        data={
            "period_id": world.period["id"],
            "org_id": world.org_a["name"],
            "title": "Butir 3000",
            "frequency": "tahunan",
            "year_start": "3000",
        },
        headers={"Authorization": world.tokens["walidata"]},
    )
    assert response.status_code == 409, response.status_code
    assert "Tahun harus di antara 1945" in response.get_data(as_text=True)
    assert _counts() == before


def test_return_notes_over_the_limit_are_a_field_error(world, client):
    before = _counts()
    refused(
        api(
            client,
            world,
            "walidata",
            "satudata_item_transition",
            id=world.item["id"],
            action="submit",
            notes="r" * 2001,
        ),
        "notes",
        TOO_LONG.format(max=2000),
        before,
    )


@pytest.mark.parametrize(
    "content,expected",
    [
        (
            "agency,title,frequency\ndinkes," + "a" * 1_000_000 + ",tahunan\n",
            "baris 2: baris ini lebih dari 10000 karakter",
        ),
        (
            "agency,title,frequency\ndinkes," + "a" * 501 + ",tahunan\n",
            "baris 2: title lebih dari 500 karakter",
        ),
        (
            "agency,title,frequency,year_start\ndinkes,Butir,tahunan,3000\n",
            "baris 2: year_start harus di antara 1945",
        ),
    ],
)
def test_the_import_refuses_over_long_lines_and_fields_by_line(world, client, content, expected):
    before = _counts()
    refused(
        api(
            client,
            world,
            "walidata",
            "satudata_item_import",
            period_id=world.period["id"],
            content=content,
            filename="daftar.csv",
        ),
        "file",
        expected,
        before,
    )
