"""The dataset form in pages, through the HTTP form posts a browser makes: each page is checked
when it is sent, what was typed stays, the dataset is a draft until the resource stage
publishes it; the API still takes a whole dataset at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import complete_dataset_fields

pytestmark = pytest.mark.usefixtures("metadata_db")
API = "/api/3/action/"
CSV = (
    Path(__file__).resolve().parents[2]
    / "ckanext/satudata/metadata/demo_data/penduduk-per-kecamatan-2021-2023.csv"
)
FULL = complete_dataset_fields()
PAGE_1 = ("notes", "license_id", "maintainer", "maintainer_email", "title_en")
PAGE_2 = (
    "topic",
    "frequency",
    "year_start",
    "year_end",
    "presentation_level",
    "unit",
    "data_source",
    "collection_method",
    "classification",
)


@pytest.fixture
def editor():
    user = factories.UserWithToken()
    org = model.Group(name="disdukcapil", title="Disdukcapil", type="organization")
    org.is_organization = True
    model.Session.add(org)
    model.Session.flush()
    model.Session.add(
        model.Member(group=org, table_id=user["id"], table_name="user", capacity="editor")
    )
    model.Session.commit()
    return {"Authorization": user["token"]}, org.id


def rows(name, items):
    return {f"{name}-{i}-{k}": v for i, row in enumerate(items) for k, v in row.items()}


def page_data(page, org_id, **overrides):
    if page == 1:
        data = {k: FULL[k] for k in PAGE_1}
        data.update(title="Penduduk per Kecamatan", name="penduduk-paged", owner_org=org_id)
    elif page == 2:
        data = {k: str(FULL[k]) for k in PAGE_2}
        data.update(urusan=FULL["urusan"], area_codes=FULL["area_codes"])
    elif page == 3:
        data = rows("variables", FULL["variables"])
    else:
        data = rows("indicators", FULL["indicators"])
    # the page-1 form sends _ckan_phase twice: CKAN's stage name, then scheming's page
    phase = ["dataset_new_1", "1"] if page == 1 else str(page)
    data.update({"_ckan_phase": phase, "save": ""}, **overrides)
    return data


def post_page(app, headers, org_id, page, status=302, **overrides):
    url = "/dataset/new" if page == 1 else f"/dataset/new/penduduk-paged/{page}"
    return app.post(
        url,
        data=page_data(page, org_id, **overrides),
        headers=headers,
        status=status,
        follow_redirects=False,
    )


def stored():
    return model.Package.get("penduduk-paged")


def test_each_page_is_checked_alone_and_the_dataset_stays_a_draft(app, editor):
    headers, org_id = editor
    res = post_page(app, headers, org_id, 1)
    assert res.headers["Location"].endswith("/dataset/new/penduduk-paged/2")
    assert stored().state == "draft"
    assert stored().title == "Penduduk per Kecamatan"

    # an error on page 2: shown on page 2, what was typed there kept, page 1 untouched
    res = post_page(app, headers, org_id, 2, status=200, area_codes=["32.75"], unit="Orang")
    soup = BeautifulSoup(res.body, "html.parser")
    assert "Kabupaten Bekasi (32.16)" in soup.select_one(".error-explanation").text
    assert soup.select_one("#field-unit")["value"] == "Orang"
    assert soup.select_one("#field-year_start")["value"] == "2022"
    assert soup.select_one("#field-title") is None  # page 1's fields are not on page 2
    assert stored().title == "Penduduk per Kecamatan"
    assert stored().extras.get("unit") is None

    for page in (2, 3, 4):
        res = post_page(app, headers, org_id, page)
    assert res.headers["Location"].endswith("/dataset/penduduk-paged/resource/new")
    # the resource stage shows the five-stage bar with its readable labels (form.css)
    stage = BeautifulSoup(app.get(res.headers["Location"], headers=headers).body, "html.parser")
    assert len(stage.select(".stages li")) == 5
    assert any(link["href"].endswith("-form.css") for link in stage.select("link[rel=stylesheet]"))
    draft = call_action("package_show", id="penduduk-paged")
    assert draft["state"] == "draft"
    assert [v["name"] for v in draft["variables"]] == ["jumlah_penduduk", "luas_wilayah"]
    assert draft["indicators"][0]["name"] == "kepadatan_penduduk"
    # a draft is not public
    assert call_action("package_search", q="name:penduduk-paged")["count"] == 0
    app.get("/dataset/penduduk-paged", status=404)

    with open(CSV, "rb") as f:
        res = app.post(
            "/dataset/penduduk-paged/resource/new",
            data={
                "upload": (f, "penduduk.csv"),
                "name": "Penduduk 2021-2023",
                "format": "CSV",
                "url": "",
                "id": "",
                "save": "go-metadata",
            },
            headers=headers,
            follow_redirects=False,
        )
    assert res.status_code == 302, res.body
    published = call_action("package_show", id="penduduk-paged")
    assert published["state"] == "active"
    assert published["resources"][0]["url_type"] == "upload"


def test_a_required_field_of_the_page_sent_is_still_required(app, editor):
    headers, org_id = editor
    post_page(app, headers, org_id, 1)
    res = post_page(app, headers, org_id, 2, status=200, topic="")
    soup = BeautifulSoup(res.body, "html.parser")
    topic = soup.select_one("#field-topic").find_parent(class_="form-group")
    assert "Wajib diisi" in topic.text
    post_page(app, headers, org_id, 2)
    res = post_page(app, headers, org_id, 3, status=200, **{"variables-0-unit": ""})
    assert "Wajib diisi" in res.body
    assert 'value="jumlah_penduduk"' in res.body  # the typed row is kept
    assert call_action("package_show", id="penduduk-paged").get("variables") is None


def test_the_variables_page_sent_without_a_row_is_a_field_error_not_a_500(app, editor):
    """Every row removed (or none added) before "next": the page comes back with the error in
    its list (scheming's list expected one dict per row and answered 500), nothing stored."""
    headers, org_id = editor
    post_page(app, headers, org_id, 1)
    post_page(app, headers, org_id, 2)
    res = app.post(
        "/dataset/new/penduduk-paged/3",
        data={"_ckan_phase": "3", "save": ""},
        headers=headers,
        status=200,
        follow_redirects=False,
    )
    errors = BeautifulSoup(res.body, "html.parser").select_one(".error-explanation")
    assert errors is not None and "Wajib diisi" in errors.text
    assert call_action("package_show", id="penduduk-paged").get("variables") is None


def test_editing_the_variables_page_replaces_the_rows(app, editor):
    headers, org_id = editor
    for page in (1, 2, 3, 4):
        post_page(app, headers, org_id, page)
    renamed = [dict(v, alias=f"alias {i}") for i, v in enumerate(FULL["variables"])]
    app.post(
        "/dataset/edit/penduduk-paged/3",
        data={**rows("variables", renamed), "_ckan_phase": "3", "save": "continue"},
        headers=headers,
        follow_redirects=False,
    )
    shown = call_action("package_show", id="penduduk-paged")
    assert [v["alias"] for v in shown["variables"]] == ["alias 0", "alias 1"]


def test_the_api_takes_a_whole_dataset_and_refuses_a_half_one(app, editor):
    headers, org_id = editor
    full = complete_dataset_fields(name="lewat-api", title="Lewat API", owner_org=org_id)
    res = app.post(API + "package_create", json=full, headers=headers)
    assert res.json["result"]["state"] == "active"
    # a draft "from page 1" through the API: an editor cannot set the state, so every
    # required field is checked, and nothing is stored
    half = {"name": "setengah", "title": "Setengah", "owner_org": org_id, "notes": "x"}
    half.update(state="draft", _ckan_phase="1", license_id="cc-by")
    res = app.post(API + "package_create", json=half, headers=headers, status=409)
    assert "topic" in res.json["error"] and "variables" in res.json["error"]
    assert model.Package.get("setengah") is None


def test_the_area_list_offers_each_desa_and_a_page_saves_them(app, editor):
    headers, org_id = editor
    post_page(app, headers, org_id, 1)
    page = BeautifulSoup(
        app.get("/dataset/new/penduduk-paged/2", headers=headers).body, "html.parser"
    )
    options = {o["value"]: o.text for o in page.select("#field-area_codes option")}
    assert len(options) == 1 + 23 + 187
    assert options["32.16.01.2001"] == "32.16.01.2001 Desa Sagara Makmur"
    assert options["32.16.02.1006"] == "32.16.02.1006 Kelurahan Bahagia"
    # the shortcut "Seluruh desa/kelurahan dalam kecamatan …" lists the 23 kecamatan only
    shortcut = [o["value"] for o in page.select("[data-satudata-area-desa] option") if o["value"]]
    assert shortcut == [f"32.16.{i:02d}" for i in range(1, 24)]
    assert "Seluruh kecamatan (23)" in page.select_one("[data-satudata-area-all]").text

    desa = ["32.16.18.2001", "32.16.18.2002", "32.16.01.1007"]
    post_page(app, headers, org_id, 2, area_codes=desa, presentation_level="desa_kelurahan")
    assert sorted(call_action("package_show", id="penduduk-paged")["area_codes"]) == sorted(desa)
    # a desa code that does not exist is a field error on the page, and nothing is saved
    res = post_page(app, headers, org_id, 2, status=200, area_codes=["32.16.18.2999"])
    assert (
        "32.16.18.2999"
        in BeautifulSoup(res.body, "html.parser").select_one(".error-explanation").text
    )
    assert sorted(call_action("package_show", id="penduduk-paged")["area_codes"]) == sorted(desa)
