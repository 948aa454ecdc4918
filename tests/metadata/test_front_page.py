"""The front of the portal: home and about pages, and the search page's filter pills.

Everything is built the way users build it: agencies and datasets through the actions, the
collection period through ``satudata_period_create``, the sysadmin's texts through
``config_option_update``."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import complete_dataset_fields

from ckanext.satudata.deadlines.core import calendar as cal

pytestmark = pytest.mark.usefixtures("metadata_db")

STOCK = (
    "Welcome to CKAN",
    "nice introductory paragraph",
    "placeholder-420x220",
    "CKAN is the world",
)
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@pytest.fixture
def portal(make_agency):
    """Three agencies: two publish (Disdukcapil 2 datasets, Dinkes 1), Bappeda has only a
    restricted (private) dataset."""
    disdukcapil = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    bappeda = make_agency(
        "bappeda", title="Badan Perencanaan Pembangunan Daerah", agency_type="badan"
    )
    created = []
    for org, name, title, extra in (
        (disdukcapil, "penduduk-2022", "Jumlah Penduduk 2022", {"title_en": ""}),
        (
            dinkes,
            "fasilitas-kesehatan",
            "Fasilitas Kesehatan per Kecamatan",
            {"topic": "9", "title_en": "Health facilities by district"},
        ),
        (disdukcapil, "penduduk-2023", "Jumlah Penduduk 2023", {"title_en": "Population 2023"}),
        (bappeda, "rencana-terbatas", "Rencana Terbatas", {"classification": "terbatas"}),
    ):
        created.append(
            factories.Dataset(
                owner_org=org["id"], name=name, title=title, **complete_dataset_fields(**extra)
            )
        )
    return {"datasets": created, "orgs": (disdukcapil, dinkes, bappeda)}


def _text(app, url):
    return BeautifulSoup(app.get(url).body, "html.parser")


def test_home_page_is_the_portals_own_in_indonesian(app, portal):
    body = app.get("/").body
    for stock in STOCK:
        assert stock not in body, stock
    page = BeautifulSoup(body, "html.parser")
    assert "Satu Data Kabupaten Bekasi" in page.select_one(".satudata-intro").text
    assert "Perpres" in page.select_one(".satudata-intro").text
    assert page.select_one("form.search-giant input[name=q]") is not None
    # three public datasets; two agencies publish (Bappeda's only dataset is private)
    assert page.select_one("#satudata-count-datasets").text.strip() == "3"
    assert page.select_one("#satudata-count-agencies").text.strip() == "2"
    assert page.select_one("#satudata-count-topics").text.strip() == "2"
    topics = {li["data-topic"]: li for li in page.select("#satudata-topics li")}
    from ckanext.satudata.metadata import codelists

    assert list(topics) == [e.code for e in codelists.load("topic")]
    assert "Demografi dan Kependudukan" in topics["2"].text
    assert topics["2"].select_one(".badge").text.strip() == "2"
    assert topics["2"].a["href"].endswith("/dataset/?topic=2")
    newest = [a.text for a in page.select("#satudata-newest li a")]
    assert newest[0] == "Jumlah Penduduk 2023"
    assert "Rencana Terbatas" not in newest
    agencies = page.select("#satudata-home-agencies li")
    assert [li["data-code"] for li in agencies] == ["disdukcapil", "dinkes"]
    # a sysadmin (who reads Bappeda's private dataset) sees the same published figures
    sysadmin = factories.SysadminWithToken()
    as_admin = BeautifulSoup(
        app.get("/", headers={"Authorization": sysadmin["token"]}).body, "html.parser"
    )
    assert as_admin.select_one("#satudata-count-datasets").text.strip() == "3"
    assert as_admin.select_one("#satudata-count-agencies").text.strip() == "2"


def test_home_page_in_english_shows_english_titles(app, portal):
    body = app.get("/en/").body
    for stock in STOCK:
        assert stock not in body, stock
    page = BeautifulSoup(body, "html.parser")
    assert "Presidential Regulation" in page.select_one(".satudata-intro").text
    assert "Demography and Population" in page.select_one("#satudata-topics").text
    newest = [a.text for a in page.select("#satudata-newest li a")]
    assert newest[:2] == ["Population 2023", "Health facilities by district"]
    # no English title: the Indonesian one
    assert "Jumlah Penduduk 2022" in newest
    assert "Newest datasets" in body and "Dataset terbaru" not in body


def test_home_page_shows_the_current_rounds_countdown(app, portal):
    sysadmin = factories.Sysadmin()
    tz = cal.get_zone("Asia/Jakarta")
    today = cal.local_date(dt.datetime.now(dt.timezone.utc), tz)
    cutoff, close = today + dt.timedelta(days=10), today + dt.timedelta(days=25)
    call_action(
        "satudata_period_create",
        {"user": sysadmin["name"], "ignore_auth": False},
        name="pengumpulan-uji",
        title="Pengumpulan Uji",
        year=cutoff.year,
        cutoff=cutoff.isoformat(),
        input_close=close.isoformat(),
    )
    page = _text(app, "/")
    section = page.select_one("#satudata-home-countdown")
    assert "Pengumpulan Uji" in section.text
    expected = f"Batas waktu {cutoff.day} {MONTHS_ID[cutoff.month - 1]}: 10 hari lagi"
    assert section.select_one(".satudata-countdown-text").text.strip() == expected
    english = _text(app, "/en/").select_one(".satudata-countdown-text").text.strip()
    assert english.endswith(": 10 days left") and english.startswith("Deadline ")


def test_no_round_no_countdown(app, portal):
    assert _text(app, "/").select_one("#satudata-home-countdown") is None


@pytest.fixture
def reset_texts():
    yield
    call_action(
        "config_option_update",
        {"ignore_auth": True},
        **{"ckan.site_intro_text": "", "ckan.site_about": ""},
    )


def test_the_sysadmins_texts_replace_the_defaults(app, portal, reset_texts):
    sysadmin = factories.Sysadmin()
    call_action(
        "config_option_update",
        {"user": sysadmin["name"]},
        **{
            "ckan.site_intro_text": "Selamat datang di **portal uji**.",
            "ckan.site_about": "Tentang *portal uji* ini.",
        },
    )
    home = _text(app, "/")
    assert home.select_one(".satudata-intro strong").text == "portal uji"
    assert "Perpres" not in home.select_one(".satudata-intro").text
    about = _text(app, "/about")
    assert about.select_one("article em").text == "portal uji"
    assert "Siapa mengerjakan apa" not in about.text


def test_about_page_says_what_satu_data_bekasi_is(app, portal):
    body = app.get("/about").body
    for stock in STOCK:
        assert stock not in body, stock
    page = BeautifulSoup(body, "html.parser")
    text = page.select_one("article").text
    for phrase in (
        "Tentang Satu Data Kabupaten Bekasi",
        "Diskominfosantik",
        "23 kecamatan",
        "BPS Kabupaten Bekasi",
        "23 November",
        "7–8 Desember",
        "perbaikan",
    ):
        assert phrase in text, phrase
    hrefs = [a["href"] for a in page.select("article a")]
    assert "/dataset/" in hrefs and "/instansi" in hrefs
    assert "Who does what" in app.get("/en/about").body


@pytest.mark.parametrize("area_param", ["vocab_area_codes", "area_codes"])
def test_filter_pills_read_labels_not_codes(app, portal, area_param):
    dinkes = portal["orgs"][1]
    page = _text(
        app,
        f"/dataset/?topic=9&{area_param}=32.16.02&frequency=tahunan&organization={dinkes['name']}",
    )
    pills = {p["data-field"]: p.text.strip() for p in page.select(".filter-list .pill")}
    assert pills["topic"] == "Kesehatan"
    assert pills[area_param] == "Kecamatan Babelan"
    assert pills["frequency"] == "Tahunan"
    assert pills["organization"] == "Dinas Kesehatan"
    facets = page.select_one(".filter-list").text
    assert "32.16.02" not in facets and ": 9" not in facets and "tahunan" not in facets
    assert "Wilayah:" in facets
    english = _text(app, f"/en/dataset/?topic=9&{area_param}=32.16.02")
    pills = {p["data-field"]: p.text.strip() for p in english.select(".filter-list .pill")}
    assert pills["topic"] == "Health" and pills[area_param] == "Babelan District"


def test_contact_email_shows_the_address_not_the_name(app, portal):
    page = _text(app, "/dataset/penduduk-2023")
    cell = page.select_one("tr[data-field=maintainer_email] td")
    assert cell.a["href"] == "mailto:statistik@bekasikab.go.id"
    assert cell.text.strip() == "statistik@bekasikab.go.id"


def test_resource_table_renders_the_column_description_markdown(app, make_agency):
    org = make_agency("disdukcapil")
    dataset = factories.Dataset(
        owner_org=org["id"],
        name="penduduk-md",
        **complete_dataset_fields(
            resources=[
                {
                    "url": "http://127.0.0.1/p.csv",
                    "name": "Penduduk",
                    "format": "CSV",
                    "columns_description": "- `tahun`: tahun data\n- `kecamatan`: nama",
                }
            ]
        ),
    )
    res = dataset["resources"][0]
    body = app.get(f"/dataset/{dataset['name']}/resource/{res['id']}").body
    assert "`tahun`" not in body
    assert "<code>tahun</code>" in body
