"""The submission lifecycle of one daftar-data item, as a pure state machine.

States::

    not_submitted -> submitted -> under_review -> returned -> corrected -> approved

Timeliness (``on_time`` / ``late``) is fixed by the instant of the *first*
submission against the period's cutoff and never changes afterwards. After the
cutoff, an edit of an already delivered item is a correction (``corrected``),
never a new submission.

History is a list of :class:`Event`; the status of an item at any instant is
``replay(events, as_of=instant)``. Events carry a server timestamp (``at``,
aware UTC) and the actor; nothing here reads a clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import ensure_utc

NOT_SUBMITTED = "not_submitted"
SUBMITTED = "submitted"
UNDER_REVIEW = "under_review"
RETURNED = "returned"
CORRECTED = "corrected"
APPROVED = "approved"

STATES = (NOT_SUBMITTED, SUBMITTED, UNDER_REVIEW, RETURNED, CORRECTED, APPROVED)

ON_TIME = "on_time"
LATE = "late"

# roles
AGENCY = "agency"  # an admin of the item's own agency
WALIDATA = "walidata"  # the portal's walidata (or a sysadmin)

# action -> (states it may start from, resulting state, roles allowed)
CREATE = "create"
SUBMIT = "submit"
START_REVIEW = "start_review"
RETURN = "return"
CORRECT = "correct"
APPROVE = "approve"

TRANSITIONS: dict[str, tuple[frozenset, str, frozenset]] = {
    SUBMIT: (frozenset({NOT_SUBMITTED}), SUBMITTED, frozenset({AGENCY, WALIDATA})),
    START_REVIEW: (frozenset({SUBMITTED, CORRECTED}), UNDER_REVIEW, frozenset({WALIDATA})),
    RETURN: (frozenset({SUBMITTED, UNDER_REVIEW, CORRECTED}), RETURNED, frozenset({WALIDATA})),
    CORRECT: (
        frozenset({RETURNED, SUBMITTED, UNDER_REVIEW, CORRECTED, APPROVED}),
        CORRECTED,
        frozenset({AGENCY, WALIDATA}),
    ),
    APPROVE: (frozenset({SUBMITTED, UNDER_REVIEW, CORRECTED}), APPROVED, frozenset({WALIDATA})),
}
ACTIONS = tuple(TRANSITIONS)

# States from which a correction is allowed only after the cutoff (before the
# cutoff, re-editing a delivered item is still part of the first delivery).
_CORRECT_ONLY_AFTER_CUTOFF = frozenset({SUBMITTED, UNDER_REVIEW, CORRECTED, APPROVED})

# Open = the agency still has something to do on it (offered in the dataset form).
OPEN_STATES = frozenset({NOT_SUBMITTED, RETURNED})


class TransitionError(ValueError):
    """A transition that the lifecycle does not allow."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code  # "invalid" (state), "forbidden" (role), "closed", "notes"


@dataclass(frozen=True)
class Event:
    action: str
    state: str  # state after the event
    at: dt.datetime  # aware UTC, server time
    actor: str | None = None
    notes: str = ""
    timeliness: str | None = None  # set on the first submission
    dataset_id: str | None = None


@dataclass(frozen=True)
class Status:
    state: str = NOT_SUBMITTED
    timeliness: str | None = None
    submitted_at: dt.datetime | None = None  # first submission
    last_event_at: dt.datetime | None = None
    last_actor: str | None = None
    notes: str = ""  # the walidata's latest return notes
    dataset_id: str | None = None
    exists: bool = True  # False before the item's creation

    @property
    def delivered(self) -> bool:
        return self.state != NOT_SUBMITTED


def timeliness_for(at: dt.datetime, cutoff: dt.datetime) -> str:
    """on time if ``at`` is at or before the cutoff instant."""
    return ON_TIME if ensure_utc(at) <= ensure_utc(cutoff) else LATE


def transition(
    current: Status,
    action: str,
    *,
    at: dt.datetime,
    role: str,
    cutoff: dt.datetime,
    actor: str | None = None,
    notes: str = "",
    dataset_id: str | None = None,
    corrections_end: dt.datetime | None = None,
) -> Event:
    """The event that ``action`` produces from ``current``, or raise
    :class:`TransitionError`. ``at`` is the server time of the request."""
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action: {action}")
    sources, target, roles = TRANSITIONS[action]
    if role not in roles:
        raise TransitionError(f"{action} is not allowed for role {role}", "forbidden")
    at = ensure_utc(at)
    cutoff = ensure_utc(cutoff)
    if current.state not in sources:
        raise TransitionError(f"cannot {action} an item that is {current.state}")
    if action == CORRECT and current.state in _CORRECT_ONLY_AFTER_CUTOFF and at <= cutoff:
        raise TransitionError(f"cannot correct an item that is {current.state} before the cutoff")
    if (
        action in (SUBMIT, CORRECT)
        and role == AGENCY
        and corrections_end is not None
        and at > ensure_utc(corrections_end)
    ):
        raise TransitionError("the correction period has ended", "closed")
    notes = (notes or "").strip()
    if action == RETURN and not notes:
        raise TransitionError("returning an item needs notes for the agency", "notes")
    timeliness = timeliness_for(at, cutoff) if action == SUBMIT else None
    return Event(
        action=action,
        state=target,
        at=at,
        actor=actor,
        notes=notes,
        timeliness=timeliness,
        dataset_id=dataset_id or current.dataset_id,
    )


def on_dataset_change(current: Status, *, at: dt.datetime, cutoff: dt.datetime) -> str | None:
    """Which action a change to the linked dataset means (or ``None``).

    - not yet submitted -> ``submit`` (on time or late by ``at``)
    - returned -> ``correct``
    - delivered (submitted, under review, corrected, approved) and after the
      cutoff -> ``correct``; before the cutoff the edit belongs to the first
      delivery and changes nothing.
    """
    if current.state == NOT_SUBMITTED:
        return SUBMIT
    if current.state == RETURNED:
        return CORRECT
    if ensure_utc(at) > ensure_utc(cutoff):
        return CORRECT
    return None


def apply(current: Status, event: Event) -> Status:
    """The status after ``event`` (no checks: the event was valid when written)."""
    submitted_at = current.submitted_at
    timeliness = current.timeliness
    if event.action == SUBMIT and submitted_at is None:
        submitted_at = event.at
        timeliness = event.timeliness
    notes = current.notes
    if event.action == RETURN:
        notes = event.notes
    elif event.action == APPROVE:
        notes = ""
    return Status(
        state=event.state,
        timeliness=timeliness,
        submitted_at=submitted_at,
        last_event_at=event.at,
        last_actor=event.actor,
        notes=notes,
        dataset_id=event.dataset_id or current.dataset_id,
        exists=True,
    )


def replay(
    events, as_of: dt.datetime | None = None, created_at: dt.datetime | None = None
) -> Status:
    """Status after the events at or before ``as_of`` (all if ``None``).
    Events are ordered by time; ``create`` events only mark existence.
    If ``created_at`` is after ``as_of`` the item did not exist yet."""
    if as_of is not None:
        as_of = ensure_utc(as_of)
        if created_at is not None and ensure_utc(created_at) > as_of:
            return Status(exists=False)
    status = Status()
    for event in sorted(events, key=lambda e: ensure_utc(e.at)):
        if as_of is not None and ensure_utc(event.at) > as_of:
            break
        if event.action == CREATE:
            continue
        status = apply(status, event)
    return status
