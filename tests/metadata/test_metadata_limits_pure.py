"""Pure tests of the limits table (metadata/limits.py) and what reads it in the other
capabilities' pure cores: the register parser, the daftar-data importer, the calendar and the
DCAT paging links (no services)."""

import datetime as dt

import pytest

from ckanext.satudata.agencies.core import registry
from ckanext.satudata.dcat import paging
from ckanext.satudata.deadlines.core import calendar as cal
from ckanext.satudata.deadlines.core import importer
from ckanext.satudata.metadata import limits


@pytest.mark.parametrize(
    "value,expected",
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        (" -2 ", -2),
        ("+4", 4),
        (True, None),
        (False, None),
        (1.5, None),
        ("1.5", None),
        ("2.0", None),
        ("1e3", None),
        ("٣", None),
        ("9" * 19, None),
        ([1], None),
        (None, None),
        ("", None),
        ("-", None),
        ("+", None),
        (" ", None),
    ],
)
def test_parse_int_refuses_booleans_fractions_and_odd_digits(value, expected):
    assert limits.parse_int(value) == expected


def test_check_int_and_length_and_dates():
    assert limits.check_int("5", 1, 5) == (5, None)
    assert limits.check_int("6", 1, 5)[1].params == {"min": 1, "max": 5}
    assert limits.check_length("a" * 200, 200) is None
    assert limits.check_length("a" * 201, 200).params == {"max": 200}
    assert limits.check_date("period", dt.date(2000, 1, 1)) is None
    assert limits.check_date("period", dt.date(2101, 1, 1)) is not None
    assert limits.check_date("period", dt.datetime(1999, 12, 31, 23, 59)) is not None


def test_a_year_9999_instant_west_of_utc_is_a_calendar_error_not_an_overflow():
    zone = cal.get_zone("Asia/Jakarta")
    with pytest.raises(cal.CalendarError):
        cal.parse_local("9999-12-31T23:59:59-12:00", zone)
    with pytest.raises(cal.CalendarError):
        cal.parse_local(20261123, zone)


def test_a_yaml_register_keeps_dates_as_text_and_names_the_row():
    text = (
        "agencies:\n  - {code: setda, name: Setda, type: sekretariat,\n"
        "     sk: {number: SK 1, date: 2023-02-30}}\n"
    )
    with pytest.raises(registry.RegisterError) as info:
        registry.parse(text)
    (error,) = info.value.errors
    assert (error.row, error.field) == (1, "sk_date")
    assert str(error) == "row 1 (setda): sk_date: '2023-02-30' is not a date (YYYY-MM-DD)"
    ok = registry.parse(text.replace("2023-02-30", "2023-02-28"))
    assert ok.agencies[0].sk_date == "2023-02-28"


def test_the_importer_refuses_a_long_line_and_long_fields_by_line():
    long_line = "agency,title,frequency\ndinkes," + "a" * 20_000 + ",tahunan\n"
    result = importer.parse_file(long_line.encode(), "d.csv")
    assert [str(e) for e in result.errors] == ["line 2: the line is longer than 10000 characters"]
    result = importer.parse_file(
        b"agency,title,frequency\ndinkes," + b"a" * 501 + b",tahunan\n", "d.csv"
    )
    assert [str(e) for e in result.errors] == ["line 2: title is longer than 500 characters"]
    big = b"agency,title,frequency\n" + b"dinkes,x,tahunan\n" * 400_000
    assert str(importer.parse_file(big, "d.csv").errors[0]) == "the file is larger than 5 MB"


def test_paging_links_are_url_encoded():
    info = {
        "count": 250,
        "items_per_page": 100,
        "first": "http://p/catalog.ttl?q=two words&fq=a&b&page=1",
        "next": "http://p/catalog.ttl?q=two words&fq=a&b&page=2",
    }
    out = paging.encode_links(
        info, [("q", "two words"), ("fq", "a&b"), ("page", "1"), ("other", "x")]
    )
    assert out["first"] == "http://p/catalog.ttl?q=two+words&fq=a%26b&page=1"
    assert out["next"].endswith("&page=2") and out["count"] == 250
