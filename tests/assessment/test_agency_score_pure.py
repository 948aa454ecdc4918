"""The agency score behind the OPD ranking (pure): same components for every agency, missing
vs pending vs late items, the walidata's approval, the credits and the Asia/Jakarta day."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.satudata.assessment.core import agency_score as ag
from ckanext.satudata.assessment.core import scoring
from ckanext.satudata.deadlines.core import calendar as cal

from .indicator_inputs import complete_dataset, evaluate

pytestmark = pytest.mark.pure

CONFIG = scoring.load_config()  # agency weights 60 / 20 / 20
WIB = cal.get_zone("Asia/Jakarta")
CUTOFF = cal.end_of_local_day(dt.date(2026, 11, 23), WIB)  # 23:59:59 WIB = 16:59:59 UTC
CLOSE = cal.end_of_local_day(dt.date(2026, 11, 30), WIB)
BEFORE = CUTOFF - dt.timedelta(days=3)
AFTER = CUTOFF + dt.timedelta(days=1)
AFTER_CLOSE = CLOSE + dt.timedelta(days=1)


def wib(text: str) -> dt.datetime:
    return cal.parse_local(text, WIB)


def _scores(*values):
    base = evaluate(complete_dataset())
    return [
        scoring.DatasetScore(f"d{n}", f"d{n}", "", "org", v, v, 100, 1, "", base.results)
        for n, v in enumerate(values)
    ]


def _delivery(now, *items):
    return ag.Delivery(cutoff=CUTOFF, now=now, input_close=CLOSE, items=tuple(items))


def standing(state, submitted_at, now, policy=ag.Policy()):
    return ag.item_standing(ag.Item("x", state, submitted_at), _delivery(now), policy)


# ------------------------------------------------------------------ one item


def test_an_item_not_yet_due_is_pending_before_the_cutoff_and_missing_after():
    assert standing("not_submitted", None, BEFORE).pending
    after = standing("not_submitted", None, AFTER)
    assert not after.pending and after.credit == 0.0 and after.timeliness is None


def test_before_the_cutoff_only_a_delivery_the_walidata_approved_counts():
    assert standing("approved", BEFORE, BEFORE).credit == 1.0
    for state in ("submitted", "under_review", "returned"):
        assert standing(state, BEFORE, BEFORE).pending, state


@pytest.mark.parametrize(
    "state,submitted,credit,timeliness",
    [
        ("approved", BEFORE, 1.0, ag.ON_TIME),
        ("submitted", BEFORE, 0.5, ag.ON_TIME),  # not approved: x unapproved_credit 0.5
        ("approved", AFTER, 0.5, ag.LATE_AFTER_CUTOFF),  # late_credit 0.5
        ("under_review", AFTER, 0.25, ag.LATE_AFTER_CUTOFF),
        ("approved", AFTER_CLOSE, 0.25, ag.LATE_AFTER_CLOSE),  # after_close_credit 0.25
        ("corrected", AFTER_CLOSE, 0.125, ag.LATE_AFTER_CLOSE),
        ("returned", BEFORE, 0.0, ag.ON_TIME),  # returned and not corrected: nothing
    ],
)
def test_after_the_cutoff_credit_is_timeliness_times_approval(state, submitted, credit, timeliness):
    s = standing(state, submitted, AFTER_CLOSE + dt.timedelta(days=1))
    assert (s.credit, s.timeliness) == (credit, timeliness)


def test_late_after_the_cutoff_and_late_after_the_input_close_are_told_apart():
    assert ag.timeliness(CUTOFF, CUTOFF, CLOSE) == ag.ON_TIME
    assert ag.timeliness(CLOSE, CUTOFF, CLOSE) == ag.LATE_AFTER_CUTOFF
    assert ag.timeliness(CLOSE + dt.timedelta(seconds=1), CUTOFF, CLOSE) == ag.LATE_AFTER_CLOSE
    assert ag.timeliness(AFTER_CLOSE, CUTOFF, None) == ag.LATE_AFTER_CUTOFF  # no input close


def test_the_cutoff_day_is_the_day_in_jakarta_not_in_utc():
    # 23:59 WIB on the cutoff day is on time; 00:01 WIB the next day is late although it is
    # still 23 November in UTC (17:01 UTC), where a UTC day would call it on time.
    on_time, late = wib("2026-11-23 23:59"), wib("2026-11-24 00:01")
    assert late.astimezone(dt.timezone.utc).date() == dt.date(2026, 11, 23)
    assert ag.timeliness(on_time, CUTOFF, CLOSE) == ag.ON_TIME
    assert ag.timeliness(late, CUTOFF, CLOSE) == ag.LATE_AFTER_CUTOFF
    utc_cutoff = cal.end_of_local_day(dt.date(2026, 11, 23), cal.get_zone("UTC"))
    assert ag.timeliness(late, utc_cutoff, None) == ag.ON_TIME  # the mistake this prevents


def test_credits_are_configurable_and_bounded():
    p = ag.Policy(late_credit=0.8, after_close_credit=0.0, unapproved_credit=1.0)
    assert standing("submitted", AFTER, AFTER_CLOSE, p).credit == 0.8
    assert standing("approved", AFTER_CLOSE, AFTER_CLOSE, p).credit == 0.0
    for bad in ({"late_credit": 1.5}, {"after_close_credit": -0.1}, {"unapproved_credit": 2}):
        with pytest.raises(ValueError):
            ag.Policy(**bad)
    with pytest.raises(ValueError, match="40302"):
        ag.Policy(manual_codes=("40201", "40302"))


# ------------------------------------------------------------------ components and total


def test_delivery_component_counts_and_pending_weight_held_out_before_the_cutoff():
    items = (
        ag.Item("A", "approved", BEFORE),
        ag.Item("B", "not_submitted"),
        ag.Item("C", "submitted", BEFORE),
    )
    before = ag.delivery_component(_delivery(BEFORE, *items), ag.Policy())
    assert (before.value, before.status) == (100.0, ag.OK)  # only A counts; B, C pending
    assert before.counts["pending"] == 2 and before.counts["missing"] == 0
    after = ag.delivery_component(_delivery(AFTER, *items), ag.Policy())
    assert after.value == round(100 * (1 + 0 + 0.5) / 3, 2)
    assert after.missing_items == ("B",) and after.counts["missing"] == 1
    only_pending = ag.delivery_component(_delivery(BEFORE, items[1]), ag.Policy())
    assert (only_pending.value, only_pending.status) == (None, ag.PENDING)
    a = ag.score_agency("org", _scores(80), _delivery(BEFORE, items[1]), [], CONFIG)
    assert a.status["delivery"] == ag.PENDING and "delivery" not in a.weights_used
    assert a.weights_used == {"datasets": 0.75, "manual": 0.25}  # manual missing: counts 0


def test_missing_agreed_items_count_as_zero_datasets_only_after_the_cutoff():
    items = (ag.Item("Jumlah KK", "not_submitted"), ag.Item("Akta", "approved", BEFORE))
    before = ag.score_agency("org", _scores(80, 60), _delivery(BEFORE, *items), [], CONFIG)
    assert before.components["datasets"] == 70.0 and before.missing_items == 0
    after = ag.score_agency("org", _scores(80, 60), _delivery(AFTER, *items), [], CONFIG)
    assert after.components["datasets"] == round(140 / 3, 2)
    assert after.missing_items == 1 and after.missing_titles == ("Jumlah KK",)


def test_a_component_without_input_is_missing_and_counts_zero_with_its_weight():
    a = ag.score_agency("org", _scores(80, 60), None, [], CONFIG)
    assert a.components == {"datasets": 70.0, "delivery": None, "manual": None}
    assert a.status == {"datasets": ag.OK, "delivery": ag.MISSING, "manual": ag.MISSING}
    assert a.weights_used == {"datasets": 0.6, "delivery": 0.2, "manual": 0.2}
    assert a.score == 42.0 and not a.complete  # 70 x 0.6, not 70 re-weighted to 100 %


def test_an_agency_without_manual_input_ranks_below_an_equal_agency_with_it():
    manual = [ag.ManualIndicator(c, 3, "SK") for c in ag.DEFAULT_MANUAL_CODES]
    with_input = ag.score_agency("a", _scores(70), None, manual, CONFIG)
    without = ag.score_agency("b", _scores(70), None, [], CONFIG)
    assert with_input.components["manual"] == 50.0 and with_input.status["manual"] == ag.OK
    assert without.status["manual"] == ag.MISSING
    assert without.manual_missing == ag.DEFAULT_MANUAL_CODES
    assert with_input.score > without.score


def test_manual_levels_are_weighted_over_every_per_opd_code_missing_ones_count_zero():
    manual = [ag.ManualIndicator("40201", 3, "Sertifikat pelatihan statistik")]
    value, status, counted, missing = ag.manual_component(manual, ag.Policy())
    shares = sum(ag.epss_mod.BY_CODE[c].share for c in ag.DEFAULT_MANUAL_CODES)
    assert value == round(2.55 * 50 / shares, 2)  # not 50: the other codes are missing
    assert status == ag.INCOMPLETE and [m.epss_code for m in counted] == ["40201"]
    assert "40201" not in missing and len(missing) == len(ag.DEFAULT_MANUAL_CODES) - 1


def test_pemda_level_indicators_are_not_compared_per_opd():
    manual = [ag.ManualIndicator("40302", 5, "Forum SDI"), ag.ManualIndicator("40304", 5, "SK")]
    a = ag.score_agency("org", _scores(70), None, manual, CONFIG)
    assert a.components["manual"] is None and a.manual == ()
    with pytest.raises(ValueError, match="Pemda"):
        ag.validate_manual(ag.ManualIndicator("40301", 3, "x"))


def test_agency_without_anything_scores_zero():
    a = ag.score_agency("org", [], None, [], CONFIG)
    assert a.score == 0 and a.level == 1 and a.band == "belum_layak"
    assert set(a.status.values()) == {ag.MISSING}


@pytest.mark.parametrize(
    "m,message",
    [
        (ag.ManualIndicator("99999", 3, "x"), "unknown EPSS"),
        (ag.ManualIndicator("40201", 6, "x"), "1..5"),
        (ag.ManualIndicator("40201", 2, "  "), "evidence"),
    ],
)
def test_manual_indicator_validation(m, message):
    with pytest.raises(ValueError, match=message):
        ag.validate_manual(m)
