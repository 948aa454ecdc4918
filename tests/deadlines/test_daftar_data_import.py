"""Daftar-data import: errors reported by line with nothing imported, XLSX and duplicates, a default agency, text that is not base64, and the demo round."""

import base64
import io

import ckan.plugins.toolkit as tk
import openpyxl
import pytest
from ckan.tests.helpers import call_action

from .deadline_items_fixtures import count_items, ctx, items, world

pytestmark = pytest.mark.usefixtures("deadlines_db")

__all__ = ["items", "world"]  # fixtures, imported for this module


def test_import_errors_reported_by_line_and_nothing_imported(world):
    content = (
        "agency,title,frequency,year_start,year_end\n"
        "dinkes,Jumlah Puskesmas,tahunan,2025,2025\n"
        "nowhere,Jumlah Bidan,tahunan,2025,2025\n"
        "disdik,Jumlah Sekolah,kadang,2025,2024\n"
    )
    with pytest.raises(tk.ValidationError) as info:
        call_action(
            "satudata_item_import",
            ctx(world["walidata"]),
            period_id=world["period"]["id"],
            content=content,
            filename="d.csv",
        )
    assert info.value.error_dict["file"] == [
        "line 3: unknown agency: nowhere",
        "line 4: unknown frequency: kadang",
        "line 4: year_end 2024 is before year_start 2025",
    ]
    assert count_items() == 0


def test_import_xlsx_and_duplicates_against_existing(world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["instansi", "judul", "frekuensi", "tahun_awal"])
    sheet.append(["dinkes", "Jumlah Puskesmas", "tahunan", 2025])
    sheet.append(["disdik", "Jumlah Sekolah", "semesteran", 2025])
    buf = io.BytesIO()
    book.save(buf)
    data = base64.b64encode(buf.getvalue()).decode()
    out = call_action(
        "satudata_item_import",
        ctx(world["walidata"]),
        period_id=world["period"]["id"],
        content_base64=data,
        filename="d.xlsx",
    )
    assert out["created"] == 2
    assert {i["org_id"] for i in out["items"]} == {world["dinkes"]["id"], world["disdik"]["id"]}
    # importing again: row 2 is already in the list -> nothing imported
    with pytest.raises(tk.ValidationError) as info:
        call_action(
            "satudata_item_import",
            ctx(world["walidata"]),
            period_id=world["period"]["id"],
            content_base64=data,
            filename="d.xlsx",
        )
    assert info.value.error_dict["file"][0].startswith("line 2: already in this period's list")
    assert count_items() == 2


def test_import_with_default_agency(world):
    out = call_action(
        "satudata_item_import",
        ctx(world["walidata"]),
        period_id=world["period"]["id"],
        org_id="disdik",
        content="title,frequency\nAngka Partisipasi Murni,tahunan\n",
    )
    assert out["items"][0]["org_id"] == world["disdik"]["id"]


def test_demo_round_is_idempotent(org_maker, walidata):
    from ckanext.satudata.deadlines import demo

    org_maker("dinkes")
    org_maker("disdik")
    first = demo.load_demo(2026)
    assert first == {
        "period": "pengumpulan-2026",
        "items": 7,
    }  # dinkes 3, disdik 2, diskominfosantik 2
    period = call_action("satudata_period_show", id="pengumpulan-2026")
    assert (period["cutoff_local"], period["input_close_local"]) == (
        "2026-11-23 23:59 WIB",
        "2026-12-08 23:59 WIB",
    )
    assert demo.load_demo(2026) == {"period": "pengumpulan-2026", "items": 0}
    assert count_items() == 7


@pytest.mark.parametrize("text", ["0", "bukan base64!", "QUJ"])
def test_import_refuses_text_that_is_not_base64(world, text):
    with pytest.raises(tk.ValidationError) as info:
        call_action(
            "satudata_item_import",
            ctx(world["walidata"]),
            period_id=world["period"]["id"],
            content_base64=text,
            filename="d.xlsx",
        )
    assert info.value.error_dict["content_base64"] == ["Not a valid base64 text"]
    assert count_items() == 0
