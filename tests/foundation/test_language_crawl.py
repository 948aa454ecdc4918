"""No text in the other language on any page a user reaches: the demo portal crawled as each
demo role (sysadmin, walidata, agency admin, agency editor, anonymous) in Indonesian (the
default locale) and English (``/en/``), from the home page over the menus and the links of the
pages they lead to (language_crawl: bounded, same-site, GET only, no logout or deletion), the
frames of those pages (a resource's DataTables preview) included. On Indonesian pages the strings
of the pages' CKAN JavaScript modules (DataTables' "Sort", the resource table's "Show more")
must be translated in what ``/api/i18n/id`` serves them.
Data is excluded (language_check.strip_data): titles, notes, names are the publisher's words."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from language_check import problems
from language_crawl import crawl, script_texts

from ckanext.satudata import plugin
from ckanext.satudata.cli import satudata_group

pytestmark = pytest.mark.slow
ROLES = ("sysadmin", "walidata", "admin-disdukcapil", "editor-disdukcapil", "anonymous")
CODE_LIKE = r"^[a-z0-9_.:/-]+$"


@pytest.fixture(scope="module")
def demo_portal(reset_db, reset_index, reset_queues, migrate_db_for):
    import ckan.plugins
    from ckan.tests import factories
    from ckan.tests.helpers import _get_test_app

    ckan.plugins.load_all()
    try:
        reset_db()
        reset_index()
        reset_queues()
        migrate_db_for("satudata")
        result = CliRunner().invoke(satudata_group(plugin.CAPABILITIES), ["demo"])
        assert result.exit_code == 0, result.output
        factories.Sysadmin(name="sysadmin")
        table_preview()
        tokens = {
            role: factories.APIToken(user=role)["token"] for role in ROLES if role != "anonymous"
        }
        yield _get_test_app(), tokens, data_strings()
    finally:
        ckan.plugins.unload_all()


def table_preview() -> None:
    """One demo table in the DataStore with its DataTables view, as a loader and the publisher
    make them through the API (the demo itself leaves loading to xloader's worker)."""
    from ckan.tests.helpers import call_action

    site = {"ignore_auth": True}
    pkg = call_action("package_show", context=site, id="jumlah-penduduk-per-kecamatan")
    resource = pkg["resources"][0]
    call_action(
        "datastore_create",
        context=site,
        resource_id=resource["id"],
        force=True,
        fields=[{"id": "kecamatan", "type": "text"}, {"id": "jumlah", "type": "int"}],
        records=[{"kecamatan": "Cibitung", "jumlah": 250000}],
    )
    call_action(
        "resource_view_create",
        context=site,
        resource_id=resource["id"],
        view_type="datatables_view",
        title="Tabel",
    )


def data_strings() -> list[str]:
    """Every string publishers and the walidata typed (dataset, resource, agency, user, round,
    item and manual-indicator evidence fields) and the place names, longest first; codes and slugs are not data."""
    import re

    import ckan.model as model
    from ckan.tests.helpers import call_action

    from ckanext.satudata.deadlines.model import AgreedItem, ItemEvent, Period
    from ckanext.satudata.metadata import codelists

    out: set[str] = set()

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k != "license_title":  # the portal's licence register, not typed text
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif (
            isinstance(value, str)
            and len(value) > 2
            and (key == "name" or not re.match(CODE_LIKE, value))
        ):  # a variable's name (a column) is data; other codes are not
            flat = " ".join(value.split())
            out.add(flat)
            value = re.sub(r"[*_`]+", "", value)  # Markdown emphasis is not in the text
            out.add(" ".join(value.split()))
            # rendered Markdown shows a description by lines and sentences
            for line in [flat, *value.splitlines()]:
                line = " ".join(line.split()).lstrip("#*->` ").strip()
                out.update(p.strip("*_` ") for p in re.split(r"(?<=[.!?])\s+", line) if len(p) > 2)
                if len(line) > 2:
                    out.add(line)

    site = {"ignore_auth": True}
    for name in call_action("package_list", context=site):
        walk(call_action("package_show", context=site, id=name))
    for org in call_action("organization_list", context=site, all_fields=True, include_extras=True):
        walk(org)
    for user in model.Session.query(model.User):
        walk({"name": user.name, "fullname": user.fullname or "", "about": user.about or ""})
    walk([[i.title, i.indicator, i.notes, i.return_notes] for i in model.Session.query(AgreedItem)])
    walk([e.notes for e in model.Session.query(ItemEvent)])
    # the walidata's evidence of manual EPSS indicator levels (typed text)
    from ckanext.satudata.assessment.model import ManualIndicator

    walk([m.evidence for m in model.Session.query(ManualIndicator)])
    walk([{"name": p.name, "title": p.title} for p in model.Session.query(Period)])
    for group in model.Session.query(model.Group):
        walk({"name": group.name, "title": group.title, "extras": dict(group.extras or {})})
    # place names are proper names in either language
    walk([[e.label_id, e.label_en] for e in codelists.load("area")])
    for name in call_action("package_list", context=site):  # the columns of the previews
        for resource in call_action("package_show", context=site, id=name)["resources"]:
            views = call_action("resource_view_list", context=site, id=resource["id"])
            walk([{"title": v["title"], "description": v.get("description")} for v in views])
            try:
                fields = call_action(
                    "datastore_search", context=site, resource_id=resource["id"], limit=0
                )["fields"]
            except Exception:  # no DataStore table for it
                continue
            walk([{"name": f["id"], "info": f.get("info") or {}} for f in fields])
            # DataStore type names (a column's type, the Data Dictionary's type override choices)
            out.update([f["type"] for f in fields] + ["text", "numeric", "timestamp"])
    return tuple(sorted((s for s in out if s), key=len, reverse=True))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_is_in_its_language(demo_portal, role, lang):
    app, tokens, data = demo_portal
    headers = {"Authorization": tokens[role]} if role in tokens else {}
    result = crawl(app, "/" if lang == "id" else "/en/", headers)
    assert result.pages and not result.errors, result.errors
    found: dict[str, str] = {}
    scripts: dict[str, set[str]] = {}
    translated = app.get(f"/api/i18n/{lang}", headers=headers).json if lang == "id" else {}
    for page in result.pages:
        assert page.lang == lang, f"{page.url} (from {page.came_from}) is in {page.lang}"
        for problem in problems(page.html, lang, data):
            found.setdefault(problem, page.url)
        for text in script_texts(app, page.html, scripts) if lang == "id" else ():
            if not (translated.get(text) or [None, ""])[-1]:
                found.setdefault(f"untranslated script text: {text!r}", page.url)
    assert lang != "id" or scripts, "the pages load CKAN's JavaScript bundles"
    if role == "anonymous":  # the resource page and its table preview were read
        assert any("/view/" in page.url for page in result.pages), [p.url for p in result.pages]
    print(f"{role}/{lang}: {len(result.pages)} pages: " + " ".join(p.url for p in result.pages))
    assert not found, "\n".join(f"{url}: {text}" for text, url in sorted(found.items()))


def test_english_pages_show_the_english_title_and_description(demo_portal):
    app, _tokens, _data = demo_portal
    english = app.get("/en/dataset/jumlah-penduduk-per-kecamatan").body
    assert "Population by district and sex" in english
    assert "compiled from civil registration records" in english
    assert "Population by district and sex" in app.get("/en/dataset/").body
    assert "Population by district and sex" in app.get("/en/").body
    indonesian = app.get("/dataset/jumlah-penduduk-per-kecamatan").body
    assert "Jumlah Penduduk per Kecamatan dan Jenis Kelamin" in indonesian
    assert "compiled from civil registration records" not in indonesian
