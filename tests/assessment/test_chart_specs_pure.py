"""The data of the assessment charts (pure)."""

from ckanext.satudata.assessment.core import chart_specs
from ckanext.satudata.assessment.core.scoring import distribution


def test_distribution_has_a_bar_per_bin_with_its_range():
    spec = chart_specs.distribution(distribution([5, 55, 100, 99.9]), "Datasets", x_title="Skor")
    assert spec["kind"] == "bar" and spec["x_title"] == "Skor" and spec["integer"]
    assert spec["labels"][0] == "0–10" and spec["labels"][-1] == "90–100"
    assert spec["series"] == [{"label": "Datasets", "data": [1, 0, 0, 0, 0, 1, 0, 0, 0, 2]}]


def test_pass_rates_leave_out_indicators_that_apply_to_nothing():
    rows = [
        {"title": "Format terbuka", "applicable": 4, "pass_rate": 75.0},
        {"title": "Kode wilayah", "applicable": 0, "pass_rate": 0.0},
    ]
    spec = chart_specs.pass_rates(rows, "Pass rate")
    assert spec["kind"] == "hbar" and spec["max"] == 100
    assert spec["labels"] == ["Format terbuka"] and spec["series"][0]["data"] == [75.0]


def test_trend_keeps_the_order_of_the_runs():
    spec = chart_specs.trend(
        [{"label": "2026-10-01", "score": 61.5}, {"label": "2026-11-01", "score": 70.0}], "Skor"
    )
    assert spec["kind"] == "line" and spec["labels"] == ["2026-10-01", "2026-11-01"]
    assert spec["series"][0]["data"] == [61.5, 70.0]


def test_an_incomplete_domain_is_a_gap_not_a_zero():
    spec = chart_specs.domain_indices(
        [
            {"code": "1", "name": "Prinsip SDI", "index": 3.25},
            {"code": "2", "name": "Kualitas Data", "index": None},
        ],
        "Indeks",
    )
    assert spec["max"] == 5 and spec["labels"] == ["1 Prinsip SDI", "2 Kualitas Data"]
    assert spec["series"][0]["data"] == [3.25, None]
