"""``satudata_metadata``: the metadata capability alone (a receiving portal), and how it stands
beside ``satudata`` (ckanext/satudata/metadata_plugin.py, docs/deployment.md).

Each test names its ``ckan.plugins``; the datasets are made through the action API, as the
CKAN-to-CKAN harvester makes them (package_create of the source portal's package_show).
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import complete_dataset_fields

RECEIVER = "scheming_datasets satudata_metadata"
BOTH = "satudata satudata_metadata scheming_datasets scheming_organizations dcat"
BOTH_METADATA_FIRST = "satudata_metadata satudata scheming_datasets scheming_organizations dcat"
SOURCE_ITEM = "7f3c1f8e-0000-4000-8000-000000000001"  # a daftar-data item of the SOURCE portal


def receiving_org() -> dict:
    """A stock organization (the receiver has no agency register), as remote_orgs creates it."""
    return factories.Organization(name="satu-data-bekasi", title="Satu Data Kabupaten Bekasi")


def harvested_fields(org_id: str, **overrides) -> dict:
    values = complete_dataset_fields(**overrides)
    values.update(name="penduduk-per-kecamatan", title="Penduduk per Kecamatan", owner_org=org_id)
    return values


@pytest.mark.ckan_config("ckan.plugins", RECEIVER)
@pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")
class TestAlone:
    def test_a_dataset_with_every_satu_data_field_and_a_source_reference_is_kept(self):
        org = receiving_org()
        values = harvested_fields(org["id"], agreed_item=SOURCE_ITEM, sds_code="SP00055.00.00")
        created = call_action("package_create", **values)
        shown = call_action("package_show", id=created["id"])
        assert shown["agreed_item"] == SOURCE_ITEM
        for key in ("topic", "frequency", "area_codes", "urusan", "title_en", "notes_en"):
            assert shown[key] == values[key], key
        assert [v["name"] for v in shown["variables"]] == [v["name"] for v in values["variables"]]
        assert shown["indicators"][0]["formula"] == values["indicators"][0]["formula"]
        assert shown["license_id"] == "cc-by"  # the extension's licence list is loaded

    def test_the_schema_still_refuses_a_wrong_code_and_stores_nothing(self):
        org = receiving_org()
        with pytest.raises(tk.ValidationError) as refused:
            call_action("package_create", **harvested_fields(org["id"], area_codes=["99.99"]))
        assert "area_codes" in refused.value.error_dict
        assert model.Session.query(model.Package).count() == 0

    def test_a_source_reference_longer_than_the_field_limit_is_refused(self):
        org = receiving_org()
        with pytest.raises(tk.ValidationError) as refused:
            call_action("package_create", **harvested_fields(org["id"], agreed_item="x" * 101))
        assert "agreed_item" in refused.value.error_dict
        assert model.Session.query(model.Package).count() == 0

    def test_no_higher_floor_is_wired(self):
        for action in ("satudata_agency_list", "satudata_period_list", "satudata_assessment_run"):
            with pytest.raises(KeyError):
                tk.get_action(action)
        assert "satudata_is_walidata" not in tk.h
        assert "satudata_panels" in tk.h and tk.h.satudata_panels("home_sections") == []

    def test_the_dataset_pages_render_without_the_higher_floors(self, app):
        org = receiving_org()
        call_action("package_create", **harvested_fields(org["id"], agreed_item=SOURCE_ITEM))
        for url in ("/", "/dataset/", "/dataset/penduduk-per-kecamatan", "/about"):
            response = app.get(url)
            assert response.status_code == 200, url
        page = app.get("/dataset/penduduk-per-kecamatan").body
        assert "Penduduk per Kecamatan" in page and "32.16.01" in page
        assert "/walidata" not in page and "satudata-walidata-menu" not in page

    def test_the_form_shows_the_source_reference_as_text(self, app):
        sysadmin = factories.SysadminWithToken()
        org = receiving_org()
        call_action("package_create", **harvested_fields(org["id"], agreed_item=SOURCE_ITEM))
        headers = {"Authorization": sysadmin["token"]}
        # the edit form is in pages too: the item reference on page 2, the variables on page 3
        form = app.get("/dataset/edit/penduduk-per-kecamatan/2", headers=headers).body
        assert 'name="agreed_item"' in form and f'value="{SOURCE_ITEM}"' in form
        form = app.get("/dataset/edit/penduduk-per-kecamatan/3", headers=headers).body
        assert 'name="variables-0-name"' in form  # the repeating MS-Var subfields
        assert app.get("/dataset/new", headers=headers).status_code == 200


@pytest.mark.usefixtures("clean_db", "clean_index", "migrate_db_for", "with_plugins")
class TestBesideSatudata:
    @pytest.mark.ckan_config("ckan.plugins", BOTH)
    def test_it_stands_aside_and_the_deadlines_check_of_agreed_item_holds(self, migrate_db_for):
        self.check_stands_aside(migrate_db_for)

    @pytest.mark.ckan_config("ckan.plugins", BOTH_METADATA_FIRST)
    def test_listed_first_it_stands_aside_all_the_same(self, migrate_db_for):
        self.check_stands_aside(migrate_db_for)

    @staticmethod
    def check_stands_aside(migrate_db_for):
        import ckan.plugins as p

        migrate_db_for("satudata")
        assert p.get_plugin("satudata_metadata").capabilities() == ()
        org = factories.Organization(
            name="disdukcapil", title="Disdukcapil", agency_code="disdukcapil", agency_type="dinas"
        )
        with pytest.raises(tk.ValidationError) as refused:
            call_action("package_create", **harvested_fields(org["id"], agreed_item=SOURCE_ITEM))
        assert refused.value.error_dict["agreed_item"] == ["Unknown agreed data item"]
        assert model.Session.query(model.Package).count() == 0
        assert "satudata_is_walidata" in tk.h  # satudata's helpers, once (no NameConflict)
