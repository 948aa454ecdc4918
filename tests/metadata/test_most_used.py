"""The home page's most-used datasets, counted by CKAN's own ``tracking`` plugin the way a
portal counts them: visitors open dataset pages and their browser posts the page-view beacon
(``/_tracking``, what ckanext/tracking's tracking.js sends), ``ckan tracking update`` sums the
visits per dataset and reindexes them, and the home page lists the most viewed public datasets.

Each visitor is a distinct browser (User-Agent and address: tracking counts one view per
visitor, page and day)."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from click.testing import CliRunner

pytestmark = pytest.mark.usefixtures("metadata_db")


@pytest.fixture
def catalogue(make_agency, make_dataset):
    """Three public datasets of two agencies and a restricted (private) one."""
    dinkes = make_agency("dinkes", title="Dinas Kesehatan")
    disdik = make_agency("disdik", title="Dinas Pendidikan")
    made = {}
    for org, name, title, extra in (
        (dinkes, "fasilitas-kesehatan", "Fasilitas Kesehatan", {"title_en": "Health facilities"}),
        (disdik, "jumlah-sekolah", "Jumlah Sekolah", {"title_en": "Number of schools"}),
        (dinkes, "jumlah-bidan", "Jumlah Bidan", {"title_en": ""}),
        (dinkes, "data-terbatas", "Data Terbatas", {"classification": "terbatas"}),
    ):
        made[name] = make_dataset(org["id"], name=name, title=title, **extra)
    assert made["data-terbatas"]["private"] is True
    return made


def visit(app, path: str, visitor: int, headers: dict | None = None) -> None:
    """One browser opens ``path`` and its tracking.js posts the page view."""
    browser = {"User-Agent": f"Mozilla/5.0 (visitor {visitor})", **(headers or {})}
    address = {"REMOTE_ADDR": f"10.17.0.{visitor}"}
    app.get(path, headers=browser, environ_overrides=address, status=None)
    # tracking.js: POST {site root}_tracking, the form-encoded path (its locale prefix too) and type
    app.post(
        "/_tracking",
        data={"url": path, "type": "page"},
        headers=browser,
        environ_overrides=address,
        status=None,
    )


def tracking_update() -> None:
    """``ckan tracking update <today>``: the summary of today's visits, then the reindex."""
    from ckanext.tracking.cli.tracking import tracking

    result = CliRunner().invoke(tracking, ["update", dt.date.today().isoformat()])
    assert result.exit_code == 0, result.output


def most_used(app, path: str = "/") -> BeautifulSoup:
    page = BeautifulSoup(app.get(path).body, "html.parser")
    section = page.select_one("#satudata-most-used")
    assert section is not None, "the home page has its most-used box"
    return section


def test_most_viewed_public_datasets_are_listed_in_views_order(app, catalogue):
    editor = factories.UserWithToken()
    views = {"jumlah-sekolah": 4, "fasilitas-kesehatan": 2, "jumlah-bidan": 1, "data-terbatas": 5}
    for name, count in views.items():
        for visitor in range(count):
            visit(app, f"/dataset/{name}", visitor)
    # the same visitor again the same day counts once
    visit(app, "/dataset/jumlah-bidan", 0)
    # the restricted dataset opened by someone who may read it
    visit(app, "/dataset/data-terbatas", 9, {"Authorization": editor["token"]})
    tracking_update()

    section = most_used(app)
    titles = [a.text for a in section.select("li a")]
    assert titles == ["Jumlah Sekolah", "Fasilitas Kesehatan", "Jumlah Bidan"]
    assert [a["href"] for a in section.select("li a")][0].endswith("/dataset/jumlah-sekolah")
    counts = [
        li.select_one("small").text.split("\u00b7")[-1].strip() for li in section.select("li")
    ]
    # the second visit of the same visitor the same day did not count
    assert counts == ["4 kali dilihat", "2 kali dilihat", "1 kali dilihat"]
    assert "Data Terbatas" not in section.text
    assert "Belum ada kunjungan" not in section.text

    english = most_used(app, "/en/")
    assert [a.text for a in english.select("li a")] == [
        "Number of schools",
        "Health facilities",
        "Jumlah Bidan",  # no English title: the Indonesian one
    ]
    assert "Most-used datasets" in english.text and "4 views" in english.text
    # a sysadmin (who may read the restricted dataset) gets the same public list
    sysadmin = factories.SysadminWithToken()
    as_admin = BeautifulSoup(
        app.get("/", headers={"Authorization": sysadmin["token"]}).body, "html.parser"
    )
    assert "Data Terbatas" not in as_admin.select_one("#satudata-most-used").text


@pytest.mark.parametrize(
    "path, heading, empty",
    [
        ("/", "Dataset paling banyak dilihat", "Belum ada kunjungan yang dihitung"),
        ("/en/", "Most-used datasets", "No visits have been counted yet"),
    ],
)
def test_without_counted_visits_the_box_says_so(app, catalogue, path, heading, empty):
    # opened but not yet summed by ``ckan tracking update``: nothing counted
    visit(app, "/dataset/jumlah-sekolah", 1)
    section = most_used(app, path)
    assert heading in section.text
    assert empty in section.text
    assert section.select("li") == []  # not the newest datasets a second time
