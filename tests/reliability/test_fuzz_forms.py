"""Bad input, property-based (hypothesis): generated input through the dataset and organization forms' validation, exactly as package_create and organization_create run it. A rejection is a field-level error in the user's language, never an exception escaping validation. The strategies and budgets are in fuzz_inputs.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .fuzz_inputs import (
    COMMON,
    DATASET_EXAMPLES,
    DATASET_FIELDS,
    ORGANIZATION_EXAMPLES,
    _counts,
    assert_field_level,
    base,
    client,
    english,
    form_text,
    mutate,
    mutation,
)

pytestmark = pytest.mark.slow

__all__ = ["base", "client", "english"]  # fixtures, imported for this module


@pytest.fixture
def indonesian_request(client):
    """A request in the portal's default language (id), as the form's POST runs in."""
    with client.flask_app.test_request_context("/dataset/new"):
        yield


def validate(plugin, context, data, schema, action):
    """``plugin_validate`` as the action runs it; a ``DataError`` (a value of the wrong
    *shape*, e.g. ``variables: null``) is what the API answers with 400 Bad Request."""
    from ckan.lib import plugins as lib_plugins
    from ckan.lib.navl.dictization_functions import DataError

    try:
        return lib_plugins.plugin_validate(plugin, context, data, schema, action)
    except DataError:
        return data, None


def test_dataset_form_validation(world, base, english, indonesian_request):
    """package_create's validation of the dataset schema (scheming + the plugin's validators)
    with the editor of agency A, in the Indonesian UI."""
    from ckan import model
    from ckan.lib import plugins as lib_plugins

    plugin = lib_plugins.lookup_package_plugin("dataset")
    allowed = set(DATASET_FIELDS) | {
        "variables",
        "indicators",
        "resources",
        "tags",
        "type",
        "__before",
        "__after",
        "__junk",
        "extras",
    }

    @settings(max_examples=DATASET_EXAMPLES, **COMMON)
    @given(change=mutation)
    def run(change):
        data = mutate(base, change)
        data["type"] = "dataset"
        context = {"model": model, "session": model.Session, "user": world.user("editor")}
        schema = plugin.create_package_schema()
        _, errors = validate(plugin, context, data, schema, "package_create")
        if errors:
            assert_field_level(errors, allowed, english)
        model.Session.rollback()

    before = _counts()
    run()
    assert _counts() == before


ORG_FIELDS = [
    "title",
    "name",
    "notes",
    "url",
    "agency_code",
    "short_name",
    "agency_type",
    "parent_code",
    "area_code",
    "contact_email",
    "contact_phone",
    "address",
    "sk_number",
    "sk_date",
    "agreement_number",
    "agreement_date",
    "agreement_valid_until",
    "agency_status",
    "merged_into",
]


org_values = st.one_of(
    form_text,
    st.sampled_from(
        [
            "dinkes",
            "DINKES",
            "a",
            "x" * 60,
            "kecamatan-setu",
            "32.16.18",
            "321618",
            "2026-02-30",
            "2026-13-01",
            "23/11/2026",
            "2020-01-01",
            "2099-12-31",
            "bukan-email",
            "a@b",
            "archived",
            "deleted",
            "dinas",
            "kelurahan",
            "diskominfosantik",
            "disdik",
            "9999-12-31",
            "1900-01-01",
            "0001-01-01T00:00:00+14:00",
            "y" * 20_001,
        ]
    ),
)


def test_organization_form_validation(world, english, indonesian_request):
    from ckan import model
    from ckan.lib import plugins as lib_plugins

    plugin = lib_plugins.lookup_group_plugin("organization")
    allowed = set(ORG_FIELDS) | {
        "type",
        "users",
        "extras",
        "image_url",
        "__junk",
        "groups",
        "packages",
        "is_organization",
        "state",
    }
    valid = {
        "name": "fuzz-agency",
        "title": "Instansi Uji",
        "agency_code": "fuzz-agency",
        "agency_type": "dinas",
    }

    @settings(max_examples=ORGANIZATION_EXAMPLES, **COMMON)
    @given(change=st.dictionaries(st.sampled_from(ORG_FIELDS), org_values, max_size=6))
    def run(change):
        data = dict(valid, **change, type="organization", is_organization=True)
        context = {"model": model, "session": model.Session, "user": world.user("sysadmin")}
        schema = plugin.create_group_schema()
        _, errors = validate(plugin, context, data, schema, "organization_create")
        if errors:
            assert_field_level(errors, allowed, english)
        model.Session.rollback()

    before = _counts()
    run()
    assert _counts() == before
