"""Pure tests of an agreed item's lifecycle (no CKAN, no services): transitions and who may make them, returns and corrections, dataset changes, replay as of the cut-off, summary counts."""

import pytest

from ckanext.satudata.deadlines.core import calendar as cal
from ckanext.satudata.deadlines.core import lifecycle as lc
from ckanext.satudata.deadlines.core import summary

from .core_pure_clock import CUTOFF, JKT, UTC, local, process_in_utc

pytestmark = pytest.mark.pure

__all__ = ["process_in_utc"]  # fixtures, imported for this module


def step(status, action, at, role=lc.WALIDATA, **kw):
    event = lc.transition(status, action, at=at, role=role, cutoff=CUTOFF, **kw)
    return lc.apply(status, event), event


def test_full_lifecycle_on_time():
    s = lc.Status()
    s, e = step(s, lc.SUBMIT, local(2026, 11, 23, 23, 59, 59), role=lc.AGENCY, actor="opd")
    assert (s.state, s.timeliness, e.timeliness) == (lc.SUBMITTED, lc.ON_TIME, lc.ON_TIME)
    s, _ = step(s, lc.START_REVIEW, local(2026, 11, 24, 9))
    assert s.state == lc.UNDER_REVIEW
    s, _ = step(s, lc.RETURN, local(2026, 11, 24, 10), notes="Satuan belum diisi")
    assert (s.state, s.notes) == (lc.RETURNED, "Satuan belum diisi")
    s, _ = step(s, lc.CORRECT, local(2026, 11, 25, 10), role=lc.AGENCY)
    assert s.state == lc.CORRECTED
    assert s.timeliness == lc.ON_TIME  # a correction never changes timeliness
    s, _ = step(s, lc.START_REVIEW, local(2026, 11, 26, 9))
    s, _ = step(s, lc.APPROVE, local(2026, 11, 26, 10))
    assert (s.state, s.timeliness, s.notes) == (lc.APPROVED, lc.ON_TIME, "")
    assert s.submitted_at == local(2026, 11, 23, 23, 59, 59).astimezone(UTC)


def test_first_submission_after_cutoff_is_late():
    s, e = step(lc.Status(), lc.SUBMIT, local(2026, 11, 24, 0, 0, 0), role=lc.AGENCY)
    assert s.timeliness == lc.LATE


@pytest.mark.parametrize(
    "action,allowed",
    [
        (lc.SUBMIT, {lc.NOT_SUBMITTED}),
        (lc.START_REVIEW, {lc.SUBMITTED, lc.CORRECTED}),
        (lc.RETURN, {lc.SUBMITTED, lc.UNDER_REVIEW, lc.CORRECTED}),
        (lc.APPROVE, {lc.SUBMITTED, lc.UNDER_REVIEW, lc.CORRECTED}),
    ],
)
def test_transition_sources(action, allowed):
    at = local(2026, 11, 30, 10)
    for state in lc.STATES:
        status = lc.Status(state=state)
        if state in allowed:
            lc.transition(status, action, at=at, role=lc.WALIDATA, cutoff=CUTOFF, notes="x")
        else:
            with pytest.raises(lc.TransitionError) as info:
                lc.transition(status, action, at=at, role=lc.WALIDATA, cutoff=CUTOFF, notes="x")
            assert info.value.code == "invalid"


def test_agency_cannot_review_return_or_approve():
    for action, state in (
        (lc.START_REVIEW, lc.SUBMITTED),
        (lc.RETURN, lc.SUBMITTED),
        (lc.APPROVE, lc.SUBMITTED),
    ):
        with pytest.raises(lc.TransitionError) as info:
            lc.transition(
                lc.Status(state=state),
                action,
                at=local(2026, 11, 30),
                role=lc.AGENCY,
                cutoff=CUTOFF,
                notes="x",
            )
        assert info.value.code == "forbidden"


def test_return_needs_notes():
    with pytest.raises(lc.TransitionError) as info:
        lc.transition(
            lc.Status(state=lc.SUBMITTED),
            lc.RETURN,
            at=local(2026, 11, 30),
            role=lc.WALIDATA,
            cutoff=CUTOFF,
            notes="  ",
        )
    assert info.value.code == "notes"


def test_correction_of_delivered_item_only_after_cutoff():
    submitted = lc.Status(state=lc.SUBMITTED, timeliness=lc.ON_TIME)
    with pytest.raises(lc.TransitionError):
        lc.transition(submitted, lc.CORRECT, at=local(2026, 11, 22), role=lc.AGENCY, cutoff=CUTOFF)
    e = lc.transition(submitted, lc.CORRECT, at=local(2026, 11, 24), role=lc.AGENCY, cutoff=CUTOFF)
    assert e.state == lc.CORRECTED and e.timeliness is None
    # a returned item may be corrected before the cutoff too
    lc.transition(
        lc.Status(state=lc.RETURNED),
        lc.CORRECT,
        at=local(2026, 11, 22),
        role=lc.AGENCY,
        cutoff=CUTOFF,
    )


def test_no_agency_changes_after_corrections_end():
    end = cal.parse_local("2026-12-31", JKT)
    with pytest.raises(lc.TransitionError) as info:
        lc.transition(
            lc.Status(state=lc.RETURNED),
            lc.CORRECT,
            at=local(2027, 1, 1),
            role=lc.AGENCY,
            cutoff=CUTOFF,
            corrections_end=end,
        )
    assert info.value.code == "closed"
    lc.transition(
        lc.Status(state=lc.RETURNED),
        lc.CORRECT,
        at=local(2026, 12, 31, 23, 59),
        role=lc.AGENCY,
        cutoff=CUTOFF,
        corrections_end=end,
    )


def test_dataset_change_mapping():
    before, after = local(2026, 11, 20), local(2026, 11, 24)
    assert lc.on_dataset_change(lc.Status(), at=before, cutoff=CUTOFF) == lc.SUBMIT
    assert lc.on_dataset_change(lc.Status(), at=after, cutoff=CUTOFF) == lc.SUBMIT
    assert (
        lc.on_dataset_change(lc.Status(state=lc.RETURNED), at=before, cutoff=CUTOFF) == lc.CORRECT
    )
    for state in (lc.SUBMITTED, lc.UNDER_REVIEW, lc.CORRECTED, lc.APPROVED):
        assert lc.on_dataset_change(lc.Status(state=state), at=before, cutoff=CUTOFF) is None
        assert lc.on_dataset_change(lc.Status(state=state), at=after, cutoff=CUTOFF) == lc.CORRECT


def test_edit_after_cutoff_is_never_a_new_on_time_submission():
    s, _ = step(lc.Status(), lc.SUBMIT, local(2026, 11, 24, 1), role=lc.AGENCY)
    assert s.timeliness == lc.LATE
    action = lc.on_dataset_change(s, at=local(2026, 11, 25), cutoff=CUTOFF)
    s, e = step(s, action, local(2026, 11, 25), role=lc.AGENCY)
    assert (s.state, s.timeliness) == (lc.CORRECTED, lc.LATE)
    with pytest.raises(lc.TransitionError):
        step(s, lc.SUBMIT, local(2026, 11, 25), role=lc.AGENCY)


def test_replay_as_of_cutoff():
    events = []
    s = lc.Status()
    for action, at, role in [
        (lc.SUBMIT, local(2026, 11, 20), lc.AGENCY),
        (lc.RETURN, local(2026, 11, 22), lc.WALIDATA),
        (lc.CORRECT, local(2026, 11, 26), lc.AGENCY),
        (lc.APPROVE, local(2026, 11, 27), lc.WALIDATA),
    ]:
        e = lc.transition(s, action, at=at, role=role, cutoff=CUTOFF, notes="fix")
        s = lc.apply(s, e)
        events.append(e)
    at_cutoff = lc.replay(reversed(events), as_of=CUTOFF)
    assert (at_cutoff.state, at_cutoff.timeliness, at_cutoff.notes) == (
        lc.RETURNED,
        lc.ON_TIME,
        "fix",
    )
    assert lc.replay(events).state == lc.APPROVED
    assert lc.replay(events, as_of=CUTOFF, created_at=local(2026, 11, 24)).exists is False
    assert lc.replay([], as_of=CUTOFF).state == lc.NOT_SUBMITTED


def test_summary_counts():
    statuses = [
        lc.Status(),
        lc.Status(),
        lc.Status(state=lc.SUBMITTED, timeliness=lc.ON_TIME),
        lc.Status(state=lc.RETURNED, timeliness=lc.LATE),
        lc.Status(state=lc.APPROVED, timeliness=lc.ON_TIME),
        lc.Status(exists=False),
    ]
    d = summary.delivery(statuses)
    assert d.as_dict() == {
        "expected": 5,
        "on_time": 2,
        "late": 1,
        "missing": 2,
        "returned": 1,
        "approved": 1,
        "under_review": 0,
        "corrected": 0,
        "delivered": 3,
        "progress": 60,
    }
    assert summary.delivery([]).progress == 0
