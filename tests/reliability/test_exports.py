"""Finding 6 (#13): exports are data, never formulas.

A malicious agency admin names its agency ``+cmd|' /C calc'!A0`` and titles a dataset
``=HYPERLINK("http://evil.example","x")`` through the actions any agency admin may call; the
walidata downloads every CSV and XLSX export of the plugin over HTTP. No XLSX cell may be a
formula (openpyxl's ``data_type`` ``f``) and the text must be intact; in a CSV the value starts
with a single quote. Before the fix the assessment's export.xlsx held live HYPERLINK formulas.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from .conftest import World, complete_dataset_fields, run_jobs

FORMULA_TITLE = '=HYPERLINK("http://evil.example","x")'
DDE_TITLE = "+cmd|' /C calc'!A0"
AT_TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS_NOTES = "-2+3+cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def hostile(world: World) -> dict:
    """The agency admin's own agency renamed, two datasets and an item with formula text."""
    from ckan.tests import factories, helpers

    admin = {"user": world.user("admin")}
    sysadmin = {"user": world.user("sysadmin")}
    org = factories.Organization(
        name="evil-agency",
        title="Instansi Jahat",
        agency_code="evil-agency",
        agency_type="dinas",
        users=[{"name": world.user("admin"), "capacity": "admin"}],
    )
    helpers.call_action("organization_patch", admin, id=org["id"], title=DDE_TITLE)
    datasets = [
        helpers.call_action(
            "package_create",
            admin,
            owner_org=org["id"],
            name=name,
            title=title,
            **complete_dataset_fields(),
        )
        for name, title in (("evil-hyperlink", FORMULA_TITLE), ("evil-at", AT_TITLE))
    ]
    item = helpers.call_action(
        "satudata_item_create",
        sysadmin,
        period_id=world.period["id"],
        org_id=org["id"],
        title=FORMULA_TITLE,
        notes=MINUS_NOTES,
        frequency="tahunan",
        year_start=2025,
        year_end=2025,
    )
    run = helpers.call_action("satudata_assessment_run", sysadmin, scope="portal")
    run_jobs()
    return {"org": org, "datasets": datasets, "item": item, "run_id": run["run_id"]}


@pytest.fixture(scope="module")
def walidata_get(world):
    from ckan.tests.helpers import _get_test_app

    app = _get_test_app()

    def get(url):
        response = app.get(url, headers={"Authorization": world.tokens["walidata"]})
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def _xlsx_cells(body: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(body))  # not data_only: formulas stay formulas
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(body: bytes, texts: list[str]) -> None:
    cells = _xlsx_cells(body)
    formulas = [
        f"{c.parent.title}!{c.coordinate}: {c.value!r}" for c in cells if c.data_type == "f"
    ]
    assert not formulas, f"formula cells in the export: {formulas}"
    values = {c.value for c in cells}
    for text in texts:
        assert text in values, f"{text!r} not in the export as text"


def _csv_cells(body: bytes) -> set[str]:
    return {cell for row in csv.reader(io.StringIO(body.decode("utf-8"))) for cell in row}


def test_assessment_exports_hold_text_never_formulas(hostile, walidata_get):
    run = hostile["run_id"]
    xlsx = walidata_get(f"/walidata/assessment/export.xlsx?run_id={run}")
    _assert_no_formula(xlsx.data, [DDE_TITLE, FORMULA_TITLE, AT_TITLE])
    cells = _csv_cells(walidata_get(f"/walidata/assessment/export.csv?run_id={run}").data)
    assert "'" + DDE_TITLE in cells and DDE_TITLE not in cells


def test_deadlines_exports_hold_text_never_formulas(world, hostile, walidata_get):
    period = world.period["name"]
    xlsx = walidata_get(f"/walidata/deadlines/export.xlsx?period={period}")
    _assert_no_formula(xlsx.data, [DDE_TITLE])
    cells = _csv_cells(walidata_get(f"/walidata/deadlines/export.csv?period={period}").data)
    assert "'" + DDE_TITLE in cells and DDE_TITLE not in cells


# --------------------------------------------------------------------------- the pure writer


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cell_quotes_every_formula_start(text):
    from ckanext.satudata.metadata import cells

    assert cells.csv_cell(text) == "'" + text
    assert _csv_cells(cells.csv_bytes(["h"], [[text]])) == {"h", "'" + text}


def test_numbers_and_plain_text_stay_as_they_are():
    from ckanext.satudata.metadata import cells

    assert cells.csv_cell(-1.5) == -1.5 and cells.csv_cell("Dinas Kesehatan") == "Dinas Kesehatan"
    assert cells.csv_cell(None) == ""


def test_xlsx_cells_are_strings_and_control_characters_do_not_break_the_file():
    from ckanext.satudata.metadata import cells

    body = cells.xlsx_bytes(
        [
            (
                "a/b:c*d?[e]" * 5,
                ["judul", "nilai"],
                [[FORMULA_TITLE, -3], ["x\x01y", 2.5], [None, None]],
            )
        ]
    )
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.worksheets[0]
    assert len(sheet.title) <= 31
    assert [c.data_type for c in sheet[2]] == ["s", "n"]
    assert sheet["A2"].value == FORMULA_TITLE and sheet["B2"].value == -3
    assert sheet["A3"].value == "xy"
