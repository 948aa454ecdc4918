"""What a STOCK harvester keeps of our portal: a CKAN 2.12.0 with ckanext-harvest and
ckanext-dcat 2.4.4 (``euro_dcat_ap_3``, no satudata plugin; tests/dcat/harvester.py) harvests the
live portal's /catalog.ttl (built over HTTP with real uploads and a web-form dataset:
tests/dcat/upload_portal.py) and the datasets are read through ITS action API.

The tests of this module share one harvest source and run in file order: the last ones change
our portal (a dataset made private, one deleted) and harvest again.
"""

from __future__ import annotations

import json

import pytest

from .harvester import stock_harvester
from .upload_portal import build_portal

pytestmark = pytest.mark.slow

AREA = "https://satudata.bekasikab.go.id/def/wilayah/"
EU = "http://publications.europa.eu/resource/authority/"
FORMATS = [
    ("ttl", "text/turtle"),
    ("xml", "application/rdf+xml"),
    ("jsonld", "application/ld+json"),
]


@pytest.fixture(scope="module")
def harvest(live_server, reset_db, reset_index, stock_harvester):
    import ckan.plugins

    reset_db()
    reset_index()
    ckan.plugins.load_all()
    try:
        portal = build_portal(live_server)
        source = stock_harvester.create_source(
            "satudata-bekasi", live_server + "/catalog.ttl", "text/turtle"
        )
        first = stock_harvester.run(source["id"])
        yield {"portal": portal, "harvester": stock_harvester, "source": source, "first": first}
    finally:
        ckan.plugins.unload_all()


def by_guid(harvester) -> dict[str, dict]:
    out = {}
    for dataset in harvester.datasets():
        guid = extra(dataset, "guid")
        assert guid not in out, f"{guid} harvested twice"
        out[guid] = dataset
    return out


def extra(dataset: dict, key: str):
    values = [e["value"] for e in dataset.get("extras", []) if e["key"] == key]
    return values[0] if values else None


def guid_of(portal, dataset: dict) -> str:
    return f"{portal.url}/dataset/{dataset['id']}"


def test_every_public_dataset_arrives_exactly_once_and_no_private_one(harvest):
    portal, harvester = harvest["portal"], harvest["harvester"]
    assert {o["report_status"] for o in harvest["first"]["objects"]} == {"added"}
    harvested = by_guid(harvester)
    assert set(harvested) == {guid_of(portal, d) for d in portal.public}
    for dataset in portal.private:
        assert guid_of(portal, dataset) not in harvested
        assert dataset["title"] not in json.dumps(list(harvested.values()))


def test_the_fields_a_stock_harvester_keeps(harvest):
    portal, harvester = harvest["portal"], harvest["harvester"]
    harvested = by_guid(harvester)
    for ours in portal.public:
        theirs = harvested[guid_of(portal, ours)]
        name = ours["name"]
        assert theirs["title"] == ours["title"], name
        assert theirs["notes"] == ours["notes"], name
        # licence: the harvester's own id from its default register
        assert theirs["license_id"] == ours["license_id"], name
        assert extra(theirs, "publisher_name") == ours["organization"]["title"], name
        assert extra(theirs, "contact_email") == ours["maintainer_email"], name
        assert extra(theirs, "contact_name") == ours["maintainer"], name
        assert extra(theirs, "frequency") == vocab_eu("frequency", ours["frequency"]), name
        assert (extra(theirs, "temporal_start") or "").startswith(str(ours["year_start"])), name
        assert (extra(theirs, "temporal_end") or "").startswith(str(ours["year_end"])), name
        themes = json.loads(extra(theirs, "theme") or "[]")
        assert (
            f"https://satudata.bekasikab.go.id/def/sektor-kegiatan/{ours['topic']}" in themes
            or any(t.endswith(f"/{ours['topic']}") for t in themes)
        ), (name, themes)
        # the broadest area: the regency if the dataset lists it, else the first kecamatan
        assert extra(theirs, "spatial_uri") == AREA + sorted(ours["area_codes"])[0], name
        assert sorted(r.get("access_url") or r["url"] for r in theirs["resources"]) == sorted(
            r["url"] for r in ours["resources"]
        ), name
        agency = next(a for a in portal.agencies.values() if a["id"] == ours["owner_org"])
        assert extra(theirs, "publisher_identifier") == agency["agency_code"], name
        assert extra(theirs, "access_rights") == vocab_eu("classification", ours["classification"])
        assert extra(theirs, "provenance") == ours["data_source"], name
        uploads = {r["url"] for r in ours["resources"] if r["url_type"] == "upload"}
        for resource in theirs["resources"]:
            assert resource["mimetype"].startswith("https://www.iana.org/assignments/media-types/")
            assert resource["format"].startswith(EU + "file-type/"), resource["format"]
            assert (resource.get("download_url") or None) == (
                resource["access_url"] if resource["access_url"] in uploads else None
            )
    assert json.loads(extra(harvested[guid_of(portal, portal.public[0])], "conforms_to")) == [
        "https://satudata.bekasikab.go.id/def/standar-data-statistik/SP00055.00.00"
    ]
    regency = harvested[guid_of(portal, portal.public[0])]
    assert extra(regency, "spatial_uri") == AREA + "32.16"
    assert extra(regency, "spatial_text") == "Kabupaten Bekasi"


def vocab_eu(codelist: str, code: str) -> str:
    from ckanext.satudata.dcat import vocab

    return vocab.eu_uri(codelist, code)


def normalised(dataset: dict) -> str:
    """A dataset dict with its lists in a fixed order (RDF has no order), without the
    harvester's pointer to the harvest object that made it (new on every run, by design)."""

    def value(text):  # list extras (theme, language, ...) are JSON lists in reading order
        try:
            parsed = json.loads(text)
        except (TypeError, ValueError):
            return text
        return sorted(parsed) if isinstance(parsed, list) else text

    dataset = dict(
        dataset,
        extras=[
            dict(e, value=value(e["value"]))
            for e in dataset.get("extras", [])
            if e["key"] != "harvest_object_id"
        ],
    )

    def sort(value):
        if isinstance(value, dict):
            return {k: sort(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((sort(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return value

    return json.dumps(sort(dataset), sort_keys=True, indent=1)


def changes(old: dict, new: dict) -> list[str]:
    import difflib

    return list(
        difflib.unified_diff(
            normalised(old).splitlines(), normalised(new).splitlines(), lineterm="", n=0
        )
    )


def test_turtle_rdf_xml_and_json_ld_give_the_harvester_the_same_datasets(harvest):
    portal, harvester = harvest["portal"], harvest["harvester"]
    gathered = {}
    for ext, mimetype in FORMATS:
        # One source per URL and config: the Turtle one names its format as rdflib does,
        # unlike the lifecycle source. The gather stage alone gives what the import stage
        # would save.
        source = harvester.create_source(
            f"satudata-bekasi-{ext}",
            f"{portal.url}/catalog.{ext}",
            "turtle" if ext == "ttl" else mimetype,
        )
        gathered[ext] = harvester.gather(source["id"])
    assert set(gathered["ttl"]) == {guid_of(portal, d) for d in portal.public}
    for ext in ("xml", "jsonld"):
        assert set(gathered[ext]) == set(gathered["ttl"]), ext
        for guid, dataset in gathered["ttl"].items():
            assert normalised(gathered[ext][guid]) == normalised(dataset), (
                ext,
                guid,
                changes(dataset, gathered[ext][guid]),
            )


def test_a_second_harvest_with_nothing_changed_changes_nothing(harvest):
    harvester = harvest["harvester"]
    before = by_guid(harvester)
    harvester.run(harvest["source"]["id"])
    after = by_guid(harvester)
    assert set(after) == set(before)
    for guid, dataset in before.items():
        assert after[guid]["metadata_modified"] == dataset["metadata_modified"], guid
        assert normalised(after[guid]) == normalised(dataset), (guid, changes(dataset, after[guid]))


def test_a_dataset_made_private_or_deleted_is_withdrawn_on_the_next_harvest(harvest):
    portal, harvester = harvest["portal"], harvest["harvester"]
    hidden, deleted, kept = portal.public
    portal.action("package_patch", id=hidden["id"], private=True)
    portal.action("package_delete", id=deleted["id"])
    report = harvester.run(harvest["source"]["id"])
    assert sorted(
        o["report_status"] for o in report["objects"] if o["report_status"] == "deleted"
    ) == ["deleted", "deleted"]
    assert set(by_guid(harvester)) == {guid_of(portal, kept)}
