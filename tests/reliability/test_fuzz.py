"""Bad input: property-based tests (hypothesis) push more than 10,000 generated inputs through
the dataset and organization forms' validation (exactly as package_create and
organization_create run it) and through every action of this plugin over the HTTP API.

Properties: never an exception escaping validation and never a 5xx from the API; a rejection is
a field-level error (keyed by a field of the schema, or by the action's parameter) in the
user's language (no English message of ours left untranslated in the Indonesian UI); nothing is
stored from a rejected request (dataset count, the plugin's own tables).

Inputs: a complete Satu Data dataset (``complete_dataset_fields``) with up to six fields
replaced by what a form can carry (any Unicode text, control characters, RTL and emoji text,
5,000-character strings, HTML/script, SQL, numbers as text, near-miss codes such as
``32.16.99``, ``2.999``, ``Tahunan``), some fields dropped, or its repeating
variables/indicators/resources garbled; the plugin's own actions also get JSON-typed junk
(null, booleans, huge numbers, NaN, objects, lists).
"""

from __future__ import annotations

import gettext
import json
import math
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import World, complete_dataset_fields

pytestmark = pytest.mark.slow

# ---------------------------------------------------------------------------- budget
DATASET_EXAMPLES = 4000
ORGANIZATION_EXAMPLES = 3500
DATASET_API_EXAMPLES = 500
ACTION_EXAMPLES = 2600  # split evenly over the actions
TOTAL = DATASET_EXAMPLES + ORGANIZATION_EXAMPLES + DATASET_API_EXAMPLES + ACTION_EXAMPLES
assert TOTAL >= 10_000

# CI gates main on the same examples every run (a random find would make main flaky);
# SATUDATA_FUZZ_RANDOM=1 explores new ones, and what it finds becomes a fixed case or a fix.
COMMON = dict(
    deadline=None,
    database=None,
    derandomize=not os.environ.get("SATUDATA_FUZZ_RANDOM"),
    suppress_health_check=list(HealthCheck),
)

# ---------------------------------------------------------------------------- strategies
weird_text = st.sampled_from(
    [
        "",
        " ",
        "\u202e\u0645\u0631\u062d\u0628\u0627",
        "😀" * 50,
        "<script>alert(1)</script>",
        "'; drop table package; --",
        "a" * 5000,
        "\n\t\r",
        "NaN",
        "null",
        "None",
        "-1",
        "1e309",
        "０１２３",
        "ǅ",
        "%s%s%n",
        "{0}{1}",
        "../../etc/passwd",
        "http://",
        "32.16.99",
        "32.17",
        "32.16.1",
        "2.999",
        "9.99",
        "Tahunan",
        "TAHUNAN",
        "tahunan ",
        "terbuka\x7f",
        "kecamatan,",
        "1945",
        "20x3",
        "0",
        "99999",
        "2100",
        "-2023",
        "2023.5",
        "[]",
        "{}",
        # finding 7 of #13: over every length limit, past int()'s digits and datetime's range,
        # impossible dates, spreadsheet formulas
        "x" * 20_001,
        "9" * 5000,
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+14:00",
        "2023-02-30",
        "9999-12-31",
        '=HYPERLINK("http://evil.example","x")',
        "+cmd|' /C calc'!A0",
    ]
)
# What a form (or an API client typing into one) sends: text for single-valued fields, text
# or lists of text for the multi-valued ones (urusan, area_codes). Two classes of input are
# left out here because they reach CKAN *core* validators of the schema that crash with a 500
# (reported to the schema owners; see the bench report): a NUL character (psycopg2 refuses it
# in owner_org_validator's and group_name_validator's queries) and a list or a JSON number,
# boolean or object in a single-valued field (owner_org_validator, tag_string_convert,
# if_empty_guess_format, clean_format). JSON-typed junk goes to the plugin's own actions
# (test_plugin_actions_api), whose code is this plugin's.
form_text = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
        max_size=200,
    ),
    weird_text,
)
MULTI = {"urusan", "area_codes"}
typed_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    form_text,
    st.lists(st.one_of(form_text, st.integers()), max_size=5),
    st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=8), st.integers()), max_size=3),
)

DATASET_FIELDS = [
    "title",
    "name",
    "notes",
    "title_en",
    "notes_en",
    "tag_string",
    "license_id",
    "maintainer",
    "maintainer_email",
    "topic",
    "urusan",
    "frequency",
    "year_start",
    "year_end",
    "presentation_level",
    "area_codes",
    "unit",
    "measure",
    "data_source",
    "collection_method",
    "classification",
    "reference_number",
    "sds_code",
    "agreed_item",
    "kegiatan",
    "private",
    "owner_org",
]
VARIABLE_FIELDS = [
    "name",
    "alias",
    "concept",
    "definition",
    "unit",
    "data_type",
    "reference_period",
    "value_classification",
    "validation_rule",
    "selection_reference",
    "question",
]
INDICATOR_FIELDS = [
    "name",
    "concept",
    "definition",
    "interpretation",
    "formula",
    "unit",
    "reference_period",
    "composite",
    "builder_variables",
    "estimation_level",
    "builder_indicators",
    "builder_publication",
    "measure",
    "presentation_classification",
]
RESOURCE_FIELDS = [
    "url",
    "name",
    "description",
    "format",
    "data_period",
    "columns_description",
    "language",
]


def rows(fields):
    return st.lists(
        st.dictionaries(st.sampled_from(fields), form_text, max_size=len(fields)), max_size=4
    )


@st.composite
def field_values(draw):
    names = draw(st.lists(st.sampled_from(DATASET_FIELDS), max_size=6, unique=True))
    return {
        n: draw(st.one_of(form_text, st.lists(form_text, max_size=5)) if n in MULTI else form_text)
        for n in names
    }


repeating = st.fixed_dictionaries(
    {},
    optional={
        "variables": rows(VARIABLE_FIELDS),
        "indicators": rows(INDICATOR_FIELDS),
        "resources": rows(RESOURCE_FIELDS),
    },
)
mutation = st.tuples(
    field_values(), repeating, st.lists(st.sampled_from(DATASET_FIELDS), max_size=3)
)


def mutate(base: dict, change: tuple) -> dict:
    fields, nested, dropped = change
    data = dict(base)
    data.update(fields)
    data.update(nested)
    for name in dropped:
        data.pop(name, None)
    return data


# ---------------------------------------------------------------------------- checks


def _untranslated_msgids() -> list[re.Pattern]:
    """Patterns of the English msgids of this plugin whose Indonesian translation differs: an
    error message that *is* one of them (placeholders aside) was not shown in the user's
    language."""
    from ckanext.satudata import __file__ as pkg_file

    localedir = os.path.join(os.path.dirname(pkg_file), "i18n")
    try:
        catalogue = gettext.translation("ckanext-satudata", localedir, ["id"])
    except OSError:
        return []
    out = []
    for msgid in getattr(catalogue, "_catalog", {}):
        if not isinstance(msgid, str) or not msgid or catalogue.gettext(msgid) == msgid:
            continue
        parts = re.split(r"\{[^}]*\}|%\(\w+\)[sdr]|%[sdr]", msgid)
        if sum(len(p.strip()) for p in parts) < 8:
            continue
        out.append(re.compile(".*?".join(re.escape(p) for p in parts) + r"\Z", re.S))
    return out


def messages(errors) -> list[str]:
    out = []
    if isinstance(errors, str):
        out.append(errors)
    elif isinstance(errors, dict):
        for v in errors.values():
            out += messages(v)
    elif isinstance(errors, list):
        for v in errors:
            out += messages(v)
    return out


# navl's keys for schema-level validators: tolerated beside a field error (the user still sees
# which field is wrong), never alone.
SCHEMA_LEVEL = {"__before", "__after", "__junk", "__extras"}


def assert_field_level(errors: dict, allowed: set[str], english: list[str]) -> None:
    assert isinstance(errors, dict) and errors
    assert set(errors) - SCHEMA_LEVEL, f"no field-level error, only {errors!r}"
    for key, value in errors.items():
        assert key in allowed | SCHEMA_LEVEL, f"error not tied to a field: {key!r}: {value!r}"
        assert value, key
        for message in messages(value):
            assert message.strip(), key
            for pattern in english:
                assert not pattern.match(message), f"untranslated: {message!r} ({key})"


@pytest.fixture(scope="module")
def english():
    return _untranslated_msgids()


@pytest.fixture(scope="module")
def base(world: World) -> dict:
    return complete_dataset_fields(owner_org=world.org_a["id"], name="fuzz-ok", title="Dataset uji")


def _counts() -> tuple:
    from ckan import model
    from sqlalchemy import inspect, text

    s = model.Session
    names = sorted(t for t in inspect(s.get_bind()).get_table_names() if t.startswith("satudata_"))
    return (
        s.execute(text("select count(*) from package")).scalar(),
        s.execute(text('select count(*) from "group"')).scalar(),
    ) + tuple(s.execute(text(f'select count(*) from "{n}"')).scalar() for n in names)


# ---------------------------------------------------------------------------- validation


@pytest.fixture(scope="module")
def client(world):
    from ckan.tests.helpers import _get_test_app

    return _get_test_app()


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


# ---------------------------------------------------------------------------- the HTTP API


def _post(client, world, role, action, body):
    try:
        payload = json.dumps(body, allow_nan=False)
    except (ValueError, TypeError):
        payload = json.dumps(body, default=str).replace("NaN", "null").replace("Infinity", "1e308")
    return client.post(
        f"/api/3/action/{action}",
        data=payload,
        headers={"Authorization": world.tokens[role], "Content-Type": "application/json"},
    )


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def test_dataset_api(world, base, client, english):
    """package_create over the API by agency A's editor: a 409 with field-level errors and
    nothing stored, or a dataset that really is valid (then deleted)."""
    from ckan import model

    allowed = set(DATASET_FIELDS) | {
        "variables",
        "indicators",
        "resources",
        "tags",
        "type",
        "__type",
        "extras",
    }
    counter = {"n": 0}

    @settings(max_examples=DATASET_API_EXAMPLES, **COMMON)
    @given(change=mutation)
    def run(change):
        counter["n"] += 1
        data = _clean(mutate(base, change))
        data["name"] = f"fuzz-{counter['n']}"
        before = _counts()
        response = _post(client, world, "editor", "package_create", data)
        assert response.status_code < 500, response.get_data(as_text=True)[:2000]
        body = response.json
        if response.status_code == 409:
            assert_field_level(
                {k: v for k, v in body["error"].items() if k != "__type"}, allowed, english
            )
            model.Session.remove()
            assert _counts() == before
        elif response.status_code == 200:
            assert body["success"] is True
            from ckan.tests.helpers import call_action

            call_action("dataset_purge", {"user": world.user("sysadmin")}, id=data["name"])
        else:  # 403 (e.g. another owner_org), 404; a wrong shape is a 409 too
            assert response.status_code != 400, response.get_data(as_text=True)[:2000]
            model.Session.remove()
            assert _counts() == before

    run()


PARAMS = {
    "satudata_agency_sync": ["register", "format", "prune", "dry_run"],
    "satudata_agency_merge": ["old", "new", "dry_run"],
    "satudata_agency_list": ["type", "agency_type", "area_code", "include_archived"],
    "satudata_agency_show": ["id"],
    "satudata_period_create": [
        "name",
        "title",
        "year",
        "opens",
        "cutoff",
        "input_close",
        "corrections_end",
    ],
    "satudata_period_update": [
        "id",
        "name",
        "title",
        "year",
        "opens",
        "cutoff",
        "input_close",
        "corrections_end",
    ],
    "satudata_period_show": ["id"],
    "satudata_period_list": [],
    "satudata_item_create": [
        "period_id",
        "org_id",
        "title",
        "indicator",
        "frequency",
        "year_start",
        "year_end",
        "notes",
        "release_date",
    ],
    "satudata_item_update": [
        "id",
        "title",
        "indicator",
        "frequency",
        "year_start",
        "year_end",
        "notes",
        "release_date",
    ],
    "satudata_item_delete": ["id"],
    "satudata_item_import": ["period_id", "org_id", "content", "content_base64", "filename"],
    "satudata_item_list": ["period_id", "org_id", "state"],
    "satudata_item_show": ["id"],
    "satudata_item_transition": ["id", "action", "notes", "dataset_id"],
    "satudata_snapshot_take": ["period_id"],
    "satudata_delivery_summary": ["period_id", "agency_type"],
    "satudata_reminder_list": ["period_id"],
    "satudata_reminders_send": ["period_id", "dry_run"],
    "satudata_periodic_overdue_list": ["org_id", "overdue_only"],
    "satudata_assessment_run": ["scope", "id", "resume", "trigger"],
    "satudata_assessment_run_show": ["id", "scope"],
    "satudata_assessment_show": ["dataset_id", "org_id", "organization_id", "run_id", "lang"],
    "satudata_assessment_list": ["run_id", "sort"],
    "satudata_manual_indicator_set": ["org_id", "epss_code", "level", "evidence"],
    "satudata_epss_worksheet_create": ["year"],
    "satudata_epss_worksheet_list": [],
    "satudata_epss_worksheet_show": ["year", "id", "proposals", "lang"],
    "satudata_epss_entry_update": ["year", "code", "level", "penjelasan", "verification"],
    "satudata_epss_evidence_add": ["year", "code", "url", "upload"],
    "satudata_epss_evidence_delete": ["year", "evidence_id"],
    "satudata_epss_history": ["year", "code"],
}
# Error keys an action may use besides its parameters (the walidata page's input name).
ERROR_KEYS = {"satudata_item_import": {"file"}}
# Never fuzzed with random values: they would act on the whole portal.
SKIP_FUZZ_VALUES = {"satudata_reminders_send", "satudata_agency_sync", "satudata_assessment_run"}


def test_every_action_is_fuzzed():
    from ckanext.satudata.plugin import CAPABILITIES

    missing = {name for cap in CAPABILITIES for name in cap.actions} - set(PARAMS)
    assert not missing, f"actions without fuzzing parameters: {sorted(missing)}"


def _registered() -> list[str]:
    from ckanext.satudata.plugin import CAPABILITIES

    return sorted(name for cap in CAPABILITIES for name in cap.actions)


@pytest.mark.parametrize("action", _registered())
def test_plugin_action_api(world, client, english, action):
    """Each action of the plugin with random parameters (as the walidata, so validation, not
    auth, is what answers): never a 5xx; a 409 names the action's parameters; a rejected call
    changes none of the plugin's tables."""
    from ckan import model

    ids = st.sampled_from(
        [
            world.period.get("id", "x"),
            world.item.get("id", "x"),
            world.org_a["id"],
            world.org_a["name"],
            world.private["id"],
            world.extra.get("run_id", "x"),
            "tidak-ada",
            "",
            "00000000-0000-0000-0000-000000000000",
        ]
    )
    names = PARAMS.get(action, []) or ["q"]
    values = st.one_of(typed_junk, ids) if action not in SKIP_FUZZ_VALUES else ids

    @settings(max_examples=max(1, ACTION_EXAMPLES // len(PARAMS)), **COMMON)
    @given(body=st.dictionaries(st.sampled_from(names), values, max_size=5))
    def run(body):
        body = _clean(body)
        if action in SKIP_FUZZ_VALUES:
            body["dry_run"] = True
            body.pop("register", None)
            if action == "satudata_assessment_run":
                body = {"scope": "dataset", "id": "tidak-ada"}
        before = _counts()
        response = _post(client, world, "walidata", action, body)
        assert response.status_code < 500, (action, body, response.get_data(as_text=True)[:2000])
        if response.status_code != 200:
            error = response.json["error"]
            if response.status_code == 409:
                assert_field_level(
                    {k: v for k, v in error.items() if k != "__type"},
                    set(PARAMS.get(action, [])) | {"message"} | ERROR_KEYS.get(action, set()),
                    english,
                )
            model.Session.remove()
            assert _counts() == before, (action, body)

    run()


# Inputs the generated search leaves out (see ``form_text``) because they reach CKAN core
# validators or PostgreSQL: each must still be a 409 with a field error, never a 500.
REGRESSIONS = {
    "title-with-NUL": {"title": "Jumlah\x00Penduduk"},  # a form can post %00
    "notes-with-NUL": {"notes": "a\x00b"},
    "owner_org-NUL": {"owner_org": "\x00"},
    "owner_org-list": {"owner_org": ["dinkes"]},
    "tag_string-false": {"tag_string": False},
    "resource-format-list": {
        "resources": [{"url": "http://x/a.csv", "name": "a", "format": ["CSV"]}]
    },
    "resource-url-number": {"resources": [{"url": 5, "name": "a"}]},
}


@pytest.mark.parametrize("case", sorted(REGRESSIONS))
def test_known_bad_inputs_are_field_errors(world, base, client, english, case):
    from ckan import model

    data = dict(base, name=f"regression-{case.lower()}", **REGRESSIONS[case])
    before = _counts()
    response = _post(client, world, "editor", "package_create", data)
    assert response.status_code == 409, (
        case,
        response.status_code,
        response.get_data(as_text=True)[:300],
    )
    assert_field_level(
        {k: v for k, v in response.json["error"].items() if k != "__type"},
        set(DATASET_FIELDS) | {"variables", "indicators", "resources", "tags"},
        english,
    )
    model.Session.remove()
    assert _counts() == before
