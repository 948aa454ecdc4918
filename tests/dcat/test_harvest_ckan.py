"""Portal to portal: the stock CKAN-to-CKAN harvester (ckanext-harvest's ``ckan`` type, config
``{"remote_orgs": "create"}``) harvests the live portal (built over HTTP with real uploads and a
web-form dataset: tests/dcat/upload_portal.py) into two receivers of the same second CKAN
(tests/dcat/harvester.py):

- ``receiver``: ``scheming_datasets satudata_metadata`` with our dataset schema: every field of
  the schema, the repeating variables/indicators included, arrives unchanged;
- ``stock``: no satudata: every Satu Data dataset field is dropped (the harvester saves with
  CKAN's default schema; unknown keys go to ``__junk``). docs/dcat.md "Portal-to-portal".
"""

from __future__ import annotations

import json
from contextlib import ExitStack

import pytest
from satudata_testing import complete_kegiatan_fields

from ckanext.satudata.metadata import fieldmarks

from .harvester import second_ckan
from .upload_portal import build_portal

pytestmark = pytest.mark.slow

SOURCE_CONFIG = {"remote_orgs": "create"}
RECEIVER_PLUGINS = "harvest ckan_harvester scheming_datasets satudata_metadata"
RECEIVER_INI = """
scheming.dataset_schemas = ckanext.satudata.schemas:dataset.yaml
scheming.presets = ckanext.scheming:presets.json
scheming.dataset_fallback = false
ckan.locales_offered = id en
"""
# fields CKAN's own dataset schema has (a stock CKAN keeps them); the rest are Satu Data's
CKAN_CORE = {"title", "name", "notes", "tag_string", "license_id", "owner_org", "maintainer"}
CKAN_CORE |= {"maintainer_email"}
CKAN_RESOURCE_CORE = {"url", "name", "description", "format"}
# links to another record of our portal that a receiver does not have: our Kegiatan Statistik
# record is not a dataset of the search the harvester reads, so the receiver leaves it out
LOCAL_LINKS = {"kegiatan"}


@pytest.fixture(scope="module")
def harvested(live_server, reset_db, reset_index):
    import ckan.plugins

    reset_db()
    reset_index()
    ckan.plugins.load_all()
    try:
        portal = build_portal(live_server)
        fill_every_optional_field(portal)
        with ExitStack() as stack:
            receivers = {
                "receiver": stack.enter_context(
                    second_ckan(
                        "satudata-receiver", "satudata_receiver", RECEIVER_PLUGINS, 8, RECEIVER_INI
                    )
                ),
                "stock": stack.enter_context(
                    second_ckan(
                        "satudata-receiver-stock",
                        "satudata_receiver_stock",
                        "harvest ckan_harvester",
                        9,
                    )
                ),
            }
            reports, sources = {}, {}
            for key, receiver in receivers.items():
                sources[key] = receiver.create_ckan_source(
                    "satudata-bekasi", live_server, SOURCE_CONFIG
                )
                reports[key] = receiver.run(sources[key]["id"])
            yield {"portal": portal, "reports": reports, "sources": sources, **receivers}
    finally:
        ckan.plugins.unload_all()


def fill_every_optional_field(portal) -> None:
    """The first dataset gets the optional fields too, so that every field of the schema is
    harvested with a value: an agreed item of this year's daftar data (the walidata makes the
    round and the item in-process, as on its pages), then the agency's editor creates its
    Kegiatan Statistik record over HTTP, links both and describes the uploaded CSV (the
    BPS activity code and recommendation are items of that record)."""
    from ckan.tests import factories
    from ckan.tests.helpers import call_action

    walidata = {"user": factories.Sysadmin()["name"]}
    period = call_action(
        "satudata_period_create",
        context=dict(walidata),
        name="p2p-2026",
        title="Pengumpulan 2026",
        year=2026,
        opens="2026-01-01",
        cutoff="2026-12-20",
        input_close="2026-12-28",
    )
    first = portal.public[0]
    item = call_action(
        "satudata_item_create",
        context=dict(walidata),
        period_id=period["id"],
        org_id=first["owner_org"],
        title=first["title"],
        frequency=first["frequency"],
        year_start=first["year_start"],
        year_end=first["year_end"],
    )
    kegiatan = portal.action(
        "package_create",
        **complete_kegiatan_fields(
            name="p2p-kompilasi-penduduk", title="Kompilasi Penduduk", owner_org=first["owner_org"]
        ),
    )
    portal.action(
        "package_patch", id=first["id"], agreed_item=item["id"], kegiatan=kegiatan["name"]
    )
    upload = next(r for r in first["resources"] if r.get("url_type") == "upload")
    portal.action("resource_patch", id=upload["id"], description="Penduduk menurut kecamatan.")
    portal.public[0] = portal.show(first["id"])


def value(dataset: dict, field: str):
    """A field as a reader of package_show sees it (tags for tag_string, the agency's name
    for owner_org: the receiver made its own organization of it)."""
    if field == "tag_string":
        return sorted(t["name"] for t in dataset.get("tags", []))
    if field == "owner_org":
        return (dataset.get("organization") or {}).get("name")
    return dataset.get(field)


def dataset_fields() -> list[str]:
    return [f["field_name"] for f in fieldmarks.load_schema()["dataset_fields"]]


def resource_fields() -> list[str]:
    return [f["field_name"] for f in fieldmarks.load_schema()["resource_fields"]]


def test_every_public_dataset_arrives_once_and_no_private_one(harvested):
    portal = harvested["portal"]
    for key in ("receiver", "stock"):
        assert {o["report_status"] for o in harvested["reports"][key]["objects"]} == {"added"}
        names = sorted(d["name"] for d in harvested[key].datasets())
        assert names == sorted(d["name"] for d in portal.public), key
        assert not {d["name"] for d in portal.private} & set(names)


def test_the_receiver_with_satudata_metadata_keeps_every_field_unchanged(harvested):
    portal, receiver = harvested["portal"], harvested["receiver"]
    for ours in portal.public:
        theirs = receiver.action("package_show", id=ours["id"])
        for field in dataset_fields():
            expected = None if field in LOCAL_LINKS else value(ours, field)
            assert value(theirs, field) == expected, (ours["name"], field)
        assert len(theirs["resources"]) == len(ours["resources"]) > 0
        for mine, copy in zip(ours["resources"], theirs["resources"]):
            for field in resource_fields():
                assert copy.get(field) == mine.get(field), (ours["name"], field)
    # the repeating subfields, the area codes and the bilingual texts really are there
    first = receiver.action("package_show", id=portal.public[0]["id"])
    assert first["area_codes"] == portal.public[0]["area_codes"] and first["area_codes"]
    assert first["variables"][0]["definition"] and first["indicators"][0]["formula"]
    assert first["title_en"] and first["notes_en"] and first["topic"] and first["frequency"]


def test_the_receiver_searches_and_shows_them_with_the_satu_data_facets_and_pages(harvested):
    import requests

    portal, receiver = harvested["portal"], harvested["receiver"]
    ours = portal.public[1]
    found = receiver.action(
        "package_search", fq=f'topic:"{ours["topic"]}"', **{"facet.field": ["frequency"]}
    )
    assert [d["name"] for d in found["results"]] == [ours["name"]]
    for url in ("/", "/dataset/", f"/dataset/{ours['name']}"):
        response = requests.get(receiver.url + url, timeout=60)
        assert response.status_code == 200, (url, response.text[-2000:])
    page = requests.get(f"{receiver.url}/dataset/{ours['name']}", timeout=60).text
    assert ours["area_codes"][0] in page


def test_the_stock_receiver_drops_every_satu_data_dataset_field(harvested):
    portal, stock = harvested["portal"], harvested["stock"]
    satu_data = [f for f in dataset_fields() if f not in CKAN_CORE]
    assert {"area_codes", "variables", "indicators", "topic", "title_en"} <= set(satu_data)
    for ours in portal.public:
        theirs = stock.action("package_show", id=ours["id"])
        for field in CKAN_CORE:
            assert value(theirs, field) == value(ours, field), (ours["name"], field)
        for field in satu_data:
            assert field not in theirs, (ours["name"], field, theirs.get(field))
        extras = {e["key"] for e in theirs.get("extras", [])}
        assert not extras & set(satu_data), extras
        # resources keep every key they are sent (CKAN stores unknown resource keys as extras)
        for mine, copy in zip(ours["resources"], theirs["resources"]):
            for field in resource_fields():
                assert copy.get(field) == mine.get(field), (ours["name"], field)


def test_survival_table(harvested, capsys):
    """The table of docs/dcat.md "Portal-to-portal", from this run (printed with pytest -s):
    every field of the schema has a value in the first dataset, and what each receiver keeps."""
    portal = harvested["portal"]
    ours = portal.public[0]
    copies = {
        key: harvested[key].action("package_show", id=ours["id"]) for key in ("stock", "receiver")
    }
    rows, kept_by = [], {"stock": set(), "receiver": set()}
    fields = [("dataset", f, ours, copies) for f in dataset_fields()]
    upload = next(r for r in ours["resources"] if r.get("url_type") == "upload")
    resource_copies = {
        key: next(r for r in copy["resources"] if r["name"] == upload["name"])
        for key, copy in copies.items()
    }
    fields += [("resource", f, upload, resource_copies) for f in resource_fields()]
    for where, field, source, copy in fields:
        assert value(source, field) not in (None, "", []), (where, field)
        status = {}
        for key in ("stock", "receiver"):
            if value(copy[key], field) == value(source, field):
                kept_by[key].add((where, field))
                status[key] = "kept"
            else:
                status[key] = "dropped"
        rows.append(f"| {where} | `{field}` | {status['stock']} | {status['receiver']} |")
    dropped = {("dataset", f) for f in LOCAL_LINKS}
    assert kept_by["receiver"] == {(w, f) for w, f, _, _ in fields} - dropped
    assert {f for w, f in kept_by["stock"] if w == "dataset"} == CKAN_CORE
    with capsys.disabled():
        print("\n" + "\n".join(rows) + "\n" + json.dumps(SOURCE_CONFIG))


def test_a_second_harvest_changes_nothing_and_an_edit_on_our_side_arrives(harvested):
    """Runs last (it edits our portal): a re-harvest with nothing changed is ``not modified``;
    after an agency edits a dataset, the next one updates the receiver's copy through the same
    schema (package_update) and the edit arrives."""
    portal, receiver = harvested["portal"], harvested["receiver"]
    source = harvested["sources"]["receiver"]
    before = {d["id"]: d["metadata_modified"] for d in receiver.datasets()}
    again = receiver.run(source["id"])
    assert {o["report_status"] for o in again["objects"]} <= {"not modified"}, again
    assert {d["id"]: d["metadata_modified"] for d in receiver.datasets()} == before
    edited = portal.public[1]
    portal.action(
        "package_patch",
        id=edited["id"],
        title_en="Health facilities by district",
        area_codes=["32.16.05", "32.16.06", "32.16.07"],
    )
    ours = portal.show(edited["id"])
    receiver.run(source["id"])
    theirs = receiver.action("package_show", id=edited["id"])
    for field in dataset_fields():
        expected = None if field in LOCAL_LINKS else value(ours, field)
        assert value(theirs, field) == expected, field
    assert theirs["area_codes"] == ["32.16.05", "32.16.06", "32.16.07"]
