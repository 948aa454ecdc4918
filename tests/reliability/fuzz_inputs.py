"""Shared by the property-based bad-input tests (test_fuzz_forms.py, test_fuzz_api.py): example budgets (more than 10,000 generated inputs in all), the hypothesis strategies for form text and JSON-typed junk, a complete dataset mutated field by field, and the checks that a rejection is a translated field-level error with nothing stored."""

from __future__ import annotations

import gettext
import os
import re

import pytest
from hypothesis import HealthCheck
from hypothesis import strategies as st

from .conftest import World, complete_dataset_fields

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


# The fields come from the dataset schema itself, so that a field added to schemas/dataset.yaml
# is fuzzed from the day it lands (``private`` is CKAN's own, outside the schema).
def _schema_fields() -> tuple[list[str], dict[str, list[str]], list[str]]:
    from ckanext.satudata.metadata import fieldmarks

    schema = fieldmarks.load_schema()
    dataset = [f["field_name"] for f in schema["dataset_fields"]] + ["private"]
    subfields = {
        f["field_name"]: [s["field_name"] for s in f["repeating_subfields"]]
        for f in schema["dataset_fields"]
        if f.get("repeating_subfields")
    }
    resource = [f["field_name"] for f in schema["resource_fields"]]
    return dataset, subfields, resource


_DATASET, _SUBFIELDS, RESOURCE_FIELDS = _schema_fields()
# the repeating fields are fuzzed row by row below
DATASET_FIELDS = [f for f in _DATASET if f not in _SUBFIELDS]
VARIABLE_FIELDS = _SUBFIELDS["variables"]
INDICATOR_FIELDS = _SUBFIELDS["indicators"]


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


@pytest.fixture(scope="module")
def client(world):
    from ckan.tests.helpers import _get_test_app

    return _get_test_app()
