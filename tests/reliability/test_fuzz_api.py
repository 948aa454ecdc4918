"""Bad input, property-based (hypothesis): generated input through the dataset API and every action of this plugin over HTTP. Never a 5xx; a rejection is a field-level error keyed by the action's parameter, in the user's language; nothing is stored from a rejected request. The strategies and budgets are in fuzz_inputs.py."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .fuzz_inputs import (
    ACTION_EXAMPLES,
    COMMON,
    DATASET_API_EXAMPLES,
    DATASET_FIELDS,
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

typed_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    form_text,
    st.lists(st.one_of(form_text, st.integers()), max_size=5),
    st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=8), st.integers()), max_size=3),
)


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
    "satudata_variables_from_file": ["upload"],
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
    "satudata_assessment_show": ["id", "dataset_id", "org_id", "organization_id", "run_id", "lang"],
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
