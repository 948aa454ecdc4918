"""Pure validation rules and index preparation."""

import datetime
import json

from ckanext.satudata.metadata import indexing, rules


def test_check_code():
    assert rules.check_code("topic", "9") is None
    p = rules.check_code("topic", "99")
    assert p.msgid == rules.MSG_NOT_IN_LIST and p.render() == "99 is not a valid choice"
    assert [p.params["value"] for p in rules.check_codes("urusan", ["2.20", "9.99", "x"])] == [
        "9.99",
        "x",
    ]


def test_area_codes_inside_regency():
    assert rules.check_area_code("32.16") is None
    assert rules.check_area_code("32.16.23") is None
    assert rules.check_area_code("32.75").msgid == rules.MSG_AREA_OUTSIDE
    assert rules.check_area_code("31.71.01").msgid == rules.MSG_AREA_OUTSIDE
    assert rules.check_area_code("32.16.24").msgid == rules.MSG_AREA_UNKNOWN
    assert rules.check_area_code("32.160").msgid == rules.MSG_AREA_OUTSIDE


def test_years():
    today = datetime.date(2026, 1, 1)
    assert rules.check_year("2020", today) is None
    assert rules.check_year(1945, today) is None
    assert rules.check_year(2031, today) is None
    assert rules.check_year(2032, today).msgid == rules.MSG_YEAR_RANGE
    assert rules.check_year(1944, today).render() == "Year must be between 1945 and 2031"
    assert rules.check_year("20x0").msgid == rules.MSG_YEAR_NOT_INT
    assert rules.check_year(2020.5).msgid == rules.MSG_YEAR_NOT_INT
    assert rules.check_year(True).msgid == rules.MSG_YEAR_NOT_INT
    assert rules.check_year_order(2019, "2021") is None
    assert rules.check_year_order(2020, 2020) is None
    assert rules.check_year_order(2022, 2021).msgid == rules.MSG_YEAR_ORDER
    assert rules.check_year_order("", 2021) is None


def test_years_covered():
    assert rules.years_covered(2019, 2021) == [2019, 2020, 2021]
    assert rules.years_covered(None, "2020") == [2020]
    assert rules.years_covered(None, None) == []
    assert rules.years_covered(2022, 2020) == [2020, 2022]


def test_as_list():
    assert rules.as_list('["2.20", "1.01"]') == ["2.20", "1.01"]
    assert rules.as_list("a, b,,a") == ["a", "b"]
    assert rules.as_list(["x", " y "]) == ["x", "y"]
    assert rules.as_list(None) == [] and rules.as_list("") == []


def test_duplicate_names_are_case_and_space_insensitive():
    items = [
        {"name": "jumlah_penduduk"},
        {"name": "Luas"},
        {"name": " JUMLAH_penduduk "},
        {"name": ""},
    ]
    assert rules.duplicate_names(items) == [(2, "JUMLAH_penduduk")]
    assert rules.duplicate_names([{"name": "a"}, {"name": "b"}]) == []


def test_missing_builders():
    ind = {"name": "kepadatan", "builder_variables": "jumlah_penduduk, luas_wilayah"}
    assert rules.missing_builders(ind, ["jumlah_penduduk", "Luas_Wilayah"]) == []
    assert rules.missing_builders(ind, ["jumlah_penduduk"]) == ["luas_wilayah"]
    assert rules.missing_builders({"builder_variables": ""}, []) == []


def test_requires_private():
    assert rules.requires_private("terbuka") is False
    assert rules.requires_private("terbatas") is True
    assert rules.requires_private("dikecualikan") is True
    assert rules.requires_private("") is False


def test_prepare_index_multi_valued_fields_and_years():
    data = {
        "urusan": '["2.12", "2.20"]',
        "extras_area_codes": '["32.16.01", "32.16.02"]',
        "area_codes": '["32.16.01", "32.16.02"]',
        "year_start": "2021",
        "year_end": 2023,
        "variables": [{"name": "jumlah_penduduk"}, {"name": "luas"}],
        "indicators": json.dumps([{"name": "kepadatan"}]),
    }
    out = indexing.prepare_index(data)
    assert out["vocab_urusan"] == ["2.12", "2.20"]
    assert out["vocab_area_codes"] == ["32.16.01", "32.16.02"]
    assert out["vocab_year"] == ["2021", "2022", "2023"]
    assert out["vocab_variables"] == ["jumlah_penduduk", "luas"]
    assert out["vocab_indicators"] == ["kepadatan"]
    assert "variables" not in out and "indicators" not in out


def test_prepare_index_leaves_plain_datasets_alone():
    data = {"name": "x", "title": "X"}
    assert indexing.prepare_index(dict(data)) == data


def test_check_text():
    assert rules.check_text("Jumlah Penduduk") is None
    assert rules.check_text(None) is None
    assert rules.check_text("a\x00b").msgid == rules.MSG_NUL
    for value in (["dinkes"], False, 5, 2.5, {"a": 1}):
        assert rules.check_text(value).msgid == rules.MSG_NOT_TEXT, value


def test_not_lists_of_objects():
    fields = ("variables", "tags")
    assert rules.not_lists_of_objects({}, fields) == []
    assert rules.not_lists_of_objects({"variables": [], "tags": [{"name": "a"}]}, fields) == []
    assert rules.not_lists_of_objects({"variables": None, "tags": "a,b"}, fields) == [
        "variables",
        "tags",
    ]
    assert rules.not_lists_of_objects({"variables": [{"name": "a"}, "b"]}, fields) == ["variables"]
    assert rules.not_lists_of_objects({"variables": {"name": "a"}}, fields) == ["variables"]
    assert rules.not_lists_of_objects("not a dict", fields) == []
