"""Pure tests of agencies/core/standing.py: which changes of the walidata-only fields a
non-walidata request makes, and which stored values it keeps."""

from ckanext.satudata.agencies.core import standing

STORED = {
    "agency_code": "dinkes",
    "agency_type": "dinas",
    "agency_status": "active",
    "sk_number": "800/1/2024",
    "short_name": "Dinkes",
}


def test_unchanged_values_and_defaults_are_no_change():
    incoming = {
        "agency_code": " dinkes ",
        "agency_type": "dinas",
        "agency_status": "",
        "parent_code": None,
        "merged_into": "",
        "short_name": "Lain",
    }
    assert standing.refused_changes(STORED, incoming) == []
    assert standing.refused_changes({}, {"agency_status": "active"}) == []


def test_each_changed_walidata_field_is_named():
    incoming = {
        "agency_code": "disdik",
        "agency_status": "archived",
        "sk_number": "",
        "short_name": "free to change",
    }
    assert standing.refused_changes(STORED, incoming) == [
        "agency_code",
        "sk_number",
        "agency_status",
    ]


def test_left_out_fields_keep_their_stored_values():
    kept = standing.kept_values(STORED, {"agency_code": "dinkes", "title": "x"})
    assert kept == {"agency_type": "dinas", "agency_status": "active", "sk_number": "800/1/2024"}
    assert "short_name" not in standing.kept_values(STORED, {})
