"""The agency score (pure)."""

from __future__ import annotations

import pytest

from ckanext.satudata.assessment.core import agency_score, scoring

from .test_indicators_pure import complete_dataset, evaluate

pytestmark = pytest.mark.pure

CONFIG = scoring.load_config()


def _scores(*values):
    base = evaluate(complete_dataset())
    return [
        scoring.DatasetScore(f"d{n}", f"d{n}", "", "org", v, v, 100, 1, "", base.results)
        for n, v in enumerate(values)
    ]


def test_agency_datasets_only():
    a = agency_score.score_agency("org", _scores(80, 60), None, [], CONFIG)
    assert a.components == {"datasets": 70.0, "delivery": None, "manual": None}
    assert a.weights_used == {"datasets": 1.0}
    assert a.score == 70.0 and a.level == 4


def test_missing_agreed_items_count_as_zero():
    delivery = agency_score.Delivery(
        expected=4, on_time=1, late=1, missing=2, missing_items=("Jumlah KK", "Akta kelahiran")
    )
    a = agency_score.score_agency("org", _scores(80, 60), delivery, [], CONFIG)
    assert a.components["datasets"] == 35.0  # (80 + 60 + 0 + 0) / 4
    assert a.components["delivery"] == 37.5  # (1 + 0.5 x 1) / 4
    assert a.weights_used == {"datasets": 0.75, "delivery": 0.25}
    assert a.score == round(35 * 0.75 + 37.5 * 0.25, 2)
    assert a.missing_items == 2


def test_manual_indicators_enter_the_total_weighted_by_their_ips_share():
    manual = [
        agency_score.ManualIndicator("40201", 3, "SK Tim Statistik Sektoral 2024"),
        agency_score.ManualIndicator("40302", 1, "Forum SDI belum dibentuk"),
    ]
    a = agency_score.score_agency("org", _scores(100), None, manual, CONFIG)
    # 40201 share 2.55 (level 3 -> 50), 40302 share 1.49 (level 1 -> 0)
    assert a.components["manual"] == round(2.55 * 50 / (2.55 + 1.49), 2)
    assert a.weights_used == {"datasets": 0.75, "manual": 0.25}
    assert a.as_dict()["manual"][0]["evidence"] == "SK Tim Statistik Sektoral 2024"


def test_agency_without_anything_scores_zero():
    a = agency_score.score_agency("org", [], None, [], CONFIG)
    assert a.score == 0 and a.level == 1 and a.band == "Kurang"


@pytest.mark.parametrize(
    "m,message",
    [
        (agency_score.ManualIndicator("99999", 3, "x"), "unknown EPSS"),
        (agency_score.ManualIndicator("40201", 6, "x"), "1..5"),
        (agency_score.ManualIndicator("40201", 2, "  "), "evidence"),
    ],
)
def test_manual_indicator_validation(m, message):
    with pytest.raises(ValueError, match=message):
        agency_score.validate_manual(m)
