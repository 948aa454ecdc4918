"""The jadwal rilis on the walidata's item form and the agency page: saved from the form,
a bad date comes back as a translated field error with what was typed, nothing saved."""

import pytest

from .deadline_items_fixtures import auth, item_state, items_now, world

pytestmark = pytest.mark.usefixtures("deadlines_db")


def test_release_date_from_the_item_form(app, world, items_now):
    item = items_now["Jumlah Puskesmas"]
    url = f"/walidata/deadlines/item/{item['id']}/edit"
    headers = auth(world["walidata"])
    res = app.get(url, headers=headers)
    assert 'id="field-release_date"' in res.body
    typed = {"title": "Jumlah Puskesmas", "frequency": "tahunan", "release_date": "2031-05-01"}
    res = app.post(url, headers=headers, data=typed)
    assert res.status_code == 409 and 'value="2031-05-01"' in res.body
    assert "Masukkan tanggal dari 2025-01-01 sampai 2028-12-31" in res.body
    assert item_state(item["id"])["release_date"] is None
    res = app.post(url, headers=headers, data=dict(typed, release_date="2026-12-15"))
    assert res.status_code == 200
    assert str(item_state(item["id"])["release_date"]) == "2026-12-15"
    page = app.get(f"/walidata/deadlines/agency/{world['dinkes']['name']}", headers=headers)
    assert "Rencana rilis 2026-12-15" in page.body
    # the agency's admin cannot set it through the form
    res = app.post(url, headers=auth(world["dinkes_admin"]), data=dict(typed, release_date=""))
    assert res.status_code == 403
    assert str(item_state(item["id"])["release_date"]) == "2026-12-15"
